namespace EventExplorer.Data.Model;

/// <summary>The order in which a page's items are returned.</summary>
public enum ReadOrder
{
    /// <summary>Highest version / commit id first.</summary>
    NewestFirst,

    /// <summary>Lowest version / commit id first (replay order).</summary>
    OldestFirst,
}

/// <summary>How a <see cref="PageLink"/> says where the next page starts.</summary>
public enum PageLinkKind
{
    /// <summary>Everything below <see cref="PageLink.Value"/> (a version or commit id), read downwards: the older page.</summary>
    Before,

    /// <summary>Everything above <see cref="PageLink.Value"/>, read upwards: the newer page.</summary>
    After,

    /// <summary>
    /// An opaque token, used only where a plain value cannot say the position exactly: a page boundary
    /// that falls between two commits with the same commit id, or a version that is not a whole number.
    /// </summary>
    Cursor,
}

/// <summary>
/// Where a neighbouring page starts. Said plainly (<c>before=9975</c>, <c>after=1042</c>) wherever
/// a version or a commit id can say it, so that links are readable; see <see cref="PageLinkKind.Cursor"/>.
/// Links travel in URLs and come back as untrusted input: the store validates them.
/// </summary>
public sealed record PageLink(PageLinkKind Kind, string Value);

/// <summary>
/// Where a timeline read starts. At most one of <see cref="Position"/>, <see cref="FromVersion"/>,
/// <see cref="FromOldest"/>; none of them means "the newest commits".
/// </summary>
public sealed record TimelineQuery
{
    public required string AggregateId { get; init; }

    /// <summary>1 to 1000.</summary>
    public int PageSize { get; init; } = 50;

    /// <summary>The order of <see cref="CommitPage.Items"/>.</summary>
    public ReadOrder Order { get; init; } = ReadOrder.NewestFirst;

    /// <summary>A <see cref="CommitPage.Older"/> or <see cref="CommitPage.Newer"/> link (Before/After take a whole version).</summary>
    public PageLink? Position { get; init; }

    /// <summary>Jump: the page starts at this version (inclusive) and goes up.</summary>
    public long? FromVersion { get; init; }

    /// <summary>The page starts at the aggregate's first commit.</summary>
    public bool FromOldest { get; init; }

    /// <summary>
    /// Only commits that pass this filter (event type or payload; no aggregate prefix on a timeline). The
    /// page then fills across as many reads as it takes, within <see cref="Budget"/>; see <see cref="CommitPage.Filtered"/>.
    /// </summary>
    public CommitFilter? Filter { get; init; }

    /// <summary>What a filtered page may read (default <see cref="ReadBudget.Page"/>); ignored without a filter.</summary>
    public ReadBudget? Budget { get; init; }
}

/// <summary>
/// Where a feed read starts. At most one of <see cref="Position"/>, <see cref="FromCommitId"/>,
/// <see cref="FromOldest"/>; none of them means "the latest commits".
/// </summary>
public sealed record FeedQuery
{
    /// <summary>1 to 1000.</summary>
    public int PageSize { get; init; } = 50;

    public ReadOrder Order { get; init; } = ReadOrder.NewestFirst;

    /// <summary>A <see cref="FeedPage.Older"/> or <see cref="FeedPage.Newer"/> link (Before/After take a commit id of the store's layout).</summary>
    public PageLink? Position { get; init; }

    /// <summary>
    /// Jump: the page starts at this commit id (inclusive) and goes up, as a user typed it: a number
    /// in layout A; in layout B a commit id, or a UTC time (e.g. 2026-11-21T06:00Z) meaning "from that moment".
    /// </summary>
    public string? FromCommitId { get; init; }

    public bool FromOldest { get; init; }

    /// <summary>Only commits that pass this filter (event type, aggregate id prefix, payload); see <see cref="FeedPage.Filtered"/>.</summary>
    public CommitFilter? Filter { get; init; }

    /// <summary>What a filtered page may read (default <see cref="ReadBudget.Page"/>); ignored without a filter.</summary>
    public ReadBudget? Budget { get; init; }
}

/// <summary>
/// Numbers missing between two neighbours: versions of one aggregate, or commit ids of the feed
/// (layout A). Those strictly between <see cref="After"/> and <see cref="Before"/> are missing;
/// <see cref="After"/> is -1 for versions missing before an aggregate's first commit (which should be version 0).
/// </summary>
public sealed record SequenceGap(long After, long Before)
{
    public long MissingCount => Before - After - 1;

    /// <summary>The first missing number.</summary>
    public long First => After + 1;

    /// <summary>The last missing number.</summary>
    public long Last => Before - 1;
}

/// <summary>A page of an aggregate's commits with links to the neighbouring pages (null when there is none).</summary>
public sealed record CommitPage
{
    public required IReadOnlyList<Commit> Items { get; init; }

    /// <summary>The page of lower versions.</summary>
    public required PageLink? Older { get; init; }

    /// <summary>The page of higher versions.</summary>
    public required PageLink? Newer { get; init; }

    /// <summary>
    /// Versions missing between neighbouring commits on this page and, when the page holds the
    /// aggregate's first commit and that is not version 0, the versions before it.
    /// </summary>
    public IReadOnlyList<SequenceGap> Gaps { get; init; } = [];

    /// <summary>DynamoDB requests this page cost.</summary>
    public int RequestCount { get; init; }

    /// <summary>
    /// Set on a filtered page: what it read and whether the budget stopped it. <see cref="Gaps"/> is then
    /// empty (commits left out by the filter are not missing).
    /// </summary>
    public FilteredRead? Filtered { get; init; }
}

/// <summary>A page of the global feed; in layout A it also reports missing commit ids between neighbours.</summary>
public sealed record FeedPage
{
    public required IReadOnlyList<Commit> Items { get; init; }
    public required PageLink? Older { get; init; }
    public required PageLink? Newer { get; init; }

    /// <summary>Gaps between neighbouring numeric commit ids on this page (layout A only).</summary>
    public IReadOnlyList<SequenceGap> Gaps { get; init; } = [];

    public int RequestCount { get; init; }

    /// <summary>Set on a filtered page: what it read and whether the budget stopped it (<see cref="Gaps"/> is then empty).</summary>
    public FilteredRead? Filtered { get; init; }
}
