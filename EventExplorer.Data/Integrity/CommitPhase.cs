using Amazon.DynamoDBv2;
using EventExplorer.Data.DynamoDb;
using EventExplorer.Data.DynamoDb.Commits;
using EventExplorer.Data.Model;

namespace EventExplorer.Data.Integrity;

/// <summary>
/// Phase 1: one round of the commit table's parallel scan. Each item is checked on its own
/// (<see cref="CommitItemChecks"/>) and against the previous item of its segment (<see cref="AggregateRun"/>).
/// </summary>
internal sealed class CommitPhase(IAmazonDynamoDB client, StoreCallRunner calls)
{
    public async Task<ReadCost> RoundAsync(IntegrityState state, StoreDescription store, IntegrityTally tally, long itemBudget, CancellationToken cancellationToken)
    {
        // Whole items: the events are what most of the checks read.
        var scan = new SegmentedScan(client, calls, store.CommitTable, SortKeys.TableKey, null, null, itemBudget);
        var progress = await scan.ReadAsync(state.CommitSegments, (segment, item) =>
        {
            var key = CommitItemChecks.Check(item, store.Layout, tally);
            state.Runs[segment] = AggregateRun.Next(state.Runs[segment], key.AggregateId, key.Version, key.CommitId, key.CommittedAt, tally);
            tally.CommitsChecked++;
            return true;
        }, () => null, maxRounds: 1, cancellationToken).ConfigureAwait(false);

        for (var i = 0; i < state.CommitSegments.Length; i++)
        {
            state.CommitSegments[i] = progress.Segments[i];
            // A finished segment's last aggregate needs nothing more; it need not travel in the token.
            if (progress.Segments[i].Done) state.Runs[i] = null;
        }
        if (progress.Finished) state.Phase = IntegrityPhase.Feed;
        return ReadCost.None.Add(progress.ItemsScanned, progress.ItemsScanned, progress.CapacityUnits, progress.Requests);
    }
}
