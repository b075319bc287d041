using EventExplorer.Web.Model.Urls;

namespace EventExplorer.Web.Model.Snapshots;

/// <summary>Which view of a comparison is open.</summary>
public enum DiffView
{
    /// <summary>Changes by JSON path.</summary>
    Changes,

    /// <summary>The pretty-printed texts side by side.</summary>
    Lines,
}

/// <summary>
/// <c>/snapshots/diff?left=&amp;right=&amp;view=lines</c>: the pair compared and the open view. Without a
/// right id the right side is JSON pasted on the page (kept in the circuit, not the URL: it can be large).
/// </summary>
public sealed record SnapshotDiffState : IPageState
{
    public const string LeftName = "left";
    public const string RightName = "right";
    public const string ViewName = "view";

    public string? Left { get; init; }
    public string? Right { get; init; }
    public DiffView View { get; init; } = DiffView.Changes;

    /// <summary>Reads a whole link (tests, pasted links); a page reads its bound parameters with <see cref="Read"/>.</summary>
    public static SnapshotDiffState Parse(string url, out IReadOnlyList<string> problems) => QueryReader.Parse(url, Read, out problems);

    /// <summary>The view the link's values ask for; what was wrong with them is added to <paramref name="query"/>'s problems.</summary>
    public static SnapshotDiffState Read(QueryReader query)
    {
        var state = new SnapshotDiffState
        {
            Left = query.Text(LeftName),
            Right = query.Text(RightName),
            View = query.Choice(ViewName, "View", "changes", "changes", "lines") == "lines" ? DiffView.Lines : DiffView.Changes,
        };
        return state;
    }

    public string ToUrl() => new QueryBuilder(ExplorerUrls.SnapshotDiffPath)
        .Add(LeftName, Left).Add(RightName, Right).Add(ViewName, View == DiffView.Lines ? "lines" : null).ToString();
}
