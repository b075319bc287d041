using EventExplorer.Data;
using EventExplorer.Data.Errors;
using EventExplorer.Data.Model;

namespace EventExplorer.Web.Model;

/// <summary>
/// State of the snapshot list: one page of a (prefix) scan at a cursor taken from the URL. A scan
/// reads the whole table, so it can be cancelled, and the page says how much it read to find what it shows.
/// </summary>
public sealed class SnapshotListViewModel(ISnapshotStore store) : IDisposable
{
    public const int PageSize = 50;

    public LatestLoad Load { get; } = new();

    public string? Prefix { get; private set; }
    public string? Cursor { get; private set; }
    public ScanPage<SnapshotSummary>? Page { get; private set; }

    /// <summary>True when the user stopped the scan (as opposed to a newer load replacing it).</summary>
    public bool Cancelled { get; private set; }

    /// <summary>The text in the search box; the URL changes only when the user searches.</summary>
    public string SearchText { get; set; } = "";

    public bool IsFirstPage => Cursor is null;

    public bool CursorRejected => Load.Error is InvalidCursorException;

    public string? NextPageUrl => Page?.Next is { } next ? ExplorerUrls.Snapshots(Prefix, next) : null;

    public string FirstPageUrl => ExplorerUrls.Snapshots(Prefix);

    /// <summary>The URL this state came from (to run the same scan again).</summary>
    public string CurrentUrl => ExplorerUrls.Snapshots(Prefix, Cursor);

    /// <summary>Where the search box leads: a prefix scan, or the whole table when empty.</summary>
    public string SearchUrl => ExplorerUrls.Snapshots(Normalize(SearchText));

    /// <summary>Where "open" leads: the snapshot with exactly this id (one GetItem, no scan).</summary>
    public string? OpenUrl => string.IsNullOrEmpty(SearchText) ? null : ExplorerUrls.Snapshot(SearchText);

    /// <summary>Loads the page for this URL state; a newer load cancels the older one.</summary>
    public async Task LoadAsync(string? prefix, string? cursor)
    {
        Prefix = Normalize(prefix);
        Cursor = string.IsNullOrEmpty(cursor) ? null : cursor;
        SearchText = Prefix ?? "";
        Page = null;
        Cancelled = false;
        ScanPage<SnapshotSummary>? page = null;
        var query = new ScanQuery { Prefix = Prefix, Cursor = Cursor, PageSize = PageSize };
        if (await Load.RunAsync(async ct => page = await store.ScanAsync(query, ct))) Page = page;
    }

    public Task RetryAsync() => LoadAsync(Prefix, Cursor);

    /// <summary>Stops the scan in flight; what the user typed stays.</summary>
    public void Cancel()
    {
        if (!Load.IsLoading) return;
        Load.Cancel();
        Cancelled = true;
    }

    public void Dispose() => Load.Dispose();

    // An empty box means "everything"; DynamoDB's begins_with is case-sensitive, so no other change.
    private static string? Normalize(string? prefix) => string.IsNullOrEmpty(prefix) ? null : prefix;
}
