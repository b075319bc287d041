using EventExplorer.Data;
using EventExplorer.Data.Integrity;
using EventExplorer.Data.Model;
using EventExplorer.Data.Reducers;
using EventExplorer.Data.State;
using EventExplorer.Web.Export;
using EventExplorer.Web.Model.Loading;

namespace EventExplorer.Web.Model.Integrity;

/// <summary>
/// State of the whole-table integrity check (<c>/integrity</c>): every commit, the feed in commit-id order and
/// every snapshot checked, streamed with progress, Cancel and one read budget for the whole run. Counts per kind
/// cover the whole check (a continued run's token carries the earlier counts); the places listed are the first
/// ones of each kind this run found.
/// </summary>
public sealed class IntegrityViewModel : StreamedViewModel<IntegrityPageState>
{
    private static readonly IReadOnlyDictionary<IntegrityKind, long> NoCounts = IntegrityKinds.All.ToDictionary(k => k, _ => 0L);

    private readonly IntegrityCheck _check;
    private readonly ReducerCatalog _reducers;
    private readonly IEventStoreReader _reader;
    private readonly TimeProvider _time;
    private readonly Dictionary<IntegrityKind, List<IntegrityPlace>> _places = [];
    private long _started;

    /// <param name="budget">The export's budget when one is configured; the check reads every table, as an export does.</param>
    public IntegrityViewModel(IntegrityCheck check, ReducerCatalog reducers, IEventStoreReader reader, TimeProvider time, ExportBudget? budget = null)
    {
        _check = check;
        _reducers = reducers;
        _reader = reader;
        _time = time;
        Budget = budget?.Budget ?? ReadBudget.Export;
    }

    /// <summary>Every kind with its count so far (zeros included).</summary>
    public IReadOnlyDictionary<IntegrityKind, long> Counts { get; private set; } = NoCounts;

    /// <summary>The places of a kind this run found, in the order found (at most the request's places per kind).</summary>
    public IReadOnlyList<IntegrityPlace> PlacesOf(IntegrityKind kind) => _places.TryGetValue(kind, out var places) ? places : [];

    /// <summary>The kinds found at least once, in the page's order.</summary>
    public IEnumerable<IntegrityKind> KindsFound => IntegrityKinds.All.Where(k => Counts.GetValueOrDefault(k) > 0);

    public IntegrityPhase? Phase { get; private set; }
    public long CommitsChecked { get; private set; }
    public long FeedEntriesChecked { get; private set; }
    public long SnapshotsChecked { get; private set; }
    public ReadCost? Cost { get; private set; }

    /// <summary>Why the run ended (Completed, BudgetExhausted) or Reading while it runs; null before the first update.</summary>
    public ReadState? RunState { get; private set; }

    /// <summary>Where a continued run starts; null when the check reached the end.</summary>
    public string? Next { get; private set; }

    public TimeSpan Elapsed { get; private set; }

    /// <summary>What the check could not do, in words (no snapshot table); null when none.</summary>
    public string? Notice { get; private set; }

    /// <summary>True once a run has ended with every part read and nothing found.</summary>
    public bool Clean => RunState == ReadState.Completed && !Cancelled && Load.Error is null && !KindsFound.Any();

    /// <summary>The form: segments and the snapshot verification switch.</summary>
    public int SegmentsField { get; set; } = IntegrityRequest.DefaultSegments;

    public bool VerifyField { get; set; }

    /// <summary>Where a run that stopped (the budget, Cancel) continues; null while it runs and after the end.</summary>
    public string? ContinueUrl => !Load.IsLoading && RunState != ReadState.Completed && Next is { } next
        ? (State with { Continue = next, Run = false }).ToUrl()
        : null;

    /// <summary>This run's places as CSV (the check runs again for the file, from the same place).</summary>
    public string ExportUrl => ExplorerUrls.IntegrityExport(State);

    /// <summary>What "Run" leads to: a new check with the form's settings.</summary>
    public string RunUrl => ExplorerUrls.Integrity(Math.Clamp(SegmentsField, 1, IntegrityPageState.MaxSegments), VerifyField, run: true);

    protected override void Reset()
    {
        _places.Clear();
        Counts = NoCounts;
        Phase = null;
        CommitsChecked = FeedEntriesChecked = SnapshotsChecked = 0;
        Cost = null;
        RunState = null;
        Next = null;
        Elapsed = TimeSpan.Zero;
        Notice = null;
        SegmentsField = State.Segments;
        VerifyField = State.Verify;
    }

    protected override async Task ReadAsync()
    {
        if (!State.Runs) return;
        _started = _time.GetTimestamp();
        var request = State.ToRequest() with { Budget = Budget };
        // As the snapshot check: reducers chosen by a first event type need a read each, so snapshots pick by id.
        await StreamAsync(ct => _check.RunAsync(request, (id, token) => _reducers.ForAggregateAsync(_reader, id, token), ct), Apply);
    }

    private void Apply(IntegrityProgress progress)
    {
        foreach (var place in progress.NewPlaces)
        {
            if (!_places.TryGetValue(place.Kind, out var places)) _places[place.Kind] = places = [];
            places.Add(place);
        }
        Counts = progress.Counts;
        Phase = progress.Phase;
        CommitsChecked = progress.CommitsChecked;
        FeedEntriesChecked = progress.FeedEntriesChecked;
        SnapshotsChecked = progress.SnapshotsChecked;
        Cost = progress.Cost;
        RunState = progress.State;
        Next = progress.Next;
        Notice = progress.Notice;
        Elapsed = _time.GetElapsedTime(_started);
    }
}
