using EventExplorer.Data;
using EventExplorer.Data.Errors;
using EventExplorer.Data.Model;

namespace EventExplorer.Web.Model;

/// <summary>What a timeline URL asks for, as raw (untrusted) query values.</summary>
public sealed record TimelineRequest
{
    public required string AggregateId { get; init; }
    public string? Cursor { get; init; }
    public string? FromVersion { get; init; }
    public string? Start { get; init; }
    public string? PageSize { get; init; }
    public string? EventType { get; init; }
    public string? Expand { get; init; }
    public string? Order { get; init; }
}

/// <summary>
/// State and loading of the aggregate timeline page (/aggregates/{id}): one page of commits in
/// version order, the aggregate's bounds, its snapshot, the event-type filter and every link.
/// </summary>
public sealed class TimelineViewModel(IEventStoreReader reader, ISnapshotStore snapshots, IEventStoreWriter writer) : IDisposable
{
    public const int DefaultPageSize = 25;

    private readonly HashSet<string> _expanded = [];
    private TimelineRequest? _request;

    public LatestLoad Load { get; } = new();

    public string AggregateId { get; private set; } = "";
    public int PageSize { get; private set; } = DefaultPageSize;
    public string? Cursor { get; private set; }
    public long? FromVersion { get; private set; }
    public bool Oldest { get; private set; }
    public bool OldestFirst { get; private set; }

    /// <summary>Only commits with at least one event of this type are shown (within the loaded page).</summary>
    public string? EventType { get; private set; }

    /// <summary>What was wrong with the link's query values (each was replaced by its default).</summary>
    public IReadOnlyList<string> LinkProblems { get; private set; } = [];

    public CommitPage? Page { get; private set; }
    public AggregateInfo? Info { get; private set; }
    public Snapshot? Snapshot { get; private set; }

    /// <summary>Why the snapshot could not be read; the timeline still shows.</summary>
    public string? SnapshotProblem { get; private set; }

    public bool CanAppend => writer.CanWrite;

    /// <summary>True once loaded when no commit at all has this aggregate id.</summary>
    public bool IsUnknownAggregate => Page is not null && Info is null && Page.Items.Count == 0;

    public IReadOnlyList<Commit> Loaded => Page?.Items ?? [];

    public IReadOnlyList<Commit> Visible => EventType is null
        ? Loaded
        : Loaded.Where(c => c.Events.Any(e => e.Type == EventType)).ToList();

    /// <summary>Distinct event types in the loaded page, for the filter.</summary>
    public IReadOnlyList<string> EventTypes =>
        Loaded.SelectMany(c => c.Events).Select(e => e.Type).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

    public long? NextVersion => Info?.HeadVersion is { } head ? head + 1 : null;

