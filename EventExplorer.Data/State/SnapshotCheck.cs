using System.Globalization;
using System.Runtime.CompilerServices;
using EventExplorer.Data.Errors;
using EventExplorer.Data.Model;
using EventExplorer.Data.Reducers;

namespace EventExplorer.Data.State;

/// <summary>Which snapshots to check, where a previous run stopped, and what the whole run may read.</summary>
public sealed record SnapshotCheckRequest
{
    /// <summary>Only snapshot ids starting with this text; null checks the whole table.</summary>
    public string? Prefix { get; init; }

    /// <summary>A previous run's <see cref="SnapshotCheckProgress.Next"/>: continue after what it checked.</summary>
    public string? Continue { get; init; }

    /// <summary>Reads of the whole run (the snapshot scan and every fold), not per snapshot.</summary>
    public ReadBudget Budget { get; init; } = ReadBudget.Search;

    public ReducerLimits Limits { get; init; } = ReducerLimits.Default;
}

public enum SnapshotVerdict
{
    /// <summary>Equals the state after the last commit at or before its createdAt.</summary>
    Matches,

    /// <summary>Equals the state after another version (named in the row).</summary>
    MatchesAnotherVersion,

    /// <summary>Equals no version's state.</summary>
    MatchesNone,

    /// <summary>Its aggregate has no commits.</summary>
    NoCommits,

    /// <summary>Its state is not JSON that can be compared.</summary>
    Malformed,

    /// <summary>The reducer failed on the aggregate's events.</summary>
    ReducerFailed,
}

/// <summary>One snapshot checked.</summary>
public sealed record SnapshotCheckRow
{
    public required string SnapshotId { get; init; }
    public required DateTimeOffset? CreatedAt { get; init; }
    public required SnapshotVerdict Verdict { get; init; }
    public required string Reducer { get; init; }
    public long? VersionAtCreation { get; init; }
    public long? MatchingVersion { get; init; }
    public long? CommitsAfterMatch { get; init; }
    public long Commits { get; init; }

    /// <summary>The problem or reducer error in words; null for a comparison that ran.</summary>
    public string? Detail { get; init; }
}

/// <summary>An update of a running check: the rows checked since the previous update, the totals and the cost.</summary>
public sealed record SnapshotCheckProgress
{
    public required IReadOnlyList<SnapshotCheckRow> Rows { get; init; }
    public required long Checked { get; init; }
    public required ReadCost Cost { get; init; }
    public required ReadState State { get; init; }

    /// <summary>Where to continue (<see cref="SnapshotCheckRequest.Continue"/>) when the run stopped before the end.</summary>
    public string? Next { get; init; }
}

/// <summary>
/// Verifies every snapshot in the table (or under a prefix) against its events, streamed: an update
/// after each snapshot. The scan goes a small page at a time, so a run that stops (the budget, Cancel)
/// can continue after the last snapshot it checked: <see cref="SnapshotCheckProgress.Next"/> is the scan
/// page's token and how many of its snapshots were done.
/// </summary>
public sealed class SnapshotCheck(ISnapshotStore snapshots, SnapshotVerifier verifier)
{
    private const int ScanPageSize = 25;

    /// <param name="request">What to check.</param>
    /// <param name="reducerFor">The reducer for a snapshot's aggregate (the catalog's choice: <see cref="ReducerChoice.ForAggregateAsync"/>).</param>
    /// <param name="cancellationToken">Stops the run.</param>
    public async IAsyncEnumerable<SnapshotCheckProgress> RunAsync(SnapshotCheckRequest request, Func<string, CancellationToken, Task<Reducer>> reducerFor,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(reducerFor);
        request.Budget.Validate();
        var (cursor, skip) = ParseContinue(request.Continue);
        var cost = ReadCost.None;
        long done = 0;
        while (true)
        {
            var page = await snapshots.ScanAsync(new ScanQuery { Prefix = request.Prefix, Cursor = cursor, PageSize = ScanPageSize, Segments = 1 }, cancellationToken).ConfigureAwait(false);
            cost = cost.Add(page.ItemsScanned, page.Items.Count, page.CapacityUnits);
            for (var i = skip; i < page.Items.Count; i++)
            {
                var here = FormatContinue(cursor, i);
                if (OverBudget(cost, request.Budget))
                {
                    yield return new SnapshotCheckProgress { Rows = [], Checked = done, Cost = cost, State = ReadState.BudgetExhausted, Next = here };
                    yield break;
                }
                var remaining = new ReadBudget
                {
                    MaxItems = Math.Max(1, request.Budget.MaxItems - cost.ItemsRead),
                    MaxRequests = Math.Max(1, request.Budget.MaxRequests - cost.Requests),
                };
                SnapshotCheckRow? row;
                var foldCost = new CostMeter();
                try
                {
                    row = await CheckAsync(page.Items[i].SnapshotId, reducerFor, request.Limits, remaining, foldCost, cancellationToken).ConfigureAwait(false);
                }
                catch (ReadBudgetExhaustedException)
                {
                    // This snapshot's fold did not finish: a continued run checks it again.
                    row = null;
                }
                cost = Add(cost, foldCost.Cost);
                if (row is null)
                {
                    yield return new SnapshotCheckProgress { Rows = [], Checked = done, Cost = cost, State = ReadState.BudgetExhausted, Next = here };
                    yield break;
                }
                done++;
                var next = i + 1 < page.Items.Count ? FormatContinue(cursor, i + 1) : page.Next is { } following ? FormatContinue(following, 0) : null;
                yield return new SnapshotCheckProgress { Rows = [row], Checked = done, Cost = cost, State = ReadState.Reading, Next = next };
            }
            if (page.Next is null)
            {
                yield return new SnapshotCheckProgress { Rows = [], Checked = done, Cost = cost, State = ReadState.Completed };
                yield break;
            }
            cursor = page.Next;
            skip = 0;
        }
    }

