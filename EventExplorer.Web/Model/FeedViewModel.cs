using EventExplorer.Data;
using EventExplorer.Data.Model;

namespace EventExplorer.Web.Model;

/// <summary>What a feed URL asks for, as raw (untrusted) query values.</summary>
public sealed record FeedRequest
{
    public string? FromCommitId { get; init; }
    public string? Cursor { get; init; }
    public string? Start { get; init; }
    public string? PageSize { get; init; }
    public string? Live { get; init; }
    public string? Order { get; init; }
}

/// <summary>One line of the feed as shown: a commit, or a marker for commit ids that are missing before the next line.</summary>
public sealed record FeedRow(Commit? Commit, CommitIdGap? Gap, bool Arrived);

/// <summary>
/// State of the global feed page (/feed): one page of all commits in commit-id order, gap markers
/// (layout A), and the live tail that appends commits as they arrive while it is not paused.
/// </summary>
public sealed class FeedViewModel(IEventStoreReader reader) : IDisposable
{
    public const int DefaultPageSize = 50;

    /// <summary>The live tail keeps at most this many rows; the oldest drop off.</summary>
    public const int MaxLiveRows = 500;

    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1.5);

    private readonly List<Commit> _items = [];
    private readonly List<CommitIdGap> _gaps = [];
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _arrivedInPoll = new(StringComparer.Ordinal);
    private readonly HashSet<string> _expanded = new(StringComparer.Ordinal);
    private FeedRequest? _request;
    private CancellationTokenSource? _tail;
    private FeedTail? _feedTail;
    private int _polls;

    /// <summary>A commit stays highlighted as "new" for this many polls after it arrived.</summary>
    public const int HighlightPolls = 4;

    public LatestLoad Load { get; } = new();

    public int PageSize { get; private set; } = DefaultPageSize;
    public string? FromCommitId { get; private set; }
    public string? Cursor { get; private set; }
    public bool Oldest { get; private set; }
    public bool OldestFirst { get; private set; }
    public IReadOnlyList<string> LinkProblems { get; private set; } = [];
    public FeedPage? Page { get; private set; }

    /// <summary>True when the tail is running (polling for new commits).</summary>
    public bool IsLive { get; private set; }

    /// <summary>The tail can only run on the latest page: elsewhere new commits would not be adjacent.</summary>
    public bool IsLatestPage => Page is not null && Page.Newer is null;

    /// <summary>The last tail poll's failure (the tail keeps trying); null when the last poll worked.</summary>
    public string? TailProblem { get; private set; }
    public DateTimeOffset? LastPolledAt { get; private set; }

    /// <summary>Raised after the tail changed something; the page re-renders through InvokeAsync.</summary>
    public event Func<Task>? Changed;

    /// <summary>Loaded commits in commit-id order (oldest first).</summary>
    public IReadOnlyList<Commit> Items => _items;

    public IReadOnlyList<CommitIdGap> Gaps => _gaps;

    /// <summary>The rows in display order, with gap markers between the commits they separate.</summary>
    public IReadOnlyList<FeedRow> Rows
    {
        get
        {
            var gapsByAfter = _gaps.GroupBy(g => g.After).ToDictionary(g => g.Key, g => g.First());
            var rows = new List<FeedRow>(_items.Count + _gaps.Count);
            foreach (var commit in _items)
            {
                rows.Add(new FeedRow(commit, null, IsArrived(commit)));
                if (commit.CommitNumber is { } n && gapsByAfter.TryGetValue(n, out var gap))
                    rows.Add(new FeedRow(null, gap, false));
            }
            if (!OldestFirst) rows.Reverse();
            return rows;
        }
    }

    public async Task LoadAsync(FeedRequest request)
    {
        if (_request is not null && Page is not null && SamePosition(_request, request))
        {
            // Only "live" changed (pause/resume writes it to the URL): keep the rows.
            _request = request;
            SetLive(request.Live == "1");
            return;
        }
        _request = request;
        StopTail();
        var problems = new List<string>();
        PageSize = QueryValues.PageSize(request.PageSize, DefaultPageSize, problems);
        Oldest = QueryValues.Oldest(request.Start, problems);
        OldestFirst = QueryValues.OldestFirst(request.Order, problems);
        FromCommitId = string.IsNullOrWhiteSpace(request.FromCommitId) ? null : request.FromCommitId.Trim();
        Cursor = string.IsNullOrEmpty(request.Cursor) ? null : request.Cursor;
        LinkProblems = problems;
        Page = null;
        _items.Clear();
        _gaps.Clear();
        _seen.Clear();
        _arrivedInPoll.Clear();
        _expanded.Clear();
        _feedTail = null;
        var loaded = await Load.RunAsync(async cancellationToken =>
        {
            var page = await reader.ReadFeedAsync(new FeedQuery
            {
                PageSize = PageSize,
                Order = ReadOrder.OldestFirst,
                Cursor = Cursor,
                FromCommitId = Cursor is null ? FromCommitId : null,
                FromOldest = Cursor is null && FromCommitId is null && Oldest,
            }, cancellationToken);
            cancellationToken.ThrowIfCancellationRequested();
            Page = page;
            foreach (var commit in page.Items) Remember(commit);
            _items.AddRange(page.Items);
            _gaps.AddRange(page.Gaps);
        });
        if (loaded) SetLive(request.Live == "1");
    }

    public Task RetryAsync()
    {
        var request = _request;
        _request = null;
        return request is null ? Task.CompletedTask : LoadAsync(request);
    }

    /// <summary>Starts or pauses the tail. Starting is refused (false) away from the latest page.</summary>
    public bool SetLive(bool live)
    {
        if (!live)
        {
            StopTail();
            return true;
        }
        if (!IsLatestPage) return false;
        if (IsLive) return true;
        IsLive = true;
        TailProblem = null;
        _tail = new CancellationTokenSource();
        _ = RunTailAsync(_tail.Token);
        return true;
    }

    /// <summary>
    /// One poll of the tail (<see cref="FeedTail"/>, which also catches commits that become visible
    /// late): appends the commits not shown yet. Returns how many arrived. Failures are kept in
    /// <see cref="TailProblem"/>; the next poll tries again.
    /// </summary>
    public async Task<int> PollOnceAsync(CancellationToken cancellationToken)
    {
        // Started from the newest loaded commit (inclusive), so nothing between the page read and
        // the first poll is missed; what is already shown is skipped below. An empty page starts at
        // its jump position or at the very beginning ("0" sorts first in both layouts), never at
        // FeedTail's "now", which would skip commits written since the page was read.
        _feedTail ??= new FeedTail(reader, _items.Count > 0 ? _items[^1].CommitId : FromCommitId ?? "0");
        IReadOnlyList<Commit> fresh;
        try
        {
            fresh = await _feedTail.PollAsync(cancellationToken);
            TailProblem = null;
        }
        catch (Data.Errors.EventStoreException e)
        {
            TailProblem = e.Message;
            return 0;
        }
        finally
        {
            LastPolledAt = DateTimeOffset.UtcNow;
        }
        _polls++;
        var count = 0;
        foreach (var commit in fresh)
        {
            if (commit.CommitId is not { } id || !_seen.Add(id)) continue;
            if (_items.Count > 0 && _items[^1].CommitNumber is { } a && commit.CommitNumber is { } b && b - a > 1)
                _gaps.Add(new CommitIdGap(a, b));
            _items.Add(commit);
            _arrivedInPoll[id] = _polls;
            count++;
        }
        if (_items.Count > MaxLiveRows)
        {
            var drop = _items.Count - MaxLiveRows;
            _items.RemoveRange(0, drop);
            var first = _items[0].CommitNumber;
            _gaps.RemoveAll(g => first is null || g.Before <= first);
        }
        return count;
    }

    /// <summary>True for a commit that came in through the tail during the last few polls.</summary>
    public bool IsArrived(Commit commit) =>
        commit.CommitId is { } id && _arrivedInPoll.TryGetValue(id, out var poll) && _polls - poll < HighlightPolls;

    public bool IsExpanded(Commit commit) => commit.CommitId is { } id && _expanded.Contains(id);

    public void ToggleExpanded(Commit commit)
    {
        if (commit.CommitId is not { } id) return;
        if (!_expanded.Remove(id)) _expanded.Add(id);
    }

    public string LatestUrl => ExplorerUrls.Feed(pageSize: SizeParam, live: IsLive, oldestFirst: OldestFirst);
    public string OldestUrl => ExplorerUrls.Feed(oldest: true, pageSize: SizeParam, oldestFirst: OldestFirst);
    public string? OlderUrl => Page?.Older is { } c ? ExplorerUrls.Feed(cursor: c, pageSize: SizeParam, oldestFirst: OldestFirst) : null;

    /// <summary>While live, the newer page is the tail itself.</summary>
    public string? NewerUrl => Page?.Newer is { } c ? ExplorerUrls.Feed(cursor: c, pageSize: SizeParam, oldestFirst: OldestFirst) : null;

    public string FromUrl(string commitId) => ExplorerUrls.Feed(fromCommitId: commitId, pageSize: SizeParam, oldestFirst: OldestFirst);
    public string PageSizeUrl(int size) => ExplorerUrls.Feed(pageSize: size == DefaultPageSize ? null : size, oldestFirst: OldestFirst);
    public string OrderUrl(bool oldestFirst) => ExplorerUrls.Feed(FromCommitId, Cursor, Cursor is null && FromCommitId is null && Oldest, SizeParam, IsLive, oldestFirst);

    /// <summary>The current view with live on or off (pause/resume is part of the URL).</summary>
    public string LiveUrl(bool live) => ExplorerUrls.Feed(FromCommitId, Cursor, Cursor is null && FromCommitId is null && Oldest, SizeParam, live, OldestFirst);

    /// <summary>The loaded feed slice as JSON in replay (commit-id) order.</summary>
    public string ExportJson() => CommitExport.ToJson(_items);

    public string ExportFileName => CommitExport.FileName("feed", _items.FirstOrDefault()?.CommitId, _items.LastOrDefault()?.CommitId);

    private int? SizeParam => PageSize == DefaultPageSize ? null : PageSize;

    private void Remember(Commit commit)
    {
        if (commit.CommitId is { } id) _seen.Add(id);
    }

    private static bool SamePosition(FeedRequest a, FeedRequest b) => a with { Live = null } == b with { Live = null };

    private async Task RunTailAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(PollInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                await PollOnceAsync(cancellationToken);
                if (Changed is { } changed) await changed();
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (ObjectDisposedException)
        {
            // The circuit went away between two polls.
        }
    }

    private void StopTail()
    {
        _tail?.Cancel();
        _tail = null;
        // The next resume starts a fresh tail from the newest row shown.
        _feedTail = null;
        IsLive = false;
    }

    public void Dispose()
    {
        StopTail();
        Load.Dispose();
    }
}
