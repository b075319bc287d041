using EventExplorer.Data;
using EventExplorer.Data.Model;
using EventExplorer.Data.Reducers;
using EventExplorer.Data.State;
using EventExplorer.Web.Model.Loading;

namespace EventExplorer.Web.Model.Snapshots;

/// <summary>How many snapshots a check run found of each kind.</summary>
public sealed record SnapshotCheckCounts
{
    public long Checked { get; init; }
    public long Matching { get; init; }

    /// <summary>Equal to another version's state, or to none.</summary>
    public long Mismatching { get; init; }
    public long NoCommits { get; init; }
    public long Malformed { get; init; }
    public long ReducerFailed { get; init; }

    public SnapshotCheckCounts Add(SnapshotVerdict verdict) => verdict switch
    {
        SnapshotVerdict.Matches => this with { Checked = Checked + 1, Matching = Matching + 1 },
        SnapshotVerdict.MatchesAnotherVersion or SnapshotVerdict.MatchesNone => this with { Checked = Checked + 1, Mismatching = Mismatching + 1 },
        SnapshotVerdict.NoCommits => this with { Checked = Checked + 1, NoCommits = NoCommits + 1 },
        SnapshotVerdict.Malformed => this with { Checked = Checked + 1, Malformed = Malformed + 1 },
        _ => this with { Checked = Checked + 1, ReducerFailed = ReducerFailed + 1 },
    };
}

/// <summary>
/// State of the snapshot check (<c>/snapshots/check</c>): every snapshot (or those under a prefix)
/// verified against its events, streamed with progress, Cancel and the long-read budget for the whole run.
/// Only the snapshots that do not match are kept (the table of problems); matches are counted.
/// </summary>
public sealed class SnapshotCheckViewModel(SnapshotCheck check, ReducerCatalog reducers, IEventStoreReader reader, TimeProvider time) : StreamedViewModel<SnapshotCheckState>
{
    private readonly List<SnapshotCheckRow> _problems = [];
    private long _started;

    /// <summary>Snapshots that do not match the state at their createdAt (or could not be compared), in the order checked.</summary>
    public IReadOnlyList<SnapshotCheckRow> Problems => _problems;

    public SnapshotCheckCounts Counts { get; private set; } = new();

    public ReadCost? Cost { get; private set; }

    /// <summary>Why the run ended (Completed, BudgetExhausted) or Reading while it runs; null before the first update.</summary>
    public ReadState? RunState { get; private set; }

    /// <summary>Where the run stands: a continued run starts after the last snapshot checked.</summary>
    public string? Next { get; private set; }

    public TimeSpan Elapsed { get; private set; }

    /// <summary>The text in the prefix box.</summary>
    public string PrefixText { get; set; } = "";

    /// <summary>Where a run that stopped (the budget, Cancel) continues; null while it runs and after the end of the table.</summary>
    public string? ContinueUrl => !Load.IsLoading && RunState != ReadState.Completed && Next is { } next
        ? (State with { Continue = next, Run = false }).ToUrl()
        : null;

    /// <summary>The mismatches of this run's range as CSV (the check runs again for the file).</summary>
    public string ExportUrl => ExplorerUrls.SnapshotCheckExport(State.Prefix, State.Continue);

    /// <summary>What "Check" leads to: a run over the prefix in the box (the whole table when empty).</summary>
    public string RunUrl => ExplorerUrls.SnapshotCheck(string.IsNullOrWhiteSpace(PrefixText) ? null : PrefixText, run: true);

    protected override void Reset()
    {
        _problems.Clear();
        Counts = new();
        Cost = null;
        RunState = null;
        Next = null;
        Elapsed = TimeSpan.Zero;
        PrefixText = State.Prefix ?? "";
    }

    protected override async Task ReadAsync()
    {
        if (!State.Runs) return;
        _started = time.GetTimestamp();
        var request = new SnapshotCheckRequest { Prefix = State.Prefix, Continue = State.Continue, Budget = Budget };
        // A snapshot's id is its aggregate's id; reducers chosen by a first event type need a read each, so
        // the whole-table check picks by id (as the catalog does without a first event).
        await StreamAsync(ct => check.RunAsync(request, (id, token) => reducers.ForAggregateAsync(reader, id, token), ct), Apply);
    }

    private void Apply(SnapshotCheckProgress progress)
    {
        foreach (var row in progress.Rows)
        {
            Counts = Counts.Add(row.Verdict);
            if (row.Verdict != SnapshotVerdict.Matches) _problems.Add(row);
        }
        Cost = progress.Cost;
        RunState = progress.State;
        Next = progress.Next;
        Elapsed = time.GetElapsedTime(_started);
    }

    /// <summary>The verdict in words for the table.</summary>
    public static string Describe(SnapshotCheckRow row) => row.Verdict switch
    {
        SnapshotVerdict.Matches => "matches",
        SnapshotVerdict.MatchesAnotherVersion => $"matches v{row.MatchingVersion} instead",
        SnapshotVerdict.MatchesNone => "matches no version",
        SnapshotVerdict.NoCommits => "no commits",
        SnapshotVerdict.Malformed => "malformed state",
        _ => "reducer failed",
    };
}
