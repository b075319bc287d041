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
        var starts = (query.Cursor is not null ? 1 : 0) + (query.FromVersion is not null ? 1 : 0) + (query.FromOldest ? 1 : 0);
        if (starts > 1) throw new InvalidQueryException("Give only one of: a paging link, a version to jump to, or 'from oldest'.");
        if (query.FromVersion is < 0) throw new InvalidQueryException($"The version to jump to must be 0 or more (got {query.FromVersion}).");

        var layout = await LayoutAsync(cancellationToken).ConfigureAwait(false);
        var aggregateId = query.AggregateId;

        bool descending;
        Dictionary<string, AttributeValue>? startKey = null;
        if (query.Cursor is not null)
        {
            var cursor = PageCursor.Decode(query.Cursor, CursorKind.Timeline);
            if (cursor.AggregateId != aggregateId) throw PageCursor.Invalid("it belongs to another aggregate");
            if (cursor.Key is not null)
            {
                PageCursor.RequireKeyShape(cursor.Key, (Attr.AggregateId, "S"), (Attr.Version, "N"));
                if (cursor.Key[Attr.AggregateId].S != aggregateId) throw PageCursor.Invalid("it belongs to another aggregate");
            }
            descending = cursor.Direction == CursorDirection.Older;
            startKey = cursor.Key;
        }
        else
        {
            descending = query.FromVersion is null && !query.FromOldest;
        }

        var fromVersion = query.FromVersion;
        QueryRequest MakeRequest(bool readDescending, string? versionCondition)
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
            if (versionCondition is not null)
            {
                request.KeyConditionExpression += $" AND #v {versionCondition} :v";
                request.ExpressionAttributeNames["#v"] = Attr.Version;
                request.ExpressionAttributeValues[":v"] = new AttributeValue { N = fromVersion!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) };
            }
            return request;
        }

        var page = await ReadRangeAsync(new RangeRead
        {
            MakeRequest = d => MakeRequest(d, fromVersion is null ? null : ">="),
            Descending = descending,
            StartKey = startKey,
            HasLowerBound = fromVersion is not null,
            MakeBelowBoundProbe = () =>
            {
                var probe = MakeRequest(readDescending: true, "<");
                probe.Limit = 1;
                probe.ProjectionExpression = "#v";
                return probe;
            },
            PageSize = query.PageSize,
            KeyAttributes = TableKey,
            MakeCursor = (direction, key) => new PageCursor { Kind = CursorKind.Timeline, AggregateId = aggregateId, Direction = direction, Key = key }.Encode(),
        }, cancellationToken).ConfigureAwait(false);

        var commits = page.Items.Select(item => Map(item, layout)).ToList();
        return new CommitPage
        {
            Items = InOrder(commits, descending, query.Order),
            Older = page.Older,
            Newer = page.Newer,
            RequestCount = page.Requests,
        };
    }
}
