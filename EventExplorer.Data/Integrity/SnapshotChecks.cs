using Amazon.DynamoDBv2.Model;
using EventExplorer.Data.DynamoDb;
using EventExplorer.Data.Json;
using static EventExplorer.Data.DynamoDb.CommitItemMapper;

namespace EventExplorer.Data.Integrity;

/// <summary>What the checks against commits need of one snapshot item.</summary>
internal sealed record SnapshotKey(string SnapshotId, long? CreatedAt, string? StateJson);

/// <summary>The checks of one snapshot-table item on its own (dynamodb-snapshot-store 1.x: the key, createdAt N, state S).</summary>
internal static class SnapshotChecks
{
    private const string CreatedAt = "createdAt";
    private const string State = "state";

    /// <param name="keyAttribute">The table's hash key: snapshotId, or aggregateId as seed 000 names it.</param>
    /// <param name="keepState">Keep the state text for the fold comparison (only then: it can be most of the item).</param>
    public static SnapshotKey Check(Dictionary<string, AttributeValue> item, string keyAttribute, bool keepState, IntegrityTally tally)
    {
        var id = item.GetValueOrDefault(keyAttribute)?.S ?? "";
        void Add(IntegrityKind kind, string detail) => tally.Add(kind, IntegrityTable.Snapshots, id, null, null, detail);

        long? createdAt = null;
        if (!item.ContainsKey(CreatedAt))
        {
            Add(IntegrityKind.MissingAttribute, "createdAt is missing: nobody can tell which version the snapshot was taken at.");
        }
        else
        {
            var problems = new List<string>(1);
            createdAt = ReadWholeNumber(item, CreatedAt, problems);
            if (createdAt is { } ms && ToTime(ms) is null) problems.Add($"createdAt {ms} is not a time (epoch milliseconds out of range).");
            if (problems.Count > 0)
            {
                Add(IntegrityKind.MistypedAttribute, problems[0]);
                createdAt = null;
            }
        }

        var stateJson = CheckState(item, Add);

        foreach (var name in item.Keys.Where(n => n != keyAttribute && n != CreatedAt && n != State).Order(StringComparer.Ordinal))
        {
            Add(IntegrityKind.UndefinedAttribute, $"the attribute \"{name}\" ({DescribeType(item[name])}) is not part of the snapshot store's layout.");
        }
        var size = ItemSize.Of(item);
        if (size > CommitItemChecks.NearSizeLimitBytes)
        {
            Add(IntegrityKind.NearSizeLimit, $"the snapshot is {CommitItemChecks.Kilobytes(size)}, near DynamoDB's 400 KB limit: a larger state could not be stored.");
        }
        return new SnapshotKey(id, createdAt, keepState ? stateJson : null);
    }

    /// <summary>The state text when it is JSON; null otherwise (reported).</summary>
    private static string? CheckState(Dictionary<string, AttributeValue> item, Action<IntegrityKind, string> add)
    {
        if (!item.TryGetValue(State, out var value))
        {
            add(IntegrityKind.MissingAttribute, "state is missing.");
            return null;
        }
        if (value.S is not { } json)
        {
            add(IntegrityKind.MistypedAttribute, $"state is stored as {DescribeType(value)}, not as JSON text (S).");
            return null;
        }
        if (CommitItemChecks.CheckRawLoneSurrogate(json, "state", add)) return null;
        if (StoredJson.FindError(json) is { } error)
        {
            add(IntegrityKind.SnapshotStateNotJson, $"state is not valid JSON: {error}");
            return null;
        }
        CommitItemChecks.CheckEscapedLoneSurrogate(json, "state", add);
        return json;
    }
}
