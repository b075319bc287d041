using EventExplorer.Data;
using EventExplorer.Data.Errors;
using EventExplorer.Data.Model;
using EventExplorer.Web.Observability;

namespace EventExplorer.Web.Hosting;

/// <summary>A user already runs as many full-table scans as allowed; the page says so and offers Retry.</summary>
public sealed class ScanLimitReachedException(int limit)
    : EventStoreException($"You already have {limit} full-table {(limit == 1 ? "scan" : "scans")} running (in this or another tab). " +
                          "Wait for one to finish or cancel it, then try again. Scans read the whole table, so each user may run only a few at once.")
{
    public override bool IsTransient => true;
}

/// <summary>The event-store reader with full-table scans limited per user; every other call passes through.</summary>
public sealed class ScanLimitedEventStoreReader(IEventStoreReader inner, ScanQuota quota, CurrentUserKey user, WebTelemetry telemetry) : IEventStoreReader
{
    public async Task<ScanPage<ScannedAggregate>> ScanAggregatesAsync(ScanQuery query, CancellationToken cancellationToken)
    {
        var key = user.Value;
        if (!quota.Quota.TryTake(key))
        {
            telemetry.ScansRefused.Add(1);
            throw new ScanLimitReachedException(quota.Quota.PerUser);
        }
        try
        {
            return await inner.ScanAggregatesAsync(query, cancellationToken);
        }
        finally
        {
            quota.Quota.Release(key);
        }
    }

    public Task<StoreDescription> DescribeAsync(CancellationToken cancellationToken) => inner.DescribeAsync(cancellationToken);
    public Task<CommitPage> ReadTimelineAsync(TimelineQuery query, CancellationToken cancellationToken) => inner.ReadTimelineAsync(query, cancellationToken);
    public Task<FeedPage> ReadFeedAsync(FeedQuery query, CancellationToken cancellationToken) => inner.ReadFeedAsync(query, cancellationToken);
    public Task<IReadOnlyList<Commit>> ReadFeedFromAsync(CommitId? fromCommitId, int limit, CancellationToken cancellationToken) => inner.ReadFeedFromAsync(fromCommitId, limit, cancellationToken);
    public Task<Commit?> ReadLatestCommitAsync(CancellationToken cancellationToken) => inner.ReadLatestCommitAsync(cancellationToken);
    public Task<RecentAggregates> ReadRecentAggregatesAsync(int count, CancellationToken cancellationToken) => inner.ReadRecentAggregatesAsync(count, cancellationToken);
    public Task<AggregateInfo?> FindAggregateAsync(string aggregateId, CancellationToken cancellationToken) => inner.FindAggregateAsync(aggregateId, cancellationToken);
    public Task<TableStats> GetCommitTableStatsAsync(CancellationToken cancellationToken) => inner.GetCommitTableStatsAsync(cancellationToken);
}

/// <summary>The snapshot store with its full-table scan (the snapshot list) limited per user.</summary>
public sealed class ScanLimitedSnapshotStore(ISnapshotStore inner, ScanQuota quota, CurrentUserKey user, WebTelemetry telemetry) : ISnapshotStore
{
    public async Task<ScanPage<SnapshotSummary>> ScanAsync(ScanQuery query, CancellationToken cancellationToken)
    {
        var key = user.Value;
        if (!quota.Quota.TryTake(key))
        {
            telemetry.ScansRefused.Add(1);
            throw new ScanLimitReachedException(quota.Quota.PerUser);
        }
        try
        {
            return await inner.ScanAsync(query, cancellationToken);
        }
        finally
        {
            quota.Quota.Release(key);
        }
    }

    public Task<Snapshot?> GetAsync(string snapshotId, CancellationToken cancellationToken) => inner.GetAsync(snapshotId, cancellationToken);
    public Task<Snapshot> StoreAsync(string snapshotId, string stateJson, CancellationToken cancellationToken) => inner.StoreAsync(snapshotId, stateJson, cancellationToken);
}
