using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using EventExplorer.Data.Errors;

namespace EventExplorer.Data.DynamoDb;

/// <summary>What one call of <see cref="SegmentedScan.ReadAsync"/> read, and where the scan now stands.</summary>
internal sealed record ScanProgress(IReadOnlyList<ScanSegmentState> Segments, long ItemsScanned, double? CapacityUnits, int Requests)
{
    public bool Finished => Segments.All(s => s.Done);
}

/// <summary>
/// A full-table scan read in parallel segments, a page at a time, for the aggregate listing and the
/// snapshot list. Each call reads in rounds (one Scan request per unfinished segment) until the page is
/// full, a read budget is spent or <see cref="MaxRoundsPerCall"/> rounds have run, so that a search that
/// matches little in a big table comes back with progress instead of keeping the user waiting.
/// <para>
/// There is no FilterExpression: every item read comes back and the caller matches it. A filter would
/// not lower the consumed capacity or the 1 MB read cap anyway (DynamoDB applies it after reading), and
/// without one the scan knows exactly which items it consumed when a page fills part-way through a
/// response: the segment resumes after the last item taken, so each item of the table counts once in
/// <see cref="ScanProgress.ItemsScanned"/> over a whole scan, however many pages it takes.
/// </para>
/// </summary>
internal sealed class SegmentedScan
{
    public const int MaxSegments = 16;

    /// <summary>Rounds of requests per call: with items near 400 KB a round reads only a few of them.</summary>
    public const int MaxRoundsPerCall = 8;

    private const int MaxLimit = 1000;

    private readonly IAmazonDynamoDB _client;
    private readonly StoreCallRunner _calls;
    private readonly string _table;
    private readonly string[] _keyAttributes;
    private readonly string? _projection;
    private readonly Dictionary<string, string>? _projectionNames;
    private readonly long _budget;

    /// <param name="keyAttributes">The table's key attributes: each consumed item is a place to resume after.</param>
    /// <param name="projection">Attributes to read (must include the key attributes); null reads whole items.</param>
    /// <param name="budget">About how many items one call reads before it returns what it has.</param>
    public SegmentedScan(IAmazonDynamoDB client, StoreCallRunner calls, string table, string[] keyAttributes,
        string? projection, Dictionary<string, string>? projectionNames, long budget)
    {
        _client = client;
        _calls = calls;
        _table = table;
        _keyAttributes = keyAttributes;
        _projection = projection;
        _projectionNames = projectionNames;
        _budget = budget;
    }

    /// <summary>The segments of a scan that has not started.</summary>
    public static IReadOnlyList<ScanSegmentState> Start(int segments)
    {
        if (segments is < 1 or > MaxSegments)
        {
            throw new InvalidQueryException($"The number of scan segments must be between 1 and {MaxSegments} (got {segments}).");
        }
        return Enumerable.Repeat(ScanSegmentState.NotStarted, segments).ToList();
    }

    /// <summary>
    /// Continues the scan from <paramref name="from"/>. Items go to <paramref name="tryTake"/> in segment
    /// order; when it refuses one (the page has no room for it), that segment stops just before it.
    /// </summary>
    /// <param name="room">
    /// 0 when the page is full; otherwise how many more items the page takes when it takes every item
    /// read (so no segment reads more than its share), or null when it matches items itself.
    /// </param>
    public Task<ScanProgress> ReadAsync(IReadOnlyList<ScanSegmentState> from,
        Func<Dictionary<string, AttributeValue>, bool> tryTake, Func<int?> room, CancellationToken cancellationToken) =>
        ReadAsync(from, (_, item) => tryTake(item), room, MaxRoundsPerCall, cancellationToken);

    /// <summary>
    /// As above, telling <paramref name="tryTake"/> which segment each item came from (a segment holds all of
    /// an aggregate's items, so a check of one aggregate's history keeps its state per segment), and reading
    /// at most <paramref name="maxRounds"/> rounds (1: a caller that reports after every round of responses).
    /// </summary>
    public async Task<ScanProgress> ReadAsync(IReadOnlyList<ScanSegmentState> from,
        Func<int, Dictionary<string, AttributeValue>, bool> tryTake, Func<int?> room, int maxRounds, CancellationToken cancellationToken)
    {
        var segments = from.ToArray();
        long scanned = 0;
        double? capacity = null;
        var requests = 0;

        for (var round = 0; round < maxRounds && room() != 0 && scanned < _budget; round++)
        {
            var active = Enumerable.Range(0, segments.Length).Where(i => !segments[i].Done).ToList();
            if (active.Count == 0) break;

            var limit = room() is { } wanted
                ? Math.Clamp((wanted + active.Count - 1) / active.Count, 1, MaxLimit)
                : (int)Math.Clamp((_budget - scanned) / active.Count, 1, MaxLimit);
            var responses = await Task.WhenAll(active.Select(segment =>
                ScanSegmentAsync(segment, segments.Length, segments[segment].Key, limit, cancellationToken))).ConfigureAwait(false);
            requests += responses.Length;

            for (var i = 0; i < active.Count; i++)
            {
                var response = responses[i];
                if (response.ConsumedCapacity?.CapacityUnits is { } units) capacity = (capacity ?? 0) + units;

                Dictionary<string, AttributeValue>? lastTaken = null;
                var stopped = false;
                var segment = active[i];
                foreach (var item in response.Items ?? [])
                {
                    if (!tryTake(segment, item))
                    {
                        stopped = true;
                        break;
                    }
                    scanned++;
                    lastTaken = item;
                }

                if (stopped)
                {
                    // The refused item and the rest of the response are read again by the next page.
                    if (lastTaken is not null) segments[segment] = new ScanSegmentState(false, PageCursor.KeyOf(lastTaken, _keyAttributes));
                }
                else
                {
                    segments[segment] = response.LastEvaluatedKey is { Count: > 0 } last
                        ? new ScanSegmentState(false, PageCursor.KeyOf(last, _keyAttributes))
                        : ScanSegmentState.Finished;
                }
            }
        }

        return new ScanProgress(segments, scanned, capacity, requests);
    }

    private Task<ScanResponse> ScanSegmentAsync(int segment, int totalSegments, Dictionary<string, AttributeValue>? startKey, int limit, CancellationToken cancellationToken)
    {
        var request = new ScanRequest
        {
            TableName = _table,
            Limit = limit,
            ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
        };
        if (totalSegments > 1)
        {
            request.Segment = segment;
            request.TotalSegments = totalSegments;
        }
        if (_projection is not null)
        {
            request.ProjectionExpression = _projection;
            request.ExpressionAttributeNames = new Dictionary<string, string>(_projectionNames ?? []);
        }
        if (startKey is not null) request.ExclusiveStartKey = startKey;
        return _calls.RunAsync(_table, ct => _client.ScanAsync(request, ct), cancellationToken, priority: ReadPriority.Long);
    }
}
