using Amazon.DynamoDBv2.Model;
using EventExplorer.Data.Model;

namespace EventExplorer.Data.DynamoDb.Commits;

/// <summary>How a page read starts, which decides what is known about its near end.</summary>
internal enum RangeStart
{
    /// <summary>At the newest (descending) or oldest (ascending) end: nothing lies beyond the near end.</summary>
    End,

    /// <summary>Strictly below or above a plain value (Before/After): what lies beyond differs from the page's first item.</summary>
    Value,

    /// <summary>After a cursor's key: compare that key with the page's first item.</summary>
    Cursor,

    /// <summary>At or above a jump target, read upwards: <see cref="PagedRange.AnythingBelowAsync"/> says whether anything lies below.</summary>
    Jump,
}

/// <summary>One page's items in read order, with the links to the pages on either side.</summary>
internal sealed record RangePage(List<Dictionary<string, AttributeValue>> Items, PageLink? Older, PageLink? Newer, int Requests);

/// <summary>
/// One page read of a key range (a timeline or the feed), parsed from its query: how to query it, where it
/// starts, and how to say its boundaries. <see cref="KeyRangeReader.ReadPageAsync"/> and
/// <see cref="FilteredPageReader"/> read it.
/// </summary>
internal abstract class PagedRange
{
    public required EventStoreLayout Layout { get; init; }
    public required bool Descending { get; init; }
    public required RangeStart Start { get; init; }

    /// <summary>The exclusive start key when <see cref="Start"/> is <see cref="RangeStart.Cursor"/>.</summary>
    public Dictionary<string, AttributeValue>? StartKey { get; init; }
    public required int PageSize { get; init; }

    public abstract bool IsFeed { get; }

    /// <summary>The aggregate of a timeline; null for the feed.</summary>
    public abstract string? AggregateId { get; }

    public abstract QueryRequest Request(bool descending);

    /// <summary>
    /// The link across a page boundary at <paramref name="edge"/> (the last item on the page on that side),
    /// going <paramref name="direction"/>. <paramref name="beyond"/> is the item (or cursor key) on the other side
    /// of the boundary, or null when it is known to differ from the edge in every way a plain value can tell.
    /// </summary>
    public abstract PageLink Link(CursorDirection direction, Dictionary<string, AttributeValue> edge, Dictionary<string, AttributeValue>? beyond);

    /// <summary>
    /// For a jump: whether anything lies below the target, and the requests it took to know (0 when a
    /// recent read already says). Started alongside the page read, so it never adds a round trip.
    /// </summary>
    public abstract Task<(bool Below, int Requests)> AnythingBelowAsync(CancellationToken cancellationToken);

    /// <summary>For a jump that found nothing at or above its target: the link to everything below it.</summary>
    public abstract PageLink EmptyJumpOlder();

    /// <summary>
    /// For a timeline jump: the page read started one version lower, whose first items lying below the target
    /// (<see cref="IsBelowJumpTarget"/>) answer "anything older?" too, so a jump costs the single request a raw
    /// read of the page costs. Null when the range cannot widen its jump.
    /// </summary>
    public virtual QueryRequest? WidenedJumpRequest() => null;

    public virtual bool IsBelowJumpTarget(Dictionary<string, AttributeValue> item) => false;
}
