using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using EventExplorer.Data.DynamoDb;
using EventExplorer.Data.Errors;
using EventExplorer.Data.Model;
using EventExplorer.Data.Reducers;
using EventExplorer.Data.State;
using static EventExplorer.Data.DynamoDb.CommitItemMapper;

namespace EventExplorer.Data.Integrity;

/// <summary>
/// Phase 3: one round of the snapshot table's parallel scan. Each snapshot is checked on its own
/// (<see cref="SnapshotChecks"/>), then against its aggregate's first commit (the snapshot id is the aggregate
/// id): read for the round's snapshots at once, version 0 by BatchGetItem and, for the few without one, the
/// lowest version by a Query of one item. With a reducer, each snapshot is also compared with every folded
/// state of its aggregate (<see cref="SnapshotVerifier"/>); those rounds are small, as each fold reads a history.
/// </summary>
internal sealed class SnapshotPhase(IAmazonDynamoDB client, StoreCallRunner calls, SnapshotVerifier verifier)
{
    private const int VerifiedPerSegment = 10;
    private const string RunBudgetSpent = "not verified: the check's read budget ran out before its aggregate's history was folded; its verification page folds it alone.";
    private const int BatchGetKeys = 100;
    private const int BatchGetAttempts = 3;
    private const int ParallelQueries = 8;

    private sealed record FirstCommit(string Version, long? CommittedAt);

    public async Task<ReadCost> RoundAsync(IntegrityState state, StoreDescription store, IntegrityTally tally, long itemBudget,
        Func<string, CancellationToken, Task<Reducer>>? reducerFor, CancellationToken cancellationToken)
    {
        var verify = reducerFor is not null;
        var snapshots = new List<SnapshotKey>();
        var scan = new SegmentedScan(client, calls, store.SnapshotTable, [store.SnapshotKeyAttribute], null, null, itemBudget);
        var active = Math.Max(1, state.SnapshotSegments.Count(s => !s.Done));
        var progress = await scan.ReadAsync(state.SnapshotSegments, (_, item) =>
        {
            snapshots.Add(SnapshotChecks.Check(item, store.SnapshotKeyAttribute, verify, tally));
            tally.SnapshotsChecked++;
            return true;
        }, verify ? () => VerifiedPerSegment * active : () => null, maxRounds: 1, cancellationToken).ConfigureAwait(false);
        var cost = new CostSum();
        cost.Add(progress.ItemsScanned, progress.CapacityUnits, progress.Requests);

        var firsts = await FirstCommitsAsync(store.CommitTable, snapshots.Select(s => s.SnapshotId).Where(id => id.Length > 0).Distinct().ToList(), cost, cancellationToken).ConfigureAwait(false);
        foreach (var snapshot in snapshots)
        {
            void Add(IntegrityKind kind, string detail) => tally.Add(kind, IntegrityTable.Snapshots, snapshot.SnapshotId, null, null, detail);
            if (!firsts.TryGetValue(snapshot.SnapshotId, out var first))
            {
                Add(IntegrityKind.SnapshotWithoutCommits, $"the aggregate \"{snapshot.SnapshotId}\" has no commits: the snapshot summarises no events.");
                continue;
            }
            if (snapshot.CreatedAt is { } created && first.CommittedAt is { } committed && created < committed)
            {
                Add(IntegrityKind.SnapshotBeforeFirstCommit,
                    $"created at {AggregateRun.Time(created)}, {AggregateRun.Duration(committed - created)} before its aggregate's first commit (v{first.Version} at {AggregateRun.Time(committed)}).");
            }
            if (verify && snapshot.StateJson is not null) await VerifyAsync(snapshot, reducerFor!, Add, cost, itemBudget, cancellationToken).ConfigureAwait(false);
        }

        for (var i = 0; i < state.SnapshotSegments.Length; i++) state.SnapshotSegments[i] = progress.Segments[i];
        if (progress.Finished) state.Phase = IntegrityPhase.Done;
        return cost.Total;
    }

    /// <param name="itemBudget">What the run may still read at the start of this round: a fold reads no more than is left of it.</param>
    private async Task VerifyAsync(SnapshotKey snapshot, Func<string, CancellationToken, Task<Reducer>> reducerFor, Action<IntegrityKind, string> add,
        CostSum cost, long itemBudget, CancellationToken cancellationToken)
    {
        var left = itemBudget - cost.Total.ItemsRead;
        if (left <= 0)
        {
            add(IntegrityKind.SnapshotNotVerified, RunBudgetSpent);
            return;
        }
        var budget = ReadBudget.Export with { MaxItems = Math.Min(ReadBudget.Export.MaxItems, left) };
        var meter = new CostMeter();
        try
        {
            var reducer = await reducerFor(snapshot.SnapshotId, cancellationToken).ConfigureAwait(false);
            var stored = new Snapshot { SnapshotId = snapshot.SnapshotId, CreatedAt = ToTime(snapshot.CreatedAt), StateJson = snapshot.StateJson };
            var result = await verifier.VerifyAsync(stored, reducer, ReducerLimits.Default, budget, meter, cancellationToken).ConfigureAwait(false);
            if (result is { StateMalformed: false, Problem: null, MatchingVersion: null })
            {
                add(IntegrityKind.SnapshotMatchesNoState,
                    $"the state equals none of the {result.Commits} states the reducer \"{reducer.Name}\" folds from its aggregate's commits (v{result.NewestVersion} the newest).");
            }
        }
        catch (Exception e) when (e is ReducerException or ReducerLoadException or ReadBudgetExhaustedException)
        {
            // No verdict about the snapshot, but the check says it could not give one, and why.
            add(IntegrityKind.SnapshotNotVerified, e switch
            {
                ReadBudgetExhaustedException when budget.MaxItems < ReadBudget.Export.MaxItems => RunBudgetSpent,
                ReadBudgetExhaustedException => $"not verified: its aggregate's history is beyond an export's read budget ({ReadBudget.Export.MaxItems:N0} items).",
                _ => "not verified: " + e.Message,
            });
        }
        finally
        {
            cost.Add(meter.Cost);
        }
    }

