using System.Globalization;
using System.Text;

namespace EventExplorer.Web;

/// <summary>
/// Every link the app builds. Pages bind the same query names with [SupplyParameterFromQuery],
/// so a pasted link restores the view. Path segments are escaped with EscapeDataString, so ids
/// with '/', ':', spaces or non-ASCII characters round-trip.
/// </summary>
public static class ExplorerUrls
{
    public static class Query
    {
        public const string Cursor = "cursor";
        public const string PageSize = "size";
        public const string FromVersion = "from";
        public const string Start = "start";          // "oldest" | "newest"
        public const string EventType = "type";
        public const string FromCommitId = "from";
        public const string Live = "live";            // "1" when tailing
        public const string Prefix = "prefix";
        public const string Left = "left";
        public const string Right = "right";
        public const string AggregateId = "aggregate";
        public const string Version = "version";
        public const string Expand = "expand";        // version of an expanded commit
        public const string Order = "order";          // "asc" | "desc" (display order)
    }

    public const string StartOldest = "oldest";
    public const string OrderOldestFirst = "asc";
    public const string OrderNewestFirst = "desc";
    public const string AggregatesPath = "/aggregates/";
    public const string SnapshotsPath = "/snapshots/";

    public static string Overview() => "/";

    public static string Aggregates(string? prefix = null) =>
        Build("/aggregates", (Query.Prefix, prefix));

    /// <summary>An aggregate's timeline. No position = its newest page.</summary>
    public static string Aggregate(
        string aggregateId,
        string? cursor = null,
        long? fromVersion = null,
        bool oldest = false,
        int? pageSize = null,
        string? eventType = null,
        long? expand = null,
        bool oldestFirst = false) =>
        Build(AggregatesPath + Segment(aggregateId),
            (Query.Cursor, cursor),
            (Query.FromVersion, fromVersion?.ToString(CultureInfo.InvariantCulture)),
            (Query.Start, oldest ? StartOldest : null),
            (Query.PageSize, pageSize?.ToString(CultureInfo.InvariantCulture)),
            (Query.EventType, eventType),
            (Query.Expand, expand?.ToString(CultureInfo.InvariantCulture)),
            (Query.Order, oldestFirst ? OrderOldestFirst : null));

    /// <summary>
    /// The aggregate id of a timeline URL (absolute or relative), decoded exactly once. The timeline
    /// reads its id here rather than from the router, which leaves %2F undecoded on the server and
    /// would decode a literal '%' twice; null when the URL is not a timeline URL.
    /// </summary>
    public static string? AggregateIdFromUrl(string url) => IdFromUrl(url, AggregatesPath);

    /// <summary>The snapshot id of a snapshot URL, decoded exactly once (see <see cref="AggregateIdFromUrl"/>).</summary>
    public static string? SnapshotIdFromUrl(string url) => IdFromUrl(url, SnapshotsPath);

    private static string? IdFromUrl(string url, string pathPrefix)
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
        if (end >= 0) path = path[..end];
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

    /// <summary>The global feed. No position = the latest commits.</summary>
    public static string Feed(
        string? fromCommitId = null,
        string? cursor = null,
        bool oldest = false,
        int? pageSize = null,
        bool live = false,
        bool oldestFirst = false) =>
        Build("/feed",
            (Query.FromCommitId, fromCommitId),
            (Query.Cursor, cursor),
            (Query.Start, oldest ? StartOldest : null),
            (Query.PageSize, pageSize?.ToString(CultureInfo.InvariantCulture)),
            (Query.Live, live ? "1" : null),
            (Query.Order, oldestFirst ? OrderOldestFirst : null));

    public static string Snapshots(string? prefix = null, string? cursor = null) =>
        Build("/snapshots", (Query.Prefix, prefix), (Query.Cursor, cursor));

    public static string Snapshot(string snapshotId) => SnapshotsPath + Segment(snapshotId);

    /// <summary>Compare two stored snapshots; a null side is chosen (or pasted) on the page.</summary>
    public static string SnapshotDiff(string? left = null, string? right = null) =>
        Build("/snapshots/diff", (Query.Left, left), (Query.Right, right));

    public static string Append(string? aggregateId = null, long? version = null) =>
        Build("/append",
            (Query.AggregateId, aggregateId),
            (Query.Version, version?.ToString(CultureInfo.InvariantCulture)));

    private static string Segment(string value) => Uri.EscapeDataString(value);

    private static string Build(string path, params (string Name, string? Value)[] query)
    {
        var builder = new StringBuilder(path);
        var separator = '?';
        foreach (var (name, value) in query)
        {
            if (string.IsNullOrEmpty(value)) continue;
            builder.Append(separator).Append(name).Append('=').Append(Uri.EscapeDataString(value));
            separator = '&';
        }
        return builder.ToString();
    }
}
