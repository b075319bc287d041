using System.Globalization;
using EventExplorer.Web.Model.Aggregates;
using EventExplorer.Web.Model.Append;
using EventExplorer.Web.Model.Feed;
using EventExplorer.Web.Model.Snapshots;
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

    public static string Overview() => "/";

    public static string Aggregates(string? prefix = null) => new AggregatesState { Prefix = prefix }.ToUrl();

    /// <summary>An aggregate's timeline: its newest page, or the page that starts at <paramref name="fromVersion"/>.</summary>
    public static string Timeline(string aggregateId, long? fromVersion = null)
    {
        var state = new TimelineState { AggregateId = aggregateId };
        return (fromVersion is { } version ? state.JumpTo(version) : state).ToUrl();
    }

    /// <summary>One commit of an aggregate, opened and highlighted (its permalink).</summary>
    public static string Commit(string aggregateId, long version) => new TimelineState { AggregateId = aggregateId }.Open(version).ToUrl();

    /// <summary>The global feed: the latest commits, or the page that starts at <paramref name="fromCommitId"/>.</summary>
    public static string Feed(string? fromCommitId = null, bool live = false) =>
        new FeedState { Position = fromCommitId is null ? PagePosition.Newest : PagePosition.From(fromCommitId), Live = live }.ToUrl();

    public static string Snapshots(string? prefix = null) => new SnapshotListState { Prefix = prefix }.ToUrl();

    public static string Snapshot(string snapshotId) => SnapshotsPath + Uri.EscapeDataString(snapshotId);

    /// <summary>Compare two stored snapshots; a missing side is chosen (or pasted) on the page.</summary>
    public static string SnapshotDiff(string? left = null, string? right = null) =>
        new SnapshotDiffState { Left = left, Right = right }.ToUrl();

    public static string Append(string? aggregateId = null, long? version = null) =>
        new AppendState { AggregateId = aggregateId, Version = version?.ToString(CultureInfo.InvariantCulture) }.ToUrl();

    /// <summary>The newest audit records (Authors only); <paramref name="last"/> of them when given.</summary>
    public static string Audit(int? last = null) => last is { } count ? $"/audit?last={count.ToString(CultureInfo.InvariantCulture)}" : "/audit";

    /// <summary>The aggregate id of a timeline URL (<c>/aggregates/{escaped id}</c>), decoded; null for other URLs.</summary>
    public static string? AggregateIdFromUrl(string url) => IdFromUrl(url, AggregatesPath);

    /// <summary>The snapshot id of a snapshot URL (<c>/snapshots/{escaped id}</c>); null for other URLs and the diff page.</summary>
    public static string? SnapshotIdFromUrl(string url)
    {
        // "/snapshots/diff" is the compare page (a snapshot whose id is "diff" cannot be opened by URL).
        var id = IdFromUrl(url, SnapshotsPath);
        return id == "diff" ? null : id;
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
