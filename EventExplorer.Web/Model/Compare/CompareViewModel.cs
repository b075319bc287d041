using System.Globalization;
using EventExplorer.Data;
using EventExplorer.Data.Errors;
using EventExplorer.Data.Model;
using EventExplorer.Web.Model.Loading;
using EventExplorer.Web.Model.Snapshots;
using StoredCommit = EventExplorer.Data.Model.Commit;

namespace EventExplorer.Web.Model.Compare;

/// <summary>One version of a comparison: the version asked for and what the store said about it.</summary>
public sealed record CommitSide
{
    public required long? Version { get; init; }
    public StoredCommit? Commit { get; init; }
    public bool NotFound { get; init; }
    public string? Error { get; init; }

    public static CommitSide Empty(long? version) => new() { Version = version };
}

/// <summary>
/// What the diff view compares, with its columns named as the page's header names the sides, and the
/// words for a path on one side only.
/// </summary>
public sealed record DiffSides(string Left, string Right, string LeftLabel, string RightLabel)
{
    public string AddedText { get; init; } = "added";
    public string RemovedText { get; init; } = "removed";
}

/// <summary>Both sides as read: two versions, or a version and a snapshot.</summary>
public sealed record CompareData(CommitSide Left, CommitSide Right, SnapshotSide Snapshot);

/// <summary>
/// State of the comparison page (/compare): two commits of one aggregate compared event array against
/// event array, or a commit compared with a snapshot (see <see cref="SnapshotProjection"/>). Reads one
/// item per side (consistent GetItems), both at once; a side that cannot be read says why, the other still shows.
/// </summary>
public sealed class CompareViewModel(IEventStoreSearch search, ISnapshotStore snapshots) : IDisposable
{
    public LatestLoad Load { get; } = new();

    public CompareState State { get; private set; } = new();
    public IReadOnlyList<string> LinkProblems { get; private set; } = [];

    public CommitSide Left { get; private set; } = CommitSide.Empty(null);
    public CommitSide Right { get; private set; } = CommitSide.Empty(null);
    public SnapshotSide Snapshot { get; private set; } = SnapshotSide.Empty(null);

    /// <summary>The version boxes and the aggregate box; the URL changes only on "Compare".</summary>
    public string AggregateInput { get; set; } = "";
    public string LeftInput { get; set; } = "";
    public string RightInput { get; set; } = "";

    /// <summary>What is wrong with the boxes, said beside them; null when they can be compared.</summary>
    public string? InputProblem { get; private set; }

    /// <summary>Set once the sides are read (or there was nothing to read).</summary>
    public bool Loaded { get; private set; }

    public SnapshotProjection? Projection { get; private set; }

    public bool CanCompareCommits => Left.Commit is not null && Right.Commit is not null;

    public bool CanCompareWithSnapshot => Left.Commit is not null && Snapshot.Snapshot is not null;

    public string LeftLabel => $"Version {Left.Version}";
    public string RightLabel => $"Version {Right.Version}";

    /// <summary>
    /// The commit-and-snapshot diff, sides as the header says: Left the commit's fields, Right the snapshot's.
    /// A field the commit set that the snapshot lacks is "not in the snapshot", not "removed".
    /// </summary>
    public DiffSides? SnapshotDiff => Projection is { } projection
        ? new DiffSides(projection.CommitFields, projection.SnapshotFields, $"Version {State.Left}", "Snapshot")
        {
            AddedText = "only in the snapshot",
            RemovedText = "not in the snapshot",
        }
        : null;

    /// <summary>What the page compares, in a sentence.</summary>
    public string? Description => State.AggregateId is not { } id ? null
        : State.WithSnapshot
            ? $"The fields the events of version {State.Left} of {id} set, next to the same fields of the snapshot \"{State.Snapshot}\" (the snapshot holds the latest state stored, not the state at that version)."
            : $"The events of two versions of {id}, as stored: event by event (arrays by index), then property by property.";

    /// <summary>The link the boxes give; null (and <see cref="InputProblem"/> set) when they hold something other than versions.</summary>
    public string? CompareUrl()
    {
        var aggregate = string.IsNullOrWhiteSpace(AggregateInput) ? State.AggregateId : AggregateInput.Trim();
        if (aggregate is null) { InputProblem = "Enter an aggregate id."; return null; }
        if (!TryVersion(LeftInput, out var left) || (!State.WithSnapshot && !TryVersion(RightInput, out _)))
        {
            InputProblem = "Versions are whole numbers of 0 or more.";
            return null;
        }
        InputProblem = null;
        TryVersion(RightInput, out var right);
        return (State with { AggregateId = aggregate, Left = left, Right = State.WithSnapshot ? null : right }).ToUrl();
    }

