using Amazon.DynamoDBv2.Model;
using EventExplorer.Data.Model;
using static EventExplorer.Data.DynamoDb.CommitItemMapper;

namespace EventExplorer.Data.DynamoDb.Commits;

/// <summary>
/// The first commit at or after a time, in the feed or in one aggregate: by the commit id's timestamp
/// prefix in layout B's feed (one request), by <see cref="CommitBinarySearch"/> otherwise.
/// </summary>
internal sealed class TimeTravelSearch(KeyRangeReader reader)
{
    public async Task<TimeTravelResult> FindFirstAtOrAfterAsync(TimeTravelQuery query, CancellationToken cancellationToken)
    {
        if (query.AggregateId is { } aggregateId)
        {
            QueryInput.RequireAggregateId(aggregateId);
            return await BinarySearchAsync(query.At, aggregateId, cancellationToken).ConfigureAwait(false);
        }
        return await FindFeedAtOrAfterAsync(query.At, cancellationToken).ConfigureAwait(false);
    }

    public async Task<TimeTravelResult> FindFeedAtOrAfterAsync(DateTimeOffset at, CancellationToken cancellationToken)
    {
        var layout = await reader.LayoutAsync(cancellationToken).ConfigureAwait(false);
        if (layout == EventStoreLayout.CounterCommitIds) return await BinarySearchAsync(at, null, cancellationToken).ConfigureAwait(false);

        // Layout B: an id starts with its writer's UTC clock, and the moment's prefix sorts before every id
        // written then, so the first id at or above the prefix is the answer: one request.
        var request = reader.IndexRequest(readDescending: false, (">=", new AttributeValue { S = CommitId.TimestampPrefix(at) }));
        request.Limit = 1;
        var response = await reader.QueryAsync(request, cancellationToken).ConfigureAwait(false);
        var item = response.Items?.FirstOrDefault();
        var commit = item is null ? null : Map(item, layout);
        var warnings = new List<string>();
        if (commit is not null && commit.CommittedAt is { } committed && commit.CommitId?.Timestamp is { } idTime && committed != idTime)
        {
            warnings.Add($"Commit {commit.CommitId} was written at {TimeTravelCheck.Time(idTime)} by its id but has committedAt {TimeTravelCheck.Time(committed)}; the feed is ordered by the id.");
        }
        return new TimeTravelResult
        {
            Commit = commit,
            Position = commit?.CommitId?.Text,
            Method = TimeTravelMethod.CommitIdPrefix,
            Requests = 1,
            Span = 0,
            RequestBound = 1,
            Warnings = warnings,
            Confirmed = true,
        };
    }

    private async Task<TimeTravelResult> BinarySearchAsync(DateTimeOffset at, string? aggregateId, CancellationToken cancellationToken)
    {
        var layout = await reader.LayoutAsync(cancellationToken).ConfigureAwait(false);
        return await new CommitBinarySearch(reader, layout, aggregateId).RunAsync(at, cancellationToken).ConfigureAwait(false);
    }
}
