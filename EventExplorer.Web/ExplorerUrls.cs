using System.Globalization;
using EventExplorer.Web.Model;
using EventExplorer.Web.Model.Aggregates;
using EventExplorer.Web.Model.Append;
using EventExplorer.Web.Model.Feed;
using EventExplorer.Web.Model.FieldHistory;
using EventExplorer.Web.Model.Integrity;
using EventExplorer.Web.Model.Search;
using EventExplorer.Web.Model.Snapshots;
using EventExplorer.Web.Model.Summary;
using EventExplorer.Web.Model.Timeline;
using EventExplorer.Web.Model.Urls;

namespace EventExplorer.Web;

/// <summary>
/// Every link into the app, in one place. Each page's URL is written by its state record (e.g.
/// <see cref="TimelineState.ToUrl"/>); these are the entry points other pages use. Ids in paths are
/// escaped with EscapeDataString, so ids with '/', ':', spaces or non-ASCII characters round-trip.
/// </summary>
public static class ExplorerUrls
{
    public const string AggregatesPath = "/aggregates/";
    public const string SnapshotsPath = "/snapshots/";
    public const string FeedPath = "/feed";
    public const string SnapshotDiffPath = "/snapshots/diff";
    public const string SnapshotCheckPath = "/snapshots/check";
    public const string SnapshotCheckExportPath = "/export/snapshot-check";
    public const string IntegrityPath = "/integrity";
    public const string IntegrityExportPath = "/export/integrity";

    public static string Overview() => "/";

    public static string Aggregates(string? prefix = null) => new AggregatesState { Prefix = prefix }.ToUrl();

    /// <summary>
    /// An aggregate's timeline: its newest page, or the page that starts at <paramref name="fromVersion"/>;
    /// only commits with an event of <paramref name="eventType"/> when given (<c>type=</c>).
    /// </summary>
    public static string Timeline(string aggregateId, long? fromVersion = null, string? eventType = null)
    {
        var state = new TimelineState { AggregateId = aggregateId, EventType = eventType };
        return (fromVersion is { } version ? state.JumpTo(version) : state).ToUrl();
    }

    /// <summary>One commit of an aggregate, opened and highlighted (its permalink).</summary>
    public static string Commit(string aggregateId, long version) => new TimelineState { AggregateId = aggregateId }.Open(version).ToUrl();

    /// <summary>The global feed: the latest commits, or the page that starts at <paramref name="fromCommitId"/>.</summary>
    public static string Feed(string? fromCommitId = null, bool live = false) =>
        new FeedState { Position = fromCommitId is null ? PagePosition.Newest : PagePosition.From(fromCommitId), Live = live }.ToUrl();

    public static string Snapshots(string? prefix = null) => new SnapshotListState { Prefix = prefix }.ToUrl();

    public static string Snapshot(string snapshotId) => SnapshotsPath + Uri.EscapeDataString(snapshotId);

    /// <summary>A snapshot's page with its verification against the aggregate's events running (<c>?verify=true</c>).</summary>
    public static string SnapshotVerification(string snapshotId) => Snapshot(snapshotId) + "?verify=true";

    /// <summary>The check of every snapshot (or those under <paramref name="prefix"/>) against its events; <paramref name="run"/> starts it.</summary>
    public static string SnapshotCheck(string? prefix = null, bool run = false) => new SnapshotCheckState { Prefix = prefix, Run = run }.ToUrl();

    /// <summary>The snapshot check's mismatches as CSV: <c>/export/snapshot-check?prefix=&amp;continue=</c> (the check runs again for the file).</summary>
    public static string SnapshotCheckExport(string? prefix = null, string? continueFrom = null) =>
        new QueryBuilder(SnapshotCheckExportPath).Add(SnapshotCheckState.PrefixName, prefix).Add(SnapshotCheckState.ContinueName, continueFrom).ToString();

    /// <summary>The whole-table integrity check; <paramref name="run"/> starts it.</summary>
    public static string Integrity(int segments = Data.Integrity.IntegrityRequest.DefaultSegments, bool verify = false, bool run = false) =>
        new IntegrityPageState { Segments = segments, Verify = verify, Run = run }.ToUrl();

    /// <summary>The integrity check's places as CSV: <c>/export/integrity?segments=&amp;verify=&amp;continue=</c> (the check runs again for the file).</summary>
    public static string IntegrityExport(IntegrityPageState state) => state.AddTo(new QueryBuilder(IntegrityExportPath)).ToString();

