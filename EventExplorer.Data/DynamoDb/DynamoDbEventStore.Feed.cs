using System.Globalization;
using Amazon.DynamoDBv2.Model;
using EventExplorer.Data.Errors;
using EventExplorer.Data.Model;
using static EventExplorer.Data.DynamoDb.CommitItemMapper;

namespace EventExplorer.Data.DynamoDb;

public sealed partial class DynamoDbEventStore
{
    // Commit ids can repeat, so an index position needs the table key too, or a page boundary
    // that falls between two commits with the same id would skip one of them.
    private static readonly string[] IndexKey = [Attr.Active, Attr.CommitId, Attr.AggregateId, Attr.Version];

    public async Task<FeedPage> ReadFeedAsync(FeedQuery query, CancellationToken cancellationToken)
    {
        ValidatePageSize(query.PageSize);
        var starts = (query.Cursor is not null ? 1 : 0) + (query.FromCommitId is not null ? 1 : 0) + (query.FromOldest ? 1 : 0);
        if (starts > 1) throw new InvalidQueryException("Give only one of: a paging link, a commit id to jump to, or 'from oldest'.");

        var layout = await LayoutAsync(cancellationToken).ConfigureAwait(false);
        var from = query.FromCommitId is null ? null : CommitIdValue(query.FromCommitId, layout);

        bool descending;
        Dictionary<string, AttributeValue>? startKey = null;
        if (query.Cursor is not null)
        {
            var cursor = PageCursor.Decode(query.Cursor, CursorKind.Feed);
            if (cursor.Key is not null)
            {
                PageCursor.RequireKeyShape(cursor.Key, (Attr.Active, "S"), (Attr.CommitId, CommitIdType(layout)), (Attr.AggregateId, "S"), (Attr.Version, "N"));
                if (cursor.Key[Attr.Active].S != Attr.ActiveValue) throw PageCursor.Invalid("its position does not fit this table");
            }
            descending = cursor.Direction == CursorDirection.Older;
            startKey = cursor.Key;
        }
        else
        {
            descending = from is null && !query.FromOldest;
        }

        var page = await ReadRangeAsync(new RangeRead
        {
            MakeRequest = d => MakeIndexRequest(d, from, from is null ? null : ">="),
            Descending = descending,
            StartKey = startKey,
            HasLowerBound = from is not null,
            MakeBelowBoundProbe = () =>
            {
                var probe = MakeIndexRequest(readDescending: true, from, "<");
                probe.Limit = 1;
                probe.ProjectionExpression = "#c";
                return probe;
            },
            PageSize = query.PageSize,
            KeyAttributes = IndexKey,
            MakeCursor = (direction, key) => new PageCursor { Kind = CursorKind.Feed, Direction = direction, Key = key }.Encode(),
        }, cancellationToken).ConfigureAwait(false);

        var commits = page.Items.Select(item => Map(item, layout)).ToList();
        return new FeedPage
        {
            Items = InOrder(commits, descending, query.Order),
            Older = page.Older,
            Newer = page.Newer,
            Gaps = layout == EventStoreLayout.CounterCommitIds ? FindGaps(commits) : [],
            RequestCount = page.Requests,
        };
    }

    public async Task<IReadOnlyList<Commit>> ReadFeedFromAsync(string? fromCommitId, int limit, CancellationToken cancellationToken)
    {
        ValidatePageSize(limit, "limit");
        var layout = await LayoutAsync(cancellationToken).ConfigureAwait(false);
        var from = fromCommitId is null ? null : CommitIdValue(fromCommitId, layout);
        var (items, _) = await CollectAsync(() => MakeIndexRequest(readDescending: false, from, from is null ? null : ">="), null, limit, cancellationToken).ConfigureAwait(false);
        return items.Select(item => Map(item, layout)).ToList();
    }

    public async Task<Commit?> ReadLatestCommitAsync(CancellationToken cancellationToken)
    {
        var layout = await LayoutAsync(cancellationToken).ConfigureAwait(false);
        var (items, _) = await CollectAsync(() => MakeIndexRequest(readDescending: true, null, null), null, 1, cancellationToken).ConfigureAwait(false);
        return items.Count == 0 ? null : Map(items[0], layout);
    }

    /// <summary>A query on the commit-id index. Index reads cannot be consistent: DynamoDB rejects ConsistentRead on a GSI.</summary>
    private QueryRequest MakeIndexRequest(bool readDescending, AttributeValue? commitId, string? commitIdCondition)
    {
        var request = new QueryRequest
        {
            TableName = _tables.Commits,
            IndexName = _tables.CommitIdIndex,
            ScanIndexForward = !readDescending,
            KeyConditionExpression = "#t = :t",
            ExpressionAttributeNames = new() { ["#t"] = Attr.Active },
            ExpressionAttributeValues = new() { [":t"] = new AttributeValue { S = Attr.ActiveValue } },
        };
        if (commitId is not null && commitIdCondition is not null)
        {
            request.KeyConditionExpression += $" AND #c {commitIdCondition} :c";
            request.ExpressionAttributeNames["#c"] = Attr.CommitId;
            request.ExpressionAttributeValues[":c"] = commitId;
        }
        return request;
    }

    private static string CommitIdType(EventStoreLayout layout) => layout == EventStoreLayout.CounterCommitIds ? "N" : "S";

    /// <summary>A user-typed commit id as the index's key type: a whole number in layout A, any text in layout B.</summary>
    private static AttributeValue CommitIdValue(string commitId, EventStoreLayout layout)
    {
        var text = commitId.Trim();
        if (layout == EventStoreLayout.CounterCommitIds)
        {
            if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
            {
                throw new InvalidQueryException($"Commit id '{commitId}' is not a whole number. This store numbers its commits (e.g. 1042).");
            }
            return new AttributeValue { N = number.ToString(CultureInfo.InvariantCulture) };
        }
        if (text.Length == 0) throw new InvalidQueryException("The commit id to jump to is empty.");
        return new AttributeValue { S = TimestampPrefixOf(text) ?? text };
    }

    /// <summary>
    /// Layout B ids begin with the UTC time, so a typed date ("2026-11-21T06:00Z") means "from that
    /// moment": it becomes the id prefix. Compared as text it would sort before every id of the year.
    /// </summary>
    private static string? TimestampPrefixOf(string text)
    {
        if (text.All(char.IsAsciiDigit) || (text.Length > 17 && text[17] == ':' && text.AsSpan(0, 17).IndexOfAnyExceptInRange('0', '9') < 0)) return null;
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var time)
            ? time.UtcDateTime.ToString("yyyyMMddHHmmssfff", CultureInfo.InvariantCulture)
            : null;
    }

    /// <summary>Missing numbers between neighbouring commit ids (failed appends leave them; they are normal).</summary>
    private static List<CommitIdGap> FindGaps(IEnumerable<Commit> commits)
    {
        var numbers = commits.Select(c => c.CommitNumber).OfType<long>().Order().ToList();
        var gaps = new List<CommitIdGap>();
        for (var i = 1; i < numbers.Count; i++)
        {
            if (numbers[i] - numbers[i - 1] > 1) gaps.Add(new CommitIdGap(numbers[i - 1], numbers[i]));
        }
        return gaps;
    }
}
