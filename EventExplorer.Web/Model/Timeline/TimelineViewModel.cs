using System.Globalization;
using EventExplorer.Data;
using EventExplorer.Data.Errors;
using EventExplorer.Data.Model;
using EventExplorer.Web.Model.CommitList;
using EventExplorer.Web.Model.Json;
using EventExplorer.Web.Model.Loading;
using EventExplorer.Web.Model.Urls;

namespace EventExplorer.Web.Model.Timeline;

/// <summary>Everything one timeline page read: the page, the aggregate's bounds and its snapshot.</summary>
public sealed record TimelineData
{
    public required CommitPage Page { get; init; }
    public required AggregateInfo? Info { get; init; }
    public required Snapshot? Snapshot { get; init; }

    /// <summary>Why the snapshot could not be read; the timeline still shows.</summary>
    public string? SnapshotProblem { get; init; }

    /// <summary>Where a time-travel link (<c>at=</c>) landed; null for other links.</summary>
    public TimeTravelResult? TimeTravel { get; init; }
}

/// <summary>
/// State and loading of an aggregate's timeline (/aggregates/{id}): one page of commits in version
/// order, missing versions, the aggregate's bounds, its snapshot, the event-type filter and every link.
/// </summary>
public sealed class TimelineViewModel(IEventStoreReader reader, ISnapshotStore snapshots, IEventStoreWriter writer, IEventStoreSearch search)
    : CommitListViewModel<TimelineState>(new TimelineState { AggregateId = "" })
{

    public TimelineData? Data { get; private set; }

    public CommitPage? Page => Data?.Page;
    public AggregateInfo? Info => Data?.Info;

    public bool CanAppend => writer.CanWrite;

    /// <summary>True once loaded when no commit at all has this aggregate id.</summary>
    public bool IsUnknownAggregate => Data is { Info: null, Page.Items.Count: 0 };

    public IReadOnlyList<Commit> Loaded => Page?.Items ?? [];

    /// <summary>The commits shown: the store filters, so every commit it returned.</summary>
    public IReadOnlyList<Commit> Visible => Loaded;

    public override FilteredRead? Filtered => Page?.Filtered;

    public override TimeTravelResult? TimeTravel => Data?.TimeTravel;

    protected override PageLink? OlderLink => Page?.Older;
    protected override PageLink? NewerLink => Page?.Newer;
    protected override bool HasPage => Page is not null;

    /// <summary>The commits shown, with markers for missing versions (not while filtering: a gap between two shown rows would mislead).</summary>
    public override IReadOnlyList<CommitRow> Rows
    {
        get
        {
            var rows = new List<CommitRow>();
            var gaps = State.EventType is null ? Page?.Gaps ?? [] : [];
            // Replay order first, then reversed for newest-first: a gap sits between the commits it separates.
            var ascending = Visible.OrderBy(c => c.Version ?? long.MinValue).ToList();
            // A permalink points at its version; a jump at the first commit at or after its version.
            var target = State.Expand
                ?? (State.Position.Kind == PositionKind.From ? ascending.FirstOrDefault()?.Version : null)
                ?? TimeTravel?.Commit?.Version;
            foreach (var gap in gaps.Where(g => g.After < 0)) rows.Add(new CommitRow(null, gap, false));
            foreach (var commit in ascending)
            {
                rows.Add(new CommitRow(commit, null, target is not null && commit.Version == target));
                foreach (var gap in gaps.Where(g => g.After >= 0 && g.After == commit.Version)) rows.Add(new CommitRow(null, gap, false));
            }
            if (!State.OldestFirst) rows.Reverse();
            return rows;
        }
    }

    /// <summary>
    /// True when the snapshot was created before the aggregate's newest commit: it may not hold what the
    /// commits after it did (a reader replaying from it would have to apply them).
    /// </summary>
    public bool IsSnapshotBehind => Data is { Snapshot.CreatedAt: { } created, Info.LastCommittedAt: { } last } && created < last;

    /// <summary>Head + 1; null when there is no head or nothing can follow it (a head of long.MaxValue must not wrap around).</summary>
    public long? NextVersion => Info?.HeadVersion is { } head and < long.MaxValue ? head + 1 : null;

    /// <summary>Reads the page <paramref name="state"/> asks for (unless it is the one shown).</summary>
    public override async Task LoadAsync(TimelineState state, IReadOnlyList<string> problems)
    {
        if (Data is not null && state == State && Load.Error is null) return;
        Show(state, problems);
        await Load.RunAsync(async cancellationToken =>
        {
            var page = ReadPageAsync(state, cancellationToken);
            var info = reader.FindAggregateAsync(state.AggregateId, cancellationToken);
            var snapshot = ReadSnapshotAsync(state.AggregateId, cancellationToken);
            await Task.WhenAll(page, info, snapshot);
            // A superseded load may still complete (a store that ignores the token): never let it land.
            cancellationToken.ThrowIfCancellationRequested();
            var (found, problem) = await snapshot;
            var (read, travel) = await page;
            Data = new TimelineData { Page = read, Info = await info, Snapshot = found, SnapshotProblem = problem, TimeTravel = travel };
            OpenLinkedCommit();
        });
    }

    /// <summary>
    /// The page the state asks for. A time-travel link first finds its version (O(log n) requests), then
    /// reads the page around it: the commits just before it (one small read) say where that page starts.
    /// </summary>
    private async Task<(CommitPage Page, TimeTravelResult? TimeTravel)> ReadPageAsync(TimelineState state, CancellationToken cancellationToken)
    {
        if (state.TravelTime is not { } at) return (await reader.ReadTimelineAsync(state.ToQuery(), cancellationToken), null);
        var travel = await search.FindFirstAtOrAfterAsync(new TimeTravelQuery { AggregateId = state.AggregateId, At = at }, cancellationToken);
        var query = state.ToQuery();
        // Nothing at or after the time: the newest page, which the page says.
        if (travel.Position is { } position && long.TryParse(position, NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            var from = version;
            if (state.OlderAroundLanded > 0)
            {
                var older = await reader.ReadTimelineAsync(query with { PageSize = state.OlderAroundLanded, Position = new PageLink(PageLinkKind.Before, position) }, cancellationToken);
                from = older.Items.Select(c => c.Version).Min() ?? version;
            }
            query = query with { FromVersion = from };
        }
        return (await reader.ReadTimelineAsync(query, cancellationToken), travel);
    }

    /// <summary>Shows what the prerendered page read, without reading again.</summary>
    public void Restore(TimelineState state, IReadOnlyList<string> problems, Prerendered<TimelineData> handed)
    {
        Show(state, problems);
        Data = handed.Data;
        OpenLinkedCommit();
        if (handed.Error is { } error) Load.Fail(error);
    }

    public Prerendered<TimelineData>? Handover() =>
        HandOver.IfSmall(State.ToUrl(), Data, Load.Error);

    /// <summary>Loads the same view again (the message bar's Retry).</summary>
    public Task RetryAsync() => LoadAsync(State, LinkProblems);

    public bool AllExpanded => Visible.Count > 0 && Visible.All(IsExpanded);

    public void ExpandAll(bool expand)
    {
        Expanded.Clear();
        if (expand) foreach (var commit in Visible) Expanded.Add(commit.Key);
    }

    public string JumpUrl(long version) => State.JumpTo(version).ToUrl();

    /// <summary>The view with another filter (a page link is dropped: see <see cref="TimelineState.Filtered"/>).</summary>
    public string FilterUrl(string? eventType) => State.Filtered(eventType).ToUrl();

    // Links to the aggregate's other views (built by ExplorerUrls; the export carries the filter).
    public string SummaryUrl => ExplorerUrls.Summary(State.AggregateId);
    public string FieldHistoryUrl => ExplorerUrls.FieldHistory(State.AggregateId);
    public string SearchUrl => ExplorerUrls.Search(aggregateId: State.AggregateId);
    public string ExportUrl(string format) => ExplorerUrls.ExportTimeline(State.AggregateId, format: format, eventType: State.EventType);

    /// <summary>The permalink of a commit: opens it expanded and highlighted; null for an item without a version.</summary>
    public string? PermalinkUrl(Commit commit) => commit.Version is { } version ? State.Open(version).ToUrl() : null;

    public string? AppendUrl => !CanAppend ? null
        : NextVersion is { } next ? ExplorerUrls.Append(State.AggregateId, next)
        : IsUnknownAggregate ? ExplorerUrls.Append(State.AggregateId, 0)
        // A head that no version can follow (long.MaxValue, 1e20): the append page asks the store, which says why.
        : Info is not null ? ExplorerUrls.Append(State.AggregateId)
        : null;

    /// <summary>The loaded commits (all of them, not only the filtered ones) as JSON in replay order.</summary>
    public string ExportJson() => CommitExport.ToJson(Loaded.OrderBy(c => c.Version ?? long.MinValue));

    public string ExportFileName => CommitExport.FileName("aggregate-" + State.AggregateId, Loaded.Min(c => c.Version), Loaded.Max(c => c.Version));

    private void Show(TimelineState state, IReadOnlyList<string> problems)
    {
        if (state.AggregateId != State.AggregateId || state.Position != State.Position) Expanded.Clear();
        State = state;
        LinkProblems = problems;
        Data = null;
    }

    /// <summary>A permalink opens its commit.</summary>
    private void OpenLinkedCommit()
    {
        if (State.Expand is { } version && Loaded.FirstOrDefault(c => c.Version == version) is { } commit) Expanded.Add(commit.Key);
    }

    private async Task<(Snapshot? Snapshot, string? Problem)> ReadSnapshotAsync(string aggregateId, CancellationToken cancellationToken)
    {
        try
        {
            return (await snapshots.GetAsync(aggregateId, cancellationToken), null);
        }
        catch (EventStoreException e)
        {
            // The snapshot table is optional next to the event store: say why, keep the timeline.
            return (null, e.Message);
        }
    }
}
