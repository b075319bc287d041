using EventExplorer.Data;
using EventExplorer.Data.Errors;
using EventExplorer.Data.Model;
using EventExplorer.Web.Model.CommitList;
using EventExplorer.Web.Model.Json;
using EventExplorer.Web.Model.Loading;
using EventExplorer.Web.Model.Urls;

namespace EventExplorer.Web.Model.Feed;

/// <summary>
/// State of the global feed (/feed): one page of all commits in commit-id order, gap markers
/// (layout A), and the live tail that adds commits as they arrive while it is on. The tail is the instance's
/// one poller (<see cref="SharedFeedTail"/>): this tab reads its own gap once, then takes the shared polls'
/// commits through its filter.
/// </summary>
public sealed class FeedViewModel(IEventStoreReader reader, IEventStoreSearch search, TimeProvider time, SharedFeedTail shared,
    ILogger<FeedViewModel>? logger = null)
    : CommitListViewModel<FeedState>(new FeedState())
{
    /// <summary>The live tail keeps at most this many rows; the oldest drop off.</summary>
    public const int MaxLiveRows = 500;

    /// <summary>A commit stays highlighted as "new" for this many polls after it arrived.</summary>
    public const int HighlightPolls = 4;

    public static readonly TimeSpan PollInterval = SharedFeedTail.PollInterval;

    // Rows are keyed by the commit's table key: commit ids may repeat in data other programs wrote.
    private readonly List<Commit> _items = [];
    private readonly List<SequenceGap> _gaps = [];
    private readonly HashSet<string> _shown = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _arrivedInPoll = new(StringComparer.Ordinal);
    private CancellationTokenSource? _tail;

    private FeedTail? _feedTail;

    /// <summary>The newest commit the tail delivered (filtered or not): where this tab's own catch-up starts.</summary>
    private Commit? _newestSeen;

    /// <summary>On a filtered latest page: the newest commit of the whole feed when the page was read, where a tail starts.</summary>
    private Commit? _head;
    private int _polls;

    private TimeTravelResult? _timeTravel;

    public FeedPage? Page { get; private set; }
    public StoreDescription? Store { get; private set; }

    public override TimeTravelResult? TimeTravel => _timeTravel;

    public override FilteredRead? Filtered => Page?.Filtered;

    protected override PageLink? OlderLink => Page?.Older;
    protected override PageLink? NewerLink => Page?.Newer;
    protected override bool HasPage => Page is not null;

    /// <summary>A page from a commit id can hold the newest commits and still not be the latest view (it starts elsewhere).</summary>
    public override bool IsNewestView => IsNewestPage && State.Position.Kind == PositionKind.Newest;

    /// <summary>True while the tail runs (polls for new commits).</summary>
    public bool IsLive { get; private set; }

    /// <summary>The last tail poll's failure (the tail keeps trying); null when the last poll worked.</summary>
    public string? TailProblem { get; private set; }
    public DateTimeOffset? LastPolledAt { get; private set; }

    /// <summary>The latest tail's loop: it ends when the tail stops and keeps its own failures (it never faults).</summary>
    public Task TailRun { get; private set; } = Task.CompletedTask;

    /// <summary>Raised after the tail changed something; the page re-renders through InvokeAsync.</summary>
    public event Func<Task>? Changed;


    /// <summary>Loaded commits in commit-id order (oldest first).</summary>
    public IReadOnlyList<Commit> Items => _items;

    public IReadOnlyList<SequenceGap> Gaps => _gaps;

    /// <summary>The rows in display order, with gap markers between the commits they separate.</summary>
    public override IReadOnlyList<CommitRow> Rows
    {
        get
        {
            var gapsByAfter = _gaps.GroupBy(g => g.After).ToDictionary(g => g.Key, g => g.First());
            var rows = new List<CommitRow>(_items.Count + _gaps.Count);
            for (var i = 0; i < _items.Count; i++)
            {
                var commit = _items[i];
                rows.Add(new CommitRow(commit, null, IsTarget(commit, i), IsArrived(commit)));
                // A gap follows the last commit of its id (commit ids can repeat).
                var last = i + 1 == _items.Count || _items[i + 1].CommitId?.Number != commit.CommitId?.Number;
                if (last && commit.CommitId?.Number is { } n && gapsByAfter.TryGetValue(n, out var gap)) rows.Add(new CommitRow(null, gap));
            }
            if (!State.OldestFirst) rows.Reverse();
            return rows;
        }
    }

    /// <summary>Reads the page <paramref name="state"/> asks for; a change of the live switch alone keeps the rows.</summary>
    public override async Task LoadAsync(FeedState state, IReadOnlyList<string> problems)
    {
        if (Page is not null && Load.Error is null && state.ReadsSameAs(State))
        {
            State = state;
            LinkProblems = problems;
            return;
        }
        StopTail();
        State = state;
        LinkProblems = problems;
        Page = null;
        _timeTravel = null;
        _head = null;
        _newestSeen = null;
        _items.Clear();
        _gaps.Clear();
        _shown.Clear();
        _arrivedInPoll.Clear();
        Expanded.Clear();
        await Load.RunAsync(async cancellationToken =>
        {
            var describe = reader.DescribeAsync(cancellationToken);
            var page = FeedPageReads.ReadPageAsync(reader, search, state, cancellationToken);
            var head = FeedPageReads.ReadHeadAsync(reader, state, cancellationToken);
            await Task.WhenAll(describe, page, head);
            cancellationToken.ThrowIfCancellationRequested();
            var (read, travel) = await page;
            _head = await head;
            Show(await describe, read, travel);
        });
    }

    public void Restore(FeedState state, IReadOnlyList<string> problems, Prerendered<FeedData> handed)
    {
        State = state;
        LinkProblems = problems;
        if (handed.Data is { } data)
        {
            _head = data.Head;
            Show(data.Store, data.Page, data.TimeTravel);
        }
        if (handed.Error is { } error) Load.Fail(error);
    }

    public Prerendered<FeedData>? Handover() =>
        HandOver.IfSmall(State.ToUrl(), Page is not null && Store is not null ? new FeedData(Store, Page, TimeTravel, _head) : null, Load.Error);

    public Task RetryAsync() => LoadAsync(State, LinkProblems);

    /// <summary>
    /// Starts or stops the tail as the URL asks (only on the latest page). Called by the interactive
    /// page, never while prerendering: the tail runs in the circuit.
    /// </summary>
    public void FollowLiveSwitch()
    {
        if (State.Live && IsNewestPage && Load.Error is null) StartTail();
        else if (!State.Live) StopTail();
    }

    /// <summary>
    /// One poll of the tail (<see cref="FeedTail"/>, which also catches commits that become visible
    /// late): appends the commits not shown yet. Returns how many arrived. Failures are kept in
    /// <see cref="TailProblem"/>; the next poll tries again.
    /// </summary>
    public async Task<int> PollOnceAsync(CancellationToken cancellationToken)
    {
        // Continues from the rows shown: they are not delivered again, and a commit that becomes
        // visible late (its id below the newest row) still arrives.
        _feedTail ??= FeedTail.Following(reader, Position());
        IReadOnlyList<Commit> fresh;
        try
        {
            fresh = await _feedTail.PollAsync(cancellationToken);
            TailProblem = null;
        }
        catch (EventStoreException e)
        {
            TailProblem = e.Message;
            return 0;
        }
        finally
        {
            LastPolledAt = time.GetUtcNow();
        }
        return Arrive(fresh, floor: null);
    }

    /// <summary>One poll's commits: those the filter keeps and not shown yet become rows (at or above <paramref name="floor"/>).</summary>
    private int Arrive(IReadOnlyList<Commit> fresh, CommitId? floor)
    {
        _polls++;
        var count = 0;
        foreach (var commit in fresh)
        {
            if (commit.CommitId is { } id && (_newestSeen?.CommitId is not { } newest || id > newest)) _newestSeen = commit;
            if (floor is { } lowest && commit.CommitId is { } below && below < lowest) continue;
            // The tail reads every new commit (it must, to know where it is) and keeps the filter's.
            if (State.Filter is { } filter && !filter.Matches(commit)) continue;
            if (!_shown.Add(commit.Key)) continue;
            // Arrivals take their place in commit-id order: a late-visible commit is not listed last.
            var at = _items.FindLastIndex(c => Compare(c, commit) <= 0) + 1;
            _items.Insert(at, commit);
            _arrivedInPoll[commit.Key] = _polls;
            count++;
        }
        if (_items.Count > MaxLiveRows)
        {
            foreach (var dropped in _items.Take(_items.Count - MaxLiveRows)) _shown.Remove(dropped.Key);
            _items.RemoveRange(0, _items.Count - MaxLiveRows);
        }
        // Gaps follow the rows: a commit that filled one is no longer reported missing.
        if (count > 0) RecomputeGaps();
        return count;
    }

    /// <summary>Where this tab is: the rows shown, the feed's head when the page was read and the newest commit delivered since.</summary>
    private IEnumerable<Commit> Position()
    {
        IEnumerable<Commit> position = _items;
        if (_head is { } head) position = position.Append(head);
        if (_newestSeen is { } newest) position = position.Append(newest);
        return position;
    }

    /// <summary>True for a commit that came in through the tail during the last few polls.</summary>
    public bool IsArrived(Commit commit) => _arrivedInPoll.TryGetValue(commit.Key, out var poll) && _polls - poll < HighlightPolls;

    public string FromUrl(string commitId) => State.At(PagePosition.From(commitId)).ToUrl();

    /// <summary>The view with another filter (a page link is dropped: see <see cref="FeedState.Filtered"/>).</summary>
    public string FilterUrl(string? eventType, string? prefix) => State.Filtered(eventType, prefix).ToUrl();

    /// <summary>A payload search over the feed.</summary>
    public string SearchUrl => ExplorerUrls.Search();

    /// <summary>
    /// A download of the feed with the current filter: from the first commit shown (or the time gone to)
    /// on, in replay order, as far as the export's own budget reads.
    /// </summary>
    public string ExportUrl(string format) => ExplorerUrls.ExportFeed(
        fromCommitId: State.TravelTime is null ? _items.FirstOrDefault()?.CommitId?.Text : null,
        format: format, eventType: State.EventType, aggregatePrefix: State.Prefix, since: State.TravelTime);

    /// <summary>The current view with the live switch on or off (pause/resume is part of the URL).</summary>
    public string LiveUrl(bool live) => (State with { Live = live }).ToUrl();

    /// <summary>The latest commits with the tail on (from any page).</summary>
    public string FollowLiveUrl => (State.At(PagePosition.Newest) with { Live = true }).ToUrl();

    public string? PermalinkUrl(Commit commit) => commit.CommitId is { } id ? State.Open(id.Text).ToUrl() : null;

    /// <summary>The loaded slice as JSON in replay (commit-id) order.</summary>
    public string ExportJson() => CommitExport.ToJson(_items);

    public string ExportFileName => CommitExport.FileName("feed", _items.FirstOrDefault()?.CommitId, _items.LastOrDefault()?.CommitId);

    protected override void Dispose(bool disposing)
    {
        if (disposing) StopTail();
        base.Dispose(disposing);
    }

    /// <summary>Commit-id order as the index keeps it; the table key breaks ties between repeated ids.</summary>
    private static int Compare(Commit a, Commit b)
    {
        if (a.CommitId is { } x && b.CommitId is { } y && x.CompareTo(y) is var byId and not 0) return byId;
        return string.CompareOrdinal(a.Key, b.Key);
    }

    private void RecomputeGaps()
    {
        _gaps.Clear();
        // Commits the filter left out are not missing.
        if (State.IsFiltered) return;
        for (var i = 1; i < _items.Count; i++)
        {
            if (_items[i - 1].CommitId?.Number is { } a && _items[i].CommitId?.Number is { } b && b - a > 1) _gaps.Add(new SequenceGap(a, b));
        }
    }

    private void Show(StoreDescription store, FeedPage page, TimeTravelResult? travel)
    {
        Store = store;
        Page = page;
        _timeTravel = travel;
        foreach (var commit in page.Items)
        {
            if (_shown.Add(commit.Key)) _items.Add(commit);
        }
        _gaps.AddRange(page.Gaps);
        if (State.Expand is { } open)
        {
            foreach (var commit in _items.Where(c => c.CommitId?.Text == open)) Expanded.Add(commit.Key);
        }
    }

    /// <summary>The commit a link points at: the permalink's, or the first one of a jump.</summary>
    private bool IsTarget(Commit commit, int index) =>
        State.Expand is { } open ? commit.CommitId?.Text == open
        : TimeTravel?.Commit is { } landed ? commit.Key == landed.Key
        : State.Position.Kind == PositionKind.From && index == 0;

    private void StartTail()
    {
        if (IsLive) return;
        IsLive = true;
        TailProblem = null;
        _tail = new CancellationTokenSource();
        TailRun = RunSharedTailAsync(shared, _tail.Token);
    }

    /// <summary>
    /// The live tail on the instance's shared poller: joins it, reads this tab's own gap once (from the rows
    /// shown), then applies each shared poll through this tab's filter. Fallen behind (its queue overflowed),
    /// it drops what is queued and catches up from its own position again.
    /// </summary>
    private async Task RunSharedTailAsync(SharedFeedTail tail, CancellationToken cancellationToken)
    {
        try
        {
            using var subscription = await tail.SubscribeAsync(cancellationToken);
            // Nothing below the oldest row shown is news (as with FeedTail.Following).
            var floor = Position().Select(c => c.CommitId).Where(id => id is not null).Min();
            await CatchUpAsync(cancellationToken);
            if (Changed is { } caughtUp) await caughtUp();
            while (await subscription.Updates.WaitToReadAsync(cancellationToken))
            {
                try
                {
                    if (subscription.TakeFellBehind())
                    {
                        while (subscription.Updates.TryRead(out _))
                        {
                        }
                        await CatchUpAsync(cancellationToken);
                    }
                    else if (subscription.Updates.TryRead(out var update))
                    {
                        TailProblem = update.Problem;
                        LastPolledAt = update.PolledAt;
                        Arrive(update.Commits, floor);
                    }
                }
                catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is not ObjectDisposedException)
                {
                    TailProblem = "an unexpected error occurred (" + e.GetType().Name + "); see the application log.";
                    logger?.LogError(e, "A live tail update failed unexpectedly; the tail goes on.");
                }
                if (Changed is { } changed) await changed();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (ObjectDisposedException)
        {
        }
        catch (Exception e)
        {
            TailProblem = "the live tail stopped after an unexpected error (" + e.GetType().Name + "); see the application log.";
            IsLive = false;
            logger?.LogError(e, "The live tail stopped unexpectedly.");
        }
    }

    /// <summary>This tab's own read from its position to now (once): a fresh tail following what it shows.</summary>
    private async Task CatchUpAsync(CancellationToken cancellationToken)
    {
        _feedTail = null;
        await PollOnceAsync(cancellationToken);
        _feedTail = null;
    }

    private void StopTail()
    {
        _tail?.Cancel();
        _tail = null;
        // The next resume starts a fresh tail from the newest row shown.
        _feedTail = null;
        IsLive = false;
    }
}

/// <summary>What one feed page read (handed from the prerendered page to the interactive one).</summary>
/// <param name="Head">On a filtered latest page, the newest commit of the whole feed (where a live tail starts).</param>
public sealed record FeedData(StoreDescription Store, FeedPage Page, TimeTravelResult? TimeTravel = null, Commit? Head = null);
