using System.Text;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using EventExplorer.Data.Errors;
using EventExplorer.Data.Model;
using static EventExplorer.Data.DynamoDb.CommitItemMapper;

namespace EventExplorer.Data.DynamoDb;

public sealed partial class DynamoDbEventStore
{
    /// <summary>The most feed commits one "recent aggregates" call reads, whatever it finds.</summary>
    public const int MaxRecentCommitsRead = 2000;

    /// <summary>
    /// Roughly the most items one scan call reads before it returns what it has with a cursor, so a
    /// search over a big table shows progress and can be cancelled between calls.
    /// </summary>
    public const int ScanBudgetPerCall = 10_000;

    public const int MaxScanSegments = 16;

    /// <summary>The scan budget in use; tests lower it to exercise the bound without writing 10,000 items.</summary>
    internal int ScanBudget { get; set; } = ScanBudgetPerCall;

    public async Task<RecentAggregates> ReadRecentAggregatesAsync(int count, CancellationToken cancellationToken)
    {
        ValidatePageSize(count, "number of aggregates");
        var layout = await LayoutAsync(cancellationToken).ConfigureAwait(false);

        var found = new Dictionary<string, RecentAggregate>(StringComparer.Ordinal);
        var order = new List<string>();
        var commitsRead = 0;
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var request = MakeIndexRequest(readDescending: true, null, null);
            // Only what the list shows: the events can be most of an item's size.
            request.ProjectionExpression = "#a, #v, #c, #at";
            request.ExpressionAttributeNames["#a"] = Attr.AggregateId;
            request.ExpressionAttributeNames["#v"] = Attr.Version;
            request.ExpressionAttributeNames["#c"] = Attr.CommitId;
            request.ExpressionAttributeNames["#at"] = Attr.CommittedAt;
            request.Limit = Math.Min(500, MaxRecentCommitsRead - commitsRead);
            if (start is not null) request.ExclusiveStartKey = start;

            var response = await QueryAsync(request, cancellationToken).ConfigureAwait(false);
            foreach (var item in response.Items ?? [])
            {
                commitsRead++;
                if (!item.TryGetValue(Attr.AggregateId, out var id) || id.S is null || found.ContainsKey(id.S) || found.Count >= count) continue;
                var commit = Map(item, layout);
                found[id.S] = new RecentAggregate
                {
                    AggregateId = id.S,
                    LatestVersion = commit.Version,
                    LatestCommitId = commit.CommitId,
                    LatestCommittedAt = commit.CommittedAt,
                };
                order.Add(id.S);
            }
            start = response.LastEvaluatedKey is { Count: > 0 } last ? last : null;
        }
        while (start is not null && found.Count < count && commitsRead < MaxRecentCommitsRead);

