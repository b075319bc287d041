using EventExplorer.Data.Model;

namespace EventExplorer.Data;

/// <summary>The snapshot table: the latest JSON state per snapshot id.</summary>
public interface ISnapshotStore
{
    /// <summary>Consistent GetItem; null when absent.</summary>
    Task<Snapshot?> GetAsync(string snapshotId, CancellationToken cancellationToken);

    /// <summary>List or prefix search over the whole snapshot table (paged Scan).</summary>
    Task<ScanPage<SnapshotSummary>> ScanAsync(ScanQuery query, CancellationToken cancellationToken);

    /// <summary>Unconditional put, as dynamodb-snapshot-store's store(): createdAt = now. Refused in read-only mode.</summary>
    Task<Snapshot> StoreAsync(string snapshotId, string stateJson, CancellationToken cancellationToken);
}
