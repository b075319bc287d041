using System.Runtime.CompilerServices;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using EventExplorer.Data.Configuration;
using EventExplorer.Data.Model;

namespace EventExplorer.Data.DynamoDb.Commits;

/// <summary>What one response of a budgeted read returned and cost.</summary>
internal sealed record ItemBatch(
    List<Dictionary<string, AttributeValue>> Items,
    long Scanned,
    double? CapacityUnits,
    Dictionary<string, AttributeValue>? LastEvaluatedKey,
    bool BudgetSpent);

/// <summary>
/// The one way the event store's classes query a key range of the commit table or its commit-id index:
/// the queries, a page filled in a loop (DynamoDB applies Limit and the 1 MB cap per request, so one
/// request is not enough), a long read response by response within a budget, and the links that
/// continue after a key.
/// </summary>
internal sealed class KeyRangeReader(IAmazonDynamoDB client, StoreSchemaDetector schema, TableNames tables)
{
    public IAmazonDynamoDB Client => client;

    public StoreSchemaDetector Schema => schema;

    public TableNames Tables => tables;

    public StoreCallRunner Calls => schema.Calls;

    public async Task<EventStoreLayout> LayoutAsync(CancellationToken cancellationToken) =>
        (await schema.DescribeAsync(cancellationToken).ConfigureAwait(false)).Layout;

    public Task<QueryResponse> QueryAsync(QueryRequest request, CancellationToken cancellationToken) =>
        Calls.RunAsync(request.TableName, ct => client.QueryAsync(request, ct), cancellationToken);

    /// <summary>A query of one aggregate's commits on the table, consistent as timelines are.</summary>
    public QueryRequest TimelineRequest(string aggregateId, bool readDescending, (string Op, AttributeValue Value)? versionCondition)
    {
        var request = new QueryRequest
        {
            TableName = tables.Commits,
            ConsistentRead = true,
            ScanIndexForward = !readDescending,
            KeyConditionExpression = "#a = :a",
            ExpressionAttributeNames = new() { ["#a"] = Attr.AggregateId },
            ExpressionAttributeValues = new() { [":a"] = new AttributeValue { S = aggregateId } },
        };
        if (versionCondition is { } condition)
        {
            request.KeyConditionExpression += $" AND #v {condition.Op} :v";
            request.ExpressionAttributeNames["#v"] = Attr.Version;
            request.ExpressionAttributeValues[":v"] = condition.Value;
        }
        return request;
    }

    /// <summary>A query on the commit-id index. Index reads cannot be consistent: DynamoDB rejects ConsistentRead on a GSI.</summary>
    public QueryRequest IndexRequest(bool readDescending, (string Op, AttributeValue Value)? commitIdCondition)
    {
        var request = new QueryRequest
        {
            TableName = tables.Commits,
            IndexName = tables.CommitIdIndex,
            ScanIndexForward = !readDescending,
            KeyConditionExpression = "#t = :t",
            ExpressionAttributeNames = new() { ["#t"] = Attr.Active },
            ExpressionAttributeValues = new() { [":t"] = new AttributeValue { S = Attr.ActiveValue } },
        };
        if (commitIdCondition is { } condition)
        {
            request.KeyConditionExpression += $" AND #c {condition.Op} :c";
            request.ExpressionAttributeNames["#c"] = Attr.CommitId;
            request.ExpressionAttributeValues[":c"] = condition.Value;
        }
        return request;
    }

    /// <summary>
    /// Queries until <paramref name="wanted"/> items are collected or the key range ends. Limit only
    /// caps what one request evaluates and DynamoDB also stops at 1 MB, so one request is not enough.
    /// </summary>
    public async Task<(List<Dictionary<string, AttributeValue>> Items, int Requests)> CollectAsync(
        Func<QueryRequest> makeRequest, Dictionary<string, AttributeValue>? startKey, int wanted, CancellationToken cancellationToken)
    {
        var items = new List<Dictionary<string, AttributeValue>>(Math.Min(wanted, 1024));
        var requests = 0;
        var exclusiveStart = startKey;
        do
        {
            var request = makeRequest();
            request.Limit = wanted - items.Count;
            if (exclusiveStart is not null) request.ExclusiveStartKey = exclusiveStart;
            var response = await QueryAsync(request, cancellationToken).ConfigureAwait(false);
            requests++;
            if (response.Items is { } page) items.AddRange(page);
            exclusiveStart = response.LastEvaluatedKey is { Count: > 0 } last ? last : null;
        }
        while (items.Count < wanted && exclusiveStart is not null);
        return (items, requests);
    }