    /// <summary>The first commit of each aggregate that has one: version 0 where it exists, else the lowest version.</summary>
    private async Task<Dictionary<string, FirstCommit>> FirstCommitsAsync(string table, IReadOnlyList<string> aggregateIds, CostSum cost, CancellationToken cancellationToken)
    {
        var firsts = new Dictionary<string, FirstCommit>(StringComparer.Ordinal);
        var names = new Dictionary<string, string> { ["#a"] = Attr.AggregateId, ["#v"] = Attr.Version, ["#at"] = Attr.CommittedAt };
        foreach (var chunk in aggregateIds.Chunk(BatchGetKeys))
        {
            var pending = new Dictionary<string, KeysAndAttributes>
            {
                [table] = new()
                {
                    Keys = chunk.Select(id => new Dictionary<string, AttributeValue> { [Attr.AggregateId] = new() { S = id }, [Attr.Version] = new() { N = "0" } }).ToList(),
                    ProjectionExpression = "#a, #v, #at",
                    ExpressionAttributeNames = names,
                },
            };
            for (var attempt = 0; attempt < BatchGetAttempts && pending.Count > 0; attempt++)
            {
                var request = new BatchGetItemRequest { RequestItems = pending, ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL };
                var response = await calls.RunAsync(table, ct => client.BatchGetItemAsync(request, ct), cancellationToken, priority: ReadPriority.Long).ConfigureAwait(false);
                var items = response.Responses?.GetValueOrDefault(table) ?? [];
                cost.Add(items.Count, response.ConsumedCapacity?.Sum(c => c.CapacityUnits ?? 0), 1);
                foreach (var item in items)
                {
                    if (item.GetValueOrDefault(Attr.AggregateId)?.S is { } id) firsts[id] = new FirstCommit("0", ReadWholeNumber(item, Attr.CommittedAt, null));
                }
                // Keys DynamoDB did not get to (throttling): asked again, and the last few by the Query below.
                pending = response.UnprocessedKeys is { Count: > 0 } unprocessed ? unprocessed : [];
            }
        }

        var withoutZero = aggregateIds.Where(id => !firsts.ContainsKey(id)).ToList();
        var lowest = new FirstCommit?[withoutZero.Count];
        await Parallel.ForAsync(0, withoutZero.Count, new ParallelOptions { MaxDegreeOfParallelism = ParallelQueries, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            var request = new QueryRequest
            {
                TableName = table,
                KeyConditionExpression = "#a = :a",
                ProjectionExpression = "#v, #at",
                ExpressionAttributeNames = new() { ["#a"] = Attr.AggregateId, ["#v"] = Attr.Version, ["#at"] = Attr.CommittedAt },
                ExpressionAttributeValues = new() { [":a"] = new AttributeValue { S = withoutZero[i] } },
                Limit = 1,
                ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
            };
            var response = await calls.RunAsync(table, c => client.QueryAsync(request, c), ct, priority: ReadPriority.Long).ConfigureAwait(false);
            cost.Add(response.ScannedCount ?? 0, response.ConsumedCapacity?.CapacityUnits, 1);
            if (response.Items is [var item, ..]) lowest[i] = new FirstCommit(item.GetValueOrDefault(Attr.Version)?.N ?? "", ReadWholeNumber(item, Attr.CommittedAt, null));
        }).ConfigureAwait(false);
        for (var i = 0; i < withoutZero.Count; i++)
        {
            if (lowest[i] is { } first) firsts[withoutZero[i]] = first;
        }
        return firsts;
    }

    /// <summary>What a round cost, added from parallel reads.</summary>
    private sealed class CostSum
    {
        private readonly Lock _gate = new();

        public ReadCost Total { get; private set; } = ReadCost.None;

        public void Add(long items, double? capacityUnits, int requests)
        {
            lock (_gate) Total = Total.Add(items, items, capacityUnits, requests);
        }

        public void Add(ReadCost cost)
        {
            lock (_gate) Total = Total.Add(cost.ItemsRead, cost.ItemsReturned, cost.CapacityUnits, cost.Requests);
        }
    }

    private sealed class CostMeter : IProgress<ReadCost>
    {
        public ReadCost Cost { get; private set; } = ReadCost.None;

        public void Report(ReadCost value) => Cost = value;
    }
}
