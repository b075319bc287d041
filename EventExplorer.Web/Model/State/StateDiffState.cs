using System.Globalization;
using EventExplorer.Web.Model.Snapshots;
using EventExplorer.Web.Model.Urls;

namespace EventExplorer.Web.Model.State;

/// <summary>
/// The state diff as its URL says it: <c>/state/diff?aggregate= &amp;left=V &amp;right=W &amp;reducer= &amp;view=lines</c>:
/// the state after version V compared with the state after version W. <c>left=-1</c> is the state before the
/// first commit (the reducer's initial state), so a commit's own change is <c>left=v-1&amp;right=v</c>.
/// </summary>
public sealed record StateDiffState : IPageState
{
    public const string AggregateName = "aggregate";
    public const string LeftName = "left";
    public const string RightName = "right";
    public const string ReducerName = "reducer";
    public const string ViewName = "view";

    /// <summary>The "version" before the first commit: the reducer's initial state.</summary>
    public const long BeforeFirst = -1;

    public string? AggregateId { get; init; }

    /// <summary>The state after this version; <see cref="BeforeFirst"/> for the initial state.</summary>
    public long? Left { get; init; }

    public long? Right { get; init; }

    /// <summary>A reducer by name ("generic" or a configured one); null lets the catalog choose.</summary>
    public string? Reducer { get; init; }

    public DiffView View { get; init; } = DiffView.Changes;

    public static StateDiffState Parse(string url, out IReadOnlyList<string> problems) => QueryReader.Parse(url, Read, out problems);

    public static StateDiffState Read(QueryReader query) => new()
    {
        AggregateId = query.Text(AggregateName)?.Trim() is { Length: > 0 } id ? id : null,
        Left = Version(query, LeftName, "Left version"),
        Right = Version(query, RightName, "Right version"),
        Reducer = query.Text(ReducerName)?.Trim() is { Length: > 0 } reducer ? reducer : null,
        View = query.Choice(ViewName, "View", "changes", "changes", "lines") == "lines" ? DiffView.Lines : DiffView.Changes,
    };

    // A version, or -1 for the state before the first commit (what "State before" links on version 0 ask for).
    private static long? Version(QueryReader query, string name, string what) =>
        query.Text(name)?.Trim() == "-1" ? BeforeFirst : query.WholeNumber(name, what);

    public string ToUrl() => new QueryBuilder(ExplorerUrls.StateDiffPath)
        .Add(AggregateName, AggregateId)
        .Add(LeftName, Left)
        .Add(RightName, Right)
        .Add(ReducerName, Reducer)
        .Add(ViewName, View == DiffView.Lines ? "lines" : null)
        .ToString();

    /// <summary>"after v7", or "before the first commit" for -1.</summary>
    public static string Describe(long version) =>
        version == BeforeFirst ? "before the first commit" : "after v" + version.ToString(CultureInfo.InvariantCulture);
}