    /// <summary>
    /// Reads one key range response by response within <paramref name="budget"/>, following
    /// LastEvaluatedKey. Each request's Limit is what is left of the item budget (or what
    /// <paramref name="nextLimit"/> asks for), so no request evaluates more than the budget allows; the 1 MB
    /// cap bounds each request too. With <paramref name="prefetch"/> the next request is sent before the
    /// consumer handles a batch, which hides the parsing behind the round trip; a consumer that stops
    /// early cancels the request in flight (DynamoDB may still charge for it). <paramref name="priority"/>
    /// says whether a page or a long read waits for read capacity.
    /// </summary>
    public async IAsyncEnumerable<ItemBatch> ReadBatchesAsync(
        Func<QueryRequest> makeRequest,
        Dictionary<string, AttributeValue>? startKey,
        ReadBudget budget,
        bool prefetch,
        Func<long, int>? nextLimit,
        ReadPriority priority,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var itemsLeft = budget.MaxItems;
        var requestsLeft = budget.MaxRequests;
        using var inFlight = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);

        Task<QueryResponse> Send(Dictionary<string, AttributeValue>? from)
        {
            var request = makeRequest();
            request.ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL;
            request.Limit = (int)Math.Min(nextLimit?.Invoke(itemsLeft) ?? itemsLeft, Math.Min(itemsLeft, int.MaxValue));
            if (from is not null) request.ExclusiveStartKey = from;
            requestsLeft--;
            return Calls.RunAsync(request.TableName, ct => client.QueryAsync(request, ct), inFlight.Token, priority: priority);
        }

