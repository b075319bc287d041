using EventExplorer.Data;
using EventExplorer.Data.Model;

namespace EventExplorer.Tests.Infrastructure;

/// <summary>The real store, except that the reads a test names throw as a bug in our code would.</summary>
public sealed class BuggyReader(IEventStoreReader store) : IEventStoreReader
{
    public bool TimelineFails { get; set; }
    public bool FeedFails { get; set; }
    public bool FeedFromFails { get; set; }

    public Task<StoreDescription> DescribeAsync(CancellationToken cancellationToken) => store.DescribeAsync(cancellationToken);

    public Task<CommitPage> ReadTimelineAsync(TimelineQuery query, CancellationToken cancellationToken) =>
        TimelineFails ? throw new InvalidOperationException("a bug") : store.ReadTimelineAsync(query, cancellationToken);

    public Task<FeedPage> ReadFeedAsync(FeedQuery query, CancellationToken cancellationToken) =>
        FeedFails ? throw new InvalidOperationException("a bug") : store.ReadFeedAsync(query, cancellationToken);

    public Task<IReadOnlyList<Commit>> ReadFeedFromAsync(CommitId? fromCommitId, int limit, CancellationToken cancellationToken) =>
        FeedFromFails ? throw new InvalidOperationException("a bug") : store.ReadFeedFromAsync(fromCommitId, limit, cancellationToken);

    public Task<Commit?> ReadLatestCommitAsync(CancellationToken cancellationToken) => store.ReadLatestCommitAsync(cancellationToken);

    public Task<RecentAggregates> ReadRecentAggregatesAsync(int count, CancellationToken cancellationToken) => store.ReadRecentAggregatesAsync(count, cancellationToken);

    public Task<AggregateInfo?> FindAggregateAsync(string aggregateId, CancellationToken cancellationToken) => store.FindAggregateAsync(aggregateId, cancellationToken);

    public Task<ScanPage<ScannedAggregate>> ScanAggregatesAsync(ScanQuery query, CancellationToken cancellationToken) => store.ScanAggregatesAsync(query, cancellationToken);

    public Task<TableStats> GetCommitTableStatsAsync(CancellationToken cancellationToken) => store.GetCommitTableStatsAsync(cancellationToken);
}