        return new RecentAggregates { Items = order.Select(id => found[id]).ToList(), CommitsRead = commitsRead };
    }

    public async Task<AggregateInfo?> FindAggregateAsync(string aggregateId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(aggregateId)) throw new InvalidQueryException("An aggregate id is required.");

        QueryRequest End(bool newest) => new()
        {
            TableName = _tables.Commits,
            ConsistentRead = true,
            ScanIndexForward = !newest,
            Limit = 1,
            KeyConditionExpression = "#a = :a",
            ProjectionExpression = "#v, #at",
            ExpressionAttributeNames = new() { ["#a"] = Attr.AggregateId, ["#v"] = Attr.Version, ["#at"] = Attr.CommittedAt },
            ExpressionAttributeValues = new() { [":a"] = new AttributeValue { S = aggregateId } },
        };

        var first = QueryAsync(End(newest: false), cancellationToken);
        var head = QueryAsync(End(newest: true), cancellationToken);
        await Task.WhenAll(first, head).ConfigureAwait(false);

        var firstItem = (await first.ConfigureAwait(false)).Items?.FirstOrDefault();
        var headItem = (await head.ConfigureAwait(false)).Items?.FirstOrDefault();
        if (firstItem is null || headItem is null) return null;

        return new AggregateInfo
        {
            AggregateId = aggregateId,
            FirstVersion = ReadWholeNumber(firstItem, Attr.Version, null),
            HeadVersion = ReadWholeNumber(headItem, Attr.Version, null),
            FirstCommittedAt = ReadTime(firstItem),
            LastCommittedAt = ReadTime(headItem),
        };
    }

    public async Task<ScanPage<ScannedAggregate>> ScanAggregatesAsync(ScanQuery query, CancellationToken cancellationToken)
    {
        ValidatePageSize(query.PageSize);
        var prefix = query.Prefix ?? "";
        if (Encoding.UTF8.GetByteCount(prefix) > 1024) throw new InvalidQueryException("The id prefix is longer than any aggregate id can be (1024 bytes).");

        IReadOnlyList<ScanSegmentState> segments;
        if (query.Cursor is not null)
        {
            var cursor = PageCursor.Decode(query.Cursor, CursorKind.Scan);
            if ((cursor.Prefix ?? "") != prefix) throw PageCursor.Invalid("it continues a search for another prefix");
            if (cursor.Segments is not { Count: >= 1 and <= MaxScanSegments }) throw PageCursor.Invalid("its scan segments are damaged");
            foreach (var segment in cursor.Segments)
            {
                if (segment.Key is not null) PageCursor.RequireKeyShape(segment.Key, (Attr.AggregateId, "S"), (Attr.Version, "N"));
            }
            // The segment count is part of the scan's position: keep the one the scan started with.
            segments = cursor.Segments;
        }
        else
        {
            if (query.Segments is < 1 or > MaxScanSegments)
            {
                throw new InvalidQueryException($"The number of scan segments must be between 1 and {MaxScanSegments} (got {query.Segments}).");
            }
            segments = Enumerable.Repeat(ScanSegmentState.NotStarted, query.Segments).ToList();
        }

        var scan = new AggregateScan(query.PageSize, segments);
        while (!scan.IsFull && !scan.AllDone && scan.ItemsScanned < ScanBudget)
        {
            var active = scan.ActiveSegments();
            var limit = (int)Math.Clamp((ScanBudget - scan.ItemsScanned) / active.Count, 50, 1000);
            var responses = await Task.WhenAll(active.Select(segment =>
                ScanSegmentAsync(segment, scan.Segments.Count, scan.StartKey(segment), prefix, limit, cancellationToken))).ConfigureAwait(false);
            for (var i = 0; i < active.Count; i++)
            {
                scan.Take(active[i], responses[i]);
            }
        }

        return new ScanPage<ScannedAggregate>
        {
            Items = scan.Results(),
            Next = scan.AllDone ? null : new PageCursor { Kind = CursorKind.Scan, Prefix = prefix, Segments = scan.Segments }.Encode(),
            ItemsScanned = scan.ItemsScanned,
            ItemsMatched = scan.ItemsMatched,
            CapacityUnits = scan.CapacityUnits,
            RequestCount = scan.Requests,
        };
    }

    public async Task<TableStats> GetCommitTableStatsAsync(CancellationToken cancellationToken)
    {
        var table = await _errors.RunAsync(_tables.Commits,
            async () => (await _client.DescribeTableAsync(new DescribeTableRequest { TableName = _tables.Commits }, cancellationToken).ConfigureAwait(false)).Table,
            cancellationToken).ConfigureAwait(false);
        return new TableStats
        {
            TableName = _tables.Commits,
            ItemCount = table.ItemCount ?? 0,
            SizeBytes = table.TableSizeBytes ?? 0,
        };
    }

    private Task<ScanResponse> ScanSegmentAsync(int segment, int totalSegments, Dictionary<string, AttributeValue>? startKey, string prefix, int limit, CancellationToken cancellationToken)
    {
        var request = new ScanRequest
        {
            TableName = _tables.Commits,
            Segment = segment,
            TotalSegments = totalSegments,
            Limit = limit,
            // The key is all a listing needs; it also makes any item a valid place to resume.
            ProjectionExpression = "#a, #v",
            ExpressionAttributeNames = new() { ["#a"] = Attr.AggregateId, ["#v"] = Attr.Version },
            ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
        };
        if (prefix.Length > 0)
        {
            request.FilterExpression = "begins_with(#a, :p)";
            request.ExpressionAttributeValues = new() { [":p"] = new AttributeValue { S = prefix } };
        }
        if (startKey is not null) request.ExclusiveStartKey = startKey;
        return _errors.RunAsync(_tables.Commits, () => _client.ScanAsync(request, cancellationToken), cancellationToken);
    }

    private static DateTimeOffset? ReadTime(Dictionary<string, AttributeValue> item) => ToTime(ReadWholeNumber(item, Attr.CommittedAt, null));

    /// <summary>
    /// The state of one scan call. Segments are taken in order; once the page holds PageSize ids,
    /// a segment stops at the first item of a new id and resumes from the item before it, so no
    /// aggregate is lost between pages even though segments are read in parallel.
    /// </summary>
    private sealed class AggregateScan(int pageSize, IReadOnlyList<ScanSegmentState> segments)
    {
        private readonly ScanSegmentState[] _segments = [.. segments];
        private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);
        private readonly List<string> _order = [];
        private double _capacity;
        private bool _capacityReported;

        public IReadOnlyList<ScanSegmentState> Segments => _segments;
        public long ItemsScanned { get; private set; }
        public long ItemsMatched { get; private set; }
        public int Requests { get; private set; }
        public double? CapacityUnits => _capacityReported ? _capacity : null;
        public bool IsFull { get; private set; }
        public bool AllDone => _segments.All(s => s.Done);

        public List<int> ActiveSegments() => Enumerable.Range(0, _segments.Length).Where(i => !_segments[i].Done).ToList();

        public Dictionary<string, AttributeValue>? StartKey(int segment) => _segments[segment].Key;

        public void Take(int segment, ScanResponse response)
        {
            Requests++;
            ItemsScanned += response.ScannedCount ?? 0;
            if (response.ConsumedCapacity?.CapacityUnits is { } units)
            {
                _capacity += units;
                _capacityReported = true;
            }

            foreach (var item in response.Items ?? [])
            {
                if (!item.TryGetValue(Attr.AggregateId, out var id) || id.S is null) continue;
                if (!_counts.ContainsKey(id.S))
                {
                    if (_order.Count >= pageSize)
                    {
                        IsFull = true;
                        return; // The segment stays at the last item taken; this one is read again next page.
                    }
                    _order.Add(id.S);
                    _counts[id.S] = 0;
                }
                _counts[id.S]++;
                ItemsMatched++;
                _segments[segment] = new ScanSegmentState(false, KeyOf(item, TableKey));
            }

            _segments[segment] = response.LastEvaluatedKey is { Count: > 0 } last
                ? new ScanSegmentState(false, KeyOf(last, TableKey))
                : ScanSegmentState.Finished;
            if (_order.Count >= pageSize) IsFull = true;
        }

        public List<ScannedAggregate> Results() =>
            _order.Select(id => new ScannedAggregate { AggregateId = id, CommitsSeen = _counts[id] }).ToList();
    }
}
