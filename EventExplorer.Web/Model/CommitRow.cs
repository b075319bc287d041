using EventExplorer.Data.Model;

namespace EventExplorer.Web.Model;

/// <summary>
/// One line of a commit table: a commit, or a marker for numbers missing between two commits
/// (versions in a timeline, commit ids in the feed).
/// </summary>
/// <param name="IsTarget">The commit a link points at (a jump or a permalink): highlighted and scrolled into view.</param>
/// <param name="Arrived">Came in through the live tail a moment ago.</param>
public sealed record CommitRow(Commit? Commit, SequenceGap? Gap, bool IsTarget = false, bool Arrived = false)
{
    /// <summary>A key that is unique on a page: the commit's table key (commit ids may repeat), or the gap's bounds.</summary>
    public string Key => Commit?.Key ?? "gap:" + Gap!.After + ":" + Gap.Before;
}
