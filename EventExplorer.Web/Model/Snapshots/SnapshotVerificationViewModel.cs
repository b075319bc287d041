using System.Globalization;
using EventExplorer.Data;
using EventExplorer.Data.Errors;
using EventExplorer.Data.Model;
using EventExplorer.Data.Reducers;
using EventExplorer.Data.State;
using EventExplorer.Web.Model.Loading;

namespace EventExplorer.Web.Model.Snapshots;

/// <summary>What a verification found, in words.</summary>
public enum SnapshotVerdictKind
{
    /// <summary>Equals the state after the last commit at or before its createdAt.</summary>
    Matches,

    /// <summary>Differs from that state but equals another version's.</summary>
    MatchesAnotherVersion,

    /// <summary>Equals no version's state.</summary>
    MatchesNone,

    /// <summary>Could not be compared: malformed state, no commits, or the reducer failed.</summary>
    NotCompared,
}

/// <summary>
/// "Verify against events" on a snapshot's page: folds the aggregate named by the snapshot id with the
/// reducer the state page would pick, compares the snapshot with the state after the last commit at or
/// before its createdAt, and says which version's state it equals, if any. One read of the history (the
/// long-read budget), with its cost and time; progress is raised while the fold runs.
/// </summary>
public sealed class SnapshotVerificationViewModel(ReducerCatalog reducers, SnapshotVerifier verifier, IEventStoreReader reader, TimeProvider time) : IDisposable
{
    private static readonly TimeSpan UpdateEvery = TimeSpan.FromMilliseconds(250);

    public LatestLoad Load { get; } = new();

    /// <summary>What one verification may read.</summary>
    public ReadBudget Budget { get; set; } = ReadBudget.Search;

    /// <summary>The snapshot verified (or being verified); null before the first.</summary>
    public Snapshot? Snapshot { get; private set; }

    public Reducer? Reducer { get; private set; }

    public ReadCost Cost { get; private set; } = ReadCost.None;

    public TimeSpan Elapsed { get; private set; }

    public SnapshotVerification? Result { get; private set; }

    /// <summary>Why the verification ended without a comparison: the reducer failed, or the budget ran out.</summary>
    public string? Failure { get; private set; }

    public bool Cancelled { get; private set; }

    /// <summary>Raised while the fold runs (a few times a second) and when it ends.</summary>
    public event Func<Task>? Changed;

    /// <summary>Verifies <paramref name="snapshot"/>; does nothing when this very snapshot is already verified or being verified.</summary>
    public async Task VerifyAsync(Snapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (Snapshot == snapshot && (Load.IsLoading || Result is not null || Failure is not null)) return;
        await RunAsync(snapshot);
    }

    /// <summary>Runs the verification again (Retry, or after Cancel).</summary>
    public Task RetryAsync() => Snapshot is { } snapshot ? RunAsync(snapshot) : Task.CompletedTask;

    public void Cancel()
    {
        if (!Load.IsLoading) return;
        Load.Cancel();
        Cancelled = true;
    }

    private async Task RunAsync(Snapshot snapshot)
    {
        Snapshot = snapshot;
        Reducer = null;
        Result = null;
        Failure = null;
        Cancelled = false;
        Cost = ReadCost.None;
        Elapsed = TimeSpan.Zero;
        var started = time.GetTimestamp();
        await Load.RunAsync(async cancellationToken =>
        {
            var meter = new Meter(this, time, started);
            try
            {
                Reducer = await reducers.ForAggregateAsync(reader, snapshot.SnapshotId, cancellationToken);
                var result = await verifier.VerifyAsync(snapshot, Reducer, ReducerLimits.Default, Budget, meter, cancellationToken);
                if (!cancellationToken.IsCancellationRequested) Result = result;
            }
            catch (Exception e) when (e is ReducerException or ReducerLoadException)
            {
                Failure = e.Message;
            }
            catch (ReadBudgetExhaustedException e)
            {
                Failure = $"The verification stopped at the read budget after {e.Cost.ItemsRead.ToString("N0", CultureInfo.InvariantCulture)} items: "
                    + "the aggregate's history is longer than one read may read, so the snapshot was not compared.";
            }
            finally
            {
                Elapsed = time.GetElapsedTime(started);
                // The progress re-renders the fold asked for: their failures surface here, not nowhere.
                await Task.WhenAll(meter.Updates);
            }
        });
        if (Changed is { } changed) await changed();
    }

    /// <summary>The verdict in one word or three; null until there is one.</summary>
    public SnapshotVerdictKind? Verdict => Result switch
    {
        null => Failure is null ? null : SnapshotVerdictKind.NotCompared,
        { Problem: not null } => SnapshotVerdictKind.NotCompared,
        { MatchesStateAtCreation: true } => SnapshotVerdictKind.Matches,
        { MatchingVersion: not null } => SnapshotVerdictKind.MatchesAnotherVersion,
        _ => SnapshotVerdictKind.MatchesNone,
    };

    /// <summary>What the verification found, as a sentence (or two).</summary>
    public string? Summary
    {
        get
        {
            if (Failure is { } failure) return failure;
            if (Result is not { } result) return null;
            if (result.Problem is { } problem) return problem;
            var atCreation = result.VersionAtCreation is { } v
                ? $"the state after v{V(v)}, the last commit at or before the snapshot's createdAt"
                : null;
            var equals = result.MatchingVersion is { } m ? $"the state after v{V(m)}, {Before(result.CommitsAfterMatch ?? 0, result.NewestVersion)}" : null;
            if (result.MatchesStateAtCreation)
            {
                return result.MatchingVersion == result.VersionAtCreation
                    ? $"The snapshot matches {atCreation} ({Before(result.CommitsAfterMatch ?? 0, result.NewestVersion)})."
                    : $"The snapshot matches {atCreation}; later commits left the state unchanged up to v{V(result.MatchingVersion!.Value)} ({Before(result.CommitsAfterMatch ?? 0, result.NewestVersion)}).";
            }
            var noneAtCreation = atCreation is null
                ? "No commit was committed at or before the snapshot's createdAt, so there is no state of that moment to compare it with."
                : $"The snapshot does not match {atCreation}.";
            return equals is not null
                ? $"{noneAtCreation} It matches {equals}."
                : $"{noneAtCreation} It matches none of the {Formats.Count(result.Commits, "version")}' states.";
        }
    }

    /// <summary>The folded state the snapshot should equal and does not (for the diff); null when there is none to show.</summary>
    public string? DifferingState => Result is { MatchesStateAtCreation: false, StateAtCreation: { } state, Problem: null } ? state : null;

    public void Dispose() => Load.Dispose();

    private static string Before(long commitsAfter, long? newest) => commitsAfter switch
    {
        0 => "the newest commit",
        1 => $"1 commit before the newest (v{V(newest ?? 0)})",
        _ => $"{V(commitsAfter)} commits before the newest (v{V(newest ?? 0)})",
    };

    private static string V(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Hears the fold's cost after each response and lets the page re-render a few times a second.</summary>
    private sealed class Meter(SnapshotVerificationViewModel model, TimeProvider time, long started) : IProgress<ReadCost>
    {
        private readonly long _started = started;
        private long _lastUpdate = started;

        public List<Task> Updates { get; } = [];

        public void Report(ReadCost value)
        {
            model.Cost = value;
            model.Elapsed = time.GetElapsedTime(_started);
            if (time.GetElapsedTime(_lastUpdate) < UpdateEvery || model.Changed is not { } changed) return;
            _lastUpdate = time.GetTimestamp();
            lock (Updates) Updates.Add(changed());
        }
    }
}
