using System.Globalization;
using EventExplorer.Data.Model;
using EventExplorer.Web.Model.CommitList;
using EventExplorer.Web.Model.Urls;

namespace EventExplorer.Web.Model.Timeline;

/// <summary>
/// What an aggregate's timeline shows, as its URL says it: <c>/aggregates/{id}</c>, a commit list's
/// values (<see cref="CommitListState{TSelf}"/>) and <c>&amp;expand=</c> (a version opened by a permalink).
/// </summary>
public sealed record TimelineState : CommitListState<TimelineState>
{
    public const int DefaultPageSize = 25;

    public required string AggregateId { get; init; }

    public override int PageSize { get; init; } = DefaultPageSize;

    /// <summary>A commit opened by the link (a permalink): expanded, highlighted and scrolled into view.</summary>
    public long? Expand { get; init; }

    protected override string Path => ExplorerUrls.AggregatesPath + Uri.EscapeDataString(AggregateId);

    protected override int PageSizeByDefault => DefaultPageSize;

    /// <summary>Reads a whole link (tests, pasted links); a page reads its bound parameters with <see cref="Read(string, QueryReader)"/>.</summary>
    public static TimelineState Parse(string url, out IReadOnlyList<string> problems) =>
        QueryReader.Parse(url, query => Read(ExplorerUrls.AggregateIdFromUrl(url) ?? "", query), out problems);

    /// <summary>The view the link's values ask for; what was wrong with them is added to <paramref name="query"/>'s problems.</summary>
    public static TimelineState Read(string aggregateId, QueryReader query) =>
        Read(new TimelineState { AggregateId = aggregateId }, query, "timeline", CheckVersion);

    protected override TimelineState ReadOwn(QueryReader query) => this with { Expand = query.WholeNumber(ExpandName, "The version to open") };

    /// <summary>Null when <paramref name="text"/> can be a version in a link (a whole number of 0 or more).</summary>
    public static string? CheckVersion(string text) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out _) ? null : "versions are whole numbers of 0 or more";

    protected override void WriteOpened(QueryBuilder query) => query.Add(ExpandName, Expand);

    protected override TimelineState Closed() => this with { Expand = null };

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

    /// <summary>The same view with another event type (see <see cref="CommitListState{TSelf}.WithEventType"/>).</summary>
    public TimelineState Filtered(string? eventType) => WithEventType(eventType);

    /// <summary>The page that starts at <paramref name="version"/>.</summary>
    public TimelineState JumpTo(long version) => At(PagePosition.From(version.ToString(CultureInfo.InvariantCulture)));

    /// <summary>The permalink of one commit: the page that starts at it, with it open.</summary>
    public TimelineState Open(long version) => JumpTo(version) with { Expand = version };
}
