using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using EventExplorer.Data.DynamoDb;
using EventExplorer.Data.Model;
using static EventExplorer.Data.DynamoDb.CommitItemMapper;

namespace EventExplorer.Data.Integrity;

/// <summary>
/// Phase 2: the commit-id index in commit-id order, one Query response per round (only the ids, aggregate,
/// version and time are read), each entry checked against the one before it: repeated ids, committedAt going
/// backwards and, in layout A, the counter's ids that were never written (between entries, and after the last
/// one up to the counter's value). One ordered stream: the index's order is what is checked.
/// </summary>
internal sealed class FeedPhase(IAmazonDynamoDB client, StoreCallRunner calls)
{
    private const int MaxLimit = 1000;

    private const string NeverWritten = "allocated by the counter but never written (a version conflict or a lost append)";

    public async Task<ReadCost> RoundAsync(IntegrityState state, StoreDescription store, IntegrityTally tally, long itemBudget, CancellationToken cancellationToken)
    {
        var request = new QueryRequest
        {
            TableName = store.CommitTable,
            IndexName = store.CommitIndex,
            ScanIndexForward = true,
            KeyConditionExpression = "#t = :t",
            ProjectionExpression = "#c, #a, #v, #at",
            ExpressionAttributeNames = new()
            {
                ["#t"] = Attr.Active, ["#c"] = Attr.CommitId, ["#a"] = Attr.AggregateId, ["#v"] = Attr.Version, ["#at"] = Attr.CommittedAt,
            },
            ExpressionAttributeValues = new() { [":t"] = new AttributeValue { S = Attr.ActiveValue } },
            Limit = (int)Math.Clamp(itemBudget, 1, MaxLimit),
            ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
        };
        if (state.FeedKey is not null) request.ExclusiveStartKey = state.FeedKey;
        var response = await calls.RunAsync(store.CommitTable, ct => client.QueryAsync(request, ct), cancellationToken, priority: ReadPriority.Long).ConfigureAwait(false);
        var cost = ReadCost.None.Add(response.ScannedCount ?? response.Items?.Count ?? 0, response.Items?.Count ?? 0, response.ConsumedCapacity?.CapacityUnits);

        foreach (var item in response.Items ?? [])
        {
            state.FeedPrevious = Next(state.FeedPrevious, item, store.Layout, tally);
            tally.FeedEntriesChecked++;
        }
        state.FeedKey = response.LastEvaluatedKey is { Count: > 0 } last ? last : null;
        if (state.FeedKey is not null) return cost;

        if (store.Layout == EventStoreLayout.CounterCommitIds && store.CounterTable is { } counters)
        {
            cost = await CheckCounterAsync(counters, state.FeedPrevious, tally, cost, cancellationToken).ConfigureAwait(false);
        }
        state.Phase = IntegrityPhase.Snapshots;
        return cost;
    }

    /// <summary>Checks one index entry against the previous one and returns it as the previous entry of the next.</summary>
    internal static FeedEntry Next(FeedEntry? previous, Dictionary<string, AttributeValue> item, EventStoreLayout layout, IntegrityTally tally)
    {
        var entry = new FeedEntry(
            CommitItemChecks.CommitIdOf(item, layout) ?? "",
            ReadWholeNumber(item, Attr.CommittedAt, null),
            item.GetValueOrDefault(Attr.AggregateId)?.S ?? "",
            item.GetValueOrDefault(Attr.Version)?.N ?? "");
        void Add(IntegrityKind kind, IntegrityTable table, string detail) =>
            tally.Add(kind, table, entry.AggregateId, entry.Version, entry.CommitId, detail);

        var number = Number(entry.CommitId, layout);
        if (previous is null)
        {
            // A fresh counter hands out 1 first (docs/layouts.md).
            if (number is > 1) tally.Add(IntegrityKind.CounterGap, IntegrityTable.Counter, null, null, "1", $"{AggregateRun.Range("commit id", 1, number.Value - 1)} {NeverWritten}: the feed starts at {number}.");
            return entry;
        }

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
        return entry;
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
        var response = await calls.RunAsync(counters, ct => client.GetItemAsync(request, ct), cancellationToken, priority: ReadPriority.Long).ConfigureAwait(false);
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
