using Amazon.DynamoDBv2.Model;
using EventExplorer.Data.Model;

namespace EventExplorer.Data.DynamoDb.Commits;

/// <summary>About how many items a range holds, from cheap reads, so that a long read can show its progress.</summary>
internal sealed class RangeEstimator(KeyRangeReader reader, AggregateLister aggregates)
{
    /// <summary>The estimate and the requests it took; null when no estimate can be made.</summary>
    public async Task<(long? Estimate, int Requests)> EstimateAsync(ResolvedRange range, CancellationToken cancellationToken)
    {
        if (range.Empty) return (0, 0);
        if (!range.IsFeed || range.Layout == EventStoreLayout.CounterCommitIds)
        {
            // Versions, or layout A's commit numbers: the ends say it (gaps in the ids, from failed appends, make it an upper bound).
            var ends = await ReadEndsAsync(range, cancellationToken).ConfigureAwait(false);
            if (ends.Count == 0) return (0, ends.Requests);
            if (ends.First?.N is null || ends.Last?.N is null) return (null, ends.Requests);
            return (StoredNumber.WholeCountBetween(ends.First.N, ends.Last.N), ends.Requests);
        }
        return await EstimateByTimeAsync(range, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Layout B: the table's item count (DescribeTable, refreshed about every six hours, no read capacity) in
    /// proportion to the part of the feed's time span that the range covers.
    /// </summary>
    private async Task<(long? Estimate, int Requests)> EstimateByTimeAsync(ResolvedRange range, CancellationToken cancellationToken)
    {
        var stats = await aggregates.GetCommitTableStatsAsync(cancellationToken).ConfigureAwait(false);
        // A table younger than DynamoDB's refresh (and dynalite) reports 0: that says nothing.
        if (stats.ItemCount == 0) return (null, 1);
        if (range.Low is null && range.High is null && range.StartKey is null && range.PassOver is null) return (stats.ItemCount, 1);
        var whole = await ReadEndsAsync(range with { Low = null, High = null, StartKey = null, PassOver = null }, cancellationToken).ConfigureAwait(false);
        var part = await ReadEndsAsync(range, cancellationToken).ConfigureAwait(false);
        var requests = 1 + whole.Requests + part.Requests;
        if (part.Count == 0) return (0, requests);
        var span = IdTime(whole.Last) - IdTime(whole.First);
        var covered = IdTime(part.Last) - IdTime(part.First);
        if (span is not { } s || covered is not { } c) return (null, requests);
        if (s <= TimeSpan.Zero) return (stats.ItemCount, requests);
        return ((long)Math.Ceiling(stats.ItemCount * Math.Clamp(c / s, 0, 1)) + 1, requests);
    }

    private static DateTimeOffset? IdTime(AttributeValue? id) =>
        id?.S is { } text && CommitId.TryParse(text, EventStoreLayout.TimestampCommitIds, out _) is { } parsed ? parsed.Timestamp : null;

    /// <summary>The sort keys of the first and last items of a range (two one-item, key-only reads sent together).</summary>
    private async Task<(AttributeValue? First, AttributeValue? Last, int Count, int Requests)> ReadEndsAsync(ResolvedRange range, CancellationToken cancellationToken)
    {
        var name = range.SortName;
        // A start key only works in its own direction; for an estimate, its sort key as a lower bound will do.
        var bounded = range.StartKey is { } key ? range with { Low = key[name], StartKey = null } : range;

        QueryRequest End(bool last)
        {
            var request = bounded.Request(reader, null);
            request.ScanIndexForward = !last;
            request.Limit = 1;
            request.ProjectionExpression = "#e";
            request.ExpressionAttributeNames["#e"] = name;
            return request;
        }

        var first = reader.QueryAsync(End(last: false), cancellationToken);
        var lastItem = reader.QueryAsync(End(last: true), cancellationToken);
        await Task.WhenAll(first, lastItem).ConfigureAwait(false);
        var a = (await first.ConfigureAwait(false)).Items?.FirstOrDefault();
        var b = (await lastItem.ConfigureAwait(false)).Items?.FirstOrDefault();
        var count = (a is null ? 0 : 1) + (b is null ? 0 : 1);
        return (a?.GetValueOrDefault(name), b?.GetValueOrDefault(name), count, 2);
    }
}
