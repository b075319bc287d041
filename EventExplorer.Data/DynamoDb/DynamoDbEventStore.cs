using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using EventExplorer.Data.Configuration;
using EventExplorer.Data.Errors;
using EventExplorer.Data.Model;
using EventExplorer.Data.Writes;

namespace EventExplorer.Data.DynamoDb;

/// <summary>
/// The event store over DynamoDB, in either layout of docs/layouts.md. Reads page with plain
/// before/after links (opaque cursors only where a value cannot say the position) and always follow
/// LastEvaluatedKey (DynamoDB cuts responses at 1 MB); appends do exactly what the owning programs do.
/// Split by concern: Timeline, Feed, Aggregates and Append partial files.
/// </summary>
public sealed partial class DynamoDbEventStore : IEventStoreReader, IEventStoreWriter
{
    public const int MaxPageSize = 1000;

    private readonly IAmazonDynamoDB _client;
    private readonly StoreSchemaDetector _schema;
    private readonly TableNames _tables;
    private readonly TimeProvider _time;
    private readonly StoreCallRunner _calls;
    private readonly WriteGuard _writes;

    /// <param name="writes">Who may write and the audit; <see cref="WriteGuard.Unchecked"/> (only read-only mode) when not given.</param>
    public DynamoDbEventStore(IAmazonDynamoDB client, StoreSchemaDetector schema, EventExplorerOptions options, TimeProvider? time = null, WriteGuard? writes = null)
    {
        _client = client;
        _schema = schema;
        _tables = options.Tables;
        _time = time ?? TimeProvider.System;
        _calls = schema.Calls;
        _writes = writes ?? WriteGuard.Unchecked;
    }

    public bool CanWrite => !_schema.ReadOnly;

    public Task<StoreDescription> DescribeAsync(CancellationToken cancellationToken) => _schema.DescribeAsync(cancellationToken);

    private async Task<EventStoreLayout> LayoutAsync(CancellationToken cancellationToken) =>
        (await _schema.DescribeAsync(cancellationToken).ConfigureAwait(false)).Layout;

    private static void ValidatePageSize(int pageSize, string what = "page size")
    {
        if (pageSize is < 1 or > MaxPageSize)
        {
            throw new InvalidQueryException($"The {what} must be between 1 and {MaxPageSize} (got {pageSize}).");
        }
    }

    private Task<QueryResponse> QueryAsync(QueryRequest request, CancellationToken cancellationToken) =>
        _calls.RunAsync(request.TableName, ct => _client.QueryAsync(request, ct), cancellationToken);

