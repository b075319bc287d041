using System.Globalization;
using System.Runtime.CompilerServices;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using EventExplorer.Data.Errors;
using EventExplorer.Data.Model;
using static EventExplorer.Data.DynamoDb.CommitItemMapper;

namespace EventExplorer.Data.DynamoDb;

/// <summary>What one response of a budgeted read returned and cost.</summary>
internal sealed record ItemBatch(
    List<Dictionary<string, AttributeValue>> Items,
    long Scanned,
    double? CapacityUnits,
    Dictionary<string, AttributeValue>? LastEvaluatedKey,
    bool BudgetSpent);

/// <summary>A <see cref="CommitRange"/> checked and turned into one key range of the table or the index, read upwards.</summary>
internal sealed record ResolvedRange
{
    public required CommitRange Range { get; init; }
    public required EventStoreLayout Layout { get; init; }

    /// <summary>Inclusive lower bound of the sort key (version or commit id).</summary>
    public AttributeValue? Low { get; init; }

    /// <summary>Inclusive upper bound of the sort key.</summary>
    public AttributeValue? High { get; init; }

    /// <summary>
    /// After a plain <see cref="CommitRange.After"/>: items with exactly this sort key were read before.
    /// The key condition cannot say "above x and at most y", so the read starts at x and passes over x.
    /// </summary>
    public AttributeValue? PassOver { get; init; }

    /// <summary>After a cursor: the exclusive start key.</summary>
    public Dictionary<string, AttributeValue>? StartKey { get; init; }

    /// <summary>True when the bounds leave nothing to read (low above high).</summary>
    public bool Empty { get; init; }

    /// <summary>Requests spent finding the bounds (a layout-A time window's binary searches).</summary>
    public ReadCost Cost { get; init; } = ReadCost.None;

    public IReadOnlyList<string> Warnings { get; init; } = [];

    public bool IsFeed => Range.IsFeed;
}

