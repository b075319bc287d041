using EventExplorer.Web.Model.Urls;

namespace EventExplorer.Web.Model.State;

/// <summary>
/// The state page as its URL says it: <c>/state?aggregate= &amp;version= | &amp;at= &amp;reducer=</c>.
/// Neither version nor time folds the whole history; <c>at</c> folds the commits committed at or before it.
/// </summary>
public sealed record StatePageState : IPageState
{
    public const string AggregateName = "aggregate";
    public const string VersionName = "version";
    public const string AtName = "at";
    public const string ReducerName = "reducer";

    public string? AggregateId { get; init; }

    /// <summary>The state after this version.</summary>
    public long? Version { get; init; }

    /// <summary>The state after the last commit at or before this moment (ignored with <see cref="Version"/>).</summary>
    public DateTimeOffset? At { get; init; }

    /// <summary>A reducer by name ("generic" or a configured one); null lets the catalog choose.</summary>
    public string? Reducer { get; init; }

    public static StatePageState Parse(string url, out IReadOnlyList<string> problems) => QueryReader.Parse(url, Read, out problems);

    public static StatePageState Read(QueryReader query)
    {
        var state = new StatePageState
        {
            AggregateId = query.Text(AggregateName)?.Trim() is { Length: > 0 } id ? id : null,
            Version = query.WholeNumber(VersionName, "Version"),
            At = query.Time(AtName, "Time"),
            Reducer = query.Text(ReducerName)?.Trim() is { Length: > 0 } reducer ? reducer : null,
        };
        if (state.Version is not null && state.At is not null)
        {
            query.AddProblem("The link gives both a version and a time; the version is used.");
            state = state with { At = null };
        }
        return state;
    }

    public string ToUrl() => new QueryBuilder(ExplorerUrls.StatePath)
        .Add(AggregateName, AggregateId)
        .Add(VersionName, Version)
        .Add(AtName, At is { } at ? Formats.UrlTime(at) : null)
        .Add(ReducerName, Reducer)
        .ToString();
}