    /// <summary>
    /// Queries until <paramref name="wanted"/> items are collected or the key range ends. Limit only
    /// caps what one request evaluates and DynamoDB also stops at 1 MB, so one request is not enough.
    /// </summary>
    private async Task<(List<Dictionary<string, AttributeValue>> Items, int Requests)> CollectAsync(
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

    /// <summary>How a page read starts, which decides what is known about its near end.</summary>
    private enum RangeStart
    {
        /// <summary>At the newest (descending) or oldest (ascending) end: nothing lies beyond the near end.</summary>
        End,

        /// <summary>Strictly below or above a plain value (Before/After): what lies beyond differs from the page's first item.</summary>
        Value,

        /// <summary>After a cursor's key: compare that key with the page's first item.</summary>
        Cursor,

        /// <summary>At or above a jump target, read upwards: <see cref="RangeRead.AnythingBelowAsync"/> says whether anything lies below.</summary>
        Jump,
    }

    /// <summary>
    /// The link across a page boundary at <paramref name="edge"/> (the last item on the page on that side),
    /// going <paramref name="direction"/>. <paramref name="beyond"/> is the item (or cursor key) on the other side
    /// of the boundary, or null when it is known to differ from the edge in every way a plain value can tell.
    /// </summary>
    private delegate PageLink BoundaryLink(CursorDirection direction, Dictionary<string, AttributeValue> edge, Dictionary<string, AttributeValue>? beyond);

    /// <summary>What one page read needs: how to query, where it starts, and how to say its boundaries.</summary>
    private sealed record RangeRead
    {
        public required Func<bool, QueryRequest> MakeRequest { get; init; }
        public required bool Descending { get; init; }
        public required RangeStart Start { get; init; }
        public Dictionary<string, AttributeValue>? StartKey { get; init; }

        /// <summary>
        /// For a jump: whether anything lies below the target, and the requests it took to know (0 when a
        /// recent read already says). Started alongside the page read, so it never adds a round trip.
        /// </summary>
        public Func<CancellationToken, Task<(bool Below, int Requests)>>? AnythingBelowAsync { get; init; }

        /// <summary>
        /// For a timeline jump: the page read started one version lower, and which of its first items lie
        /// below the target. When the target's predecessor exists (the usual case) that one read answers
        /// "anything older?" too, so a jump costs the single request a raw read of the page costs.
        /// </summary>
        public (Func<bool, QueryRequest> MakeRequest, Func<Dictionary<string, AttributeValue>, bool> IsBelowTarget)? WidenedJump { get; init; }

        /// <summary>For a jump that found nothing at or above its target: the link to everything below it.</summary>
        public Func<PageLink>? EmptyJumpOlder { get; init; }
        public required int PageSize { get; init; }
        public required BoundaryLink Link { get; init; }
    }

    private sealed record RangePage(List<Dictionary<string, AttributeValue>> Items, PageLink? Older, PageLink? Newer, int Requests);

    /// <summary>
    /// Reads pageSize + 1 items, so that the far end's boundary is known on both sides, and derives the
    /// Older/Newer links from the items at the page's ends. Items come back in read order.
    /// </summary>
    private async Task<RangePage> ReadRangeAsync(RangeRead read, CancellationToken cancellationToken)
    {
        if (read.Start == RangeStart.Jump && read.WidenedJump is { } widened && !read.Descending)
        {
            return await ReadWidenedJumpAsync(read, widened.MakeRequest, widened.IsBelowTarget, cancellationToken).ConfigureAwait(false);
        }

        // A jump needs to know whether anything lies below its target (to offer "Older"). That does not
        // depend on the page, so it runs alongside the page read instead of after it.
        var probeBelow = read.Start == RangeStart.Jump ? read.AnythingBelowAsync!(cancellationToken) : null;
        List<Dictionary<string, AttributeValue>> items;
        int requests;
        try
        {
            var startKey = read.Start == RangeStart.Cursor ? read.StartKey : null;
            (items, requests) = await CollectAsync(() => read.MakeRequest(read.Descending), startKey, read.PageSize + 1, cancellationToken).ConfigureAwait(false);
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
        return ToRangePage(read, items, requests, anythingBelow);
    }

    /// <summary>
    /// A timeline jump read from just below its target: items below the target say "Older" exists and are
    /// dropped. Only when none came back (the target is the first version, or a gap lies just below it)
    /// does a second request ask what lies further down.
    /// </summary>
    private async Task<RangePage> ReadWidenedJumpAsync(RangeRead read, Func<bool, QueryRequest> makeRequest,
        Func<Dictionary<string, AttributeValue>, bool> isBelowTarget, CancellationToken cancellationToken)
    {
        var (items, requests) = await CollectAsync(() => makeRequest(false), null, read.PageSize + 2, cancellationToken).ConfigureAwait(false);
        var below = 0;
        while (below < items.Count && isBelowTarget(items[below])) below++;
        if (below > 1)
        {
            // Several items between the target's predecessor and the target (versions like 2.5 written by
            // another program): the widened read may not reach a full page, so read it the plain way.
            var plain = await ReadRangeAsync(read with { WidenedJump = null }, cancellationToken).ConfigureAwait(false);
            return plain with { Requests = plain.Requests + requests };
        }
        items.RemoveRange(0, below);
        if (items.Count > read.PageSize + 1) items.RemoveRange(read.PageSize + 1, items.Count - read.PageSize - 1);
        if (below > 0) return ToRangePage(read, items, requests, anythingBelow: true);

        var (further, probeRequests) = await read.AnythingBelowAsync!(cancellationToken).ConfigureAwait(false);
        return ToRangePage(read, items, requests + probeRequests, further);
    }

    /// <summary>Trims the look-ahead item and derives the Older/Newer links from the page's ends.</summary>
    private static RangePage ToRangePage(RangeRead read, List<Dictionary<string, AttributeValue>> items, int requests, bool? anythingBelow)
    {
        var farDirection = read.Descending ? CursorDirection.Older : CursorDirection.Newer;
        var nearDirection = read.Descending ? CursorDirection.Newer : CursorDirection.Older;
        PageLink? far = null, near = null;
        if (items.Count > read.PageSize)
        {
            far = read.Link(farDirection, items[read.PageSize - 1], items[read.PageSize]);
            items.RemoveRange(read.PageSize, items.Count - read.PageSize);
        }

        switch (read.Start)
        {
            case RangeStart.Value when items.Count > 0:
                near = read.Link(nearDirection, items[0], null);
                break;
            case RangeStart.Cursor when items.Count > 0:
                near = read.Link(nearDirection, items[0], read.StartKey);
                break;
            case RangeStart.Jump:
                if (anythingBelow == true)
                {
                    near = items.Count > 0 ? read.Link(nearDirection, items[0], null) : read.EmptyJumpOlder!();
                }
                break;
        }
        return read.Descending ? new RangePage(items, far, near, requests) : new RangePage(items, near, far, requests);
    }

    private static PageLinkKind PlainKind(CursorDirection direction) => direction == CursorDirection.Older ? PageLinkKind.Before : PageLinkKind.After;

    private static List<T> InOrder<T>(List<T> items, bool readDescending, ReadOrder order)
    {
        if (readDescending != (order == ReadOrder.NewestFirst)) items.Reverse();
        return items;
    }

    /// <summary>Numbers missing between neighbours of <paramref name="numbers"/>; with <paramref name="fromZero"/> also those below the lowest one.</summary>
    private static List<SequenceGap> FindGaps(IEnumerable<long> numbers, bool fromZero)
    {
        var sorted = numbers.Distinct().Order().ToList();
        var gaps = new List<SequenceGap>();
        if (fromZero && sorted.Count > 0 && sorted[0] > 0) gaps.Add(new SequenceGap(-1, sorted[0]));
        for (var i = 1; i < sorted.Count; i++)
        {
            if (sorted[i] - 1 > sorted[i - 1]) gaps.Add(new SequenceGap(sorted[i - 1], sorted[i]));
        }
        return gaps;
    }

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..60] + "…";
}
