using System.Text.Json;
using EventExplorer.Data.Json;
using EventExplorer.Data.Model;
using StoredCommit = EventExplorer.Data.Model.Commit;

namespace EventExplorer.Web.Model.Compare;

/// <summary>
/// A commit next to a snapshot. A snapshot holds an aggregate's state; a commit's events say what changed.
/// Compared as they are, an events array and a state object differ everywhere. What a support person asks
/// is "does the snapshot hold what this commit set?": so the fields the commit's events set (each event's
/// properties but <c>type</c>, a later event's value winning) are compared with the snapshot's values of the
/// same properties.
/// </summary>
public sealed record SnapshotProjection
{
    /// <summary>The fields the commit's events set, as one JSON object.</summary>
    public required string CommitFields { get; init; }

    /// <summary>The snapshot's values of those fields, as one JSON object (a field it lacks is left out).</summary>
    public required string SnapshotFields { get; init; }

    /// <summary>The fields compared, in the order the events set them.</summary>
    public required IReadOnlyList<string> Fields { get; init; }

    /// <summary>The fields whose value in the snapshot is the value the commit set (JSON equality: 1 and 1.0 agree).</summary>
    public required IReadOnlyList<string> Agreeing { get; init; }

    /// <summary>The projection; null when the snapshot's state or the commit's events are not JSON objects to compare this way.</summary>
    public static SnapshotProjection? Create(StoredCommit commit, string? snapshotStateJson)
    {
        if (snapshotStateJson is null || commit.Events.Count == 0 || StoredJson.FindError(snapshotStateJson) is not null) return null;
        using var state = StoredJson.Parse(snapshotStateJson);
        if (state.RootElement.ValueKind != JsonValueKind.Object) return null;

        // Later events win; a field keeps the place its last setter gives it. Documents stay open while their values are used.
        var documents = new List<JsonDocument>();
        try
        {
            var set = new List<(string Name, JsonProperty Property)>();
            foreach (var commitEvent in commit.Events)
            {
                var document = StoredJson.Parse(commitEvent.Json);
                documents.Add(document);
                if (document.RootElement.ValueKind != JsonValueKind.Object) continue;
                foreach (var property in document.RootElement.EnumerateObject())
                {
                    var name = StoredJson.GetName(property);
                    if (name == "type") continue;
                    set.RemoveAll(f => f.Name == name);
                    set.Add((name, property));
                }
            }
            if (set.Count == 0) return null;

            var snapshotFields = new List<(JsonProperty Name, JsonElement Value)>();
            var agreeing = new List<string>();
            foreach (var (name, property) in set)
            {
                if (!StoredJson.TryGetProperty(state.RootElement, name, out var value)) continue;
                snapshotFields.Add((property, value));
                if (StoredJson.ValueEquals(value, property.Value)) agreeing.Add(name);
            }
            return new SnapshotProjection
            {
                CommitFields = ObjectText(set.Select(f => (f.Property, f.Property.Value))),
                SnapshotFields = ObjectText(snapshotFields),
                Fields = set.Select(f => f.Name).ToList(),
                Agreeing = agreeing,
            };
        }
        finally
        {
            foreach (var document in documents) document.Dispose();
        }
    }

    /// <summary>One compact JSON object of stored names and values, written as stored (half a character stays its escape).</summary>
    private static string ObjectText(IEnumerable<(JsonProperty Name, JsonElement Value)> members) =>
        "{" + string.Join(",", members.Select(m => StoredJson.QuoteName(m.Name) + ":" + StoredJson.WriteCompact(m.Value))) + "}";
}
