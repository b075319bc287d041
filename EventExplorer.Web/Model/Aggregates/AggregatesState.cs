using EventExplorer.Web.Model.Urls;

namespace EventExplorer.Web.Model.Aggregates;

/// <summary><c>/aggregates?prefix=</c>: the prefix search box's text (the scan itself runs only on request).</summary>
public sealed record AggregatesState : IPageState
{
    public const string PrefixName = "prefix";

    public string? Prefix { get; init; }

    public static AggregatesState Parse(string url) => Read(QueryReader.FromUrl(url));

    public static AggregatesState Read(QueryReader query) => new() { Prefix = query.Text(PrefixName) };

    public string ToUrl() => new QueryBuilder("/aggregates").Add(PrefixName, Prefix).ToString();
}
