using System.Globalization;
using Amazon.DynamoDBv2.Model;
using EventExplorer.Data.Model;
using static EventExplorer.Data.DynamoDb.CommitItemMapper;

namespace EventExplorer.Data.DynamoDb.Commits;

/// <summary>
/// The links across a page boundary: a plain version or commit id where it says the position exactly,
/// an opaque cursor (the item's key) where it cannot; and how a page's items are put in the order asked.
/// </summary>
internal static class PageLinks
{
    public static PageLinkKind PlainKind(CursorDirection direction) => direction == CursorDirection.Older ? PageLinkKind.Before : PageLinkKind.After;

    /// <summary>Versions are unique per aggregate: "below v" and "above v" are exact, unless another program stored one like 2.5.</summary>
    public static PageLink Timeline(string aggregateId, CursorDirection direction, Dictionary<string, AttributeValue> key) =>
        ReadWholeNumber(key, Attr.Version, null) is { } version
            ? new PageLink(PlainKind(direction), version.ToString(CultureInfo.InvariantCulture))
            : new PageLink(PageLinkKind.Cursor, new PageCursor
            {
                Kind = CursorKind.Timeline,
                AggregateId = aggregateId,
                Direction = direction,
                Key = PageCursor.KeyOf(key, SortKeys.TableKey),
            }.Encode());

    /// <summary>
    /// The feed's link at <paramref name="edge"/>: "before c" / "after c" is exact only when no commit beyond the
    /// boundary (<paramref name="beyond"/>, null when none can) shares the edge's id and the id is one of this layout.
    /// </summary>
    public static PageLink Feed(EventStoreLayout layout, CursorDirection direction, Dictionary<string, AttributeValue> edge, Dictionary<string, AttributeValue>? beyond)
    {
        var stored = edge[Attr.CommitId];
        if (beyond is null || !SortKeys.SameValue(stored, beyond[Attr.CommitId]))
        {
            var text = layout == EventStoreLayout.CounterCommitIds ? stored.N : stored.S;
            if (CommitId.TryParse(text, layout, out _) is { } id) return new PageLink(PlainKind(direction), id.Text);
        }
        return FeedCursor(direction, PageCursor.KeyOf(edge, SortKeys.IndexKey));
    }

    /// <summary>A feed cursor; without a key it means "from the end its direction starts at".</summary>
    public static PageLink FeedCursor(CursorDirection direction, Dictionary<string, AttributeValue>? key) =>
        new(PageLinkKind.Cursor, new PageCursor { Kind = CursorKind.Feed, Direction = direction, Key = key }.Encode());

    public static List<T> InOrder<T>(List<T> items, bool readDescending, ReadOrder order)
    {
        if (readDescending != (order == ReadOrder.NewestFirst)) items.Reverse();
        return items;
    }

    /// <summary>Numbers missing between neighbours of <paramref name="numbers"/>; with <paramref name="fromZero"/> also those below the lowest one.</summary>
    public static List<SequenceGap> FindGaps(IEnumerable<long> numbers, bool fromZero)
    {
        var sorted = numbers.Distinct().Order().ToList();
        var gaps = new List<SequenceGap>();
        if (fromZero && sorted.Count > 0 && sorted[0] > 0) gaps.Add(new SequenceGap(-1, sorted[0]));
        for (var i = 1; i < sorted.Count; i++)
        {
            if (sorted[i] - 1 > sorted[i - 1]) gaps.Add(new SequenceGap(sorted[i - 1], sorted[i]));
        }
        return gaps;
    }
}
