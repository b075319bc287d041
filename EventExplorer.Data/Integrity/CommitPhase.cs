using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using EventExplorer.Data.DynamoDb;
using EventExplorer.Data.DynamoDb.Commits;
using EventExplorer.Data.Model;

namespace EventExplorer.Data.Integrity;

/// <summary>One round of the commit table's scan, read but not yet checked: each item with its segment, and where the segments stand after it.</summary>
internal sealed record CommitRound(ScanProgress Progress, List<(int Segment, Dictionary<string, AttributeValue> Item)> Items)
{
    public ReadCost Cost => ReadCost.None.Add(Progress.ItemsScanned, Progress.ItemsScanned, Progress.CapacityUnits, Progress.Requests);
}

/// <summary>
/// Phase 1: the commit table's parallel scan, a round at a time. Each item is checked on its own
/// (<see cref="CommitItemChecks"/>) and against the previous item of its segment (<see cref="AggregateRun"/>).
/// The next round is read while this one is checked (parsing every item's events costs about what reading
/// them does), so memory holds two rounds: at most two responses of 1 MB per segment.
/// </summary>
internal sealed class CommitPhase(IAmazonDynamoDB client, StoreCallRunner calls)
{
    public async Task<ReadCost> RoundAsync(IntegrityState state, StoreDescription store, IntegrityTally tally, long itemBudget, CancellationToken cancellationToken)
    {
        var round = state.NextCommitRound is { } prefetched ? await prefetched.ConfigureAwait(false) : await ReadAsync(state.CommitSegments, store, itemBudget, cancellationToken).ConfigureAwait(false);
        state.NextCommitRound = null;
        var left = itemBudget - round.Progress.ItemsScanned;
        if (!round.Progress.Finished && left > 0) state.NextCommitRound = ReadAsync(round.Progress.Segments, store, left, cancellationToken);

        foreach (var (segment, item) in round.Items)
        {
            var key = CommitItemChecks.Check(item, store.Layout, tally);
            state.Runs[segment] = AggregateRun.Next(state.Runs[segment], key.AggregateId, key.Version, key.CommitId, key.CommittedAt, tally);
            tally.CommitsChecked++;
        }
        for (var i = 0; i < state.CommitSegments.Length; i++)
        {
            state.CommitSegments[i] = round.Progress.Segments[i];
            // A finished segment's last aggregate needs nothing more; it need not travel in the token.
            if (round.Progress.Segments[i].Done) state.Runs[i] = null;
        }
        if (round.Progress.Finished) state.Phase = IntegrityPhase.Feed;
        return round.Cost;
    }

    private async Task<CommitRound> ReadAsync(IReadOnlyList<ScanSegmentState> from, StoreDescription store, long itemBudget, CancellationToken cancellationToken)
    {
        // Whole items: the events are what most of the checks read.
        var scan = new SegmentedScan(client, calls, store.CommitTable, SortKeys.TableKey, null, null, itemBudget);
        var items = new List<(int, Dictionary<string, AttributeValue>)>();
        var progress = await scan.ReadAsync(from, (segment, item) =>
        {
            items.Add((segment, item));
            return true;
        }, () => null, maxRounds: 1, cancellationToken).ConfigureAwait(false);
        return new CommitRound(progress, items);
    }
}
