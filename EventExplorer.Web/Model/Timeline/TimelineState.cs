using System.Globalization;
using EventExplorer.Data.Model;
using EventExplorer.Web.Model.Urls;

namespace EventExplorer.Web.Model.Timeline;

/// <summary>
/// What an aggregate's timeline shows, as its URL says it:
/// <c>/aggregates/{id}?from=|before=|after=|cursor=|start=oldest|at= &amp;size= &amp;type= &amp;order=asc &amp;expand=</c>.
/// Parsed once (collecting what was wrong with the link), changed with <c>with</c>, and written back
/// by <see cref="ToUrl"/>, so a pasted link shows the same page.
/// </summary>
public sealed record TimelineState : IPageState
{
    public const int DefaultPageSize = 25;
    public const int MaxPageSize = 1000;
    public static readonly int[] PageSizes = [10, 25, 50, 100, 250];

    public const string SizeName = "size";
    public const string TypeName = "type";
    public const string OrderName = "order";
    public const string ExpandName = "expand";
    public const string AtName = "at";
    public const string OldestFirstValue = "asc";
    public const string NewestFirstValue = "desc";

    public required string AggregateId { get; init; }
    public PagePosition Position { get; init; } = PagePosition.Newest;
    public int PageSize { get; init; } = DefaultPageSize;

    /// <summary>
    /// Only commits with an event of this type: the store fills each page across as many reads as it
    /// takes (within <see cref="ReadBudget.Page"/>), so paging keeps the filter.
    /// </summary>
    public string? EventType { get; init; }

    /// <summary>Time travel: the page starts at the first commit at or after this time (found when the page loads).</summary>
    public DateTimeOffset? TravelTime { get; init; }

    public bool OldestFirst { get; init; }

    /// <summary>A commit opened by the link (a permalink): expanded, highlighted and scrolled into view.</summary>
    public long? Expand { get; init; }

    /// <summary>Reads a whole link (tests, pasted links); a page reads its bound parameters with <see cref="Read"/>.</summary>
    public static TimelineState Parse(string url, out IReadOnlyList<string> problems)
    {
        var query = QueryReader.FromUrl(url);
        var state = Read(ExplorerUrls.AggregateIdFromUrl(url) ?? "", query);
        problems = query.Problems;
        return state;
    }

    /// <summary>The view the link's values ask for; what was wrong with them is added to <paramref name="query"/>'s problems.</summary>
    public static TimelineState Read(string aggregateId, QueryReader query)
    {
        var state = new TimelineState
        {
            AggregateId = aggregateId,
            Position = PagePosition.Read(query, "timeline", CheckVersion),
            PageSize = query.PageSize(SizeName, DefaultPageSize, MaxPageSize),
            EventType = query.Text(TypeName),
            OldestFirst = query.Choice(OrderName, "Order", NewestFirstValue, NewestFirstValue, OldestFirstValue) == OldestFirstValue,
            Expand = query.WholeNumber(ExpandName, "The version to open"),
            TravelTime = query.Time(AtName, "The time to go to"),
        };
        if (state.TravelTime is not null && state.Position != PagePosition.Newest)
        {
            query.AddProblem($"The link gives both a time to go to and a position ({state.Position.Describe()}); it goes to the time.");
            state = state with { Position = PagePosition.Newest };
        }
        return state;
    }

    /// <summary>Null when <paramref name="text"/> can be a version in a link (a whole number of 0 or more).</summary>
    public static string? CheckVersion(string text) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out _) ? null : "versions are whole numbers of 0 or more";

    public string ToUrl()
    {
        var query = new QueryBuilder(ExplorerUrls.AggregatesPath + Uri.EscapeDataString(AggregateId));
        Position.Write(query);
        query.Add(SizeName, PageSize == DefaultPageSize ? null : PageSize);
        query.Add(TypeName, EventType);
        query.Add(OrderName, OldestFirst ? OldestFirstValue : null);
        query.Add(ExpandName, Expand);
        query.Add(AtName, TravelTime is { } at ? Formats.UrlTime(at) : null);
        return query.ToString();
    }

    public TimelineQuery ToQuery() => new()
    {
        AggregateId = AggregateId,
        PageSize = PageSize,
        Order = OldestFirst ? ReadOrder.OldestFirst : ReadOrder.NewestFirst,
        Position = Position.ToLink(),
        FromVersion = Position.Kind == PositionKind.From ? long.Parse(Position.Value!, CultureInfo.InvariantCulture) : null,
        FromOldest = Position.Kind == PositionKind.Oldest,
        Filter = Filter,
    };

    /// <summary>The filter the store applies; null when nothing is filtered.</summary>
    public CommitFilter? Filter => string.IsNullOrEmpty(EventType) ? null : new CommitFilter { EventType = EventType };

    /// <summary>
    /// The same view with another filter. Where a page started (a version, the oldest commit) stays;
    /// a page link (before/after/cursor) is dropped, since it was where the old filter's read stopped.
    /// </summary>
    public TimelineState Filtered(string? eventType) => this with
    {
        EventType = string.IsNullOrWhiteSpace(eventType) ? null : eventType.Trim(),
        Position = Position.Kind is PositionKind.Oldest or PositionKind.From ? Position : PagePosition.Newest,
        Expand = null,
    };

    /// <summary>The page that starts at the first commit at or after <paramref name="at"/>.</summary>
    public TimelineState TravelTo(DateTimeOffset at) => At(PagePosition.Newest) with { TravelTime = at };

    /// <summary>Another page of the same view (filter, size and order stay; nothing is opened).</summary>
    public TimelineState At(PagePosition position) => this with { Position = position, Expand = null, TravelTime = null };

    /// <summary>The page that starts at <paramref name="version"/>.</summary>
    public TimelineState JumpTo(long version) => At(PagePosition.From(version.ToString(CultureInfo.InvariantCulture)));

    /// <summary>The permalink of one commit: the page that starts at it, with it open.</summary>
    public TimelineState Open(long version) => JumpTo(version) with { Expand = version };
}
