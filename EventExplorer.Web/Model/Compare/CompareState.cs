using EventExplorer.Web.Model.Snapshots;
using EventExplorer.Web.Model.Urls;

namespace EventExplorer.Web.Model.Compare;

/// <summary>
/// <c>/compare?aggregate=&amp;left=&amp;right=&amp;snapshot=&amp;view=lines</c>: two versions of one aggregate,
/// or a version (<see cref="Left"/>) and a snapshot, and the open view of the diff.
/// </summary>
public sealed record CompareState : IPageState
{
    public const string AggregateName = "aggregate";
    public const string LeftName = "left";
    public const string RightName = "right";
    public const string SnapshotName = "snapshot";
    public const string ViewName = "view";

    public string? AggregateId { get; init; }
    public long? Left { get; init; }
    public long? Right { get; init; }

    /// <summary>The snapshot compared with version <see cref="Left"/>; null when two versions are compared.</summary>
    public string? Snapshot { get; init; }

    public DiffView View { get; init; } = DiffView.Changes;

    public bool WithSnapshot => Snapshot is not null;

    /// <summary>Reads a whole link (tests, pasted links); a page reads its bound parameters with <see cref="Read"/>.</summary>
    public static CompareState Parse(string url, out IReadOnlyList<string> problems) => QueryReader.Parse(url, Read, out problems);

    /// <summary>The view the link's values ask for; what was wrong with them is added to <paramref name="query"/>'s problems.</summary>
    public static CompareState Read(QueryReader query)
    {
        var state = new CompareState
        {
            AggregateId = query.Text(AggregateName),
            Left = query.WholeNumber(LeftName, "Left version"),
            Right = query.WholeNumber(RightName, "Right version"),
            Snapshot = query.Text(SnapshotName),
            View = query.Choice(ViewName, "View", "changes", "changes", "lines") == "lines" ? DiffView.Lines : DiffView.Changes,
        };
        if (state is { Snapshot: not null, Right: { } right })
        {
            query.AddProblem($"The link names both a right version ({right}) and a snapshot: the snapshot is compared.");
            state = state with { Right = null };
        }
        return state;
    }

    public string ToUrl() => new QueryBuilder(ExplorerUrls.ComparePath)
        .Add(AggregateName, AggregateId).Add(LeftName, Left).Add(RightName, Right).Add(SnapshotName, Snapshot)
        .Add(ViewName, View == DiffView.Lines ? "lines" : null).ToString();
}
