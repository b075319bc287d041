using System.Globalization;
using EventExplorer.Data.Model;
using EventExplorer.Web.Model.Urls;

namespace EventExplorer.Web.Model.Timeline;

/// <summary>
/// What an aggregate's timeline shows, as its URL says it:
/// <c>/aggregates/{id}?from=|before=|after=|cursor=|start=oldest &amp;size= &amp;type= &amp;order=asc &amp;expand=</c>.
/// Parsed once (collecting what was wrong with the link), changed with <c>with</c>, and written back
/// by <see cref="ToUrl"/>, so a pasted link shows the same page.
/// </summary>
public sealed record TimelineState
{
    public const int DefaultPageSize = 25;
    public const int MaxPageSize = 1000;
    public static readonly int[] PageSizes = [10, 25, 50, 100, 250];

    public const string SizeName = "size";
    public const string TypeName = "type";
    public const string OrderName = "order";
    public const string ExpandName = "expand";
    public const string OldestFirstValue = "asc";
    public const string NewestFirstValue = "desc";

    public required string AggregateId { get; init; }
    public PagePosition Position { get; init; } = PagePosition.Newest;
    public int PageSize { get; init; } = DefaultPageSize;

    /// <summary>Only commits with an event of this type are shown (within the page read).</summary>
    public string? EventType { get; init; }

    public bool OldestFirst { get; init; }

    /// <summary>A commit opened by the link (a permalink): expanded, highlighted and scrolled into view.</summary>
    public long? Expand { get; init; }

    public static TimelineState Parse(string url, out IReadOnlyList<string> problems)
    {
        var query = QueryReader.FromUrl(url);
        var state = new TimelineState
        {
            AggregateId = ExplorerUrls.AggregateIdFromUrl(url) ?? "",
            Position = PagePosition.Read(query, "timeline", CheckVersion),
            PageSize = query.PageSize(SizeName, DefaultPageSize, MaxPageSize),
            EventType = query.Text(TypeName),
            OldestFirst = query.Choice(OrderName, "Order", NewestFirstValue, NewestFirstValue, OldestFirstValue) == OldestFirstValue,
            Expand = query.WholeNumber(ExpandName, "The version to open"),
        };
        problems = query.Problems;
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
    };

    /// <summary>Another page of the same view (filter, size and order stay; nothing is opened).</summary>
    public TimelineState At(PagePosition position) => this with { Position = position, Expand = null };

    /// <summary>The page that starts at <paramref name="version"/>.</summary>
    public TimelineState JumpTo(long version) => At(PagePosition.From(version.ToString(CultureInfo.InvariantCulture)));

    /// <summary>The permalink of one commit: the page that starts at it, with it open.</summary>
    public TimelineState Open(long version) => JumpTo(version) with { Expand = version };
}
