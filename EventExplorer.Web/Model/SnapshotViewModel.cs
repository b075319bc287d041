using EventExplorer.Data;
using EventExplorer.Data.Errors;
using EventExplorer.Data.Model;

namespace EventExplorer.Web.Model;

/// <summary>State of one snapshot's page.</summary>
public sealed class SnapshotViewModel(ISnapshotStore store)
{
    private CancellationTokenSource? _load;

    public string SnapshotId { get; private set; } = "";
    public Snapshot? Snapshot { get; private set; }
    public bool Loading { get; private set; }
    public bool NotFound { get; private set; }
    public string? Error { get; private set; }

    public string AggregateUrl => ExplorerUrls.Aggregate(SnapshotId);

    public string CompareUrl => ExplorerUrls.SnapshotDiff(left: SnapshotId);

    public async Task LoadAsync(string snapshotId, CancellationToken cancellationToken)
    {
        _load?.Cancel();
        using var load = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _load = load;

        SnapshotId = snapshotId;
        Snapshot = null;
        NotFound = false;
        Error = null;
        Loading = true;
        try
        {
            var snapshot = await store.GetAsync(snapshotId, load.Token);
            if (!ReferenceEquals(_load, load)) return;
            Snapshot = snapshot;
            NotFound = snapshot is null;
        }
        catch (OperationCanceledException) when (load.IsCancellationRequested)
        {
        }
        catch (EventStoreException error)
        {
            if (ReferenceEquals(_load, load)) Error = error.Message;
        }
        finally
        {
            if (ReferenceEquals(_load, load))
            {
                Loading = false;
                _load = null;
            }
        }
    }
}