        Task<QueryResponse>? pending = Send(startKey);
        try
        {
            while (pending is not null)
            {
                var response = await pending.ConfigureAwait(false);
                pending = null;
                // A response that arrived before the caller gave up is not handled after it.
                cancellationToken.ThrowIfCancellationRequested();
                var items = response.Items ?? [];
                itemsLeft -= response.ScannedCount ?? items.Count;
                var last = response.LastEvaluatedKey is { Count: > 0 } key ? key : null;
                var spent = last is not null && (itemsLeft <= 0 || requestsLeft <= 0);
                if (prefetch && last is not null && !spent) pending = Send(last);
                yield return new ItemBatch(items, response.ScannedCount ?? items.Count, response.ConsumedCapacity?.CapacityUnits, last, spent);
                if (last is null || spent) yield break;
                pending ??= Send(last);
            }
        }
        finally
        {
            if (pending is not null)
            {
                await inFlight.CancelAsync().ConfigureAwait(false);
                try { await pending.ConfigureAwait(false); } catch (Exception) { /* abandoned read: its outcome no longer matters */ }
            }
        }
    }

    /// <summary>
    /// Reads pageSize + 1 items, so that the far end's boundary is known on both sides, and derives the
    /// Older/Newer links from the items at the page's ends. Items come back in read order.
    /// </summary>
    public Task<RangePage> ReadPageAsync(PagedRange range, CancellationToken cancellationToken) =>
        range.Start == RangeStart.Jump && !range.Descending && range.WidenedJumpRequest() is not null
            ? ReadWidenedJumpAsync(range, cancellationToken)
            : ReadPlainPageAsync(range, cancellationToken);

    private async Task<RangePage> ReadPlainPageAsync(PagedRange range, CancellationToken cancellationToken)
    {
        // A jump needs to know whether anything lies below its target (to offer "Older"). That does not
        // depend on the page, so it runs alongside the page read instead of after it.
        var probeBelow = range.Start == RangeStart.Jump ? range.AnythingBelowAsync(cancellationToken) : null;
        List<Dictionary<string, AttributeValue>> items;
        int requests;
        try
        {
            var startKey = range.Start == RangeStart.Cursor ? range.StartKey : null;
            (items, requests) = await CollectAsync(() => range.Request(range.Descending), startKey, range.PageSize + 1, cancellationToken).ConfigureAwait(false);
        }
        catch when (probeBelow is not null)
        {
            // Observe the probe so its own failure is not left unobserved; the page read's error wins.
            try { await probeBelow.ConfigureAwait(false); } catch (Exception) { }
            throw;
        }

        bool? anythingBelow = null;
        if (probeBelow is not null)
        {
            var (below, probeRequests) = await probeBelow.ConfigureAwait(false);
            anythingBelow = below;
            requests += probeRequests;
        }
        return ToPage(range, items, requests, anythingBelow);
    }

    /// <summary>
    /// A timeline jump read from just below its target: items below the target say "Older" exists and are
    /// dropped. Only when none came back (the target is the first version, or a gap lies just below it)
    /// does a second request ask what lies further down.
    /// </summary>
    private async Task<RangePage> ReadWidenedJumpAsync(PagedRange range, CancellationToken cancellationToken)
    {
        var (items, requests) = await CollectAsync(() => range.WidenedJumpRequest()!, null, range.PageSize + 2, cancellationToken).ConfigureAwait(false);
        var below = 0;
        while (below < items.Count && range.IsBelowJumpTarget(items[below])) below++;
        if (below > 1)
        {
            // Several items between the target's predecessor and the target (versions like 2.5 written by
            // another program): the widened read may not reach a full page, so read it the plain way.
            var plain = await ReadPlainPageAsync(range, cancellationToken).ConfigureAwait(false);
            return plain with { Requests = plain.Requests + requests };
        }
        items.RemoveRange(0, below);
        if (items.Count > range.PageSize + 1) items.RemoveRange(range.PageSize + 1, items.Count - range.PageSize - 1);
        if (below > 0) return ToPage(range, items, requests, anythingBelow: true);

        var (further, probeRequests) = await range.AnythingBelowAsync(cancellationToken).ConfigureAwait(false);
        return ToPage(range, items, requests + probeRequests, further);
    }

    /// <summary>Trims the look-ahead item and derives the Older/Newer links from the page's ends.</summary>
    private static RangePage ToPage(PagedRange range, List<Dictionary<string, AttributeValue>> items, int requests, bool? anythingBelow)
    {
        var farDirection = range.Descending ? CursorDirection.Older : CursorDirection.Newer;
        var nearDirection = range.Descending ? CursorDirection.Newer : CursorDirection.Older;
        PageLink? far = null, near = null;
        if (items.Count > range.PageSize)
        {
            far = range.Link(farDirection, items[range.PageSize - 1], items[range.PageSize]);
            items.RemoveRange(range.PageSize, items.Count - range.PageSize);
        }

        switch (range.Start)
        {
            case RangeStart.Value when items.Count > 0:
                near = range.Link(nearDirection, items[0], null);
                break;
            case RangeStart.Cursor when items.Count > 0:
                near = range.Link(nearDirection, items[0], range.StartKey);
                break;
            case RangeStart.Jump when anythingBelow == true:
                near = items.Count > 0 ? range.Link(nearDirection, items[0], null) : range.EmptyJumpOlder();
                break;
        }
        return range.Descending ? new RangePage(items, far, near, requests) : new RangePage(items, near, far, requests);
    }

    /// <summary>
    /// The link that continues strictly after <paramref name="key"/> (an item read, or where DynamoDB stopped
    /// evaluating) going <paramref name="direction"/>: a plain version or commit id where exact, else a cursor.
    /// <paramref name="nextReturned"/> is the next item the read returned after the key, if any: items between
    /// them were rejected by the pre-filter, so they cannot match and need not be read again.
    /// </summary>
    public async Task<(PageLink Link, int Requests)> LinkAfterAsync(
        bool feed, string? aggregateId, CursorDirection direction, Dictionary<string, AttributeValue> key,
        Dictionary<string, AttributeValue>? nextReturned, EventStoreLayout layout, CancellationToken cancellationToken)
    {
        if (!feed) return (PageLinks.Timeline(aggregateId!, direction, key), 0);
        var requests = 0;
        bool shared;
        if (nextReturned is not null)
        {
            shared = SortKeys.SameValue(nextReturned[Attr.CommitId], key[Attr.CommitId]);
        }
        else
        {
            shared = await SharesCommitIdBeyondAsync(key, direction == CursorDirection.Older, cancellationToken).ConfigureAwait(false);
            requests = 1;
        }
        return (shared ? PageLinks.FeedCursor(direction, PageCursor.KeyOf(key, SortKeys.IndexKey)) : PageLinks.Feed(layout, direction, key, null), requests);
    }

    /// <summary>
    /// Feed: whether an item not yet read shares <paramref name="key"/>'s commit id, going on from the
    /// key in the read's direction. Decides whether "after this commit id" is exact or needs a cursor;
    /// one request of at most one key-only item.
    /// </summary>
    private async Task<bool> SharesCommitIdBeyondAsync(Dictionary<string, AttributeValue> key, bool descending, CancellationToken cancellationToken)
    {
        var request = IndexRequest(descending, ("=", key[Attr.CommitId]));
        request.Limit = 1;
        request.ExclusiveStartKey = PageCursor.KeyOf(key, SortKeys.IndexKey);
        request.ProjectionExpression = "#c";
        var response = await QueryAsync(request, cancellationToken).ConfigureAwait(false);
        return response.Items is { Count: > 0 };
    }
}
