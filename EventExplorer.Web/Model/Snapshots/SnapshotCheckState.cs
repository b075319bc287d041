using EventExplorer.Web.Model.Urls;

namespace EventExplorer.Web.Model.Snapshots;

/// <summary>
/// <c>/snapshots/check?prefix=&amp;run=true&amp;continue=</c>: the check of every snapshot (or those whose id
/// starts with the prefix) against its events. It reads the whole snapshot table and every snapshot's
/// history, so opening the page does not start it: <c>run</c> does (a continue link runs too).
/// </summary>
public sealed record SnapshotCheckState : IPageState
{
    public const string PrefixName = "prefix";
    public const string RunName = "run";
    public const string ContinueName = "continue";

    public string? Prefix { get; init; }

    public bool Run { get; init; }

    /// <summary>Where an earlier run stopped (opaque, from the check itself).</summary>
    public string? Continue { get; init; }

    /// <summary>True when the check runs: asked for, or continued.</summary>
    public bool Runs => Run || Continue is not null;

    public static SnapshotCheckState Parse(string url, out IReadOnlyList<string> problems) => QueryReader.Parse(url, Read, out problems);

    public static SnapshotCheckState Read(QueryReader query) => new()
    {
        Prefix = query.Text(PrefixName),
        Run = query.Text(RunName) is "true" or "1",
        Continue = query.Text(ContinueName),
    };

    public string ToUrl() => new QueryBuilder(ExplorerUrls.SnapshotCheckPath)
        .Add(PrefixName, Prefix)
        .Add(RunName, Run && Continue is null, "true")
        .Add(ContinueName, Continue)
        .ToString();
}
