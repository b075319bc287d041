using EventExplorer.Data;
using EventExplorer.Data.Reducers;
using EventExplorer.Data.State;
using EventExplorer.Web.Model.Snapshots;

namespace EventExplorer.Web.Model.State;

/// <summary>
/// State of the state diff page (/state/diff): folds the aggregate once, up to the later of the two
/// versions, taking the state after the earlier one on the way (the history is read in two stretches,
/// each item once), and compares the two states with the structural diff.
/// </summary>
public sealed class StateDiffViewModel(ReducerCatalog reducers, StateFolder folder, IEventStoreReader reader, TimeProvider time, IWriterContext? writers = null)
    : FoldViewModel<StateDiffState>(reducers, folder, reader, time, writers)
{
    private string? _lowJson;
    private long? _lowFolded;

    /// <summary>The state at the left version as indented JSON; null until the fold ends (or when it failed).</summary>
    public string? LeftJson { get; private set; }

    public string? RightJson { get; private set; }

    /// <summary>The version of the last commit folded into the left state (below the one asked for when versions have gaps); null when none was.</summary>
    public long? LeftFolded { get; private set; }

    public long? RightFolded { get; private set; }

    protected override string? AggregateId => State.AggregateId;

    protected override string? ReducerName => State.Reducer;

    protected override bool Complete => State.Left is not null && State.Right is not null;

    public string LeftLabel => "State " + StateDiffState.Describe(State.Left ?? StateDiffState.BeforeFirst);

    public string RightLabel => "State " + StateDiffState.Describe(State.Right ?? StateDiffState.BeforeFirst);

    protected override void ResetResult()
    {
        LeftJson = RightJson = _lowJson = null;
        LeftFolded = RightFolded = _lowFolded = null;
    }

    protected override IReadOnlyList<FoldPhase> Phases(string aggregateId, ReducerFold fold)
    {
        var low = Math.Min(State.Left!.Value, State.Right!.Value);
        var high = Math.Max(State.Left.Value, State.Right.Value);
        void TakeLow(ReducerFold f)
        {
            _lowJson = StateText(f);
            _lowFolded = f.Version;
        }
        if (low == StateDiffState.BeforeFirst)
        {
            // The reducer's initial state: $init's, or the generic reducer's empty object.
            TakeLow(fold);
            return high == StateDiffState.BeforeFirst ? [] : [new FoldPhase(new FoldRequest { AggregateId = aggregateId, ToVersion = high })];
        }
        return low == high
            ? [new FoldPhase(new FoldRequest { AggregateId = aggregateId, ToVersion = low }, TakeLow)]
            : [new FoldPhase(new FoldRequest { AggregateId = aggregateId, ToVersion = low }, TakeLow),
               new FoldPhase(new FoldRequest { AggregateId = aggregateId, FromVersion = low + 1, ToVersion = high })];
    }

    protected override void Finish(ReducerFold fold, long commits)
    {
        if (commits == 0) return;
        var highJson = StateText(fold);
        var highFolded = fold.Version;
        var lowIsLeft = State.Left <= State.Right;
        (LeftJson, LeftFolded) = lowIsLeft ? (_lowJson, _lowFolded) : (highJson, highFolded);
        (RightJson, RightFolded) = lowIsLeft ? (highJson, highFolded) : (_lowJson, _lowFolded);
    }

    /// <summary>The same comparison with the sides swapped.</summary>
    public string SwapUrl => (State with { Left = State.Right, Right = State.Left }).ToUrl();

    /// <summary>The same comparison with another diff view open.</summary>
    public string ViewUrl(DiffView view) => (State with { View = view }).ToUrl();

    /// <summary>The state page after a side's version; null for the initial state (no version has it).</summary>
    public string? StateUrl(long version) => version == StateDiffState.BeforeFirst ? null : ExplorerUrls.State(State.AggregateId!, version, State.Reducer);

    /// <summary>"History of this field" in the state, for a path of the diff; null when the path cannot be read as one, or with a typed reducer.</summary>
    public string? FieldHistoryUrl(string path) => State.AggregateId is { } id && Typed is null ? new StateValueContext(id, State.Reducer).FieldHistoryUrl(path) : null;
}
