using EventExplorer.Data;
using EventExplorer.Data.Model;
using EventExplorer.Web.Model.Loading;

namespace EventExplorer.Web.Model.Snapshots;

/// <summary>What reading one snapshot found (null: none under this id).</summary>
public sealed record SnapshotData(Snapshot? Snapshot);

/// <summary>State of one snapshot's page.</summary>
public sealed class SnapshotViewModel(ISnapshotStore store) : IDisposable
{
    public LatestLoad Load { get; } = new();

    public string SnapshotId { get; private set; } = "";
    public SnapshotData? Data { get; private set; }
    public Snapshot? Snapshot => Data?.Snapshot;

    /// <summary>True once a read finished and found nothing under this id.</summary>
    public bool NotFound => Data is { Snapshot: null };

    public string AggregateUrl => ExplorerUrls.Timeline(SnapshotId);

    public string CompareUrl => ExplorerUrls.SnapshotDiff(left: SnapshotId);

    public string PrefixSearchUrl => ExplorerUrls.Snapshots(prefix: SnapshotId);

    public async Task LoadAsync(string id)
    {
        if (Data is not null && id == SnapshotId && Load.Error is null) return;
        SnapshotId = id;
        Data = null;
        await Load.RunAsync(async ct => Data = new SnapshotData(await store.GetAsync(id, ct)));
    }

    public void Restore(string id, Prerendered<SnapshotData> handed)
    {
        SnapshotId = id;
        Data = handed.Data;
        if (handed.Error is { } error) Load.Fail(error);
    }

    public Prerendered<SnapshotData>? Handover() => HandOver.IfSmall(ExplorerUrls.Snapshot(SnapshotId), Data, Load.Error);

    public Task RetryAsync()
    {
        Data = null;
        return LoadAsync(SnapshotId);
    }

    public void Dispose() => Load.Dispose();
}
