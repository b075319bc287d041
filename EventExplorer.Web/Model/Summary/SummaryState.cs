using EventExplorer.Web.Model.Urls;

namespace EventExplorer.Web.Model.Summary;

/// <summary>An aggregate's summary as its URL says it: <c>/summary?aggregate=</c>.</summary>
public sealed record SummaryState : IPageState
{
    public const string AggregateName = "aggregate";

    public string? AggregateId { get; init; }

    /// <summary>Reads a whole link (tests, pasted links); a page reads its bound parameters with <see cref="Read"/>.</summary>
    public static SummaryState Parse(string url, out IReadOnlyList<string> problems) => QueryReader.Parse(url, Read, out problems);

    /// <summary>The view the link's values ask for; what was wrong with them is added to <paramref name="query"/>'s problems.</summary>
    public static SummaryState Read(QueryReader query)
    {
        var state = new SummaryState { AggregateId = query.Text(AggregateName)?.Trim() is { Length: > 0 } id ? id : null };
        return state;
    }

    public string ToUrl() => new QueryBuilder(ExplorerUrls.SummaryPath).Add(AggregateName, AggregateId).ToString();
}
