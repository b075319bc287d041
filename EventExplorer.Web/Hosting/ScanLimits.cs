using System.Runtime.CompilerServices;
using EventExplorer.Data;
using EventExplorer.Data.Errors;
using EventExplorer.Data.Model;
using EventExplorer.Web.Observability;

namespace EventExplorer.Web.Hosting;

/// <summary>A user already runs as many long reads (scans, searches, exports, filtered pages) as allowed; the page says so and offers Retry.</summary>
public sealed class ScanLimitReachedException(int limit)
    : EventStoreException($"You already have {limit} long {(limit == 1 ? "read" : "reads")} running (in this or another tab): a full-table scan, a search, an export or a filtered page. " +
                          "Wait for one to finish or cancel it, then try again. Long reads may read the whole table, so each user may run only a few at once.")
{
    public override bool IsTransient => true;
}

/// <summary>
/// The event-store reader with long reads limited per user: full-table scans, and timeline and feed pages
/// under a filter (which may read up to their budget to fill a page). Every other call passes through.
/// </summary>
public sealed class ScanLimitedEventStoreReader(IEventStoreReader inner, ScanQuota quota, CurrentUserKey user, WebTelemetry telemetry) : IEventStoreReader
{
    public Task<ScanPage<ScannedAggregate>> ScanAggregatesAsync(ScanQuery query, CancellationToken cancellationToken) =>
        ScanPlace.HoldAsync(quota, user, telemetry, () => inner.ScanAggregatesAsync(query, cancellationToken));

    public Task<CommitPage> ReadTimelineAsync(TimelineQuery query, CancellationToken cancellationToken) =>
        query.Filter is { IsEmpty: false }
            ? ScanPlace.HoldAsync(quota, user, telemetry, () => inner.ReadTimelineAsync(query, cancellationToken))
            : inner.ReadTimelineAsync(query, cancellationToken);

    public Task<FeedPage> ReadFeedAsync(FeedQuery query, CancellationToken cancellationToken) =>
        query.Filter is { IsEmpty: false }
            ? ScanPlace.HoldAsync(quota, user, telemetry, () => inner.ReadFeedAsync(query, cancellationToken))
            : inner.ReadFeedAsync(query, cancellationToken);

    public Task<StoreDescription> DescribeAsync(CancellationToken cancellationToken) => inner.DescribeAsync(cancellationToken);
    public Task<IReadOnlyList<Commit>> ReadFeedFromAsync(CommitId? fromCommitId, int limit, CancellationToken cancellationToken) => inner.ReadFeedFromAsync(fromCommitId, limit, cancellationToken);
    public Task<Commit?> ReadLatestCommitAsync(CancellationToken cancellationToken) => inner.ReadLatestCommitAsync(cancellationToken);
    public Task<RecentAggregates> ReadRecentAggregatesAsync(int count, CancellationToken cancellationToken) => inner.ReadRecentAggregatesAsync(count, cancellationToken);
    public Task<AggregateInfo?> FindAggregateAsync(string aggregateId, CancellationToken cancellationToken) => inner.FindAggregateAsync(aggregateId, cancellationToken);
    public Task<TableStats> GetCommitTableStatsAsync(CancellationToken cancellationToken) => inner.GetCommitTableStatsAsync(cancellationToken);
}

/// <summary>Holding one of the user's scan places for the length of one read.</summary>
internal static class ScanPlace
{
    /// <summary>Takes one of the current user's places, or refuses (counted) when they hold them all; the caller releases it.</summary>
    public static string Take(ScanQuota quota, CurrentUserKey user, WebTelemetry telemetry)
    {
        var key = user.Value;
        if (!quota.Quota.TryTake(key))
        {
            telemetry.ScansRefused.Add(1);
            throw new ScanLimitReachedException(quota.Quota.PerUser);
        }
        return key;
    }

    public static async Task<T> HoldAsync<T>(ScanQuota quota, CurrentUserKey user, WebTelemetry telemetry, Func<Task<T>> read)
    {
        var key = Take(quota, user, telemetry);
        try
        {
            return await read();
        }
        finally
        {
            quota.Quota.Release(key);
        }
    }
}

/// <summary>The snapshot store with its full-table scan (the snapshot list) limited per user.</summary>
public sealed class ScanLimitedSnapshotStore(ISnapshotStore inner, ScanQuota quota, CurrentUserKey user, WebTelemetry telemetry) : ISnapshotStore
{
    public Task<ScanPage<SnapshotSummary>> ScanAsync(ScanQuery query, CancellationToken cancellationToken) =>
        ScanPlace.HoldAsync(quota, user, telemetry, () => inner.ScanAsync(query, cancellationToken));

    public Task<Snapshot?> GetAsync(string snapshotId, CancellationToken cancellationToken) => inner.GetAsync(snapshotId, cancellationToken);
    public Task<Snapshot> StoreAsync(string snapshotId, string stateJson, CancellationToken cancellationToken) => inner.StoreAsync(snapshotId, stateJson, cancellationToken);
}

/// <summary>
/// The find-anything reads with their long reads (search, field history, summary, export) limited per
/// user like full-table scans: each holds a scan place from its first read until the caller stops
/// enumerating (the end, a Cancel, a closed tab), so a user cannot start a dozen table-wide searches at
/// once. Single-item reads and the time-travel search (a few requests) pass through.
/// </summary>
public sealed class ScanLimitedEventStoreSearch(IEventStoreSearch inner, ScanQuota quota, CurrentUserKey user, WebTelemetry telemetry) : IEventStoreSearch
{
    public IAsyncEnumerable<SearchProgress> SearchAsync(SearchRequest request, CancellationToken cancellationToken) =>
        Limited(token => inner.SearchAsync(request, token), cancellationToken);

    public IAsyncEnumerable<FieldHistoryProgress> ReadFieldHistoryAsync(FieldHistoryRequest request, CancellationToken cancellationToken) =>
        Limited(token => inner.ReadFieldHistoryAsync(request, token), cancellationToken);

    public IAsyncEnumerable<AggregateSummary> SummariseAggregateAsync(string aggregateId, ReadBudget budget, CancellationToken cancellationToken) =>
        Limited(token => inner.SummariseAggregateAsync(aggregateId, budget, token), cancellationToken);

    public IAsyncEnumerable<Commit> ExportAsync(ExportRequest request, IProgress<ReadCost>? progress, CancellationToken cancellationToken) =>
        Limited(token => inner.ExportAsync(request, progress, token), cancellationToken);

    public Task<TimeTravelResult> FindFirstAtOrAfterAsync(TimeTravelQuery query, CancellationToken cancellationToken) => inner.FindFirstAtOrAfterAsync(query, cancellationToken);
    public Task<Commit?> ReadCommitAsync(string aggregateId, long version, CancellationToken cancellationToken) => inner.ReadCommitAsync(aggregateId, version, cancellationToken);
    public Task<RawItem?> ReadRawItemAsync(string aggregateId, string version, CancellationToken cancellationToken) => inner.ReadRawItemAsync(aggregateId, version, cancellationToken);

    // The user is read when enumeration starts (in the circuit's or the request's context), and the
    // place is released in the iterator's finally: DisposeAsync runs it however the caller stops.
    private async IAsyncEnumerable<T> Limited<T>(Func<CancellationToken, IAsyncEnumerable<T>> read, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var key = ScanPlace.Take(quota, user, telemetry);
        try
        {
            await foreach (var item in read(cancellationToken).WithCancellation(cancellationToken)) yield return item;
        }
        finally
        {
            quota.Quota.Release(key);
        }
    }
}
