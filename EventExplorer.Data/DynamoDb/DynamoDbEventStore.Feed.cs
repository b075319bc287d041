using System.Globalization;
using Amazon.DynamoDBv2.Model;
using EventExplorer.Data.Errors;
using EventExplorer.Data.Model;
using static EventExplorer.Data.DynamoDb.CommitItemMapper;

namespace EventExplorer.Data.DynamoDb;

public sealed partial class DynamoDbEventStore
{
    // Commit ids can repeat, so a cursor needs the table key too, or a page boundary that falls
    // between two commits with the same id would skip one of them.
    private static readonly string[] IndexKey = [Attr.Active, Attr.CommitId, Attr.AggregateId, Attr.Version];

    public async Task<FeedPage> ReadFeedAsync(FeedQuery query, CancellationToken cancellationToken)
    {
        ValidatePageSize(query.PageSize);
        var starts = (query.Position is not null ? 1 : 0) + (query.FromCommitId is not null ? 1 : 0) + (query.FromOldest ? 1 : 0);
        if (starts > 1) throw new InvalidQueryException("Give only one of: a paging link, a commit id to jump to, or 'from oldest'.");

        var layout = await LayoutAsync(cancellationToken).ConfigureAwait(false);

        var descending = query.FromCommitId is null && !query.FromOldest;
        var start = RangeStart.End;
        (string Op, AttributeValue Value)? bound = null;
        CommitId? jumpId = null;
        Dictionary<string, AttributeValue>? startKey = null;
        switch (query.Position)
        {
            case null when query.FromCommitId is { } typed:
                var target = JumpTarget(typed, layout);
                start = RangeStart.Jump;
                bound = (">=", target.Bound);
                jumpId = target.Id;
                break;
            case null:
                break;
            case { Kind: PageLinkKind.Before or PageLinkKind.After } link:
                var id = CommitId.TryParse(link.Value, layout, out var problem) ?? throw PageCursor.Invalid(problem!);
                descending = link.Kind == PageLinkKind.Before;
                start = RangeStart.Value;
                bound = (descending ? "<" : ">", ToAttribute(id));
                break;
            case { Kind: PageLinkKind.Cursor } link:
                var cursor = PageCursor.Decode(link.Value, CursorKind.Feed);
                if (cursor.Key is not null)
                {
                    PageCursor.RequireKeyShape(cursor.Key, (Attr.Active, "S"), (Attr.CommitId, CommitIdType(layout)), (Attr.AggregateId, "S"), (Attr.Version, "N"));
                    if (cursor.Key[Attr.Active].S != Attr.ActiveValue) throw PageCursor.Invalid("its position does not fit this table");
                }
                descending = cursor.Direction == CursorDirection.Older;
                // Without a key the token means "from the end its direction starts at" (see EmptyJumpOlder).
                start = cursor.Key is null ? RangeStart.End : RangeStart.Cursor;
                startKey = cursor.Key;
                break;
            default:
                throw PageCursor.Invalid("its kind is unknown");
        }

        PageLink Link(CursorDirection direction, Dictionary<string, AttributeValue> edge, Dictionary<string, AttributeValue>? beyond)
        {
            // "Before c" / "after c" is exact only when no commit beyond the boundary shares the edge's id.
            var stored = edge[Attr.CommitId];
            if (beyond is null || !SameValue(stored, beyond[Attr.CommitId]))
            {
                var text = layout == EventStoreLayout.CounterCommitIds ? stored.N : stored.S;
                if (CommitId.TryParse(text, layout, out _) is { } id) return new PageLink(PlainKind(direction), id.Text);
            }
            return FeedCursor(direction, PageCursor.KeyOf(edge, IndexKey));
        }

        var read = new RangeRead
        {
            MakeRequest = d => MakeIndexRequest(d, bound),
            Descending = descending,
            Start = start,
            StartKey = startKey,
            AnythingBelowAsync = ct => AnythingBelowInFeedAsync(bound!.Value.Value, ct),
            // Nothing at or above the target: everything lies below it, which is the latest page. A typed
            // time in layout B is not a commit id, so only a token can say that.
            EmptyJumpOlder = () => jumpId is { } target ? new PageLink(PageLinkKind.Before, target.Text) : FeedCursor(CursorDirection.Older, null),
            PageSize = query.PageSize,
            Link = Link,
        };
        if (query.Filter is { IsEmpty: false } filter)
        {
            return await ReadFilteredFeedAsync(read, query, filter, layout, cancellationToken).ConfigureAwait(false);
        }
        var page = await ReadRangeAsync(read, cancellationToken).ConfigureAwait(false);
        if (start == RangeStart.End && !descending)
        {
            // The oldest page was just read: its first commit id is the feed's oldest, for the next jump.
            _oldestFeedCommitId = new OldestCommitId(page.Items.Count > 0 ? page.Items[0][Attr.CommitId] : null, _time.GetUtcNow());
        }

        var commits = page.Items.Select(item => Map(item, layout)).ToList();
        return new FeedPage
        {
            Items = InOrder(commits, descending, query.Order),
            Older = page.Older,
            Newer = page.Newer,
            Gaps = layout == EventStoreLayout.CounterCommitIds
                ? FindGaps(commits.Select(c => c.CommitId?.Number).OfType<long>(), fromZero: false)
                : [],
            RequestCount = page.Requests,
        };
    }

    /// <summary>
    /// How long the feed's oldest commit id, once read, answers "anything older?" for feed jumps without a
    /// request. Event stores are appended to, so the oldest id rarely changes; within this time a commit
    /// deleted at the bottom can leave an Older link to an empty page, and one written with an id below
    /// every other (a skewed writer clock) is missed by the Older link, not by "From oldest".
    /// </summary>
    internal static readonly TimeSpan OldestCommitIdLifetime = TimeSpan.FromMinutes(5);

