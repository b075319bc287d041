using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using EventExplorer.Data.DynamoDb;
using EventExplorer.Data.Errors;
using EventExplorer.Data.Model;
using static EventExplorer.Data.DynamoDb.CommitItemMapper;

namespace EventExplorer.Data.Integrity;

/// <summary>
/// Phase 2: the commit-id index in commit-id order (only the ids, aggregate, version and time are read), split
/// into as many key ranges as the scan has segments (<see cref="FeedRanges"/>), one Query per range per round.
/// Each entry is checked against the one before it: repeated ids, committedAt going backwards and, in layout A,
/// the counter's ids that were never written; once every range is read, the last entry of each range is checked
/// against the first of the next, and the last id against the counter.
/// </summary>
internal sealed class FeedPhase(IAmazonDynamoDB client, StoreCallRunner calls)
{
    private const int MaxLimit = 1000;

    private const string NeverWritten = "allocated by the counter but never written (a version conflict or a lost append)";

    public async Task<ReadCost> RoundAsync(IntegrityState state, StoreDescription store, IntegrityTally tally, long itemBudget, CancellationToken cancellationToken)
    {
        if (state.FeedRanges is null && state.CommitSegments.Length == 1)
        {
            // One range, the whole index: nothing to plan.
            state.FeedRanges = [new FeedRange()];
        }
        if (state.FeedRanges is null)
        {
            var (ranges, planCost) = await PlanAsync(store, state.CommitSegments.Length, cancellationToken).ConfigureAwait(false);
            state.FeedRanges = ranges;
            return ranges.Length > 0 ? planCost : await FinishAsync(state, store, tally, planCost, cancellationToken).ConfigureAwait(false);
        }

        var active = Enumerable.Range(0, state.FeedRanges.Length).Where(i => !state.FeedRanges[i].Done).ToList();
        var limit = (int)Math.Clamp(itemBudget / Math.Max(1, active.Count), 1, MaxLimit);
        var responses = await Task.WhenAll(active.Select(i =>
        {
            var request = Request(store, state.FeedRanges[i].From, state.FeedRanges[i].To, ascending: true, limit);
            if (state.FeedRanges[i].Key is { } key) request.ExclusiveStartKey = key;
            return calls.RunAsync(store.CommitTable, ct => client.QueryAsync(request, ct), cancellationToken, priority: ReadPriority.Long);
        })).ConfigureAwait(false);

        var cost = ReadCost.None;
        for (var r = 0; r < active.Count; r++)
        {
            var response = responses[r];
            var range = state.FeedRanges[active[r]];
            cost = cost.Add(response.ScannedCount ?? response.Items?.Count ?? 0, response.Items?.Count ?? 0, response.ConsumedCapacity?.CapacityUnits);
            var first = range.First;
            var last = range.Last;
            foreach (var item in response.Items ?? [])
            {
                var entry = Entry(item, store.Layout);
                if (last is null) first = entry;
                else Check(last, entry, store.Layout, tally);
                last = entry;
                tally.FeedEntriesChecked++;
            }
            var next = response.LastEvaluatedKey is { Count: > 0 } lastKey ? lastKey : null;
            state.FeedRanges[active[r]] = range with { Key = next, Done = next is null, First = first, Last = last };
        }
        return state.FeedRanges.All(r => r.Done) ? await FinishAsync(state, store, tally, cost, cancellationToken).ConfigureAwait(false) : cost;
    }

    /// <summary>The index's first and last ids, split into ranges; none when the index is empty.</summary>
    private async Task<(FeedRange[] Ranges, ReadCost Cost)> PlanAsync(StoreDescription store, int parts, CancellationToken cancellationToken)
    {
        var ends = await Task.WhenAll(new[] { true, false }.Select(ascending =>
        {
            var request = Request(store, null, null, ascending, 1);
            return calls.RunAsync(store.CommitTable, ct => client.QueryAsync(request, ct), cancellationToken, priority: ReadPriority.Long);
        })).ConfigureAwait(false);
        var cost = ends.Aggregate(ReadCost.None, (total, r) => total.Add(r.ScannedCount ?? 0, r.Items?.Count ?? 0, r.ConsumedCapacity?.CapacityUnits));
        if (ends[0].Items is not [var first, ..] || ends[1].Items is not [var last, ..]) return ([], cost);
        return (FeedRanges.Split(first[Attr.CommitId], last[Attr.CommitId], store.Layout, parts), cost);
    }

    private static QueryRequest Request(StoreDescription store, AttributeValue? from, AttributeValue? to, bool ascending, int limit)
    {
        var request = new QueryRequest
        {
            TableName = store.CommitTable,
            IndexName = store.CommitIndex,
            ScanIndexForward = ascending,
            KeyConditionExpression = "#t = :t",
            ProjectionExpression = "#c, #a, #v, #at",
            ExpressionAttributeNames = new()
            {
                ["#t"] = Attr.Active, ["#c"] = Attr.CommitId, ["#a"] = Attr.AggregateId, ["#v"] = Attr.Version, ["#at"] = Attr.CommittedAt,
            },
            ExpressionAttributeValues = new() { [":t"] = new AttributeValue { S = Attr.ActiveValue } },
            Limit = limit,
            ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
        };
        if (from is not null && to is not null)
        {
            request.KeyConditionExpression += " AND #c BETWEEN :from AND :to";
            request.ExpressionAttributeValues[":from"] = from;
            request.ExpressionAttributeValues[":to"] = to;
        }
        return request;
    }