public sealed partial class DynamoDbEventStore
{
    /// <summary>
    /// Reads one key range response by response within <paramref name="budget"/>, following
    /// LastEvaluatedKey. Each request's Limit is what is left of the item budget (or what
    /// <paramref name="nextLimit"/> asks for), so no request evaluates more than the budget allows; the 1 MB
    /// cap bounds each request too. With <paramref name="prefetch"/> the next request is sent before the
    /// consumer handles a batch, which hides the parsing behind the round trip; a consumer that stops
    /// early cancels the request in flight (DynamoDB may still charge for it).
    /// </summary>
    private async IAsyncEnumerable<ItemBatch> ReadBatchesAsync(
        Func<QueryRequest> makeRequest,
        Dictionary<string, AttributeValue>? startKey,
        ReadBudget budget,
        bool prefetch,
        Func<long, int>? nextLimit,
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
            return QueryAsync(request, inFlight.Token);
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
    /// Feed: whether an item not yet read shares <paramref name="key"/>'s commit id, going on from the
    /// key in the read's direction. Decides whether "after this commit id" is exact or needs a cursor;
    /// one request of at most one key-only item.
    /// </summary>
    private async Task<bool> SharesCommitIdBeyondAsync(Dictionary<string, AttributeValue> key, bool descending, CancellationToken cancellationToken)
    {
        var request = MakeIndexRequest(descending, ("=", key[Attr.CommitId]));
        request.Limit = 1;
        request.ExclusiveStartKey = PageCursor.KeyOf(key, IndexKey);
        request.ProjectionExpression = "#c";
        var response = await QueryAsync(request, cancellationToken).ConfigureAwait(false);
        return response.Items is { Count: > 0 };
    }

    /// <summary>
    /// The link that continues strictly after <paramref name="key"/> (an item read, or where DynamoDB stopped
    /// evaluating) going <paramref name="direction"/>: a plain version or commit id where exact, else a cursor.
    /// <paramref name="nextReturned"/> is the next item the read returned after the key, if any: items between
    /// them were rejected by the pre-filter, so they cannot match and need not be read again.
    /// </summary>
    private async Task<(PageLink Link, int Requests)> LinkAfterAsync(
        bool feed, string? aggregateId, CursorDirection direction, Dictionary<string, AttributeValue> key,
        Dictionary<string, AttributeValue>? nextReturned, EventStoreLayout layout, CancellationToken cancellationToken)
    {
        if (!feed) return (TimelineLink(aggregateId!, direction, key), 0);
        var requests = 0;
        bool shared;
        if (nextReturned is not null)
        {
            shared = SameValue(nextReturned[Attr.CommitId], key[Attr.CommitId]);
        }
        else
        {
            shared = await SharesCommitIdBeyondAsync(key, direction == CursorDirection.Older, cancellationToken).ConfigureAwait(false);
            requests = 1;
        }
        return (shared ? FeedCursor(direction, PageCursor.KeyOf(key, IndexKey)) : FeedPlainOrCursor(direction, key, layout), requests);
    }

    private static PageLink TimelineLink(string aggregateId, CursorDirection direction, Dictionary<string, AttributeValue> key) =>
        ReadWholeNumber(key, Attr.Version, null) is { } version
            ? new PageLink(PlainKind(direction), version.ToString(CultureInfo.InvariantCulture))
            : new PageLink(PageLinkKind.Cursor, new PageCursor
            {
                Kind = CursorKind.Timeline,
                AggregateId = aggregateId,
                Direction = direction,
                Key = PageCursor.KeyOf(key, TableKey),
            }.Encode());

    private static PageLink FeedPlainOrCursor(CursorDirection direction, Dictionary<string, AttributeValue> key, EventStoreLayout layout)
    {
        var stored = key[Attr.CommitId];
        var text = layout == EventStoreLayout.CounterCommitIds ? stored.N : stored.S;
        return CommitId.TryParse(text, layout, out _) is { } id
            ? new PageLink(PlainKind(direction), id.Text)
            : FeedCursor(direction, PageCursor.KeyOf(key, IndexKey));
    }

    /// <summary>Checks a range as untrusted input and turns it into key bounds (a layout-A time window costs binary searches).</summary>
    private async Task<ResolvedRange> ResolveRangeAsync(CommitRange range, CancellationToken cancellationToken)
    {
        var layout = await LayoutAsync(cancellationToken).ConfigureAwait(false);
        if (range.IsFeed) return await ResolveFeedRangeAsync(range, layout, cancellationToken).ConfigureAwait(false);

        if (string.IsNullOrWhiteSpace(range.AggregateId)) throw new InvalidQueryException("An aggregate id is required.");
        if (range.FromCommitId is not null || range.ToCommitId is not null || range.FromTime is not null || range.ToTime is not null)
        {
            throw new InvalidQueryException("A range of one aggregate is given by versions; commit ids and times bound a range of the feed.");
        }
        var resolved = new ResolvedRange { Range = range, Layout = layout };
        if (range.ToVersion is { } to) resolved = resolved with { High = Number(to) };
        switch (range.After)
        {
            case null:
                if (range.FromVersion is { } from) resolved = resolved with { Low = Number(from) };
                break;
            case { Kind: PageLinkKind.After } after:
                var version = ParseVersion(after.Value);
                resolved = resolved with { Low = Number(version), PassOver = Number(version) };
                break;
            case { Kind: PageLinkKind.Cursor } cursorLink:
                var cursor = PageCursor.Decode(cursorLink.Value, CursorKind.Timeline);
                if (cursor.AggregateId != range.AggregateId || cursor.Key is null) throw PageCursor.Invalid("it belongs to another aggregate");
                PageCursor.RequireKeyShape(cursor.Key, (Attr.AggregateId, "S"), (Attr.Version, "N"));
                if (cursor.Key[Attr.AggregateId].S != range.AggregateId || cursor.Direction != CursorDirection.Newer) throw PageCursor.Invalid("it belongs to another read");
                resolved = resolved with { StartKey = cursor.Key };
                break;
            default:
                throw PageCursor.Invalid("a range continues after a position, not before one");
        }
        return resolved with { Empty = IsEmpty(resolved) };
    }

    private async Task<ResolvedRange> ResolveFeedRangeAsync(CommitRange range, EventStoreLayout layout, CancellationToken cancellationToken)
    {
        if (range.FromVersion is not null || range.ToVersion is not null) throw new InvalidQueryException("Versions bound a range of one aggregate; give an aggregate id.");
        if (range.FromCommitId is not null && range.FromTime is not null) throw new InvalidQueryException("Give the start of the range as a commit id or as a time, not both.");
        if (range.ToCommitId is not null && range.ToTime is not null) throw new InvalidQueryException("Give the end of the range as a commit id or as a time, not both.");

        var resolved = new ResolvedRange { Range = range, Layout = layout };
        var cost = ReadCost.None;
        var warnings = new List<string>();

        if (range.ToCommitId is { } toText) resolved = resolved with { High = UpperBound(toText, layout) };
        else if (range.ToTime is { } toTime)
        {
            if (layout == EventStoreLayout.TimestampCommitIds)
            {
                // No id equals a bare timestamp (ids go on with ':' and the aggregate), so "at most" it is "before" it.
                resolved = resolved with { High = new AttributeValue { S = CommitId.TimestampPrefix(toTime) } };
            }
            else
            {
                var end = await FindFeedAtOrAfterAsync(toTime, cancellationToken).ConfigureAwait(false);
                cost = cost.Add(0, 0, null, end.Requests);
                warnings.AddRange(end.Warnings.Select(w => "End of the window: " + w));
                resolved = end.Commit?.CommitId?.Number is { } first
                    ? resolved with { High = new AttributeValue { N = (first - 1).ToString(CultureInfo.InvariantCulture) } }
                    : resolved;
            }
        }

        switch (range.After)
        {
            case null when range.FromCommitId is { } fromText:
                resolved = resolved with { Low = JumpTarget(fromText, layout).Bound };
                break;
            case null when range.FromTime is { } fromTime:
                if (layout == EventStoreLayout.TimestampCommitIds)
                {
                    resolved = resolved with { Low = new AttributeValue { S = CommitId.TimestampPrefix(fromTime) } };
                }
                else
                {
                    var start = await FindFeedAtOrAfterAsync(fromTime, cancellationToken).ConfigureAwait(false);
                    cost = cost.Add(0, 0, null, start.Requests);
                    warnings.AddRange(start.Warnings.Select(w => "Start of the window: " + w));
                    // Nothing at or after the start: the window is empty.
                    if (start.Commit?.CommitId is not { } first) return resolved with { Empty = true, Cost = cost, Warnings = warnings };
                    resolved = resolved with { Low = ToAttribute(first) };
                }
                break;
            case null:
                break;
            case { Kind: PageLinkKind.After } after:
                var id = CommitId.TryParse(after.Value, layout, out var problem) ?? throw PageCursor.Invalid(problem!);
                resolved = resolved with { Low = ToAttribute(id), PassOver = ToAttribute(id) };
                break;
            case { Kind: PageLinkKind.Cursor } cursorLink:
                var cursor = PageCursor.Decode(cursorLink.Value, CursorKind.Feed);
                if (cursor.Key is null || cursor.Direction != CursorDirection.Newer) throw PageCursor.Invalid("it belongs to another read");
                PageCursor.RequireKeyShape(cursor.Key, (Attr.Active, "S"), (Attr.CommitId, CommitIdType(layout)), (Attr.AggregateId, "S"), (Attr.Version, "N"));
                if (cursor.Key[Attr.Active].S != Attr.ActiveValue) throw PageCursor.Invalid("its position does not fit this table");
                resolved = resolved with { StartKey = cursor.Key };
                break;
            default:
                throw PageCursor.Invalid("a range continues after a position, not before one");
        }
        resolved = resolved with { Cost = cost, Warnings = warnings };
        return resolved with { Empty = IsEmpty(resolved) };
    }

    /// <summary>
    /// The inclusive upper bound for a typed end id. Layout B also takes a leading part of an id
    /// (<c>2026112106</c>): every id it starts is included, i.e. everything below the next prefix.
    /// </summary>
    private static AttributeValue UpperBound(string typed, EventStoreLayout layout)
    {
        var text = typed.Trim();
        if (CommitId.TryParse(text, layout, out _) is { } id) return ToAttribute(id);
        if (layout == EventStoreLayout.TimestampCommitIds && text.Length is > 0 and <= 17 && text.All(char.IsAsciiDigit))
        {
            // "2026112106" + 1 in its last character ('9' + 1 is ':', which sorts after every digit). No id equals
            // the result (ids are longer), so "at most" it is "below" it.
            return new AttributeValue { S = text[..^1] + (char)(text[^1] + 1) };
        }
        return JumpTarget(text, layout).Bound;
    }

    private static bool IsEmpty(ResolvedRange range)
    {
        if (range.High is not { } high) return false;
        var low = range.StartKey is { } key ? key[range.IsFeed ? Attr.CommitId : Attr.Version] : range.Low;
        if (low is null) return false;
        return CompareSortKeys(low, high) > 0;
    }

    /// <summary>Orders two sort-key values as DynamoDB does: numbers by value, text by ordinal.</summary>
    private static int CompareSortKeys(AttributeValue a, AttributeValue b)
    {
        if (a.N is not null && b.N is not null)
        {
            return decimal.TryParse(a.N, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) && decimal.TryParse(b.N, NumberStyles.Float, CultureInfo.InvariantCulture, out var y)
                ? x.CompareTo(y)
                : double.Parse(a.N, CultureInfo.InvariantCulture).CompareTo(double.Parse(b.N, CultureInfo.InvariantCulture));
        }
        return string.CompareOrdinal(a.S ?? a.N, b.S ?? b.N);
    }

    private static bool IsPassedOver(ResolvedRange range, Dictionary<string, AttributeValue> item) =>
        range.PassOver is { } over && item.TryGetValue(range.IsFeed ? Attr.CommitId : Attr.Version, out var value) && CompareSortKeys(value, over) == 0;

    /// <summary>The ascending query of a resolved range (consistent on the table, as timelines are; index reads cannot be).</summary>
    private QueryRequest MakeRangeRequest(ResolvedRange range, PreFilter? preFilter)
    {
        QueryRequest request;
        string sortName;
        if (range.IsFeed)
        {
            request = MakeIndexRequest(readDescending: false, null);
            sortName = Attr.CommitId;
        }
        else
        {
            request = new QueryRequest
            {
                TableName = _tables.Commits,
                ConsistentRead = true,
                ScanIndexForward = true,
                KeyConditionExpression = "#a = :a",
                ExpressionAttributeNames = new() { ["#a"] = Attr.AggregateId },
                ExpressionAttributeValues = new() { [":a"] = new AttributeValue { S = range.Range.AggregateId } },
            };
            sortName = Attr.Version;
        }
        // A cursor start replaces the lower bound: the start key must lie inside the key condition.
        var low = range.StartKey is null ? range.Low : null;
        if (low is not null || range.High is not null)
        {
            request.ExpressionAttributeNames["#s"] = sortName;
            if (low is not null && range.High is not null)
            {
                request.KeyConditionExpression += " AND #s BETWEEN :lo AND :hi";
                request.ExpressionAttributeValues[":lo"] = low;
                request.ExpressionAttributeValues[":hi"] = range.High;
            }
            else if (low is not null)
            {
                request.KeyConditionExpression += " AND #s >= :lo";
                request.ExpressionAttributeValues[":lo"] = low;
            }
            else
            {
                request.KeyConditionExpression += " AND #s <= :hi";
                request.ExpressionAttributeValues[":hi"] = range.High!;
            }
        }
        preFilter?.ApplyTo(request);
        return request;
    }

    /// <summary>The same range continuing strictly after <paramref name="key"/> (an item handled, or where DynamoDB stopped).</summary>
    private async Task<(CommitRange Range, int Requests)> ResumeAfterAsync(
        ResolvedRange range, Dictionary<string, AttributeValue> key, Dictionary<string, AttributeValue>? nextReturned, CancellationToken cancellationToken)
    {
        var (link, requests) = await LinkAfterAsync(range.IsFeed, range.Range.AggregateId, CursorDirection.Newer, key, nextReturned, range.Layout, cancellationToken).ConfigureAwait(false);
        // The lower bound is replaced by the position; a layout-A time window keeps its end as found.
        var resumed = range.Range with { After = link, FromVersion = null, FromCommitId = null, FromTime = null };
        if (range.Range.ToTime is not null && range.Layout == EventStoreLayout.CounterCommitIds && range.IsFeed)
        {
            resumed = range.High is { N: { } high } ? resumed with { ToTime = null, ToCommitId = high } : resumed;
        }
        return (resumed, requests);
    }

    /// <summary>About how many items a range holds, from cheap reads; null when no estimate can be made.</summary>
    private async Task<(long? Estimate, int Requests)> EstimateAsync(ResolvedRange range, CancellationToken cancellationToken)
    {
        if (range.Empty) return (0, 0);
        if (!range.IsFeed)
        {
            var ends = await ReadEndsAsync(range, cancellationToken).ConfigureAwait(false);
            if (ends.First?.N is null || ends.Last?.N is null) return (ends.Count == 0 ? 0 : null, ends.Requests);
            return (StoredNumber.WholeCountBetween(ends.First.N, ends.Last.N), ends.Requests);
        }
        if (range.Layout == EventStoreLayout.CounterCommitIds)
        {
            var ends = await ReadEndsAsync(range, cancellationToken).ConfigureAwait(false);
            if (ends.Count == 0) return (0, ends.Requests);
            if (ends.First?.N is null || ends.Last?.N is null) return (null, ends.Requests);
            // Gaps in the ids (failed appends) make this an upper bound.
            return (StoredNumber.WholeCountBetween(ends.First.N, ends.Last.N), ends.Requests);
        }

        // Layout B: the table's item count (DescribeTable, refreshed about every six hours, no read
        // capacity) in proportion to the part of the feed's time span that the range covers.
        var stats = await GetCommitTableStatsAsync(cancellationToken).ConfigureAwait(false);
        // A table younger than DynamoDB's refresh (and dynalite) reports 0: that says nothing.
        if (stats.ItemCount == 0) return (null, 1);
        if (range.Low is null && range.High is null && range.StartKey is null && range.PassOver is null) return (stats.ItemCount, 1);
        var whole = await ReadEndsAsync(range with { Low = null, High = null, StartKey = null, PassOver = null }, cancellationToken).ConfigureAwait(false);
        var part = await ReadEndsAsync(range, cancellationToken).ConfigureAwait(false);
        var requests = 1 + whole.Requests + part.Requests;
        if (part.Count == 0) return (0, requests);
        var span = IdTime(whole.Last) - IdTime(whole.First);
        var covered = IdTime(part.Last) - IdTime(part.First);
        if (span is not { } s || covered is not { } c) return (null, requests);
        if (s <= TimeSpan.Zero) return (stats.ItemCount, requests);
        return ((long)Math.Ceiling(stats.ItemCount * Math.Clamp(c / s, 0, 1)) + 1, requests);
    }

    private static DateTimeOffset? IdTime(AttributeValue? id) =>
        id?.S is { } text && CommitId.TryParse(text, EventStoreLayout.TimestampCommitIds, out _) is { } parsed ? parsed.Timestamp : null;

    /// <summary>The sort keys of the first and last items of a range (two one-item, key-only reads sent together).</summary>
    private async Task<(AttributeValue? First, AttributeValue? Last, int Count, int Requests)> ReadEndsAsync(ResolvedRange range, CancellationToken cancellationToken)
    {
        var name = range.IsFeed ? Attr.CommitId : Attr.Version;
        // A start key only works in its own direction; for an estimate, its sort key as a lower bound will do.
        var bounded = range.StartKey is { } key ? range with { Low = key[name], StartKey = null } : range;

        QueryRequest End(bool last)
        {
            var request = MakeRangeRequest(bounded, null);
            request.ScanIndexForward = !last;
            request.Limit = 1;
            request.ProjectionExpression = "#e";
            request.ExpressionAttributeNames["#e"] = name;
            return request;
        }

        var first = QueryAsync(End(last: false), cancellationToken);
        var lastItem = QueryAsync(End(last: true), cancellationToken);
        await Task.WhenAll(first, lastItem).ConfigureAwait(false);
        var a = (await first.ConfigureAwait(false)).Items?.FirstOrDefault();
        var b = (await lastItem.ConfigureAwait(false)).Items?.FirstOrDefault();
        var count = (a is null ? 0 : 1) + (b is null ? 0 : 1);
        return (a?.GetValueOrDefault(name), b?.GetValueOrDefault(name), count, 2);
    }

    private static AttributeValue Number(long value) => new() { N = value.ToString(CultureInfo.InvariantCulture) };
}
