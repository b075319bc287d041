using System.Text.Json;
using EventExplorer.Data.Errors;
using EventExplorer.Data.Model;

namespace EventExplorer.Web.Model.Json;

/// <summary>
/// Where an event shown in a JSON tree comes from: its aggregate and its commit's time. The places that
/// show a commit's events cascade it to the tree, whose values then offer "history of this field" and
/// "find this value in the feed around this time". Views without it (snapshots, the editor) offer neither.
/// </summary>
/// <remarks>
/// The tree's root is the event itself (one element of the commit's <c>events</c> array), and so is the
/// root of a rooted <see cref="JsonPathPattern"/> in the data layer's search and field history: the
/// tree's path (<c>$.address.city</c>) is passed on as it is, in the pattern's normal form.
/// </remarks>
public sealed record EventValueContext(string AggregateId, DateTimeOffset? CommittedAt)
{
    /// <summary>How far either side of the commit's time "around this time" searches the feed.</summary>
    public static readonly TimeSpan SearchWindow = TimeSpan.FromHours(1);

    /// <summary>The field's history in this aggregate; null when the tree's path is not one the search can read.</summary>
    public string? FieldHistoryUrl(string treePath) =>
        Pattern(treePath) is { } pattern ? ExplorerUrls.FieldHistory(AggregateId, pattern.Text) : null;

    /// <summary>
    /// A feed search for <c>path = value</c> from an hour before the commit to an hour after it; null when the
    /// commit has no time or the query would be too long to search for (a very long string).
    /// </summary>
    public string? SearchUrl(string treePath, JsonElement value)
    {
        if (CommittedAt is not { } at || Pattern(treePath) is not { } pattern) return null;
        var query = Query(pattern, value);
        return query is null ? null : ExplorerUrls.Search(query, null, at - SearchWindow, at + SearchWindow);
    }

    /// <summary>The search's normal form of <c>path = value</c>, as the search page reads it back; null when too long.</summary>
    public static string? Query(JsonPathPattern pattern, JsonElement value)
    {
        try
        {
            var text = PayloadQuery.ForPath(pattern, value.GetRawText()).ToString();
            return text.Length <= PayloadQuery.MaxLength ? text : null;
        }
        catch (InvalidQueryException)
        {
            return null;
        }
    }

    private static JsonPathPattern? Pattern(string treePath) =>
        JsonPathPattern.TryParse(treePath, out var pattern, out _) && pattern!.Rooted && pattern.Segments.Count > 0 ? pattern : null;
}