    // A reference swapped whole, so concurrent circuits never see half an update.
    private sealed record OldestCommitId(AttributeValue? Value, DateTimeOffset ReadAt);

    private OldestCommitId? _oldestFeedCommitId;

    /// <summary>
    /// Whether the feed holds a commit id below <paramref name="bound"/>: from the cached oldest commit id when
    /// it is fresh (no request), otherwise by reading the oldest one (a request, alongside the page read).
    /// </summary>
    private async Task<(bool Below, int Requests)> AnythingBelowInFeedAsync(AttributeValue bound, CancellationToken cancellationToken)
    {
        if (_oldestFeedCommitId is { } known && _time.GetUtcNow() - known.ReadAt < OldestCommitIdLifetime)
        {
            return (known.Value is { } oldest && CompareSortKeys(oldest, bound) < 0, 0);
        }
        var request = MakeIndexRequest(readDescending: false, null);
        request.Limit = 1;
        request.ProjectionExpression = "#c";
        request.ExpressionAttributeNames["#c"] = Attr.CommitId;
        var response = await QueryAsync(request, cancellationToken).ConfigureAwait(false);
        var first = response.Items is { Count: > 0 } items && items[0].TryGetValue(Attr.CommitId, out var id) ? id : null;
        _oldestFeedCommitId = new OldestCommitId(first, _time.GetUtcNow());
        return (first is not null && CompareSortKeys(first, bound) < 0, 1);
    }

    public async Task<IReadOnlyList<Commit>> ReadFeedFromAsync(CommitId? fromCommitId, int limit, CancellationToken cancellationToken)
    {
        ValidatePageSize(limit, "limit");
        var layout = await LayoutAsync(cancellationToken).ConfigureAwait(false);
        if (fromCommitId is { } from && from.Layout != layout)
        {
            throw new InvalidQueryException($"Commit id '{Shorten(from.Text)}' is not a commit id of this store ({LayoutWords(layout)}).");
        }
        (string, AttributeValue)? bound = fromCommitId is { } id ? (">=", ToAttribute(id)) : null;
        var (items, _) = await CollectAsync(() => MakeIndexRequest(readDescending: false, bound), null, limit, cancellationToken).ConfigureAwait(false);
        return items.Select(item => Map(item, layout)).ToList();
    }

    public async Task<Commit?> ReadLatestCommitAsync(CancellationToken cancellationToken)
    {
        var layout = await LayoutAsync(cancellationToken).ConfigureAwait(false);
        var (items, _) = await CollectAsync(() => MakeIndexRequest(readDescending: true, null), null, 1, cancellationToken).ConfigureAwait(false);
        return items.Count == 0 ? null : Map(items[0], layout);
    }

    /// <summary>A query on the commit-id index. Index reads cannot be consistent: DynamoDB rejects ConsistentRead on a GSI.</summary>
    private QueryRequest MakeIndexRequest(bool readDescending, (string Op, AttributeValue Value)? commitIdCondition)
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
        if (commitIdCondition is { } condition)
        {
            request.KeyConditionExpression += $" AND #c {condition.Op} :c";
            request.ExpressionAttributeNames["#c"] = Attr.CommitId;
            request.ExpressionAttributeValues[":c"] = condition.Value;
        }
        return request;
    }

    private static PageLink FeedCursor(CursorDirection direction, Dictionary<string, AttributeValue>? key) =>
        new(PageLinkKind.Cursor, new PageCursor { Kind = CursorKind.Feed, Direction = direction, Key = key }.Encode());

    private static bool SameValue(AttributeValue a, AttributeValue b) =>
        a.S is not null ? a.S == b.S : a.N is not null && a.N == b.N;

    private static string CommitIdType(EventStoreLayout layout) => layout == EventStoreLayout.CounterCommitIds ? "N" : "S";

    private static string LayoutWords(EventStoreLayout layout) => layout == EventStoreLayout.CounterCommitIds
        ? "it numbers its commits, e.g. 1042"
        : "its commit ids have the form yyyyMMddHHmmssfff:aggregateId";

    /// <summary>
    /// Where a jump the user typed starts. Layout A: a commit number. Layout B: a commit id, a leading
    /// part of its timestamp, or a date and time meaning "from that moment" (ids begin with the writer's
    /// UTC clock, so the moment's <see cref="CommitId.TimestampPrefix"/> sorts before every id written then).
    /// </summary>
    private static (AttributeValue Bound, CommitId? Id) JumpTarget(string typed, EventStoreLayout layout)
    {
        var text = typed.Trim();
        if (text.Length == 0) throw new InvalidQueryException("The commit id to jump to is empty.");
        if (CommitId.TryParse(text, layout, out _) is { } id) return (ToAttribute(id), id);
        if (layout == EventStoreLayout.CounterCommitIds)
        {
            throw new InvalidQueryException($"Commit id '{Shorten(text)}' is not a whole number. This store numbers its commits (e.g. 1042).");
        }
        if (text.Length <= CommitId.TimestampFormat.Length && text.All(char.IsAsciiDigit)) return (new AttributeValue { S = text }, null);
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var time))
        {
            return (new AttributeValue { S = CommitId.TimestampPrefix(time) }, null);
        }
        throw new InvalidQueryException(
            $"'{Shorten(text)}' is neither a commit id of this store (yyyyMMddHHmmssfff:aggregateId) nor a UTC date and time (e.g. 2026-11-21T06:00Z).");
    }
}