    /// <summary>Every range read: the ranges' seams, then (layout A) the counter.</summary>
    private async Task<ReadCost> FinishAsync(IntegrityState state, StoreDescription store, IntegrityTally tally, ReadCost cost, CancellationToken cancellationToken)
    {
        FeedEntry? last = null;
        foreach (var range in state.FeedRanges!)
        {
            if (range.First is not { } first) continue;
            if (last is null) CheckStart(first, store.Layout, tally);
            else Check(last, first, store.Layout, tally);
            last = range.Last;
        }
        if (store.Layout == EventStoreLayout.CounterCommitIds && store.CounterTable is { } counters)
        {
            cost = await CheckCounterAsync(counters, last, tally, cost, cancellationToken).ConfigureAwait(false);
        }
        state.Phase = IntegrityPhase.Snapshots;
        return cost;
    }

    private static FeedEntry Entry(Dictionary<string, AttributeValue> item, EventStoreLayout layout) => new(
        CommitItemChecks.CommitIdOf(item, layout) ?? "",
        ReadWholeNumber(item, Attr.CommittedAt, null),
        item.GetValueOrDefault(Attr.AggregateId)?.S ?? "",
        item.GetValueOrDefault(Attr.Version)?.N ?? "");

    /// <summary>Layout A: the ids before the first commit (a fresh counter hands out 1 first, docs/layouts.md).</summary>
    private static void CheckStart(FeedEntry first, EventStoreLayout layout, IntegrityTally tally)
    {
        if (Number(first.CommitId, layout) is > 1 and var number)
        {
            tally.Add(IntegrityKind.CounterGap, IntegrityTable.Counter, null, null, "1", $"{AggregateRun.Range("commit id", 1, number - 1)} {NeverWritten}: the feed starts at {number}.");
        }
    }

    /// <summary>Checks one index entry against the one before it in commit-id order.</summary>
    internal static void Check(FeedEntry previous, FeedEntry entry, EventStoreLayout layout, IntegrityTally tally)
    {
        void Add(IntegrityKind kind, IntegrityTable table, string detail) =>
            tally.Add(kind, table, entry.AggregateId, entry.Version, entry.CommitId, detail);

        var number = Number(entry.CommitId, layout);
        if (previous.CommitId == entry.CommitId)
        {
            Add(IntegrityKind.RepeatedCommitId, IntegrityTable.Commits,
                $"commit id {entry.CommitId} is also held by {previous.AggregateId} v{previous.Version}: readers that page the feed by commit id can skip or repeat one of them.");
        }
        else if (number is { } id && Number(previous.CommitId, layout) is { } before && id > before + 1)
        {
            tally.Add(IntegrityKind.CounterGap, IntegrityTable.Counter, null, null, (before + 1).ToString(CultureInfo.InvariantCulture),
                $"{AggregateRun.Range("commit id", before + 1, id - 1)} {NeverWritten}: between {before} and {id}.");
        }

        if (entry.CommittedAt is { } at && previous.CommittedAt is { } previousAt && at < previousAt)
        {
            Add(IntegrityKind.CommittedAtBackwardsInFeed, IntegrityTable.Commits,
                $"committedAt {AggregateRun.Time(at)} is {AggregateRun.Duration(previousAt - at)} before that of the previous commit in the feed ({previous.AggregateId} v{previous.Version}, commit id {previous.CommitId}).");
        }
    }

    /// <summary>Layout A: ids the counter handed out after the last commit in the feed.</summary>
    private async Task<ReadCost> CheckCounterAsync(string counters, FeedEntry? last, IntegrityTally tally, ReadCost cost, CancellationToken cancellationToken)
    {
        var request = new GetItemRequest
        {
            TableName = counters,
            Key = new() { ["name"] = new AttributeValue { S = "commits" } },
            ConsistentRead = true,
            ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
        };
        GetItemResponse response;
        try
        {
            response = await calls.RunAsync(counters, ct => client.GetItemAsync(request, ct), cancellationToken, priority: ReadPriority.Long).ConfigureAwait(false);
        }
        catch (TableMissingException)
        {
            // A store read without its counter table (configured layout A): nothing to compare the last id with.
            return cost;
        }
        var found = response.Item is { Count: > 0 };
        cost = cost.Add(found ? 1 : 0, found ? 1 : 0, response.ConsumedCapacity?.CapacityUnits);
        if (!found || ReadWholeNumber(response.Item!, "id", null) is not { } counter) return cost;

        var lastId = last is null ? 0 : Number(last.CommitId, EventStoreLayout.CounterCommitIds) ?? 0;
        if (counter > lastId)
        {
            tally.Add(IntegrityKind.CounterGap, IntegrityTable.Counter, null, null, (lastId + 1).ToString(CultureInfo.InvariantCulture),
                $"{AggregateRun.Range("commit id", lastId + 1, counter)} {NeverWritten}: the counter stands at {counter}, " +
                (last is null ? "and the feed is empty." : $"the last commit in the feed has {lastId}.") + " An append in progress also holds its id for a moment.");
        }
        return cost;
    }

    private static long? Number(string commitId, EventStoreLayout layout) =>
        layout == EventStoreLayout.CounterCommitIds && long.TryParse(commitId, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n : null;
}
