using EventExplorer.Data;
using EventExplorer.Data.Model;
using EventExplorer.Data.Reducers;
using EventExplorer.Data.State;
using EventExplorer.Web.Model.Loading;

namespace EventExplorer.Web.Model.FieldHistory;

/// <summary>
/// State of the field history page (/fields): every event of one aggregate that set a field, streamed
/// in replay order. Keeps the rows (at most <see cref="MaxChanges"/>), not what was read. With
/// <c>of=state</c> the field is a path in the folded state: the history is folded once by a reducer
/// (<see cref="StateFieldReader"/>) and each row is an event after which the state's value there changed.
/// </summary>
public sealed class FieldHistoryViewModel : StreamedViewModel<FieldHistoryState>
{
    public const int MaxChanges = 2_000;

    private readonly IEventStoreSearch _search;
    private readonly StateFieldReader? _state;
    private readonly List<FieldChange> _changes = [];

    /// <summary>Field history in the events only (a host without reducers: <c>of=state</c> says it is not available).</summary>
    public FieldHistoryViewModel(IEventStoreSearch search) => _search = search;

    /// <summary>Field history in the events and in the folded state.</summary>
    public FieldHistoryViewModel(IEventStoreSearch search, StateFieldHistory stateHistory, ReducerCatalog reducers, IEventStoreReader reader, TimeProvider time)
        : this(search) => _state = new StateFieldReader(stateHistory, reducers, reader, time);

    /// <summary>What is wrong with the path (nothing was read); null when it parsed.</summary>
    public string? PathProblem { get; private set; }

    public FieldHistoryProgress? Progress { get; private set; }
    public IReadOnlyList<FieldChange> Changes => _changes;

    /// <summary>With <c>of=state</c>: the fold and its rows; null when this host cannot fold (no reducers registered).</summary>
    public StateFieldReader? StateHistory => _state;

    /// <summary>Why <c>of=state</c> cannot be answered here (nothing was read); null when it can or is not asked.</summary>
    public string? StateProblem { get; private set; }

    /// <summary>True when the URL names an aggregate and a path that parsed (and, for a state field, a reducer that exists).</summary>
    public bool HasRequest => State.AggregateId is not null && State.Path is not null && PathProblem is null && StateProblem is null;

    protected override void Reset()
    {
        PathProblem = null;
        StateProblem = null;
        Progress = null;
        _changes.Clear();
        _state?.Reset();
        if (State.Path is { } path && !JsonPathPattern.TryParse(path, out _, out var problem)) PathProblem = $"'{path}' is not a path: {problem}.";
        if (State.OfState)
        {
            StateProblem = _state is null ? "The history of a state field cannot be folded here: no reducers are set up." : _state.NameProblem(State.Reducer);
        }
    }

    protected override async Task ReadAsync()
    {
        if (!HasRequest) return;
        JsonPathPattern.TryParse(State.Path, out var pattern, out _);
        if (State.OfState)
        {
            await StreamAsync(cancellationToken => _state!.ReadAsync(State.AggregateId!, pattern!, State.Reducer, Budget, MaxChanges, cancellationToken), _state!.Apply);
            return;
        }
        var request = new FieldHistoryRequest
        {
            AggregateId = State.AggregateId!,
            Path = pattern!,
            FromVersion = State.FromVersion,
            PreviousValueJson = State.PreviousValueJson,
            Budget = Budget,
            MaxChanges = MaxChanges,
        };
        await StreamAsync(cancellationToken => _search.ReadFieldHistoryAsync(request, cancellationToken), update =>
        {
            foreach (var change in update.NewChanges)
            {
                if (_changes.Count < MaxChanges) _changes.Add(change);
            }
            Progress = update;
        });
    }

    /// <summary>Where a stopped read continues; null when the history was read to its end (a state field's fold is not continued).</summary>
    public string? ContinueUrl => !Load.IsLoading && !State.OfState && Progress?.Resume is { } resume
        ? State.ContinueFrom(resume.FromVersion, resume.PreviousValueJson).ToUrl()
        : null;
}
