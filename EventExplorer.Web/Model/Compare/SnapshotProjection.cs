using System.Text.Json;
using System.Text.Json.Nodes;
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
        if (snapshotStateJson is null || commit.Events.Count == 0) return null;
        try
        {
            return Project(commit, snapshotStateJson);
        }
        catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException)
        {
            // Not JSON, or an object with a repeated property name (JsonObject refuses those).
            return null;
        }
    }

    private static SnapshotProjection? Project(StoredCommit commit, string snapshotStateJson)
    {
        if (JsonNode.Parse(snapshotStateJson, documentOptions: StoredJson.ParseOptions) is not JsonObject state) return null;

        var commitFields = new JsonObject();
        foreach (var commitEvent in commit.Events)
        {
            if (JsonNode.Parse(commitEvent.Json, documentOptions: StoredJson.ParseOptions) is not JsonObject e) continue;
            foreach (var (name, value) in e.ToList())
            {
                if (name == "type") continue;
                // Later events win; remove first so the field keeps the place its last setter gives it.
                commitFields.Remove(name);
                commitFields[name] = value?.DeepClone();
            }
        }
        if (commitFields.Count == 0) return null;

        var snapshotFields = new JsonObject();
        var agreeing = new List<string>();
        foreach (var (name, set) in commitFields)
        {
            if (!state.TryGetPropertyValue(name, out var value)) continue;
            snapshotFields[name] = value?.DeepClone();
            if (PayloadMatcher.JsonTextEquals(value?.ToJsonString() ?? "null", set?.ToJsonString() ?? "null")) agreeing.Add(name);
        }
        return new SnapshotProjection
        {
            CommitFields = commitFields.ToJsonString(),
            SnapshotFields = snapshotFields.ToJsonString(),
            Fields = commitFields.Select(p => p.Key).ToList(),
            Agreeing = agreeing,
        };
    }
}
