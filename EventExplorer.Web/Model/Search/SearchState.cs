using EventExplorer.Data.Errors;
using EventExplorer.Data.Model;
using EventExplorer.Web.Model.Urls;

namespace EventExplorer.Web.Model.Search;

/// <summary>
/// A payload search as its URL says it:
/// <c>/search?q= &amp;aggregate= &amp;from= &amp;to= &amp;since= &amp;until= &amp;type= &amp;prefix= &amp;case=ignore &amp;after=|cursor=</c>.
/// With <c>aggregate</c> it searches that aggregate's history (<c>from</c>/<c>to</c> are versions);
/// without, the feed (<c>from</c>/<c>to</c> are commit ids, <c>since</c>/<c>until</c> a time window).
/// <c>after</c>/<c>cursor</c> say where an earlier search stopped (its "continue" link).
/// </summary>
public sealed record SearchState : IPageState
{
    public const string QueryName = "q";
    public const string AggregateName = "aggregate";
    public const string FromName = "from";
    public const string ToName = "to";
    public const string SinceName = "since";
    public const string UntilName = "until";
    public const string TypeName = "type";
    public const string PrefixName = "prefix";
    public const string CaseName = "case";
    public const string AfterName = "after";
    public const string CursorName = "cursor";

    /// <summary>The search as typed (<see cref="PayloadQuery.Parse"/> syntax); null shows the empty form.</summary>
    public string? Query { get; init; }

    public bool IgnoreCase { get; init; }

    /// <summary>One aggregate's history; null searches the feed.</summary>
    public string? AggregateId { get; init; }

    /// <summary>The lower bound (inclusive): a version for an aggregate, a commit id (or its leading part) for the feed.</summary>
    public string? From { get; init; }

    /// <summary>The upper bound (inclusive), as <see cref="From"/>.</summary>
    public string? To { get; init; }

    /// <summary>Feed: commits at or after this time.</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>Feed: commits before this time.</summary>
    public DateTimeOffset? Until { get; init; }

    public string? EventType { get; init; }

    /// <summary>Feed: aggregate ids that start with this text.</summary>
    public string? AggregatePrefix { get; init; }

    /// <summary>Where an earlier search stopped: continue strictly after it.</summary>
    public PageLink? After { get; init; }

    public bool IsFeed => AggregateId is null;

    /// <summary>Reads a whole link (tests, pasted links); a page reads its bound parameters with <see cref="Read"/>.</summary>
    public static SearchState Parse(string url, out IReadOnlyList<string> problems) => QueryReader.Parse(url, Read, out problems);

    /// <summary>The view the link's values ask for; what was wrong with them is added to <paramref name="query"/>'s problems.</summary>
    public static SearchState Read(QueryReader query)
    {
        var aggregate = query.Text(AggregateName)?.Trim();
        var state = new SearchState
        {
            Query = query.Text(QueryName),
            IgnoreCase = query.Choice(CaseName, "Case", "exact", "exact", "ignore") == "ignore",
            AggregateId = string.IsNullOrEmpty(aggregate) ? null : aggregate,
            From = Bound(query, FromName, aggregate),
            To = Bound(query, ToName, aggregate),
            Since = query.Time(SinceName, "Since"),
            Until = query.Time(UntilName, "Until"),
            EventType = query.Text(TypeName)?.Trim(),
            AggregatePrefix = query.Text(PrefixName),
            After = query.Text(AfterName) is { } after ? new PageLink(PageLinkKind.After, after.Trim())
                : query.Text(CursorName) is { } cursor ? new PageLink(PageLinkKind.Cursor, cursor) : null,
        };
        if (state.AggregateId is not null && (state.Since is not null || state.Until is not null))
        {
            query.AddProblem("A time window (since, until) bounds a search of the feed; within one aggregate give versions (from, to). The window was ignored.");
            state = state with { Since = null, Until = null };
        }
        if (state.AggregateId is not null && state.AggregatePrefix is not null)
        {
            query.AddProblem("An aggregate id prefix filters the feed; it was ignored in a search of one aggregate.");
            state = state with { AggregatePrefix = null };
        }
        return state;
    }

    // Versions are checked here (a whole number); commit ids by the store, which knows the layout.
    private static string? Bound(QueryReader query, string name, string? aggregate)
    {
        if (string.IsNullOrEmpty(aggregate)) return query.Text(name)?.Trim();
        return query.WholeNumber(name, name == FromName ? "From version" : "To version")?.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    public string ToUrl()
    {
        var query = new QueryBuilder(ExplorerUrls.SearchPath)
            .Add(QueryName, Query)
            .Add(AggregateName, AggregateId)
            .Add(SinceName, Since is { } since ? Formats.UrlTime(since) : null)
            .Add(UntilName, Until is { } until ? Formats.UrlTime(until) : null)
            .Add(FromName, From)
            .Add(ToName, To)
            .Add(TypeName, EventType)
            .Add(PrefixName, AggregatePrefix)
            .Add(CaseName, IgnoreCase, "ignore");
        if (After is { Kind: PageLinkKind.Cursor } cursor) query.Add(CursorName, cursor.Value);
        else if (After is { } after) query.Add(AfterName, after.Value);
        return query.ToString();
    }

    /// <summary>The typed query; throws <see cref="InvalidQueryException"/> saying what is wrong with it.</summary>
    public PayloadQuery ParseQuery() => PayloadQuery.Parse(Query, IgnoreCase);

    /// <summary>The range searched; versions in the URL were checked when it was parsed.</summary>
    public CommitRange ToRange()
    {
        var range = IsFeed
            ? new CommitRange { FromCommitId = From, ToCommitId = To, FromTime = Since, ToTime = Until }
            : CommitRange.Aggregate(AggregateId!, From is { } from ? long.Parse(from, System.Globalization.CultureInfo.InvariantCulture) : null,
                To is { } to ? long.Parse(to, System.Globalization.CultureInfo.InvariantCulture) : null);
        return range with { After = After };
    }

    public CommitFilter? ToFilter()
    {
        var filter = new CommitFilter { EventType = EventType, AggregateIdPrefix = IsFeed ? AggregatePrefix : null };
        return filter.IsEmpty ? null : filter;
    }

    /// <summary>The same search continued from where <paramref name="resume"/> says reading stopped.</summary>
    public SearchState ContinueFrom(CommitRange resume) => this with
    {
        After = resume.After,
        From = IsFeed ? resume.FromCommitId : resume.FromVersion?.ToString(System.Globalization.CultureInfo.InvariantCulture),
        Since = resume.FromTime,
    };

    /// <summary>A new search (the form's): starts from the range's lower bound again.</summary>
    public SearchState Restarted() => this with { After = null };
}