    public async Task LoadAsync(TimelineRequest request)
    {
        if (request == _request && Page is not null) return;
        _request = request;
        var problems = new List<string>();
        AggregateId = request.AggregateId;
        PageSize = QueryValues.PageSize(request.PageSize, DefaultPageSize, problems);
        FromVersion = QueryValues.Version(request.FromVersion, "Jump to version", problems);
        Oldest = QueryValues.Oldest(request.Start, problems);
        OldestFirst = QueryValues.OldestFirst(request.Order, problems);
        Cursor = string.IsNullOrEmpty(request.Cursor) ? null : request.Cursor;
        EventType = string.IsNullOrEmpty(request.EventType) ? null : request.EventType;
        LinkProblems = problems;
        _expanded.Clear();
        if (QueryValues.Version(request.Expand, "Expanded version", problems) is { } expand) _expanded.Add(expand.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Page = null;
        Info = null;
        Snapshot = null;
        SnapshotProblem = null;
        await Load.RunAsync(async cancellationToken =>
        {
            var query = new TimelineQuery
            {
                AggregateId = AggregateId,
                PageSize = PageSize,
                Order = OldestFirst ? ReadOrder.OldestFirst : ReadOrder.NewestFirst,
                Cursor = Cursor,
                FromVersion = Cursor is null ? FromVersion : null,
                FromOldest = Cursor is null && FromVersion is null && Oldest,
            };
            var page = reader.ReadTimelineAsync(query, cancellationToken);
            var info = reader.FindAggregateAsync(AggregateId, cancellationToken);
            var snapshot = ReadSnapshotAsync(cancellationToken);
            await Task.WhenAll(page, info, snapshot);
            // A superseded load may still complete (a store that ignores the token): never let it land.
            cancellationToken.ThrowIfCancellationRequested();
            Page = await page;
            Info = await info;
            Snapshot = await snapshot;
        });
    }

    /// <summary>Loads the same view again (the message bar's Retry).</summary>
    public Task RetryAsync()
    {
        var request = _request;
        _request = null;
        return request is null ? Task.CompletedTask : LoadAsync(request);
    }

    public static string Key(Commit commit) =>
        commit.Version?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "id:" + commit.CommitId;

    public bool IsExpanded(Commit commit) => _expanded.Contains(Key(commit));

    public void ToggleExpanded(Commit commit)
    {
        if (!_expanded.Remove(Key(commit))) _expanded.Add(Key(commit));
    }

    public bool AllExpanded => Visible.Count > 0 && Visible.All(IsExpanded);

    public void ExpandAll(bool expand)
    {
        _expanded.Clear();
        if (expand) foreach (var c in Visible) _expanded.Add(Key(c));
    }

    // Links. Paging keeps page size, filter and order; a new position drops the cursor.
    public string NewestUrl => ExplorerUrls.Aggregate(AggregateId, pageSize: SizeParam, eventType: EventType, oldestFirst: OldestFirst);
    public string OldestUrl => ExplorerUrls.Aggregate(AggregateId, oldest: true, pageSize: SizeParam, eventType: EventType, oldestFirst: OldestFirst);
    public string? OlderUrl => Page?.Older is { } c ? ExplorerUrls.Aggregate(AggregateId, cursor: c, pageSize: SizeParam, eventType: EventType, oldestFirst: OldestFirst) : null;
    public string? NewerUrl => Page?.Newer is { } c ? ExplorerUrls.Aggregate(AggregateId, cursor: c, pageSize: SizeParam, eventType: EventType, oldestFirst: OldestFirst) : null;
    public bool IsNewestPage => Page is not null && Page.Newer is null;
    public bool IsOldestPage => Page is not null && Page.Older is null;

    public string JumpUrl(long version) => ExplorerUrls.Aggregate(AggregateId, fromVersion: version, pageSize: SizeParam, eventType: EventType, oldestFirst: OldestFirst);

    /// <summary>The same position with another filter (the filter works within the loaded page, so the position stays).</summary>
    public string FilterUrl(string? eventType) => Here(eventType: eventType, pageSize: SizeParam, oldestFirst: OldestFirst);

    /// <summary>A page-size change restarts from the newest page: the old cursor was for the old size.</summary>
    public string PageSizeUrl(int size) => ExplorerUrls.Aggregate(AggregateId, pageSize: size == DefaultPageSize ? null : size, eventType: EventType, oldestFirst: OldestFirst);

    public string OrderUrl(bool oldestFirst) => Here(eventType: EventType, pageSize: SizeParam, oldestFirst: oldestFirst);

    public string? AppendUrl => CanAppend && NextVersion is { } next ? ExplorerUrls.Append(AggregateId, next)
        : CanAppend && IsUnknownAggregate ? ExplorerUrls.Append(AggregateId, 0) : null;

    /// <summary>The loaded commits (all of them, not only the filtered ones) as JSON in replay order.</summary>
    public string ExportJson() => CommitExport.ToJson(Loaded.OrderBy(c => c.Version ?? long.MinValue));

    public string ExportFileName => CommitExport.FileName("aggregate-" + AggregateId, Loaded.Select(c => c.Version).Min(), Loaded.Select(c => c.Version).Max());

    private int? SizeParam => PageSize == DefaultPageSize ? null : PageSize;

    private string Here(string? eventType, int? pageSize, bool oldestFirst) =>
        ExplorerUrls.Aggregate(AggregateId, cursor: Cursor, fromVersion: Cursor is null ? FromVersion : null,
            oldest: Cursor is null && FromVersion is null && Oldest, pageSize: pageSize, eventType: eventType, oldestFirst: oldestFirst);

    private async Task<Snapshot?> ReadSnapshotAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await snapshots.GetAsync(AggregateId, cancellationToken);
        }
        catch (EventStoreException e)
        {
            // The snapshot table is optional next to the event store: say why, keep the timeline.
            SnapshotProblem = e.Message;
            return null;
        }
    }

    public void Dispose() => Load.Dispose();
}
