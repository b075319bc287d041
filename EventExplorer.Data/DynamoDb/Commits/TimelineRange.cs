using System.Globalization;
using Amazon.DynamoDBv2.Model;
using EventExplorer.Data.Errors;
using EventExplorer.Data.Model;

namespace EventExplorer.Data.DynamoDb.Commits;

/// <summary>
/// A page of one aggregate's commits as its query asks: from the newest, from the oldest, from a version
/// jumped to, or across a paging link. Versions are the table's sort key, so unique per aggregate:
/// "below v" and "above v" are exact positions.
/// </summary>
internal sealed class TimelineRange(KeyRangeReader reader, string aggregateId, (string Op, long Version)? bound, long? jumpTarget) : PagedRange
{
    public override bool IsFeed => false;

    public override string AggregateId => aggregateId;

    /// <summary>The checks that need no read.</summary>
    public static void Validate(TimelineQuery query)
    {
        QueryInput.ValidatePageSize(query.PageSize);
        QueryInput.RequireAggregateId(query.AggregateId);
        var starts = (query.Position is not null ? 1 : 0) + (query.FromVersion is not null ? 1 : 0) + (query.FromOldest ? 1 : 0);
        if (starts > 1) throw new InvalidQueryException("Give only one of: a paging link, a version to jump to, or 'from oldest'.");
        if (query.FromVersion is < 0) throw new InvalidQueryException($"The version to jump to must be 0 or more (got {query.FromVersion}).");
    }

    /// <summary>Where the page of a <see cref="Validate"/>d query starts; a link is checked as untrusted input.</summary>
    public static TimelineRange Parse(TimelineQuery query, EventStoreLayout layout, KeyRangeReader reader)
    {
        var id = query.AggregateId;
        switch (query.Position)
        {
            case null when query.FromVersion is { } from:
                return new TimelineRange(reader, id, (">=", from), from)
                    { Layout = layout, Descending = false, Start = RangeStart.Jump, PageSize = query.PageSize };
            case null:
                return new TimelineRange(reader, id, null, null)
                    { Layout = layout, Descending = !query.FromOldest, Start = RangeStart.End, PageSize = query.PageSize };
            case { Kind: PageLinkKind.Before or PageLinkKind.After } link:
                var descending = link.Kind == PageLinkKind.Before;
                return new TimelineRange(reader, id, (descending ? "<" : ">", QueryInput.ParseVersion(link.Value)), null)
                    { Layout = layout, Descending = descending, Start = RangeStart.Value, PageSize = query.PageSize };
            case { Kind: PageLinkKind.Cursor } link:
                var cursor = PageCursor.Decode(link.Value, CursorKind.Timeline);
                if (cursor.AggregateId != id) throw PageCursor.Invalid("it belongs to another aggregate");
                if (cursor.Key is null) throw PageCursor.Invalid("it has no position");
                PageCursor.RequireKeyShape(cursor.Key, (Attr.AggregateId, "S"), (Attr.Version, "N"));
                if (cursor.Key[Attr.AggregateId].S != id) throw PageCursor.Invalid("it belongs to another aggregate");
                return new TimelineRange(reader, id, null, null)
                {
                    Layout = layout,
                    Descending = cursor.Direction == CursorDirection.Older,
                    Start = RangeStart.Cursor,
                    StartKey = cursor.Key,
                    PageSize = query.PageSize,
                };
            default:
                throw PageCursor.Invalid("its kind is unknown");
        }
    }

    public override QueryRequest Request(bool descending) => Request(descending, bound);

    private QueryRequest Request(bool descending, (string Op, long Version)? condition) =>
        reader.TimelineRequest(aggregateId, descending, condition is { } c ? (c.Op, SortKeys.Number(c.Version)) : null);

    public override PageLink Link(CursorDirection direction, Dictionary<string, AttributeValue> edge, Dictionary<string, AttributeValue>? beyond) =>
        PageLinks.Timeline(aggregateId, direction, edge);

    public override async Task<(bool Below, int Requests)> AnythingBelowAsync(CancellationToken cancellationToken)
    {
        var probe = Request(descending: true, ("<", jumpTarget!.Value));
        probe.Limit = 1;
        probe.ProjectionExpression = "#v";
        var response = await reader.QueryAsync(probe, cancellationToken).ConfigureAwait(false);
        return (response.Items is { Count: > 0 }, 1);
    }

    public override PageLink EmptyJumpOlder() => new(PageLinkKind.Before, jumpTarget!.Value.ToString(CultureInfo.InvariantCulture));

    public override QueryRequest? WidenedJumpRequest() => jumpTarget is { } target ? Request(descending: false, (">=", target - 1)) : null;

    public override bool IsBelowJumpTarget(Dictionary<string, AttributeValue> item) => SortKeys.IsBelow(item, jumpTarget!.Value);
}
