using EventExplorer.Web.Model.Urls;

namespace EventExplorer.Web.Model.Summary;

/// <summary>An aggregate's summary as its URL says it: <c>/summary?aggregate=</c>.</summary>
public sealed record SummaryState
{
    public const string AggregateName = "aggregate";

    public string? AggregateId { get; init; }

    public static SummaryState Parse(string url, out IReadOnlyList<string> problems)
    {
        var query = QueryReader.FromUrl(url);
        var state = new SummaryState { AggregateId = query.Text(AggregateName)?.Trim() is { Length: > 0 } id ? id : null };
        problems = query.Problems;
        return state;
    }

    public string ToUrl() => new QueryBuilder(ExplorerUrls.SummaryPath).Add(AggregateName, AggregateId).ToString();
}
