using EventExplorer.Data.Model;
using EventExplorer.Web.Model.CommitList;
using EventExplorer.Web.Model.Urls;

namespace EventExplorer.Web.Model.Feed;

/// <summary>
/// What the global feed shows, as its URL says it: <c>/feed</c>, a commit list's values
/// (<see cref="CommitListState{TSelf}"/>) and <c>&amp;prefix= &amp;live=1 &amp;expand=</c>.
/// </summary>
public sealed record FeedState : CommitListState<FeedState>
{
    public const int DefaultPageSize = 50;

    public const string LiveName = "live";
    public const string PrefixName = "prefix";

    /// <summary>Longer than any commit id can be (a 1024-byte aggregate id plus the timestamp).</summary>
    private const int MaxIdLength = 1100;

    public override int PageSize { get; init; } = DefaultPageSize;

    /// <summary>The live tail is on (it runs only on the latest page).</summary>
    public bool Live { get; init; }

    /// <summary>A commit opened by the link (a permalink), by commit id.</summary>
    public string? Expand { get; init; }

    /// <summary>Only commits whose aggregate id starts with this (case-sensitive).</summary>
    public string? Prefix { get; init; }

    protected override string Path => ExplorerUrls.FeedPath;

    protected override int PageSizeByDefault => DefaultPageSize;

    public bool IsFiltered => Filter is not null;

    /// <summary>The filter the store applies (and the live tail keeps to); null when nothing is filtered.</summary>
    public CommitFilter? Filter => string.IsNullOrEmpty(EventType) && string.IsNullOrEmpty(Prefix)
        ? null
        : new CommitFilter { EventType = EventType, AggregateIdPrefix = Prefix };

    /// <summary>Reads a whole link (tests, pasted links); a page reads its bound parameters with <see cref="Read(QueryReader)"/>.</summary>
    public static FeedState Parse(string url, out IReadOnlyList<string> problems) => QueryReader.Parse(url, Read, out problems);

    /// <summary>The view the link's values ask for; what was wrong with them is added to <paramref name="query"/>'s problems.</summary>
    public static FeedState Read(QueryReader query) => Read(new FeedState(), query, "feed", CheckCommitId);

    protected override FeedState ReadOwn(QueryReader query) => this with
    {
        Live = query.Choice(LiveName, "Live", "0", "0", "1") == "1",
        Expand = query.Text(ExpandName),
        Prefix = query.Text(PrefixName),
    };

    /// <summary>The store checks ids against its layout; here only what no commit id can be.</summary>
    public static string? CheckCommitId(string text) =>
        text.Length == 0 ? "a commit id is needed" : text.Length > MaxIdLength ? "no commit id is that long" : null;

    protected override void WriteFilter(QueryBuilder query) => query.Add(PrefixName, Prefix);

    protected override void WriteOpened(QueryBuilder query) => query.Add(LiveName, Live).Add(ExpandName, Expand);

    protected override FeedState Closed() => this with { Expand = null, Live = false };

    public FeedQuery ToQuery() => new()
    {
        PageSize = PageSize,
        Order = ReadOrder.OldestFirst,
        Position = Position.ToLink(),
        FromCommitId = Position.Kind == PositionKind.From ? Position.Value : null,
        FromOldest = Position.Kind == PositionKind.Oldest,
        Filter = Filter,
    };

    /// <summary>
    /// The same view with another filter (see <see cref="CommitListState{TSelf}.WithEventType"/>). The live
    /// switch stays: the tail keeps to the filter.
    /// </summary>
    public FeedState Filtered(string? eventType, string? prefix) => WithEventType(eventType) with
    {
        // Ids may begin with a space: the prefix is taken as typed, only an empty one is none.
        Prefix = string.IsNullOrEmpty(prefix) ? null : prefix,
        Live = Live,
    };

    /// <summary>The permalink of a commit: the feed from it, with it open.</summary>
    public FeedState Open(string commitId) => At(PagePosition.From(commitId)) with { Expand = commitId };

    /// <summary>True when <paramref name="other"/> reads the same page (it may differ in the live switch).</summary>
    public bool ReadsSameAs(FeedState other) => this with { Live = false } == other with { Live = false };
}
