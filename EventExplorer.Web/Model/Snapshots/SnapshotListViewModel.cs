using EventExplorer.Data;
using EventExplorer.Data.Model;
using EventExplorer.Web.Model.Loading;

namespace EventExplorer.Web.Model.Snapshots;

/// <summary>
/// State of the snapshot list: one page of a (prefix) scan at the URL's cursor. A scan reads the whole
/// table, so it can be cancelled, and the page says how much it read to find what it shows.
/// </summary>
public sealed class SnapshotListViewModel(ISnapshotStore store) : IDisposable
{
    public const int PageSize = 50;

    public LatestLoad Load { get; } = new();

    public SnapshotListState State { get; private set; } = new();
    public ScanPage<SnapshotSummary>? Page { get; private set; }

    /// <summary>True when the user stopped the scan (as opposed to a newer load replacing it).</summary>
    public bool Cancelled { get; private set; }

    /// <summary>The text in the search box; the URL changes only when the user searches.</summary>
    public string SearchText { get; set; } = "";

    public bool IsFirstPage => State.Cursor is null;

    public string? NextPageUrl => Page?.Next is { } next ? (State with { Cursor = next }).ToUrl() : null;

    public string FirstPageUrl => (State with { Cursor = null }).ToUrl();

    /// <summary>Where the search box leads: a prefix scan, or the whole table when empty.</summary>
    public string SearchUrl => new SnapshotListState { Prefix = string.IsNullOrEmpty(SearchText) ? null : SearchText }.ToUrl();

    /// <summary>Where "open" leads: the snapshot with exactly this id (one GetItem, no scan); spaces around it are dropped.</summary>
    public string? OpenUrl => string.IsNullOrWhiteSpace(SearchText) ? null : ExplorerUrls.Snapshot(SearchText.Trim());

    public async Task LoadAsync(SnapshotListState state)
    {
        if (Page is not null && state == State && Load.Error is null) return;
        await ReadAsync(state);
    }

    public void Restore(SnapshotListState state, Prerendered<ScanPage<SnapshotSummary>> handed)
    {
        State = state;
        SearchText = State.Prefix ?? "";
        Page = handed.Data;
        if (handed.Error is { } error) Load.Fail(error);
    }

    public Prerendered<ScanPage<SnapshotSummary>> Handover() => new(State.ToUrl(), Page, Load.Error);

    /// <summary>Runs the shown scan again (Retry, or searching for what is already shown).</summary>
    public Task RetryAsync() => ReadAsync(State);

    /// <summary>Stops the scan in flight; what the user typed stays.</summary>
    public void Cancel()
    {
        if (!Load.IsLoading) return;
        Load.Cancel();
        Cancelled = true;
    }

    public void Dispose() => Load.Dispose();

    private async Task ReadAsync(SnapshotListState state)
    {
        State = state;
        SearchText = state.Prefix ?? "";
        Page = null;
        Cancelled = false;
        ScanPage<SnapshotSummary>? page = null;
        var query = new ScanQuery { Prefix = state.Prefix, Cursor = state.Cursor, PageSize = PageSize };
        if (await Load.RunAsync(async ct => page = await store.ScanAsync(query, ct))) Page = page;
    }
}
