using EventExplorer.Web.Model.Urls;

namespace EventExplorer.Web.Model.Feed;

/// <summary>
/// What the global feed shows, as its URL says it:
/// <c>/feed?from=|before=|after=|cursor=|start=oldest &amp;size= &amp;order=asc &amp;live=1 &amp;expand=</c>.
/// </summary>
public sealed record FeedState
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 1000;
    public static readonly int[] PageSizes = [10, 25, 50, 100, 250];

    public const string SizeName = "size";
    public const string OrderName = "order";
    public const string LiveName = "live";
    public const string ExpandName = "expand";

    /// <summary>Longer than any commit id can be (a 1024-byte aggregate id plus the timestamp).</summary>
    private const int MaxIdLength = 1100;

    public PagePosition Position { get; init; } = PagePosition.Newest;
    public int PageSize { get; init; } = DefaultPageSize;
    public bool OldestFirst { get; init; }

    /// <summary>The live tail is on (it runs only on the latest page).</summary>
    public bool Live { get; init; }

    /// <summary>A commit opened by the link (a permalink), by commit id.</summary>
    public string? Expand { get; init; }

    public static FeedState Parse(string url, out IReadOnlyList<string> problems)
    {
        var query = QueryReader.FromUrl(url);
        var state = new FeedState
        {
            Position = PagePosition.Read(query, "feed", CheckCommitId),
            PageSize = query.PageSize(SizeName, DefaultPageSize, MaxPageSize),
            OldestFirst = query.Choice(OrderName, "Order", "desc", "desc", "asc") == "asc",
            Live = query.Choice(LiveName, "Live", "0", "0", "1") == "1",
            Expand = query.Text(ExpandName),
        };
        problems = query.Problems;
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
        query.Add(LiveName, Live);
        query.Add(ExpandName, Expand);
        return query.ToString();
    }

    public EventExplorer.Data.Model.FeedQuery ToQuery() => new()
    {
        PageSize = PageSize,
        Order = EventExplorer.Data.Model.ReadOrder.OldestFirst,
        Position = Position.ToLink(),
        FromCommitId = Position.Kind == PositionKind.From ? Position.Value : null,
        FromOldest = Position.Kind == PositionKind.Oldest,
    };

    public FeedState At(PagePosition position) => this with { Position = position, Expand = null, Live = false };

    /// <summary>The permalink of a commit: the feed from it, with it open.</summary>
    public FeedState Open(string commitId) => At(PagePosition.From(commitId)) with { Expand = commitId };

    /// <summary>True when <paramref name="other"/> reads the same page (it may differ in the live switch).</summary>
    public bool ReadsSameAs(FeedState other) => this with { Live = false } == other with { Live = false };
}
