using EventExplorer.Web.Model.Urls;

namespace EventExplorer.Web.Model.Snapshots;

/// <summary>
/// <c>/snapshots?prefix=&amp;cursor=</c>: a page of a (prefix) scan of the snapshot table. A scan's
/// position cannot be said plainly (parallel segments each stand somewhere), so it is a cursor.
/// </summary>
public sealed record SnapshotListState : IPageState
{
    public const string PrefixName = "prefix";

    public string? Prefix { get; init; }
    public string? Cursor { get; init; }

    public static SnapshotListState Parse(string url) => Read(QueryReader.FromUrl(url));

    public static SnapshotListState Read(QueryReader query)
    {
        return new SnapshotListState { Prefix = query.Text(PrefixName), Cursor = query.Text(PagePosition.CursorName) };
    }

    public string ToUrl() => new QueryBuilder("/snapshots").Add(PrefixName, Prefix).Add(PagePosition.CursorName, Cursor).ToString();
}
