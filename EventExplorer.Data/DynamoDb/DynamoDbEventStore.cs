using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using EventExplorer.Data.Configuration;
using EventExplorer.Data.Errors;
using EventExplorer.Data.Model;

namespace EventExplorer.Data.DynamoDb;

/// <summary>
/// The event store over DynamoDB, in either layout of SCHEMA.md. Reads page with opaque cursors and
/// always follow LastEvaluatedKey (DynamoDB cuts responses at 1 MB); appends do exactly what the
/// owning programs do. Split by concern: Timeline, Feed, Aggregates and Append partial files.
/// </summary>
public sealed partial class DynamoDbEventStore : IEventStoreReader, IEventStoreWriter
{
    public const int MaxPageSize = 1000;

    private readonly IAmazonDynamoDB _client;
    private readonly StoreSchemaDetector _schema;
    private readonly TableNames _tables;
    private readonly TimeProvider _time;
    private readonly DynamoErrors _errors;

    public DynamoDbEventStore(IAmazonDynamoDB client, StoreSchemaDetector schema, EventExplorerOptions options, TimeProvider? time = null)
    {
        _client = client;
        _schema = schema;
        _tables = options.Tables;
        _time = time ?? TimeProvider.System;
        _errors = schema.Errors;
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
        _errors.RunAsync(request.TableName, () => _client.QueryAsync(request, cancellationToken), cancellationToken);

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

    /// <summary>What one page read needs: how to query, where to start, and how to make tokens from item keys.</summary>
    private sealed record RangeRead
    {
        public required Func<bool, QueryRequest> MakeRequest { get; init; }
        public required bool Descending { get; init; }
        public required Dictionary<string, AttributeValue>? StartKey { get; init; }

        /// <summary>True when the read is bounded below by a jump target (FromVersion / FromCommitId).</summary>
        public required bool HasLowerBound { get; init; }

        /// <summary>For a jump: a one-item query that says whether anything lies below the bound.</summary>
        public Func<QueryRequest>? MakeBelowBoundProbe { get; init; }
        public required int PageSize { get; init; }
        public required string[] KeyAttributes { get; init; }
        public required Func<CursorDirection, Dictionary<string, AttributeValue>?, string> MakeCursor { get; init; }
    }

    private sealed record RangePage(List<Dictionary<string, AttributeValue>> Items, string? Older, string? Newer, int Requests);

    /// <summary>
    /// Reads pageSize + 1 items to learn whether more exist, then derives the Older/Newer tokens from the
    /// keys of the page's first and last items. Items come back in read order.
    /// </summary>
    private async Task<RangePage> ReadRangeAsync(RangeRead read, CancellationToken cancellationToken)
    {
        // A jump needs to know whether anything lies below its target (to offer "Older"). That probe
        // does not depend on the page, so it runs alongside the page read instead of after it.
        var probeBelow = !read.Descending && read.StartKey is null && read.HasLowerBound && read.MakeBelowBoundProbe is { } makeProbe
            ? QueryAsync(makeProbe(), cancellationToken)
            : null;
        List<Dictionary<string, AttributeValue>> items;
        int requests;
        try
        {
            (items, requests) = await CollectAsync(() => read.MakeRequest(read.Descending), read.StartKey, read.PageSize + 1, cancellationToken).ConfigureAwait(false);
        }
        catch when (probeBelow is not null)
        {
            // Observe the probe so its own failure is not left unobserved; the page read's error wins.
            try { await probeBelow.ConfigureAwait(false); } catch (Exception) { }
            throw;
        }
        var more = items.Count > read.PageSize;
        if (more) items.RemoveRange(read.PageSize, items.Count - read.PageSize);

        string? older = null, newer = null;
        if (read.Descending)
        {
            if (more) older = read.MakeCursor(CursorDirection.Older, KeyOf(items[^1], read.KeyAttributes));
            // A page reached by going older always has newer commits above it.
            if (read.StartKey is not null && items.Count > 0) newer = read.MakeCursor(CursorDirection.Newer, KeyOf(items[0], read.KeyAttributes));
        }
        else
        {
            if (more) newer = read.MakeCursor(CursorDirection.Newer, KeyOf(items[^1], read.KeyAttributes));
            if (read.StartKey is not null && items.Count > 0)
            {
                older = read.MakeCursor(CursorDirection.Older, KeyOf(items[0], read.KeyAttributes));
            }
            else if (probeBelow is not null)
            {
                var below = await probeBelow.ConfigureAwait(false);
                requests++;
                if (below.Items is { Count: > 0 })
                {
                    // An empty jump page (target above the head) has no key to go older from: its older page is the newest page.
                    older = read.MakeCursor(CursorDirection.Older, items.Count > 0 ? KeyOf(items[0], read.KeyAttributes) : null);
                }
            }
        }
        return new RangePage(items, older, newer, requests);
    }

    private static Dictionary<string, AttributeValue> KeyOf(Dictionary<string, AttributeValue> item, string[] attributes)
    {
        var key = new Dictionary<string, AttributeValue>(attributes.Length, StringComparer.Ordinal);
        foreach (var name in attributes)
        {
            var value = item[name];
            key[name] = value.S is not null ? new AttributeValue { S = value.S } : new AttributeValue { N = value.N };
        }
        return key;
    }

    private static List<T> InOrder<T>(List<T> items, bool readDescending, ReadOrder order)
    {
        if (readDescending != (order == ReadOrder.NewestFirst)) items.Reverse();
        return items;
    }
}
