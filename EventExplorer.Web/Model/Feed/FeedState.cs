using EventExplorer.Data.Model;
using EventExplorer.Web.Model.Urls;

namespace EventExplorer.Web.Model.Feed;

/// <summary>
/// What the global feed shows, as its URL says it:
/// <c>/feed?from=|before=|after=|cursor=|start=oldest|at= &amp;size= &amp;order=asc &amp;type= &amp;prefix= &amp;live=1 &amp;expand=</c>.
/// </summary>
public sealed record FeedState : IPageState
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 1000;
    public static readonly int[] PageSizes = [10, 25, 50, 100, 250];

    public const string SizeName = "size";
    public const string OrderName = "order";
    public const string LiveName = "live";
    public const string ExpandName = "expand";
    public const string TypeName = "type";
    public const string PrefixName = "prefix";
    public const string AtName = "at";

    /// <summary>Longer than any commit id can be (a 1024-byte aggregate id plus the timestamp).</summary>
    private const int MaxIdLength = 1100;

    public PagePosition Position { get; init; } = PagePosition.Newest;
    public int PageSize { get; init; } = DefaultPageSize;
    public bool OldestFirst { get; init; }

    /// <summary>The live tail is on (it runs only on the latest page).</summary>
    public bool Live { get; init; }

    /// <summary>A commit opened by the link (a permalink), by commit id.</summary>
    public string? Expand { get; init; }

    /// <summary>Only commits with an event of this type (the store fills each page across reads).</summary>
    public string? EventType { get; init; }

    /// <summary>Only commits whose aggregate id starts with this (case-sensitive).</summary>
    public string? Prefix { get; init; }

    /// <summary>Time travel: the page starts at the first commit at or after this time (found when the page loads).</summary>
    public DateTimeOffset? TravelTime { get; init; }

    public bool IsFiltered => Filter is not null;

    /// <summary>The filter the store applies (and the live tail keeps to); null when nothing is filtered.</summary>
    public CommitFilter? Filter => string.IsNullOrEmpty(EventType) && string.IsNullOrEmpty(Prefix)
        ? null
        : new CommitFilter { EventType = EventType, AggregateIdPrefix = Prefix };

    /// <summary>Reads a whole link (tests, pasted links); a page reads its bound parameters with <see cref="Read"/>.</summary>
    public static FeedState Parse(string url, out IReadOnlyList<string> problems)
    {
        var query = QueryReader.FromUrl(url);
        var state = Read(query);
        problems = query.Problems;
        return state;
    }

    /// <summary>The view the link's values ask for; what was wrong with them is added to <paramref name="query"/>'s problems.</summary>
    public static FeedState Read(QueryReader query)
    {
        var state = new FeedState
        {
            Position = PagePosition.Read(query, "feed", CheckCommitId),
            PageSize = query.PageSize(SizeName, DefaultPageSize, MaxPageSize),
            OldestFirst = query.Choice(OrderName, "Order", "desc", "desc", "asc") == "asc",
            Live = query.Choice(LiveName, "Live", "0", "0", "1") == "1",
            Expand = query.Text(ExpandName),
            EventType = query.Text(TypeName),
            Prefix = query.Text(PrefixName),
            TravelTime = query.Time(AtName, "The time to go to"),
        };
        if (state.TravelTime is not null && state.Position != PagePosition.Newest)
        {
            query.AddProblem($"The link gives both a time to go to and a position ({state.Position.Describe()}); it goes to the time.");
            state = state with { Position = PagePosition.Newest };
        }
        return state;
    }

    /// <summary>The store checks ids against its layout; here only what no commit id can be.</summary>
    public static string? CheckCommitId(string text) =>
        text.Length == 0 ? "a commit id is needed" : text.Length > MaxIdLength ? "no commit id is that long" : null;

    public string ToUrl()
    {
        var query = new QueryBuilder(ExplorerUrls.FeedPath);
        Position.Write(query);
        query.Add(SizeName, PageSize == DefaultPageSize ? null : PageSize);
        query.Add(OrderName, OldestFirst ? "asc" : null);
        query.Add(TypeName, EventType);
        query.Add(PrefixName, Prefix);
        query.Add(AtName, TravelTime is { } at ? Formats.UrlTime(at) : null);
        query.Add(LiveName, Live);
        query.Add(ExpandName, Expand);
        return query.ToString();
    }

    public FeedQuery ToQuery() => new()
    {
        PageSize = PageSize,
        Order = ReadOrder.OldestFirst,
        Position = Position.ToLink(),
        FromCommitId = Position.Kind == PositionKind.From ? Position.Value : null,
        FromOldest = Position.Kind == PositionKind.Oldest,
        Filter = Filter,
    };

    public FeedState At(PagePosition position) => this with { Position = position, Expand = null, Live = false, TravelTime = null };

    /// <summary>
    /// The same view with another filter. Where a page started (a commit id, the oldest commit) stays;
    /// a page link (before/after/cursor) is dropped, since it was where the old filter's read stopped.
    /// The live switch stays: the tail keeps to the filter.
    /// </summary>
    public FeedState Filtered(string? eventType, string? prefix) => this with
    {
        EventType = string.IsNullOrWhiteSpace(eventType) ? null : eventType.Trim(),
        // Ids may begin with a space: the prefix is taken as typed, only an empty one is none.
        Prefix = string.IsNullOrEmpty(prefix) ? null : prefix,
        Position = Position.Kind is PositionKind.Oldest or PositionKind.From ? Position : PagePosition.Newest,
        Expand = null,
    };

    /// <summary>The page that starts at the first commit at or after <paramref name="at"/>.</summary>
    public FeedState TravelTo(DateTimeOffset at) => At(PagePosition.Newest) with { TravelTime = at };

    /// <summary>The permalink of a commit: the feed from it, with it open.</summary>
    public FeedState Open(string commitId) => At(PagePosition.From(commitId)) with { Expand = commitId };

    /// <summary>True when <paramref name="other"/> reads the same page (it may differ in the live switch).</summary>
    public bool ReadsSameAs(FeedState other) => this with { Live = false } == other with { Live = false };
}
