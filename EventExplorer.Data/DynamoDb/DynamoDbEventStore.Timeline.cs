using System.Globalization;
using Amazon.DynamoDBv2.Model;
using EventExplorer.Data.Errors;
using EventExplorer.Data.Model;
using static EventExplorer.Data.DynamoDb.CommitItemMapper;

namespace EventExplorer.Data.DynamoDb;

public sealed partial class DynamoDbEventStore
{
    private static readonly string[] TableKey = [Attr.AggregateId, Attr.Version];

    public async Task<CommitPage> ReadTimelineAsync(TimelineQuery query, CancellationToken cancellationToken)
    {
        ValidatePageSize(query.PageSize);
        if (string.IsNullOrWhiteSpace(query.AggregateId)) throw new InvalidQueryException("An aggregate id is required.");
        var starts = (query.Position is not null ? 1 : 0) + (query.FromVersion is not null ? 1 : 0) + (query.FromOldest ? 1 : 0);
        if (starts > 1) throw new InvalidQueryException("Give only one of: a paging link, a version to jump to, or 'from oldest'.");
        if (query.FromVersion is < 0) throw new InvalidQueryException($"The version to jump to must be 0 or more (got {query.FromVersion}).");

        var layout = await LayoutAsync(cancellationToken).ConfigureAwait(false);
        var aggregateId = query.AggregateId;

        // Versions are the table's sort key, so unique per aggregate: "below v" and "above v" are exact positions.
        var descending = query.FromVersion is null && !query.FromOldest;
        var start = RangeStart.End;
        (string Op, long Version)? bound = null;
        Dictionary<string, AttributeValue>? startKey = null;
        switch (query.Position)
        {
            case null when query.FromVersion is { } from:
                start = RangeStart.Jump;
                bound = (">=", from);
                break;
            case null:
                break;
            case { Kind: PageLinkKind.Before or PageLinkKind.After } link:
                descending = link.Kind == PageLinkKind.Before;
                start = RangeStart.Value;
                bound = (descending ? "<" : ">", ParseVersion(link.Value));
                break;
            case { Kind: PageLinkKind.Cursor } link:
                var cursor = PageCursor.Decode(link.Value, CursorKind.Timeline);
                if (cursor.AggregateId != aggregateId) throw PageCursor.Invalid("it belongs to another aggregate");
                if (cursor.Key is null) throw PageCursor.Invalid("it has no position");
                PageCursor.RequireKeyShape(cursor.Key, (Attr.AggregateId, "S"), (Attr.Version, "N"));
                if (cursor.Key[Attr.AggregateId].S != aggregateId) throw PageCursor.Invalid("it belongs to another aggregate");
                descending = cursor.Direction == CursorDirection.Older;
                start = RangeStart.Cursor;
                startKey = cursor.Key;
                break;
            default:
                throw PageCursor.Invalid("its kind is unknown");
        }

        QueryRequest MakeRequest(bool readDescending, (string Op, long Version)? condition)
        {
            var request = new QueryRequest
            {
                TableName = _tables.Commits,
                ConsistentRead = true,
                ScanIndexForward = !readDescending,
                KeyConditionExpression = "#a = :a",
                ExpressionAttributeNames = new() { ["#a"] = Attr.AggregateId },
                ExpressionAttributeValues = new() { [":a"] = new AttributeValue { S = aggregateId } },
            };
            if (condition is { } c)
            {
                request.KeyConditionExpression += $" AND #v {c.Op} :v";
                request.ExpressionAttributeNames["#v"] = Attr.Version;
                request.ExpressionAttributeValues[":v"] = new AttributeValue { N = c.Version.ToString(CultureInfo.InvariantCulture) };
            }
            return request;
        }

        PageLink Link(CursorDirection direction, Dictionary<string, AttributeValue> edge, Dictionary<string, AttributeValue>? beyond) =>
            ReadWholeNumber(edge, Attr.Version, null) is { } version
                ? new PageLink(PlainKind(direction), version.ToString(CultureInfo.InvariantCulture))
                // Another program stored a version like 2.5: no whole number says "just below/above" it.
                : new PageLink(PageLinkKind.Cursor, new PageCursor
                {
                    Kind = CursorKind.Timeline,
                    AggregateId = aggregateId,
                    Direction = direction,
                    Key = PageCursor.KeyOf(edge, TableKey),
                }.Encode());

        var read = new RangeRead
        {
            MakeRequest = d => MakeRequest(d, bound),
            Descending = descending,
            Start = start,
            StartKey = startKey,
            AnythingBelowAsync = async ct =>
            {
                var probe = MakeRequest(readDescending: true, ("<", query.FromVersion!.Value));
                probe.Limit = 1;
                probe.ProjectionExpression = "#v";
                var response = await QueryAsync(probe, ct).ConfigureAwait(false);
                return (response.Items is { Count: > 0 }, 1);
            },
            WidenedJump = query.FromVersion is { } target
                ? (d => MakeRequest(d, (">=", target - 1)), item => IsBelow(item, target))
                : null,
            EmptyJumpOlder = () => new PageLink(PageLinkKind.Before, query.FromVersion!.Value.ToString(CultureInfo.InvariantCulture)),
            PageSize = query.PageSize,
            Link = Link,
        };
        if (query.Filter is { IsEmpty: false } filter)
        {
            return await ReadFilteredTimelineAsync(read, query, filter, layout, cancellationToken).ConfigureAwait(false);
        }
        var page = await ReadRangeAsync(read, cancellationToken).ConfigureAwait(false);

        var commits = page.Items.Select(item => Map(item, layout)).ToList();
        var holdsFirstCommit = page.Older is null && commits.Count > 0;
        return new CommitPage
        {
            Items = InOrder(commits, descending, query.Order),
            Older = page.Older,
            Newer = page.Newer,
            Gaps = FindGaps(commits.Select(c => c.Version).OfType<long>(), fromZero: holdsFirstCommit),
            RequestCount = page.Requests,
        };
    }

    /// <summary>True for an item whose stored version lies below <paramref name="target"/> (2.5 included for target 3).</summary>
    private static bool IsBelow(Dictionary<string, AttributeValue> item, long target) =>
        item.TryGetValue(Attr.Version, out var stored) && stored.N is { } text
        && decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var version) && version < target;

    private static long ParseVersion(string? value) =>
        long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var version)
            ? version
            : throw PageCursor.Invalid($"'{Shorten(value ?? "")}' is not a version number");
}
