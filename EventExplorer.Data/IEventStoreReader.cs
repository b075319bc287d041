using EventExplorer.Data.Model;

namespace EventExplorer.Data;

/// <summary>
/// Reads the event store (commit table and its commit-id index). Every method throws only
/// <see cref="Errors.EventStoreException"/> subtypes (and <see cref="OperationCanceledException"/>).
/// </summary>
public interface IEventStoreReader
{
    /// <summary>Connection, table names, detected layout and read-only state. Cached after the first successful call.</summary>
    Task<StoreDescription> DescribeAsync(CancellationToken cancellationToken);

    /// <summary>
    /// One page of an aggregate's commits in version order, with consistent reads. The newest page
    /// costs one request whatever the aggregate's length. An unknown aggregate gives an empty page.
    /// </summary>
    Task<CommitPage> ReadTimelineAsync(TimelineQuery query, CancellationToken cancellationToken);

    /// <summary>One page of all commits in commit-id order, read over the index.</summary>
    Task<FeedPage> ReadFeedAsync(FeedQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// Commits with a commit id at or above <paramref name="fromCommitId"/> (all commits when null),
    /// in commit-id order, at most <paramref name="limit"/>. The building block of tailing (see <see cref="FeedTail"/>).
    /// </summary>
    Task<IReadOnlyList<Commit>> ReadFeedFromAsync(CommitId? fromCommitId, int limit, CancellationToken cancellationToken);

    /// <summary>The commit with the highest commit id, or null when the store is empty.</summary>
    Task<Commit?> ReadLatestCommitAsync(CancellationToken cancellationToken);

    /// <summary>Distinct aggregate ids from the newest part of the feed, most recent first.</summary>
    Task<RecentAggregates> ReadRecentAggregatesAsync(int count, CancellationToken cancellationToken);

    /// <summary>Exact lookup; null when no commit has this aggregate id.</summary>
    Task<AggregateInfo?> FindAggregateAsync(string aggregateId, CancellationToken cancellationToken);

    /// <summary>Full listing / prefix search over the whole commit table (paged, segmented Scan).</summary>
    Task<ScanPage<ScannedAggregate>> ScanAggregatesAsync(ScanQuery query, CancellationToken cancellationToken);

    /// <summary>DescribeTable's item count and size of the commit table, to say what a full scan will read.</summary>
    Task<TableStats> GetCommitTableStatsAsync(CancellationToken cancellationToken);
}