    public string? SwapUrl => State is { WithSnapshot: false, Left: not null, Right: not null } ? (State with { Left = State.Right, Right = State.Left }).ToUrl() : null;

    public string ViewUrl(DiffView view) => (State with { View = view }).ToUrl();

    /// <summary>From a commit-and-snapshot comparison to the commit and the one before it.</summary>
    public string? CompareVersionsUrl => State is { WithSnapshot: true, AggregateId: { } id, Left: { } left }
        ? ExplorerUrls.CompareCommits(id, left > 0 ? left - 1 : null, left)
        : null;

    public string? CommitUrl(CommitSide side) => State.AggregateId is { } id && side.Version is { } v ? ExplorerUrls.CommitPage(id, v) : null;

    public async Task LoadAsync(CompareState state, IReadOnlyList<string> problems)
    {
        var sameSides = Loaded && state with { View = DiffView.Changes } == State with { View = DiffView.Changes } && Load.Error is null;
        State = state;
        LinkProblems = problems;
        if (sameSides) return;
        ResetInputs();
        Left = CommitSide.Empty(state.Left);
        Right = CommitSide.Empty(state.Right);
        Snapshot = SnapshotSide.Empty(state.Snapshot);
        Projection = null;
        Loaded = false;
        if (state.AggregateId is not { } id)
        {
            Loaded = true;
            return;
        }
        CompareData? read = null;
        if (await Load.RunAsync(async ct =>
            {
                var left = ReadAsync(id, state.Left, ct);
                var right = ReadAsync(id, state.WithSnapshot ? null : state.Right, ct);
                var snapshot = ReadSnapshotAsync(state.Snapshot, ct);
                await Task.WhenAll(left, right, snapshot);
                ct.ThrowIfCancellationRequested();
                read = new CompareData(await left, await right, await snapshot);
            }))
        {
            Show(read!);
        }
    }

    public void Restore(CompareState state, IReadOnlyList<string> problems, Prerendered<CompareData> handed)
    {
        State = state;
        LinkProblems = problems;
        ResetInputs();
        Show(handed.Data ?? new CompareData(CommitSide.Empty(State.Left), CommitSide.Empty(State.Right), SnapshotSide.Empty(State.Snapshot)));
        if (handed.Error is { } error) Load.Fail(error);
    }

    public Prerendered<CompareData>? Handover() =>
        Loaded ? HandOver.IfSmall(State.ToUrl(), new CompareData(Left, Right, Snapshot), Load.Error) : null;

    public Task RetryAsync()
    {
        Loaded = false;
        return LoadAsync(State, LinkProblems);
    }

    public void Dispose() => Load.Dispose();

    private void Show(CompareData data)
    {
        Left = data.Left;
        Right = data.Right;
        Snapshot = data.Snapshot;
        Projection = Left.Commit is { } commit && Snapshot.Snapshot is { } snapshot ? SnapshotProjection.Create(commit, snapshot.StateJson) : null;
        Loaded = true;
    }

    private void ResetInputs()
    {
        AggregateInput = State.AggregateId ?? "";
        LeftInput = State.Left?.ToString(CultureInfo.InvariantCulture) ?? "";
        RightInput = State.Right?.ToString(CultureInfo.InvariantCulture) ?? "";
        InputProblem = null;
    }

    private static bool TryVersion(string? text, out long? version)
    {
        version = null;
        if (string.IsNullOrWhiteSpace(text)) return true;
        if (!long.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var v)) return false;
        version = v;
        return true;
    }

    private async Task<CommitSide> ReadAsync(string aggregateId, long? version, CancellationToken cancellationToken)
    {
        if (version is not { } v) return CommitSide.Empty(null);
        try
        {
            var commit = await search.ReadCommitAsync(aggregateId, v, cancellationToken);
            return new CommitSide { Version = v, Commit = commit, NotFound = commit is null };
        }
        catch (EventStoreException error)
        {
            return new CommitSide { Version = v, Error = error.Message };
        }
    }

    private async Task<SnapshotSide> ReadSnapshotAsync(string? id, CancellationToken cancellationToken)
    {
        if (id is null) return SnapshotSide.Empty(null);
        try
        {
            var snapshot = await snapshots.GetAsync(id, cancellationToken);
            return new SnapshotSide { Id = id, Snapshot = snapshot, NotFound = snapshot is null };
        }
        catch (EventStoreException error)
        {
            return new SnapshotSide { Id = id, Error = error.Message };
        }
    }
}
