using EventExplorer.Data;
using EventExplorer.Data.Reducers;
using EventExplorer.Data.State;

namespace EventExplorer.Web.Model.State;

/// <summary>
/// State of the state page (/state): folds one aggregate's history up to a version or a moment with
/// a reducer (the one named in the URL, else the catalog's choice for the aggregate, or one an Author
/// typed), streaming progress a few times a second, and shows the state. A reducer that fails is an
/// answer in words naming the reducer, version and event; so is an aggregate without commits.
/// </summary>
public sealed class StateViewModel(ReducerCatalog reducers, StateFolder folder, IEventStoreReader reader, TimeProvider time, IWriterContext? writers = null)
    : FoldViewModel<StatePageState>(reducers, folder, reader, time, writers)
{
    /// <summary>The folded state as indented JSON; null until the fold ends (or when it failed).</summary>
    public string? StateJson { get; private set; }

    protected override string? AggregateId => State.AggregateId;

    protected override string? ReducerName => State.Reducer;

    protected override bool Complete => true;

    protected override void ResetResult() => StateJson = null;

    protected override IReadOnlyList<FoldPhase> Phases(string aggregateId, ReducerFold fold) =>
        [new FoldPhase(new FoldRequest { AggregateId = aggregateId, ToVersion = State.Version, ToTime = State.At })];

    protected override void Finish(ReducerFold fold, long commits)
    {
        if (commits > 0) StateJson = StateText(fold);
    }

    /// <summary>The same view with another reducer.</summary>
    public string ReducerUrl(string name) => (State with { Reducer = name }).ToUrl();

    /// <summary>"History of this field" for the state's values; null with a typed reducer (a link cannot carry it).</summary>
    public StateValueContext? ValueContext => State.AggregateId is { } id && Typed is null ? new StateValueContext(id, State.Reducer) : null;
}
