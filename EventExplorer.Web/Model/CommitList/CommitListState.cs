using EventExplorer.Web.Model.Urls;

namespace EventExplorer.Web.Model.CommitList;

/// <summary>
/// What a paged list of commits (an aggregate's timeline, the global feed) shows, as its URL says it:
/// <c>?from=|before=|after=|cursor=|start=oldest|at= &amp;size= &amp;type= &amp;order=asc</c>, and what each list
/// adds (<see cref="ReadOwn"/>, <see cref="WriteFilter"/>, <see cref="WriteOpened"/>). Parsed once (collecting
/// what was wrong with the link), changed with <c>with</c>, and written back by <see cref="ToUrl"/>, so a
/// pasted link shows the same page.
/// </summary>
/// <typeparam name="TSelf">The list's own state record.</typeparam>
public abstract record CommitListState<TSelf> : IPageState
    where TSelf : CommitListState<TSelf>
{
    public const int MaxPageSize = 1000;
    public static readonly int[] PageSizes = [10, 25, 50, 100, 250];

    public const string SizeName = "size";
    public const string TypeName = "type";
    public const string OrderName = "order";
    public const string ExpandName = "expand";
    public const string AtName = "at";
    public const string OldestFirstValue = "asc";
    public const string NewestFirstValue = "desc";

    public PagePosition Position { get; init; } = PagePosition.Newest;

    public abstract int PageSize { get; init; }

    public bool OldestFirst { get; init; }

    /// <summary>
    /// Only commits with an event of this type: the store fills each page across as many reads as it
    /// takes (within <see cref="Data.Model.ReadBudget.Page"/>), so paging keeps the filter.
    /// </summary>
    public string? EventType { get; init; }

    /// <summary>Time travel: the page starts at the first commit at or after this time (found when the page loads).</summary>
    public DateTimeOffset? TravelTime { get; init; }

    /// <summary>
    /// How many commits older than the one time travel landed on its page shows: the page holds the moments
    /// before and after it, with it in the middle (not at the bottom of a newest-first page).
    /// </summary>
    public int OlderAroundLanded => (PageSize - 1) / 2;

    /// <summary>The path the list's URL starts with.</summary>
    protected abstract string Path { get; }

    /// <summary>
    /// Reads what every list's link says into <paramref name="state"/> (<paramref name="what"/> names the list in
    /// messages; <paramref name="checkPosition"/> checks a from/before/after value), then what this list adds.
    /// </summary>
    protected static TSelf Read(TSelf state, QueryReader query, string what, Func<string, string?> checkPosition)
    {
        state = state with
        {
            Position = PagePosition.Read(query, what, checkPosition),
            PageSize = query.PageSize(SizeName, state.PageSize, MaxPageSize),
            EventType = query.Text(TypeName),
            OldestFirst = query.Choice(OrderName, "Order", NewestFirstValue, NewestFirstValue, OldestFirstValue) == OldestFirstValue,
            TravelTime = query.Time(AtName, "The time to go to"),
        };
        state = state.ReadOwn(query);
        if (state.TravelTime is not null && state.Position != PagePosition.Newest)
        {
            query.AddProblem($"The link gives both a time to go to and a position ({state.Position.Describe()}); it goes to the time.");
            state = state with { Position = PagePosition.Newest };
        }
        return state;
    }

    /// <summary>Reads the values only this list has.</summary>
    protected abstract TSelf ReadOwn(QueryReader query);

    public string ToUrl()
    {
        var query = new QueryBuilder(Path);
        Position.Write(query);
        query.Add(SizeName, PageSize == PageSizeByDefault ? null : PageSize);
        query.Add(TypeName, EventType);
        WriteFilter(query);
        query.Add(OrderName, OldestFirst ? OldestFirstValue : null);
        query.Add(AtName, TravelTime is { } at ? Formats.UrlTime(at) : null);
        WriteOpened(query);
        return query.ToString();
    }

    /// <summary>The page size a link need not say.</summary>
    protected abstract int PageSizeByDefault { get; }

    /// <summary>Writes the list's own filter values (after the event type).</summary>
    protected virtual void WriteFilter(QueryBuilder query)
    {
    }

    /// <summary>Writes what the list has open (last in the URL).</summary>
    protected abstract void WriteOpened(QueryBuilder query);

    /// <summary>The same view with nothing opened by the link (another page shows other commits).</summary>
    protected abstract TSelf Closed();

    /// <summary>Another page of the same view (filter, size and order stay; nothing is opened).</summary>
    public TSelf At(PagePosition position) => (this with { Position = position, TravelTime = null }).Closed();

    /// <summary>The page that starts at the first commit at or after <paramref name="at"/>.</summary>
    public TSelf TravelTo(DateTimeOffset at) => At(PagePosition.Newest) with { TravelTime = at };

    /// <summary>
    /// The same view with another event type. Where a page started (a position, the oldest commit) stays;
    /// a page link (before/after/cursor) is dropped, since it was where the old filter's read stopped.
    /// </summary>
    protected TSelf WithEventType(string? eventType) => (this with
    {
        EventType = string.IsNullOrWhiteSpace(eventType) ? null : eventType.Trim(),
        Position = Position.Kind is PositionKind.Oldest or PositionKind.From ? Position : PagePosition.Newest,
    }).Closed();
}
