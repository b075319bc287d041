namespace EventExplorer.Data.Model;

/// <summary>An aggregate seen in the newest part of the feed.</summary>
public sealed record RecentAggregate
{
    public required string AggregateId { get; init; }
    public required long? LatestVersion { get; init; }
    public required string? LatestCommitId { get; init; }
    public required DateTimeOffset? LatestCommittedAt { get; init; }
}

/// <summary>The recently active aggregates and how many feed commits were read to find them.</summary>
public sealed record RecentAggregates
{
    public required IReadOnlyList<RecentAggregate> Items { get; init; }
    public required int CommitsRead { get; init; }
}

/// <summary>What one exact lookup of an aggregate found.</summary>
public sealed record AggregateInfo
{
    public required string AggregateId { get; init; }
    public required long? FirstVersion { get; init; }
    public required long? HeadVersion { get; init; }
    public required DateTimeOffset? FirstCommittedAt { get; init; }
    public required DateTimeOffset? LastCommittedAt { get; init; }
}

/// <summary>A page of a full-table scan (aggregates or snapshots), with what it cost.</summary>
public sealed record ScanPage<T>
{
    public required IReadOnlyList<T> Items { get; init; }

    /// <summary>Token to continue the scan; null when the whole table has been read.</summary>
    public required string? Next { get; init; }

    /// <summary>
    /// Items of the table this page went through. Each item counts on exactly one page, so over a whole
    /// scan the pages add up to the table's item count.
    /// </summary>
    public required long ItemsScanned { get; init; }

    /// <summary>Of those, the items whose id starts with the prefix.</summary>
    public required long ItemsMatched { get; init; }

    /// <summary>
    /// Read capacity units consumed (null when the server does not report it). DynamoDB charges whole
    /// responses, so this includes items read past the end of a full page, which the next page reads again.
    /// </summary>
    public double? CapacityUnits { get; init; }

    public int RequestCount { get; init; }
}

/// <summary>A full-table scan request: optional id prefix, continuation token, page size.</summary>
public sealed record ScanQuery
{
    /// <summary>Only ids starting with this text (case-sensitive, as DynamoDB's begins_with).</summary>
    public string? Prefix { get; init; }

    /// <summary>The <see cref="ScanPage{T}.Next"/> token of the previous page of the same scan.</summary>
    public string? Cursor { get; init; }

    /// <summary>How many matching ids to return at most (1 to 1000).</summary>
    public int PageSize { get; init; } = 50;

    /// <summary>Parallel scan segments (1 to 16).</summary>
    public int Segments { get; init; } = 4;
}

/// <summary>
/// An aggregate found by a full scan (distinct within one page; an aggregate whose commits straddle
/// a page boundary can be listed again on the next page).
/// </summary>
public sealed record ScannedAggregate
{
    public required string AggregateId { get; init; }

    /// <summary>Commits of this aggregate seen on this page (a lower bound of its length).</summary>
    public required int CommitsSeen { get; init; }
}

/// <summary>What DescribeTable says of a table's size (DynamoDB refreshes these about every six hours).</summary>
public sealed record TableStats
{
    public required string TableName { get; init; }
    public required long ItemCount { get; init; }
    public required long SizeBytes { get; init; }
}