    /// <summary>Compare two stored snapshots; a missing side is chosen (or pasted) on the page.</summary>
    public static string SnapshotDiff(string? left = null, string? right = null) =>
        new SnapshotDiffState { Left = left, Right = right }.ToUrl();

    public static string Append(string? aggregateId = null, long? version = null) =>
        new AppendState { AggregateId = aggregateId, Version = version?.ToString(CultureInfo.InvariantCulture) }.ToUrl();

    /// <summary>The newest audit records (Authors only); <paramref name="last"/> of them when given.</summary>
    public static string Audit(int? last = null) => last is { } count ? $"/audit?last={count.ToString(CultureInfo.InvariantCulture)}" : "/audit";

    // Issue 10's pages. Every link to them is written here, so their query names are fixed in one
    // place; each page's state record parses exactly these names (and writes them back).
    public const string SearchPath = "/search";
    public const string FieldHistoryPath = "/fields";
    public const string CommitPath = "/commit";
    public const string ComparePath = "/compare";
    public const string SummaryPath = "/summary";
    public const string StatePath = "/state";
    public const string StateDiffPath = "/state/diff";
    public const string ExportPath = "/export";

    /// <summary>
    /// A payload search: within one aggregate's history (<paramref name="aggregateId"/>; <paramref name="from"/>/<paramref name="to"/>
    /// are versions), or in the feed (<paramref name="from"/>/<paramref name="to"/> are commit ids), optionally within a time
    /// window [<paramref name="since"/>, <paramref name="until"/>).
    /// <c>/search?q=&amp;aggregate=&amp;since=&amp;until=&amp;from=&amp;to=</c> (written by <see cref="SearchState.ToUrl"/>, which also
    /// writes <c>type</c>, <c>prefix</c>, <c>case</c> and where a read stopped).
    /// </summary>
    public static string Search(string? query = null, string? aggregateId = null, DateTimeOffset? since = null, DateTimeOffset? until = null,
        string? from = null, string? to = null) =>
        new SearchState { Query = query, AggregateId = aggregateId, Since = since, Until = until, From = from, To = to }.ToUrl();

    /// <summary>Every commit of an aggregate that set a field: <c>/fields?aggregate=&amp;path=</c> (a JSON path or a bare name).</summary>
    public static string FieldHistory(string aggregateId, string? path = null) =>
        new FieldHistoryState { AggregateId = aggregateId, Path = path }.ToUrl();

    /// <summary>
    /// One commit on a page of its own: <c>/commit?aggregate=&amp;version=&amp;view=raw</c>. The version is the
    /// stored number's text, so an item stored as 2.5 can be opened; <paramref name="raw"/> opens the raw item.
    /// </summary>
    public static string CommitPage(string aggregateId, string version, bool raw = false) =>
        new QueryBuilder(CommitPath).Add("aggregate", aggregateId).Add("version", version).Add("view", raw, "raw").ToString();

    /// <inheritdoc cref="CommitPage(string, string, bool)"/>
    public static string CommitPage(string aggregateId, long version, bool raw = false) =>
        CommitPage(aggregateId, version.ToString(CultureInfo.InvariantCulture), raw);

    /// <summary>Two commits of one aggregate compared: <c>/compare?aggregate=&amp;left=&amp;right=</c> (versions).</summary>
    public static string CompareCommits(string aggregateId, long? left = null, long? right = null) =>
        new QueryBuilder(ComparePath).Add("aggregate", aggregateId).Add("left", left).Add("right", right).ToString();

    /// <summary>A commit compared with a snapshot: <c>/compare?aggregate=&amp;left=&amp;snapshot=</c>.</summary>
    public static string CompareWithSnapshot(string aggregateId, long version, string snapshotId) =>
        new QueryBuilder(ComparePath).Add("aggregate", aggregateId).Add("left", version).Add("snapshot", snapshotId).ToString();

    /// <summary>An aggregate's summary (commits, versions, times, gaps, event types, size): <c>/summary?aggregate=</c>.</summary>
    public static string Summary(string aggregateId) => new SummaryState { AggregateId = aggregateId }.ToUrl();

    /// <summary>The aggregate's folded state after <paramref name="version"/> (the newest when null).</summary>
    public static string State(string aggregateId, long? version = null, string? reducer = null) =>
        new Model.State.StatePageState { AggregateId = aggregateId, Version = version, Reducer = reducer }.ToUrl();

