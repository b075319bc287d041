using System.Runtime.CompilerServices;
using Amazon.DynamoDBv2;
using EventExplorer.Data.DynamoDb;
using EventExplorer.Data.Errors;
using EventExplorer.Data.Model;
using EventExplorer.Data.Reducers;
using EventExplorer.Data.State;

namespace EventExplorer.Data.Integrity;

/// <summary>
/// The whole-table integrity check: the commit table (parallel Scan), the commit-id index (in commit-id
/// order) and the snapshot table (parallel Scan), streamed an update per round of responses. Every read is a
/// long read within the instance's read-capacity budget; memory holds one round of responses and a few
/// values per segment, whatever the size of the tables. A run stops between rounds when its
/// <see cref="IntegrityRequest.Budget"/> is spent; every update's <see cref="IntegrityProgress.Next"/>
/// continues after it, counts carried on (a continued run keeps the number of segments it started with).
/// </summary>
public sealed class IntegrityCheck
{
    private readonly StoreSchemaDetector _schema;
    private readonly CommitPhase _commits;
    private readonly FeedPhase _feed;
    private readonly SnapshotPhase _snapshots;

    public IntegrityCheck(IAmazonDynamoDB client, StoreSchemaDetector schema, SnapshotVerifier verifier)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(schema);
        _schema = schema;
        _commits = new CommitPhase(client, schema.Calls);
        _feed = new FeedPhase(client, schema.Calls);
        _snapshots = new SnapshotPhase(client, schema.Calls, verifier);
    }

    /// <param name="request">What to check and where a previous run stopped.</param>
    /// <param name="reducerFor">The reducer for a snapshot's aggregate; only used with <see cref="IntegrityRequest.VerifySnapshots"/>.</param>
    /// <param name="cancellationToken">Stops the run (the last update's <see cref="IntegrityProgress.Next"/> continues it).</param>
    /// <exception cref="InvalidQueryException">Segments, budget or places per kind out of range.</exception>
    /// <exception cref="InvalidCursorException">A damaged or tampered continue token.</exception>
    public async IAsyncEnumerable<IntegrityProgress> RunAsync(IntegrityRequest request, Func<string, Reducer>? reducerFor,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Budget.Validate();
        if (request.PlacesPerKind is < 0 or > 100_000) throw new InvalidQueryException($"The places per kind must be between 0 and 100,000 (got {request.PlacesPerKind}).");
        if (request.VerifySnapshots && reducerFor is null) throw new InvalidQueryException("Verifying snapshots needs a reducer for each aggregate.");
        _ = SegmentedScan.Start(request.Segments);

        var store = await _schema.DescribeAsync(cancellationToken).ConfigureAwait(false);
        var state = request.Continue is null ? IntegrityState.Start(request.Segments) : IntegrityToken.Decode(request.Continue, store);
        var tally = new IntegrityTally(request.PlacesPerKind, state.Counts)
        {
            CommitsChecked = state.CommitsChecked,
            FeedEntriesChecked = state.FeedEntriesChecked,
            SnapshotsChecked = state.SnapshotsChecked,
        };
        var notice = store.SnapshotTableMissing
            ? $"The snapshot table {store.SnapshotTable} does not exist: snapshots were not checked."
            : null;
        using var reading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            await foreach (var update in RoundsAsync(state, store, tally, request, reducerFor, notice, reading.Token).ConfigureAwait(false)) yield return update;
        }
        finally
        {
            // A run left early (the budget, an error, the consumer gone) may leave a round being read ahead: stop it and observe it.
            if (state.NextCommitRound is { } ahead)
            {
                await reading.CancelAsync().ConfigureAwait(false);
                try
                {
                    await ahead.ConfigureAwait(false);
                }
                catch (Exception) when (ahead.IsFaulted || ahead.IsCanceled)
                {
                    // Its outcome no longer matters: the run has ended, with the error that ended it if any.
                }
            }
        }
    }

    private async IAsyncEnumerable<IntegrityProgress> RoundsAsync(IntegrityState state, StoreDescription store, IntegrityTally tally, IntegrityRequest request,
        Func<string, Reducer>? reducerFor, string? notice, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var cost = ReadCost.None;
        while (true)
        {
            if (state.Phase == IntegrityPhase.Snapshots && store.SnapshotTableMissing) state.Phase = IntegrityPhase.Done;
            if (state.Phase == IntegrityPhase.Done)
            {
                yield return Progress(state, tally, cost, ReadState.Completed, next: null, notice);
                yield break;
            }
            if (cost.ItemsRead >= request.Budget.MaxItems || cost.Requests >= request.Budget.MaxRequests)
            {
                yield return Progress(state, tally, cost, ReadState.BudgetExhausted, IntegrityToken.Encode(state, tally, store), notice);
                yield break;
            }

            var itemBudget = request.Budget.MaxItems - cost.ItemsRead;
            var round = state.Phase switch
            {
                IntegrityPhase.Commits => await _commits.RoundAsync(state, store, tally, itemBudget, cancellationToken).ConfigureAwait(false),
                IntegrityPhase.Feed => await _feed.RoundAsync(state, store, tally, itemBudget, cancellationToken).ConfigureAwait(false),
                _ => await _snapshots.RoundAsync(state, store, tally, itemBudget, request.VerifySnapshots ? reducerFor : null, cancellationToken).ConfigureAwait(false),
            };
            cost = cost.Add(round.ItemsRead, round.ItemsReturned, round.CapacityUnits, round.Requests);
            if (state.Phase != IntegrityPhase.Done && !(state.Phase == IntegrityPhase.Snapshots && store.SnapshotTableMissing))
            {
                yield return Progress(state, tally, cost, ReadState.Reading, IntegrityToken.Encode(state, tally, store), notice);
            }
        }
    }

    private static IntegrityProgress Progress(IntegrityState state, IntegrityTally tally, ReadCost cost, ReadState readState, string? next, string? notice) => new()
    {
        Phase = state.Phase,
        Counts = tally.Counts,
        NewPlaces = tally.TakeNewPlaces(),
        CommitsChecked = tally.CommitsChecked,
        FeedEntriesChecked = tally.FeedEntriesChecked,
        SnapshotsChecked = tally.SnapshotsChecked,
        Cost = cost,
        State = readState,
        Next = next,
        Notice = notice,
    };
}
