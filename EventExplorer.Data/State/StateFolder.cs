using System.Diagnostics;
using System.Runtime.CompilerServices;
using EventExplorer.Data.Model;

using EventExplorer.Data.Reducers;

namespace EventExplorer.Data.State;

/// <summary>What to fold: an aggregate's commits from its first up to <see cref="ToVersion"/>.</summary>
public sealed record FoldRequest
{
    public required string AggregateId { get; init; }

    /// <summary>
    /// The first version read (inclusive); null starts at the first commit. A fold continued from here must
    /// already hold the state before it (a state diff folds up to one version, takes its state, and goes on).
    /// </summary>
    public long? FromVersion { get; init; }

    /// <summary>The last version folded (inclusive); null folds the whole history.</summary>
    public long? ToVersion { get; init; }

    /// <summary>Only commits committed at or before this moment (the history is read in version order and stops at the first later one).</summary>
    public DateTimeOffset? ToTime { get; init; }

    public ReadBudget Budget { get; init; } = ReadBudget.Export;

    /// <summary>A step after each event rather than after each commit (to say which event changed something).</summary>
    public bool StepPerEvent { get; init; }
}

/// <summary>One commit folded, and the fold as it stands after it.</summary>
public sealed record FoldStep
{
    public required Commit Commit { get; init; }

    /// <summary>With <see cref="FoldRequest.StepPerEvent"/>, the event just applied; otherwise null.</summary>
    public CommitEvent? Event { get; init; }

    /// <summary>The live fold: read <see cref="ReducerFold.State"/> now if this step's state is wanted (it moves on).</summary>
    public required ReducerFold Fold { get; init; }

    public required TimeSpan Elapsed { get; init; }
}

/// <summary>
/// Folds an aggregate's history with a reducer, reading it a response at a time in version order (never
/// the whole history in memory: memory is bounded by the state) into a fold the caller owns. Yields after each commit so callers can
/// show progress, stop early, or compare each version's state (field history, snapshot verification).
/// Throws <see cref="ReducerException"/> when the reducer fails and
/// <see cref="Errors.ReadBudgetExhaustedException"/> when the budget runs out.
/// </summary>
public sealed class StateFolder(IEventStoreSearch search)
{
    /// <param name="request">What to fold.</param>
    /// <param name="fold">The fold to apply the commits to (<see cref="Reducer.Begin"/>); the caller reads its state and disposes it.</param>
    /// <param name="cost">Hears what reading has cost after each response (requests, items, RCU).</param>
    /// <param name="cancellationToken">Stops the read and the fold.</param>
    public async IAsyncEnumerable<FoldStep> FoldAsync(FoldRequest request, ReducerFold fold, IProgress<ReadCost>? cost, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(fold);
        var started = Stopwatch.StartNew();
        var export = new ExportRequest { Range = CommitRange.Aggregate(request.AggregateId, request.FromVersion, request.ToVersion), Budget = request.Budget };
        await foreach (var commit in search.ExportAsync(export, cost, cancellationToken).ConfigureAwait(false))
        {
            if (request.ToTime is { } until && commit.CommittedAt > until) yield break;
            if (!request.StepPerEvent)
            {
                fold.Apply(commit);
                yield return new FoldStep { Commit = commit, Fold = fold, Elapsed = started.Elapsed };
                continue;
            }
            fold.CheckFoldable(commit);
            foreach (var evt in commit.Events)
            {
                fold.Apply(commit, evt);
                yield return new FoldStep { Commit = commit, Event = evt, Fold = fold, Elapsed = started.Elapsed };
            }
        }
    }
}
