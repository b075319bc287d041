using Amazon.DynamoDBv2.Model;
using EventExplorer.Data.Errors;
using EventExplorer.Data.Model;
using static EventExplorer.Data.DynamoDb.CommitItemMapper;

namespace EventExplorer.Data.DynamoDb.Commits;

/// <summary>
/// A page of the feed (all commits in commit-id order, over the index) as its query asks: from the newest,
/// from the oldest, from a commit id or time jumped to, or across a paging link.
/// </summary>
internal sealed class FeedRange(KeyRangeReader reader, OldestFeedCommitId oldest, (string Op, AttributeValue Value)? bound, CommitId? jumpId) : PagedRange
{
    public override bool IsFeed => true;

    public override string? AggregateId => null;

    /// <summary>The checks that need no read.</summary>
    public static void Validate(FeedQuery query)
    {
        QueryInput.ValidatePageSize(query.PageSize);
        var starts = (query.Position is not null ? 1 : 0) + (query.FromCommitId is not null ? 1 : 0) + (query.FromOldest ? 1 : 0);
        if (starts > 1) throw new InvalidQueryException("Give only one of: a paging link, a commit id to jump to, or 'from oldest'.");
    }

    /// <summary>Where the page of a <see cref="Validate"/>d query starts; a link or a typed commit id is checked as untrusted input.</summary>
    public static FeedRange Parse(FeedQuery query, EventStoreLayout layout, KeyRangeReader reader, OldestFeedCommitId oldest)
    {
        switch (query.Position)
        {
            case null when query.FromCommitId is { } typed:
                var target = QueryInput.JumpTarget(typed, layout);
                return new FeedRange(reader, oldest, (">=", target.Bound), target.Id)
                    { Layout = layout, Descending = false, Start = RangeStart.Jump, PageSize = query.PageSize };
            case null:
                return new FeedRange(reader, oldest, null, null)
                    { Layout = layout, Descending = !query.FromOldest, Start = RangeStart.End, PageSize = query.PageSize };
            case { Kind: PageLinkKind.Before or PageLinkKind.After } link:
                var id = CommitId.TryParse(link.Value, layout, out var problem) ?? throw PageCursor.Invalid(problem!);
                var descending = link.Kind == PageLinkKind.Before;
                return new FeedRange(reader, oldest, (descending ? "<" : ">", ToAttribute(id)), null)
                    { Layout = layout, Descending = descending, Start = RangeStart.Value, PageSize = query.PageSize };
            case { Kind: PageLinkKind.Cursor } link:
                var cursor = PageCursor.Decode(link.Value, CursorKind.Feed);
                if (cursor.Key is not null)
                {
                    PageCursor.RequireKeyShape(cursor.Key, (Attr.Active, "S"), (Attr.CommitId, SortKeys.CommitIdType(layout)), (Attr.AggregateId, "S"), (Attr.Version, "N"));
                    if (cursor.Key[Attr.Active].S != Attr.ActiveValue) throw PageCursor.Invalid("its position does not fit this table");
                }
                return new FeedRange(reader, oldest, null, null)
                {
                    Layout = layout,
                    Descending = cursor.Direction == CursorDirection.Older,
                    // Without a key the token means "from the end its direction starts at" (see EmptyJumpOlder).
                    Start = cursor.Key is null ? RangeStart.End : RangeStart.Cursor,
                    StartKey = cursor.Key,
                    PageSize = query.PageSize,
                };
            default:
                throw PageCursor.Invalid("its kind is unknown");
        }
    }

    public override QueryRequest Request(bool descending) => reader.IndexRequest(descending, bound);

    public override PageLink Link(CursorDirection direction, Dictionary<string, AttributeValue> edge, Dictionary<string, AttributeValue>? beyond) =>
        PageLinks.Feed(Layout, direction, edge, beyond);

    public override Task<(bool Below, int Requests)> AnythingBelowAsync(CancellationToken cancellationToken) =>
        oldest.AnythingBelowAsync(bound!.Value.Value, cancellationToken);

    /// <summary>
    /// Nothing at or above the target: everything lies below it, which is the latest page. A typed time in
    /// layout B is not a commit id, so only a token can say that.
    /// </summary>
    public override PageLink EmptyJumpOlder() =>
        jumpId is { } target ? new PageLink(PageLinkKind.Before, target.Text) : PageLinks.FeedCursor(CursorDirection.Older, null);
}
