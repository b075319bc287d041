using EventExplorer.Web.Model.Urls;

namespace EventExplorer.Web.Model.Append;

/// <summary><c>/append?aggregate=&amp;version=</c>: the aggregate and version the form starts with (the events are typed, never in a link).</summary>
public sealed record AppendState
{
    public const string AggregateName = "aggregate";
    public const string VersionName = "version";

    public string? AggregateId { get; init; }

    /// <summary>As given: the form checks it like anything typed into the version box.</summary>
    public string? Version { get; init; }

    public static AppendState Parse(string url)
    {
        var query = QueryReader.FromUrl(url);
        return new AppendState { AggregateId = query.Text(AggregateName), Version = query.Text(VersionName) };
    }

    public string ToUrl() => new QueryBuilder("/append").Add(AggregateName, AggregateId).Add(VersionName, Version).ToString();
}
