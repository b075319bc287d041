using EventExplorer.Data;
using EventExplorer.Data.Model;

namespace EventExplorer.Web.Model;

/// <summary>State of one snapshot's page.</summary>
public sealed class SnapshotViewModel(ISnapshotStore store) : IDisposable
{
    public LatestLoad Load { get; } = new();

    public string SnapshotId { get; private set; } = "";
    public Snapshot? Snapshot { get; private set; }

    /// <summary>True once a read finished and found nothing under this id.</summary>
    public bool NotFound { get; private set; }

    public string AggregateUrl => ExplorerUrls.Aggregate(SnapshotId);

    public string CompareUrl => ExplorerUrls.SnapshotDiff(left: SnapshotId);

    public string PrefixSearchUrl => ExplorerUrls.Snapshots(prefix: SnapshotId);

    public async Task LoadAsync(string snapshotId)
    {
        SnapshotId = snapshotId;
        Snapshot = null;
        NotFound = false;
        Snapshot? found = null;
        if (await Load.RunAsync(async ct => found = await store.GetAsync(snapshotId, ct)))
        {
            Snapshot = found;
            NotFound = found is null;
        }
    }

    public Task RetryAsync() => LoadAsync(SnapshotId);

    public void Dispose() => Load.Dispose();
}
