namespace EventExplorer.Data.Model;

/// <summary>The order in which a page's items are returned.</summary>
public enum ReadOrder
{
    /// <summary>Highest version / commit id first.</summary>
    NewestFirst,

    /// <summary>Lowest version / commit id first (replay order).</summary>
    OldestFirst,
}

/// <summary>
/// Where a timeline read starts. Exactly one of: <see cref="Cursor"/>, <see cref="FromVersion"/>,
/// <see cref="FromOldest"/>; none of them means "the newest commits".
/// </summary>
public sealed record TimelineQuery
{
    public required string AggregateId { get; init; }

    /// <summary>1 to 1000.</summary>
    public int PageSize { get; init; } = 50;

    /// <summary>The order of <see cref="CommitPage.Items"/>.</summary>
    public ReadOrder Order { get; init; } = ReadOrder.NewestFirst;

    /// <summary>An opaque <see cref="CommitPage.Older"/> or <see cref="CommitPage.Newer"/> token.</summary>
    public string? Cursor { get; init; }

    /// <summary>Jump: the page starts at this version (inclusive) and goes up.</summary>
    public long? FromVersion { get; init; }

    /// <summary>The page starts at the aggregate's first commit.</summary>
    public bool FromOldest { get; init; }
}

/// <summary>
/// Where a feed read starts. Exactly one of: <see cref="Cursor"/>, <see cref="FromCommitId"/>,
/// <see cref="FromOldest"/>; none of them means "the latest commits".
/// </summary>
public sealed record FeedQuery
{
    /// <summary>1 to 1000.</summary>
    public int PageSize { get; init; } = 50;

    public ReadOrder Order { get; init; } = ReadOrder.NewestFirst;

    public string? Cursor { get; init; }

    /// <summary>The page starts at this commit id (inclusive) and goes up. A number in layout A, a string in layout B.</summary>
    public string? FromCommitId { get; init; }

    public bool FromOldest { get; init; }
}

/// <summary>A page of commits with opaque tokens to the neighbouring pages (null when there is none).</summary>
public sealed record CommitPage
{
    public required IReadOnlyList<Commit> Items { get; init; }

    /// <summary>Token for the page of lower versions / commit ids.</summary>
    public required string? Older { get; init; }

    /// <summary>Token for the page of higher versions / commit ids.</summary>
    public required string? Newer { get; init; }

    /// <summary>DynamoDB requests this page cost.</summary>
    public int RequestCount { get; init; }
}

/// <summary>A page of the global feed; in layout A it also reports missing commit ids between neighbours.</summary>
public sealed record FeedPage
{
    public required IReadOnlyList<Commit> Items { get; init; }
    public required string? Older { get; init; }
    public required string? Newer { get; init; }

    /// <summary>Gaps between neighbouring numeric commit ids on this page (layout A only).</summary>
    public IReadOnlyList<CommitIdGap> Gaps { get; init; } = [];

    public int RequestCount { get; init; }
}

/// <summary>Commit ids strictly between <see cref="After"/> and <see cref="Before"/> are missing.</summary>
public sealed record CommitIdGap(long After, long Before)
{
    public long MissingCount => Before - After - 1;
}