    /// <summary>
    /// The aggregate's folded state after <paramref name="left"/> compared with the state after <paramref name="right"/>:
    /// <c>/state/diff?aggregate=&amp;left=&amp;right=&amp;reducer=</c>. A left of -1 is the state before the first commit, so
    /// "State before / after this commit" for version v is <c>StateDiff(id, v - 1, v)</c>.
    /// </summary>
    public static string StateDiff(string aggregateId, long left, long right, string? reducer = null) =>
        new Model.State.StateDiffState { AggregateId = aggregateId, Left = left, Right = right, Reducer = reducer }.ToUrl();

    /// <summary>Every event after which the folded state's value at <paramref name="path"/> changed: <c>/fields?aggregate=&amp;path=&amp;of=state&amp;reducer=</c>.</summary>
    public static string StateFieldHistory(string aggregateId, string path, string? reducer = null) =>
        new FieldHistoryState { AggregateId = aggregateId, Path = path, OfState = true, Reducer = reducer }.ToUrl();

    /// <summary>
    /// A streamed download of one aggregate's versions [<paramref name="fromVersion"/>, <paramref name="toVersion"/>]
    /// in replay order: <c>/export?aggregate=&amp;from=&amp;to=&amp;type=&amp;q=&amp;format=jsonl|csv</c>.
    /// </summary>
    public static string ExportTimeline(string aggregateId, long? fromVersion = null, long? toVersion = null, string format = "jsonl", string? eventType = null, string? query = null,
        bool ignoreCase = false) =>
        new QueryBuilder(ExportPath)
            .Add("aggregate", aggregateId).Add("from", fromVersion).Add("to", toVersion)
            .Add("type", eventType).Add("q", query).Add("case", ignoreCase, "ignore").Add("format", format).ToString();

    /// <summary>
    /// A streamed download of the feed's commits by commit id [<paramref name="fromCommitId"/>, <paramref name="toCommitId"/>]
    /// or by time [<paramref name="since"/>, <paramref name="until"/>): <c>/export?from=&amp;to=&amp;since=&amp;until=&amp;type=&amp;prefix=&amp;q=&amp;format=</c>.
    /// </summary>
    public static string ExportFeed(string? fromCommitId = null, string? toCommitId = null, string format = "jsonl", string? eventType = null,
        string? aggregatePrefix = null, string? query = null, DateTimeOffset? since = null, DateTimeOffset? until = null, bool ignoreCase = false) =>
        new QueryBuilder(ExportPath)
            .Add("from", fromCommitId).Add("to", toCommitId)
            .Add("since", since is { } from ? Formats.UrlTime(from) : null)
            .Add("until", until is { } to ? Formats.UrlTime(to) : null)
            .Add("type", eventType).Add("prefix", aggregatePrefix).Add("q", query).Add("case", ignoreCase, "ignore").Add("format", format).ToString();

    /// <summary>The aggregate id of a timeline URL (<c>/aggregates/{escaped id}</c>), decoded; null for other URLs.</summary>
    public static string? AggregateIdFromUrl(string url) => IdFromUrl(url, AggregatesPath);

    /// <summary>The snapshot id of a snapshot URL (<c>/snapshots/{escaped id}</c>); null for other URLs and the diff page.</summary>
    public static string? SnapshotIdFromUrl(string url)
    {
        // "/snapshots/diff" and "/snapshots/check" are pages of their own (snapshots with those ids cannot be opened by URL).
        var id = IdFromUrl(url, SnapshotsPath);
        return id is "diff" or "check" ? null : id;
    }

    /// <summary>The path of an absolute or relative URL, still escaped.</summary>
    public static string PathOf(string url)
    {
        // Not System.Uri: it would canonicalise the path, and on Unix it reads "/x" as a file URI.
        var path = url;
        var scheme = path.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            var pathStart = path.IndexOf('/', scheme + 3);
            path = pathStart < 0 ? "/" : path[pathStart..];
        }
        var end = path.IndexOfAny(['?', '#']);
        return end >= 0 ? path[..end] : path;
    }

    private static string? IdFromUrl(string url, string pathPrefix)
    {
        var path = PathOf(url);
        if (!path.StartsWith(pathPrefix, StringComparison.Ordinal) || path.Length == pathPrefix.Length) return null;
        try
        {
            return Uri.UnescapeDataString(path[pathPrefix.Length..]);
        }
        catch (UriFormatException)
        {
            return null;
        }
    }
}