    private async Task<SnapshotCheckRow> CheckAsync(string snapshotId, Func<string, CancellationToken, Task<Reducer>> reducerFor, ReducerLimits limits, ReadBudget budget, CostMeter cost, CancellationToken cancellationToken)
    {
        var reducer = await reducerFor(snapshotId, cancellationToken).ConfigureAwait(false);
        var snapshot = await snapshots.GetAsync(snapshotId, cancellationToken).ConfigureAwait(false);
        if (snapshot is null)
        {
            // Deleted between the scan and the read: nothing to say about it.
            return new SnapshotCheckRow { SnapshotId = snapshotId, CreatedAt = null, Verdict = SnapshotVerdict.NoCommits, Reducer = reducer.Name, Detail = "The snapshot was deleted while the check ran." };
        }
        try
        {
            var result = await verifier.VerifyAsync(snapshot, reducer, limits, budget, cost, cancellationToken).ConfigureAwait(false);
            return new SnapshotCheckRow
            {
                SnapshotId = snapshotId,
                CreatedAt = snapshot.CreatedAt,
                Reducer = reducer.Name,
                Verdict = Verdict(result),
                VersionAtCreation = result.VersionAtCreation,
                MatchingVersion = result.MatchingVersion,
                CommitsAfterMatch = result.CommitsAfterMatch,
                Commits = result.Commits,
                Detail = result.Problem,
            };
        }
        catch (Exception e) when (e is ReducerException or ReducerLoadException)
        {
            return new SnapshotCheckRow { SnapshotId = snapshotId, CreatedAt = snapshot.CreatedAt, Reducer = reducer.Name, Verdict = SnapshotVerdict.ReducerFailed, Detail = e.Message };
        }
    }

    private static SnapshotVerdict Verdict(SnapshotVerification result) => result switch
    {
        { StateMalformed: true } => SnapshotVerdict.Malformed,
        { Problem: not null } => SnapshotVerdict.NoCommits,
        { MatchesStateAtCreation: true } => SnapshotVerdict.Matches,
        { MatchingVersion: not null } => SnapshotVerdict.MatchesAnotherVersion,
        _ => SnapshotVerdict.MatchesNone,
    };

    private static bool OverBudget(ReadCost cost, ReadBudget budget) => cost.ItemsRead >= budget.MaxItems || cost.Requests >= budget.MaxRequests;

    private static ReadCost Add(ReadCost total, ReadCost fold) => total.Add(fold.ItemsRead, fold.ItemsReturned, fold.CapacityUnits, fold.Requests);

    /// <summary>"skip:cursor": the scan page to read again and how many of its snapshots were done.</summary>
    private static string FormatContinue(string? cursor, int skip) => skip.ToString(CultureInfo.InvariantCulture) + ":" + cursor;

    private static (string? Cursor, int Skip) ParseContinue(string? text)
    {
        if (string.IsNullOrEmpty(text)) return (null, 0);
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0 || !int.TryParse(text.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var skip) || skip > ScanPageSize)
        {
            throw new InvalidCursorException("it is damaged", "continue link of the snapshot check", "Start the check again.");
        }
        var cursor = text[(colon + 1)..];
        return (cursor.Length == 0 ? null : cursor, skip);
    }

    private sealed class CostMeter : IProgress<ReadCost>
    {
        public ReadCost Cost { get; private set; } = ReadCost.None;

        public void Report(ReadCost value) => Cost = value;
    }
}
