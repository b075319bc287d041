using EventExplorer.Data.Model;
using EventExplorer.Web.Model.Loading;
using EventExplorer.Web.Model.Urls;

namespace EventExplorer.Web.Model.CommitList;

/// <summary>
/// What a paged list of commits (an aggregate's timeline, the global feed) shares: its state as the URL
/// says it, the latest load, the commits opened, and every link a page of it offers (paging, page size,
/// order, time travel, reading on where a filtered read stopped).
/// </summary>
/// <typeparam name="TState">The list's state record.</typeparam>
public abstract class CommitListViewModel<TState> : IDisposable
    where TState : CommitListState<TState>
{
    /// <summary>Opened commits by table key: commit ids may repeat in data other programs wrote.</summary>
    protected HashSet<string> Expanded { get; } = new(StringComparer.Ordinal);

    protected CommitListViewModel(TState state) => State = state;

    public LatestLoad Load { get; } = new();

    public TState State { get; protected set; }

    /// <summary>What was wrong with the link (each value was replaced by its default).</summary>
    public IReadOnlyList<string> LinkProblems { get; protected set; } = [];

    /// <summary>The store's link to the older page of what is shown; null at the oldest or before the page is read.</summary>
    protected abstract PageLink? OlderLink { get; }

    /// <summary>The store's link to the newer page; null at the newest or before the page is read.</summary>
    protected abstract PageLink? NewerLink { get; }

    /// <summary>The rows shown, with markers where commits are missing; a linked commit is a target.</summary>
    public abstract IReadOnlyList<CommitRow> Rows { get; }

    /// <summary>Reads the page <paramref name="state"/> asks for; <paramref name="problems"/> are what was wrong with its link.</summary>
    public abstract Task LoadAsync(TState state, IReadOnlyList<string> problems);

    /// <summary>True once a page is read.</summary>
    protected abstract bool HasPage { get; }

    /// <summary>What a filtered page read to fill itself; null when nothing is filtered.</summary>
    public abstract FilteredRead? Filtered { get; }

    /// <summary>Where a time-travel link (<c>at=</c>) landed; null for other links.</summary>
    public abstract TimeTravelResult? TimeTravel { get; }

    public bool IsNewestPage => HasPage && NewerLink is null;

    /// <summary>True when the page shows the newest view, so a "Newest" link would lead nowhere else.</summary>
    public virtual bool IsNewestView => IsNewestPage;
    public bool IsOldestPage => HasPage && OlderLink is null;

    // Paging keeps page size, filter and order.
    public string NewestUrl => State.At(PagePosition.Newest).ToUrl();
    public string OldestUrl => State.At(PagePosition.Oldest).ToUrl();
    public string? OlderUrl => OlderLink is { } link ? State.At(PagePosition.Of(link)).ToUrl() : null;
    public string? NewerUrl => NewerLink is { } link ? State.At(PagePosition.Of(link)).ToUrl() : null;

    /// <summary>The link that reads on from where a filtered read stopped at its budget; null when it did not stop.</summary>
    public string? ReadFurtherUrl => Filtered is { StoppedByBudget: true } ? State.Position.Onward(OlderUrl, NewerUrl) : null;

    /// <summary>Plain positions stay valid for another page size, so the page keeps its place.</summary>
    public string PageSizeUrl(int size) => (State with { PageSize = size }).ToUrl();

    public string OrderUrl(bool oldestFirst) => (State with { OldestFirst = oldestFirst }).ToUrl();

    /// <summary>The page that starts at the first commit at or after <paramref name="at"/>.</summary>
    public string TimeTravelUrl(DateTimeOffset at) => State.TravelTo(at).ToUrl();

    public bool IsExpanded(Commit commit) => Expanded.Contains(commit.Key);

    public void ToggleExpanded(Commit commit)
    {
        if (!Expanded.Remove(commit.Key)) Expanded.Add(commit.Key);
    }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing) Load.Dispose();
    }
}
