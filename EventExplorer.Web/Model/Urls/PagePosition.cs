using EventExplorer.Data.Model;

namespace EventExplorer.Web.Model.Urls;

/// <summary>Where a paged view (a timeline, the feed) stands, as its URL says it.</summary>
public enum PositionKind
{
    /// <summary>The newest page (no position in the URL).</summary>
    Newest,

    /// <summary><c>start=oldest</c>: the page that starts at the first commit.</summary>
    Oldest,

    /// <summary><c>from=X</c>: a jump; the page starts at X (inclusive) and goes up.</summary>
    From,

    /// <summary><c>before=X</c>: the older page, everything below X.</summary>
    Before,

    /// <summary><c>after=X</c>: the newer page, everything above X.</summary>
    After,

    /// <summary><c>cursor=…</c>: an opaque position, only where a plain value cannot say it.</summary>
    Cursor,
}

/// <summary>
/// A position in a paged view: a version or commit id said plainly wherever possible, an opaque
/// cursor only where the store needs one (see <see cref="PageLink"/>).
/// </summary>
public sealed record PagePosition(PositionKind Kind, string? Value = null)
{
    public static readonly PagePosition Newest = new(PositionKind.Newest);
    public static readonly PagePosition Oldest = new(PositionKind.Oldest);

    public const string FromName = "from";
    public const string BeforeName = "before";
    public const string AfterName = "after";
    public const string CursorName = "cursor";
    public const string StartName = "start";
    public const string StartOldest = "oldest";

    public static PagePosition From(string value) => new(PositionKind.From, value);

    /// <summary>The position a store's Older/Newer link leads to.</summary>
    public static PagePosition Of(PageLink link) => link.Kind switch
    {
        PageLinkKind.Before => new PagePosition(PositionKind.Before, link.Value),
        PageLinkKind.After => new PagePosition(PositionKind.After, link.Value),
        _ => new PagePosition(PositionKind.Cursor, link.Value),
    };

    /// <summary>
    /// Of a page's two links, the one that reads on in the direction this position reads: older from the
    /// newest page or a <c>before</c>, newer from the oldest, a <c>from</c> or an <c>after</c>. Null for a
    /// cursor, which does not say its direction (the page offers both links there).
    /// </summary>
    public string? Onward(string? olderUrl, string? newerUrl) => Kind switch
    {
        PositionKind.Newest or PositionKind.Before => olderUrl,
        PositionKind.Oldest or PositionKind.From or PositionKind.After => newerUrl,
        _ => null,
    };

    /// <summary>The store's form of a Before/After/Cursor position; null for the others.</summary>
    public PageLink? ToLink() => Kind switch
    {
        PositionKind.Before => new PageLink(PageLinkKind.Before, Value!),
        PositionKind.After => new PageLink(PageLinkKind.After, Value!),
        PositionKind.Cursor => new PageLink(PageLinkKind.Cursor, Value!),
        _ => null,
    };

    /// <summary>
    /// Reads the position from a link. <paramref name="check"/> validates a from/before/after value
    /// (returns a problem or null). More than one position: the first of from, before, after, cursor,
    /// start wins and the others are reported.
    /// </summary>
    public static PagePosition Read(QueryReader query, string what, Func<string, string?> check)
    {
        var found = new List<PagePosition>();
        foreach (var (name, kind) in (ReadOnlySpan<(string, PositionKind)>)[(FromName, PositionKind.From), (BeforeName, PositionKind.Before), (AfterName, PositionKind.After)])
        {
            if (query.Text(name) is not { } text) continue;
            var value = text.Trim();
            if (check(value) is { } problem) query.AddProblem($"'{name}={text}': {problem}; it was ignored.");
            else found.Add(new PagePosition(kind, value));
        }
        if (query.Text(CursorName) is { } cursor) found.Add(new PagePosition(PositionKind.Cursor, cursor));
        var start = query.Choice(StartName, "Start", "newest", "newest", StartOldest);
        if (start == StartOldest) found.Add(Oldest);

        if (found.Count > 1)
        {
            query.AddProblem($"The link gives {found.Count} positions in the {what}; it shows the first ({found[0].Describe()}).");
        }
        return found.Count > 0 ? found[0] : Newest;
    }

    public void Write(QueryBuilder query)
    {
        switch (Kind)
        {
            case PositionKind.Oldest: query.Add(StartName, StartOldest); break;
            case PositionKind.From: query.Add(FromName, Value); break;
            case PositionKind.Before: query.Add(BeforeName, Value); break;
            case PositionKind.After: query.Add(AfterName, Value); break;
            case PositionKind.Cursor: query.Add(CursorName, Value); break;
        }
    }

    /// <summary>In words, for messages: "from 42", "before 42", "the oldest page".</summary>
    public string Describe() => Kind switch
    {
        PositionKind.Newest => "the newest page",
        PositionKind.Oldest => "the oldest page",
        PositionKind.From => "from " + Value,
        PositionKind.Before => "before " + Value,
        PositionKind.After => "after " + Value,
        _ => "a saved position",
    };
}
