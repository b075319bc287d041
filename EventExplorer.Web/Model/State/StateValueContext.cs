using EventExplorer.Data.Model;

namespace EventExplorer.Web.Model.State;

/// <summary>
/// Where a state shown in a JSON tree comes from: the aggregate and the reducer named in the link. The
/// state pages cascade it to the tree, whose values then offer "history of this field" in the state
/// (<c>/fields?…&amp;of=state</c>). The tree's root is the state, as is the root of the field's path.
/// </summary>
public sealed record StateValueContext(string AggregateId, string? Reducer)
{
    /// <summary>The history of the state's value at this path; null when the path is not one a field history can read.</summary>
    public string? FieldHistoryUrl(string treePath) =>
        JsonPathPattern.TryParse(treePath, out var pattern, out _) && pattern!.Rooted && pattern.Segments.Count > 0
            ? ExplorerUrls.StateFieldHistory(AggregateId, pattern.Text, Reducer)
            : null;
}
