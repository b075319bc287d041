using Amazon.DynamoDBv2.Model;
using EventExplorer.Data.Configuration;
using EventExplorer.Data.Model;
using static EventExplorer.Data.DynamoDb.CommitItemMapper;

namespace EventExplorer.Data.DynamoDb.Commits;

/// <summary>Finding aggregates: the recent ones from the feed, one by its id, and all of them (or a prefix) by a full scan.</summary>
internal sealed class AggregateLister(KeyRangeReader reader)
{
    /// <summary>The most feed commits one "recent aggregates" call reads, whatever it finds.</summary>
    public const int MaxRecentCommitsRead = 2000;

    /// <summary>
    /// Roughly the most items one scan call reads before it returns what it has with a cursor, so a
    /// search over a big table shows progress and can be cancelled between calls.
    /// </summary>
    public const int ScanBudgetPerCall = 10_000;

    /// <summary>The scan budget in use; tests lower it to exercise the bound without writing 10,000 items.</summary>
    public int ScanBudget { get; set; } = ScanBudgetPerCall;

    private TableNames Tables => reader.Tables;

    public async Task<RecentAggregates> ReadRecentAggregatesAsync(int count, CancellationToken cancellationToken)
    {
        QueryInput.ValidatePageSize(count, "number of aggregates");
        var layout = await reader.LayoutAsync(cancellationToken).ConfigureAwait(false);

        var found = new Dictionary<string, RecentAggregate>(StringComparer.Ordinal);
        var order = new List<string>();
        var commitsRead = 0;
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var request = reader.IndexRequest(readDescending: true, null);
            // Only what the list shows: the events can be most of an item's size.
            request.ProjectionExpression = "#a, #v, #c, #at";
            request.ExpressionAttributeNames["#a"] = Attr.AggregateId;
            request.ExpressionAttributeNames["#v"] = Attr.Version;
            request.ExpressionAttributeNames["#c"] = Attr.CommitId;
            request.ExpressionAttributeNames["#at"] = Attr.CommittedAt;
            request.Limit = Math.Min(500, MaxRecentCommitsRead - commitsRead);
            if (start is not null) request.ExclusiveStartKey = start;

            var response = await reader.QueryAsync(request, cancellationToken).ConfigureAwait(false);
            foreach (var item in response.Items ?? [])
            {
                commitsRead++;
                if (!item.TryGetValue(Attr.AggregateId, out var id) || id.S is null || found.ContainsKey(id.S) || found.Count >= count) continue;
                var commit = Map(item, layout);
                found[id.S] = new RecentAggregate
                {
                    AggregateId = id.S,
                    LatestVersion = commit.Version,
                    LatestCommitId = commit.CommitId?.Text,
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
        QueryInput.RequireAggregateId(aggregateId);

        QueryRequest End(bool newest)
        {
            var request = reader.TimelineRequest(aggregateId, newest, null);
            request.Limit = 1;
            request.ProjectionExpression = "#v, #at";
            request.ExpressionAttributeNames["#v"] = Attr.Version;
            request.ExpressionAttributeNames["#at"] = Attr.CommittedAt;
            return request;
        }

        var first = reader.QueryAsync(End(newest: false), cancellationToken);
        var head = reader.QueryAsync(End(newest: true), cancellationToken);
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
        QueryInput.ValidatePageSize(query.PageSize);
        var prefix = query.Prefix ?? "";
        QueryInput.ValidateIdPrefix(prefix);
        var segments = SegmentedScan.Start(query.Segments);
        if (query.Cursor is not null)
        {
            var cursor = PageCursor.Decode(query.Cursor, CursorKind.AggregateScan);
            cursor.RequireScanOf(Tables.Commits, keyAttribute: null, prefix, SegmentedScan.MaxSegments, (Attr.AggregateId, "S"), (Attr.Version, "N"));
            // The segment count is part of the scan's position: keep the one the scan started with.
            segments = cursor.Segments!;
        }

        // Once the page holds PageSize ids, a segment stops at the first item of a new one and resumes
        // just before it: segments are read in parallel, yet no aggregate is lost between pages.
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var order = new List<string>();
        long matched = 0;
        bool TryTake(Dictionary<string, AttributeValue> item)
        {
            if (!item.TryGetValue(Attr.AggregateId, out var id) || id.S is not { } aggregateId || !aggregateId.StartsWith(prefix, StringComparison.Ordinal)) return true;
            if (!counts.TryGetValue(aggregateId, out var seen))
            {
                if (order.Count >= query.PageSize) return false;
                order.Add(aggregateId);
            }
            counts[aggregateId] = seen + 1;
            matched++;
            return true;
        }

        // The key is all a listing needs; it is also what a segment resumes after.
        var scan = new SegmentedScan(reader.Client, reader.Calls, Tables.Commits, SortKeys.TableKey, "#a, #v",
            new() { ["#a"] = Attr.AggregateId, ["#v"] = Attr.Version }, ScanBudget);
        var progress = await scan.ReadAsync(segments, TryTake, () => order.Count >= query.PageSize ? 0 : null, cancellationToken).ConfigureAwait(false);

        return new ScanPage<ScannedAggregate>
        {
            Items = order.Select(id => new ScannedAggregate { AggregateId = id, CommitsSeen = counts[id] }).ToList(),
            Next = progress.Finished ? null : new PageCursor
            {
                Kind = CursorKind.AggregateScan,
                Table = Tables.Commits,
                Prefix = prefix,
                Segments = progress.Segments,
            }.Encode(),
            ItemsScanned = progress.ItemsScanned,
            ItemsMatched = matched,
            CapacityUnits = progress.CapacityUnits,
            RequestCount = progress.Requests,
        };
    }

    public async Task<TableStats> GetCommitTableStatsAsync(CancellationToken cancellationToken)
    {
        var table = (await reader.Calls.RunAsync(Tables.Commits,
            ct => reader.Client.DescribeTableAsync(new DescribeTableRequest { TableName = Tables.Commits }, ct),
            cancellationToken).ConfigureAwait(false)).Table;
        return new TableStats
        {
            TableName = Tables.Commits,
            ItemCount = table.ItemCount ?? 0,
            SizeBytes = table.TableSizeBytes ?? 0,
        };
    }

    private static DateTimeOffset? ReadTime(Dictionary<string, AttributeValue> item) => ToTime(ReadWholeNumber(item, Attr.CommittedAt, null));
}
