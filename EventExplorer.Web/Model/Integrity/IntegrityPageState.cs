using System.Globalization;
using EventExplorer.Data.Integrity;
using EventExplorer.Web.Model.Urls;

namespace EventExplorer.Web.Model.Integrity;

/// <summary>
/// <c>/integrity?segments=&amp;verify=true&amp;run=true&amp;continue=</c>: the whole-table integrity check. It reads
/// every table, so opening the page does not start it: <c>run</c> does (a continue link runs too). The
/// segments and the verification are kept beside a continue token, so the continued run is the same check.
/// </summary>
public sealed record IntegrityPageState : IPageState
{
    public const string SegmentsName = "segments";
    public const string VerifyName = "verify";
    public const string RunName = "run";
    public const string ContinueName = "continue";
    public const int MaxSegments = 16;

    /// <summary>Parallel Scan segments, 1 to <see cref="MaxSegments"/>.</summary>
    public int Segments { get; init; } = IntegrityRequest.DefaultSegments;

    /// <summary>Also fold each snapshot's aggregate and compare.</summary>
    public bool Verify { get; init; }

    public bool Run { get; init; }

    /// <summary>Where an earlier run stopped (opaque, from the check itself; it carries that run's counts).</summary>
    public string? Continue { get; init; }

    /// <summary>True when the check runs: asked for, or continued.</summary>
    public bool Runs => Run || Continue is not null;

    public static IntegrityPageState Parse(string url, out IReadOnlyList<string> problems) => QueryReader.Parse(url, Read, out problems);

    public static IntegrityPageState Read(QueryReader query) => new()
    {
        Segments = ReadSegments(query),
        Verify = query.Choice(VerifyName, "Verify snapshots", "false", "true", "false", "1", "0") is "true" or "1",
        Run = query.Text(RunName) is "true" or "1",
        Continue = query.Text(ContinueName),
    };

    private static int ReadSegments(QueryReader query)
    {
        if (query.Text(SegmentsName) is not { } text) return IntegrityRequest.DefaultSegments;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var segments) && segments is >= 1 and <= MaxSegments) return segments;
        query.AddProblem($"Segments '{text}' is not a whole number from 1 to {MaxSegments}; using {IntegrityRequest.DefaultSegments}.");
        return IntegrityRequest.DefaultSegments;
    }

    /// <summary>What the check is asked to do (the budget is the caller's).</summary>
    public IntegrityRequest ToRequest() => new() { Segments = Segments, VerifySnapshots = Verify, Continue = Continue };

    public string ToUrl() => AddTo(new QueryBuilder(ExplorerUrls.IntegrityPath)).Add(RunName, Run && Continue is null, "true").ToString();

    /// <summary>The check's own parameters (segments, verify, continue), for the page and its CSV export alike.</summary>
    public QueryBuilder AddTo(QueryBuilder query) => query
        .Add(SegmentsName, Segments == IntegrityRequest.DefaultSegments ? null : Segments)
        .Add(VerifyName, Verify, "true")
        .Add(ContinueName, Continue);
}
