using EventExplorer.Data;
using EventExplorer.Data.Errors;
using EventExplorer.Data.Model;
using EventExplorer.Web.Model.Loading;
using StoredCommit = EventExplorer.Data.Model.Commit;

namespace EventExplorer.Web.Model.CommitView;

/// <summary>What the commit page read: the commit, its raw item, the aggregate's bounds and whether it has a snapshot.</summary>
public sealed record CommitData
{
    /// <summary>The commit; null when there is none at this version, or the version is not a whole number.</summary>
    public required StoredCommit? Commit { get; init; }

    /// <summary>The item as stored; null when there is none.</summary>
    public required RawItem? Raw { get; init; }

    public required AggregateInfo? Info { get; init; }

    /// <summary>True when a snapshot is stored under the aggregate id (what "Compare with snapshot" compares with).</summary>
    public required bool HasSnapshot { get; init; }
}

/// <summary>
/// State and loading of one commit's page (/commit): its events, its raw DynamoDB item and the links
/// around it (the timeline at this version, the versions either side, comparisons, export). Reads four
/// single items at once: the commit and its raw item (consistent GetItems), the aggregate's first and
/// head version, and the snapshot stored under the aggregate id.
/// </summary>
public sealed class CommitViewModel(IEventStoreSearch search, IEventStoreReader reader, ISnapshotStore snapshots) : IDisposable
{
    public LatestLoad Load { get; } = new();

    public CommitState State { get; private set; } = new();

    public IReadOnlyList<string> LinkProblems { get; private set; } = [];

    public CommitData? Data { get; private set; }

    public StoredCommit? Commit => Data?.Commit;

    public RawItem? Raw => Data?.Raw;

    /// <summary>Attributes the event-store layouts do not define: another program wrote them.</summary>
    public int UnknownAttributes => Raw?.Attributes.Count(a => !a.Known) ?? 0;

    /// <summary>Loaded, and neither a commit nor an item is stored under this key.</summary>
    public bool NotFound => Data is { Commit: null, Raw: null } && State.IsNumber;

    /// <summary>An item is stored, but not under a whole-number version: only its raw form can be shown.</summary>
    public bool OnlyRaw => Data is { Commit: null, Raw: not null };

    /// <summary>The tab shown: the raw item when the events cannot be read as a commit.</summary>
    public CommitTab Tab => OnlyRaw ? CommitTab.Raw : State.Tab;

    public bool CanRead => State.AggregateId is not null && State.IsNumber;

    public async Task LoadAsync(CommitState state, IReadOnlyList<string> problems)
    {
        var sameItem = Data is not null && state.AggregateId == State.AggregateId && state.Version == State.Version && Load.Error is null;
        State = state;
        LinkProblems = problems;
        if (sameItem) return;
        Data = null;
        if (!CanRead) return;
        var aggregateId = state.AggregateId!;
        await Load.RunAsync(async cancellationToken =>
        {
            var commit = state.WholeVersion is { } version ? search.ReadCommitAsync(aggregateId, version, cancellationToken) : Task.FromResult<StoredCommit?>(null);
            var raw = search.ReadRawItemAsync(aggregateId, state.Version!, cancellationToken);
            var info = reader.FindAggregateAsync(aggregateId, cancellationToken);
            var snapshot = HasSnapshotAsync(aggregateId, cancellationToken);
            await Task.WhenAll(commit, raw, info, snapshot);
            cancellationToken.ThrowIfCancellationRequested();
            Data = new CommitData { Commit = await commit, Raw = await raw, Info = await info, HasSnapshot = await snapshot };
        });
    }

    public void Restore(CommitState state, IReadOnlyList<string> problems, Prerendered<CommitData> handed)
    {
        State = state;
        LinkProblems = problems;
        Data = handed.Data;
        if (handed.Error is { } error) Load.Fail(error);
    }

    public Prerendered<CommitData>? Handover() => HandOver.IfSmall(State.ToUrl(), Data, Load.Error);

    public Task RetryAsync()
    {
        var (state, problems) = (State, LinkProblems);
        State = new CommitState();
        Data = null;
        return LoadAsync(state, problems);
    }

    // Links.
    public string TabUrl(CommitTab tab) => (State with { Tab = tab }).ToUrl();

    /// <summary>The timeline opened at this commit, highlighted.</summary>
    public string? TimelineUrl => State.AggregateId is { } id
        ? State.WholeVersion is { } version ? ExplorerUrls.Commit(id, version) : ExplorerUrls.Timeline(id)
        : null;

    public long? PreviousVersion => State.WholeVersion is { } v && v > 0 && (Data?.Info?.FirstVersion is not { } first || v > first) ? v - 1 : null;

    public long? NextVersion => State.WholeVersion is { } v && v < long.MaxValue && (Data?.Info?.HeadVersion is not { } head || v < head) ? v + 1 : null;

    public string? PreviousUrl => PreviousVersion is { } v ? VersionUrl(v) : null;

    public string? NextUrl => NextVersion is { } v ? VersionUrl(v) : null;

    public string? CompareWithPreviousUrl => PreviousVersion is { } previous && Commit is not null
        ? ExplorerUrls.CompareCommits(State.AggregateId!, previous, State.WholeVersion)
        : null;

    public string? CompareWithSnapshotUrl => Data is { HasSnapshot: true, Commit: not null } && State.WholeVersion is { } v
        ? ExplorerUrls.CompareWithSnapshot(State.AggregateId!, v, State.AggregateId!)
        : null;

    public string? ExportUrl => Commit is not null && State.WholeVersion is { } v ? ExplorerUrls.ExportTimeline(State.AggregateId!, v, v) : null;

    public void Dispose() => Load.Dispose();

    private string VersionUrl(long version) => ExplorerUrls.CommitPage(State.AggregateId!, version, State.Tab == CommitTab.Raw);

    private async Task<bool> HasSnapshotAsync(string aggregateId, CancellationToken cancellationToken)
    {
        try
        {
            return await snapshots.GetAsync(aggregateId, cancellationToken) is not null;
        }
        catch (EventStoreException)
        {
            // The snapshot table is optional next to the event store: the page shows without the link.
            return false;
        }
    }
}
