using System.Runtime.CompilerServices;
using EventExplorer.Data.Errors;
using EventExplorer.Data.Model;
using static EventExplorer.Data.DynamoDb.CommitItemMapper;

namespace EventExplorer.Data.DynamoDb.Commits;

/// <summary>
/// Long reads over a range in replay order: payload search and export. Each reads the range response by
/// response (the next request already in flight while one is handled), keeps only what it returns, and
/// ends at the range's end, its budget, its result limit or the caller's token.
/// </summary>
internal sealed class CommitSearch(KeyRangeReader reader, CommitRangeResolver ranges, RangeEstimator estimator)
{
    public async IAsyncEnumerable<SearchProgress> SearchAsync(SearchRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        request.Budget.Validate();
        if (request.MaxMatches is < 1 or > SearchRequest.MaxMatchesLimit)
        {
            throw new InvalidQueryException($"The number of matches to stop at must be between 1 and {SearchRequest.MaxMatchesLimit:N0} (got {request.MaxMatches:N0}).");
        }
        ValidateFilter(request.Filter, request.Range);
        var range = await ranges.ResolveAsync(request.Range, cancellationToken).ConfigureAwait(false);
        var (estimate, estimateRequests) = await estimator.EstimateAsync(range, cancellationToken).ConfigureAwait(false);
        var search = new SearchState(range, estimate, range.Cost.Add(0, 0, null, estimateRequests));
        if (range.Empty)
        {
            yield return search.Progress([], ReadState.Completed, null);
            yield break;
        }
        yield return search.Progress([], ReadState.Reading, null);

        var preFilter = PreFilter.For(request.Filter, request.Query);
        await foreach (var batch in reader.ReadBatchesAsync(() => range.Request(reader, preFilter), range.StartKey, request.Budget, prefetch: true, null, ReadPriority.Long, cancellationToken).ConfigureAwait(false))
        {
            search.Cost = search.Cost.Add(batch.Scanned, batch.Items.Count, batch.CapacityUnits);
            var (matches, stoppedAt) = MatchBatch(batch, request, search);
            var (state, resume) = await WhereNextAsync(batch, stoppedAt, request, search, cancellationToken).ConfigureAwait(false);
            yield return search.Progress(matches, state, resume);
            if (state != ReadState.Reading) yield break;
        }
    }

    /// <summary>The batch's matches, and the index of the item that reached the result limit (-1 when none did).</summary>
    private static (List<SearchMatch> Matches, int StoppedAt) MatchBatch(ItemBatch batch, SearchRequest request, SearchState search)
    {
        var matches = new List<SearchMatch>();
        for (var i = 0; i < batch.Items.Count; i++)
        {
            var item = batch.Items[i];
            if (search.Range.IsPassedOver(item)) continue;
            var found = ItemEvents.Match(item, request.Query, request.Filter, search.Range.Layout, search.Malformed);
            if (found is null) continue;
            matches.Add(found);
            if (++search.MatchCount == request.MaxMatches) return (matches, i);
        }
        return (matches, -1);
    }

    /// <summary>Whether the search goes on after a batch, and when it stops early, the request that continues it.</summary>
    private async Task<(ReadState State, SearchRequest? Resume)> WhereNextAsync(
        ItemBatch batch, int stoppedAt, SearchRequest request, SearchState search, CancellationToken cancellationToken)
    {
        if (stoppedAt >= 0)
        {
            var next = stoppedAt + 1 < batch.Items.Count ? batch.Items[stoppedAt + 1] : null;
            if (next is null && batch.LastEvaluatedKey is null) return (ReadState.Completed, null);
            // Items the pre-filter rejected after the last one returned cannot match: continue after all of them.
            var (after, nextReturned) = next is not null ? (batch.Items[stoppedAt], next) : (batch.LastEvaluatedKey ?? batch.Items[stoppedAt], null);
            var (resume, requests) = await ranges.ResumeAfterAsync(search.Range, after, nextReturned, cancellationToken).ConfigureAwait(false);
            search.Cost = search.Cost.Add(0, 0, null, requests);
            return (ReadState.ResultLimitReached, request with { Range = resume });
        }
        if (batch.LastEvaluatedKey is null) return (ReadState.Completed, null);
        if (!batch.BudgetSpent) return (ReadState.Reading, null);
        var (budgetResume, budgetRequests) = await ranges.ResumeAfterAsync(search.Range, batch.LastEvaluatedKey, null, cancellationToken).ConfigureAwait(false);
        search.Cost = search.Cost.Add(0, 0, null, budgetRequests);
        return (ReadState.BudgetExhausted, request with { Range = budgetResume });
    }

    public async IAsyncEnumerable<Commit> ExportAsync(ExportRequest request, IProgress<ReadCost>? progress, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        request.Budget.Validate();
        ValidateFilter(request.Filter, request.Range);
        var range = await ranges.ResolveAsync(request.Range, cancellationToken).ConfigureAwait(false);
        var cost = range.Cost;
        if (range.Empty)
        {
            progress?.Report(cost);
            yield break;
        }
        var filter = request.Filter is { IsEmpty: false } f ? f : null;
        var preFilter = PreFilter.For(filter);
        await foreach (var batch in reader.ReadBatchesAsync(() => range.Request(reader, preFilter), range.StartKey, request.Budget, prefetch: true, null, ReadPriority.Long, cancellationToken).ConfigureAwait(false))
        {
            cost = cost.Add(batch.Scanned, batch.Items.Count, batch.CapacityUnits);
            // Said before the items are handed over: a caller that stops in this response (a failing reducer) has still paid for it.
            progress?.Report(cost);
            foreach (var item in batch.Items)
            {
                if (range.IsPassedOver(item)) continue;
                var commit = Map(item, range.Layout);
                if (filter is not null && !filter.Matches(commit)) continue;
                yield return commit;
            }
            if (batch.LastEvaluatedKey is null) yield break;
            if (batch.BudgetSpent)
            {
                var (resume, requests) = await ranges.ResumeAfterAsync(range, batch.LastEvaluatedKey, null, cancellationToken).ConfigureAwait(false);
                throw new ReadBudgetExhaustedException(request with { Range = resume }, cost.Add(0, 0, null, requests));
            }
        }
    }

    private static void ValidateFilter(CommitFilter? filter, CommitRange range)
    {
        if (filter?.AggregateIdPrefix is { Length: > 0 } && !range.IsFeed)
        {
            throw new InvalidQueryException("A range of one aggregate cannot be filtered by aggregate id prefix.");
        }
    }

    /// <summary>What one search has read, found and spent so far.</summary>
    private sealed class SearchState(ResolvedRange range, long? estimate, ReadCost cost)
    {
        public ResolvedRange Range => range;
        public ReadCost Cost { get; set; } = cost;
        public int MatchCount { get; set; }
        public MalformedTally Malformed { get; } = new();

        public SearchProgress Progress(List<SearchMatch> matches, ReadState state, SearchRequest? resume) => new()
        {
            NewMatches = matches,
            NewMalformed = Malformed.TakeNew(),
            MatchCount = MatchCount,
            MalformedCount = Malformed.Count,
            Cost = Cost,
            EstimatedItems = estimate,
            State = state,
            Resume = resume,
            Warnings = range.Warnings,
        };
    }
}
