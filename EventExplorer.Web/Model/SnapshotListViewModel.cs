using EventExplorer.Data;
using EventExplorer.Data.Errors;
using EventExplorer.Data.Model;

namespace EventExplorer.Web.Model;

/// <summary>
/// State of the snapshot list: one page of a (prefix) scan at a cursor taken from the URL. A scan
/// reads the whole table, so it can be cancelled, and the page says how much it read to find what it shows.
/// </summary>
public sealed class SnapshotListViewModel(ISnapshotStore store)
{
    public const int PageSize = 50;

    private CancellationTokenSource? _load;

    public string? Prefix { get; private set; }
    public string? Cursor { get; private set; }
    public ScanPage<SnapshotSummary>? Page { get; private set; }
    public bool Loading { get; private set; }
    public bool Cancelled { get; private set; }
    public string? Error { get; private set; }

    /// <summary>True when the cursor came from a link and the store rejected it.</summary>
    public bool CursorRejected { get; private set; }

    /// <summary>The text in the search box; the URL changes only when the user searches.</summary>
    public string SearchText { get; set; } = "";

    public bool IsFirstPage => Cursor is null;

    public string? NextPageUrl => Page?.Next is { } next ? ExplorerUrls.Snapshots(Prefix, next) : null;

    public string FirstPageUrl => ExplorerUrls.Snapshots(Prefix);

    /// <summary>Where the search box leads: a prefix scan, or the whole table when empty.</summary>
    public string SearchUrl => ExplorerUrls.Snapshots(Normalize(SearchText));

    /// <summary>Where "open" leads: the snapshot with exactly this id (one GetItem, no scan).</summary>
    public string? OpenUrl => string.IsNullOrEmpty(SearchText) ? null : ExplorerUrls.Snapshot(SearchText);

    /// <summary>Loads the page for this URL state; a newer load cancels the older one.</summary>
    public async Task LoadAsync(string? prefix, string? cursor, CancellationToken cancellationToken)
    {
        _load?.Cancel();
        using var load = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _load = load;

        Prefix = Normalize(prefix);
        Cursor = string.IsNullOrEmpty(cursor) ? null : cursor;
        SearchText = Prefix ?? "";
        Page = null;
        Error = null;
        Cancelled = false;
        CursorRejected = false;
        Loading = true;
        try
        {
            var page = await store.ScanAsync(new ScanQuery { Prefix = Prefix, Cursor = Cursor, PageSize = PageSize }, load.Token);
            if (ReferenceEquals(_load, load)) Page = page;
        }
        catch (OperationCanceledException) when (load.IsCancellationRequested)
        {
            if (ReferenceEquals(_load, load)) Cancelled = true;
        }
        catch (EventStoreException error)
        {
            if (!ReferenceEquals(_load, load)) return;
            Error = error.Message;
            CursorRejected = error is InvalidCursorException;
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

    /// <summary>Stops the scan in flight; what the user typed stays.</summary>
    public void Cancel() => _load?.Cancel();

    // An empty box means "everything"; DynamoDB's begins_with is case-sensitive, so no other change.
    private static string? Normalize(string? prefix) => string.IsNullOrEmpty(prefix) ? null : prefix;
}
