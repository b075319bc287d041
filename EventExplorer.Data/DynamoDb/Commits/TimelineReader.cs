using EventExplorer.Data.Errors;
using EventExplorer.Data.Model;
using static EventExplorer.Data.DynamoDb.CommitItemMapper;

namespace EventExplorer.Data.DynamoDb.Commits;

/// <summary>Pages of one aggregate's commits in version order, with consistent reads, filtered or not.</summary>
internal sealed class TimelineReader(KeyRangeReader reader, FilteredPageReader filtered)
{
    public async Task<CommitPage> ReadTimelineAsync(TimelineQuery query, CancellationToken cancellationToken)
    {
        TimelineRange.Validate(query);
        var layout = await reader.LayoutAsync(cancellationToken).ConfigureAwait(false);
        var range = TimelineRange.Parse(query, layout, reader);
        if (query.Filter is { IsEmpty: false } filter)
        {
            return await ReadFilteredAsync(range, query, filter, cancellationToken).ConfigureAwait(false);
        }

        var page = await reader.ReadPageAsync(range, cancellationToken).ConfigureAwait(false);
        var commits = page.Items.Select(item => Map(item, layout)).ToList();
        var holdsFirstCommit = page.Older is null && commits.Count > 0;
        return new CommitPage
        {
            Items = PageLinks.InOrder(commits, range.Descending, query.Order),
            Older = page.Older,
            Newer = page.Newer,
            Gaps = PageLinks.FindGaps(commits.Select(c => c.Version).OfType<long>(), fromZero: holdsFirstCommit),
            RequestCount = page.Requests,
        };
    }

    private async Task<CommitPage> ReadFilteredAsync(TimelineRange range, TimelineQuery query, CommitFilter filter, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrEmpty(filter.AggregateIdPrefix))
        {
            throw new InvalidQueryException("A timeline shows one aggregate: filter it by event type or payload, not by aggregate id prefix.");
        }
        var page = await filtered.ReadAsync(range, filter, query.Budget, query.Position, cancellationToken).ConfigureAwait(false);
        return new CommitPage
        {
            Items = PageLinks.InOrder(page.Commits, range.Descending, query.Order),
            Older = page.Older,
            Newer = page.Newer,
            RequestCount = page.Read.Cost.Requests,
            Filtered = page.Read,
        };
    }
}
