using Amazon.DynamoDBv2.Model;
using EventExplorer.Data.Errors;
using EventExplorer.Data.Model;
using static EventExplorer.Data.DynamoDb.CommitItemMapper;

namespace EventExplorer.Data.DynamoDb.Commits;

/// <summary>The feed: pages of all commits in commit-id order (filtered or not), and the reads a live tail is built of.</summary>
internal sealed class FeedReader(KeyRangeReader reader, FilteredPageReader filtered, OldestFeedCommitId oldest)
{
    public async Task<FeedPage> ReadFeedAsync(FeedQuery query, CancellationToken cancellationToken)
    {
        FeedRange.Validate(query);
        var layout = await reader.LayoutAsync(cancellationToken).ConfigureAwait(false);
        var range = FeedRange.Parse(query, layout, reader, oldest);
        if (query.Filter is { IsEmpty: false } filter)
        {
            return await ReadFilteredAsync(range, query, filter, cancellationToken).ConfigureAwait(false);
        }

        var page = await reader.ReadPageAsync(range, cancellationToken).ConfigureAwait(false);
        if (range.Start == RangeStart.End && !range.Descending)
        {
            oldest.Remember(page.Items.Count > 0 ? page.Items[0][Attr.CommitId] : null);
        }
        var commits = page.Items.Select(item => Map(item, layout)).ToList();
        return new FeedPage
        {
            Items = PageLinks.InOrder(commits, range.Descending, query.Order),
            Older = page.Older,
            Newer = page.Newer,
            Gaps = layout == EventStoreLayout.CounterCommitIds
                ? PageLinks.FindGaps(commits.Select(c => c.CommitId?.Number).OfType<long>(), fromZero: false)
                : [],
            RequestCount = page.Requests,
        };
    }

    private async Task<FeedPage> ReadFilteredAsync(FeedRange range, FeedQuery query, CommitFilter filter, CancellationToken cancellationToken)
    {
        QueryInput.ValidateIdPrefix(filter.AggregateIdPrefix);
        var page = await filtered.ReadAsync(range, filter, query.Budget, query.Position, cancellationToken).ConfigureAwait(false);
        return new FeedPage
        {
            Items = PageLinks.InOrder(page.Commits, range.Descending, query.Order),
            Older = page.Older,
            Newer = page.Newer,
            RequestCount = page.Read.Cost.Requests,
            Filtered = page.Read,
        };
    }

    public async Task<IReadOnlyList<Commit>> ReadFeedFromAsync(CommitId? fromCommitId, int limit, CancellationToken cancellationToken)
    {
        QueryInput.ValidatePageSize(limit, "limit");
        var layout = await reader.LayoutAsync(cancellationToken).ConfigureAwait(false);
        if (fromCommitId is { } from && from.Layout != layout)
        {
            throw new InvalidQueryException($"Commit id '{QueryInput.Shorten(from.Text)}' is not a commit id of this store ({QueryInput.LayoutWords(layout)}).");
        }
        (string, AttributeValue)? bound = fromCommitId is { } id ? (">=", ToAttribute(id)) : null;
        var (items, _) = await reader.CollectAsync(() => reader.IndexRequest(readDescending: false, bound), null, limit, cancellationToken).ConfigureAwait(false);
        return items.Select(item => Map(item, layout)).ToList();
    }

    public async Task<Commit?> ReadLatestCommitAsync(CancellationToken cancellationToken)
    {
        var layout = await reader.LayoutAsync(cancellationToken).ConfigureAwait(false);
        var (items, _) = await reader.CollectAsync(() => reader.IndexRequest(readDescending: true, null), null, 1, cancellationToken).ConfigureAwait(false);
        return items.Count == 0 ? null : Map(items[0], layout);
    }
}
