using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using EventExplorer.Data.Integrity;
using EventExplorer.Data.Model;
using EventExplorer.Tests.Infrastructure;

namespace EventExplorer.Tests.Data.Integrity;

/// <summary>An expected place: the kind, the table, the aggregate or snapshot id and the stored version text.</summary>
internal sealed record Expected(IntegrityKind Kind, IntegrityTable Table, string? Id, string? Version);

/// <summary>
/// Tables seeded with one of every anomaly the check looks for, each at a place of its own, beside clean
/// aggregates and snapshots, arranged as other programs would have written them. Every commit that is in the
/// feed got its id in order (so the only counter gaps are the ones made on purpose) and its time from the
/// bed's clock, a second apart (so committedAt goes backwards only where made to).
/// </summary>
internal static class AnomalyTable
{
    public static async Task<IReadOnlyList<Expected>> SeedAsync(StoreBed bed, IAmazonDynamoDB raw)
    {
        var a = bed.Layout == EventStoreLayout.CounterCommitIds;
        var expected = new List<Expected>();
        void Expect(IntegrityKind kind, string? id, string? version, IntegrityTable table = IntegrityTable.Commits) => expected.Add(new(kind, table, id, version));

        // Clean aggregates.
        await bed.AddManyAsync("clean-1", 3);
        await bed.AddTypedAsync("clean-2", "Placed", "Paid");
        await bed.AddTypedAsync("clean-2", "Shipped");

        // Versions 2 and 3 missing.
        await bed.AddManyAsync("gap", 2);
        await bed.AddAtAsync("gap", 4, """[{"type":"Shipped"}]""");
        Expect(IntegrityKind.VersionGap, "gap", "4");

        // Starts at 2.
        await bed.AddAtAsync("late", 2, """[{"type":"Placed"}]""");
        await bed.AddAtAsync("late", 3, """[{"type":"Paid"}]""");
        Expect(IntegrityKind.VersionNotFromZero, "late", "2");

        // 0, 1, 1.5, 2: the commit at 1.5 took its id in order and then moved to 1.5.
        await bed.AddManyAsync("half", 2);
        await MoveAsync(bed, raw, "half", 2, "1.5");
        await bed.AddAtAsync("half", 2, """[{"type":"Shipped"}]""");
        Expect(IntegrityKind.VersionNotWhole, "half", "1.5");

        // v1 committed a second before v0 (both in the aggregate and along the feed, where v1 follows v0).
        await bed.AddManyAsync("back", 2);
        var backZero = (await bed.StoredAsync("back"))[0];
        await ChangeAsync(bed, "back", 1, item => item["committedAt"] = new() { N = (long.Parse(backZero["committedAt"].N, CultureInfo.InvariantCulture) - 1000).ToString(CultureInfo.InvariantCulture) });
        Expect(IntegrityKind.CommittedAtBackwardsInAggregate, "back", "1");
        Expect(IntegrityKind.CommittedAtBackwardsInFeed, "back", "1");

        // Another aggregate's commit id (and time: it sits beside it in the feed).
        var cleanZero = (await bed.StoredAsync("clean-1"))[0];
        await bed.PutRawAsync(new(cleanZero) { ["aggregateId"] = new() { S = "twin" } });
        Expect(IntegrityKind.RepeatedCommitId, null, null);

        // Layout A: three ids burned between two commits, two after the last one.
        if (a) await bed.SkipCommitIdsAsync(3);
        await bed.AddTypedAsync("after-gap", "Placed");
        if (a) Expect(IntegrityKind.CounterGap, null, null, IntegrityTable.Counter);

        // Not in the feed: no commitId (written without one), no active (a copy that kept another's id).
        var noId = new Dictionary<string, AttributeValue>(cleanZero) { ["aggregateId"] = new() { S = "no-id" } };
        noId.Remove("commitId");
        await bed.PutRawAsync(noId);
        Expect(IntegrityKind.MissingAttribute, "no-id", "0");
        var noActive = new Dictionary<string, AttributeValue>(cleanZero) { ["aggregateId"] = new() { S = "no-active" } };
        noActive.Remove("active");
        await bed.PutRawAsync(noActive);
        Expect(IntegrityKind.MissingAttribute, "no-active", "0");

        await bed.AddTypedAsync("typo", "Placed");
        await ChangeAsync(bed, "typo", 0, item => item["committedAt"] = new() { S = "yesterday" });
        Expect(IntegrityKind.MistypedAttribute, "typo", "0");

        await bed.AddTypedAsync("extra", "Placed");
        await ChangeAsync(bed, "extra", 0, item => item["note"] = new() { S = "added by hand" });
        Expect(IntegrityKind.UndefinedAttribute, "extra", "0");

        await bed.AddAtAsync("bad-json", 0, """[{"type":"Placed",}""");
        Expect(IntegrityKind.EventsNotJson, "bad-json", "0");
        await bed.AddAtAsync("not-array", 0, """{"type":"Placed"}""");
        Expect(IntegrityKind.EventsNotArray, "not-array", "0");
        await bed.AddAtAsync("untyped", 0, """[{"type":"Placed"},{"kind":"Paid"},"note"]""");
        Expect(IntegrityKind.EventWithoutType, "untyped", "0");
        await bed.AddAtAsync("half-char", 0, """[{"type":"Named","name":"cut \ud83d"}]""");
        Expect(IntegrityKind.LoneSurrogate, "half-char", "0");
        await bed.AddAtAsync("big", 0, $$"""[{"type":"Uploaded","data":"{{new string('x', 360 * 1024)}}"}]""");
        Expect(IntegrityKind.NearSizeLimit, "big", "0");
        if (a)
        {
            await bed.SkipCommitIdsAsync(2);
            Expect(IntegrityKind.CounterGap, null, null, IntegrityTable.Counter);
        }

        // Snapshots: clean ones, then one of each kind.
        await bed.PutSnapshotAsync("clean-1", """{"n":0}""");
        await bed.PutSnapshotAsync("after-gap", """{"status":"placed"}""");
        await bed.PutSnapshotAsync("ghost", """{"status":"placed"}""");
        Expect(IntegrityKind.SnapshotWithoutCommits, "ghost", null, IntegrityTable.Snapshots);
        await bed.PutSnapshotAsync("clean-2", """{"status":"paid"}""", StoreBed.Epoch.AddDays(-1));
        Expect(IntegrityKind.SnapshotBeforeFirstCommit, "clean-2", null, IntegrityTable.Snapshots);
        await bed.PutSnapshotAsync("gap", """{"status":""");
        Expect(IntegrityKind.SnapshotStateNotJson, "gap", null, IntegrityTable.Snapshots);
        await bed.PutSnapshotAsync("late", null);
        Expect(IntegrityKind.MissingAttribute, "late", null, IntegrityTable.Snapshots);
        await bed.PutSnapshotAsync("back", """{"name":"\udc00"}""");
        Expect(IntegrityKind.LoneSurrogate, "back", null, IntegrityTable.Snapshots);
        await bed.PutSnapshotAsync("big", $$"""{"data":"{{new string('y', 360 * 1024)}}"}""");
        Expect(IntegrityKind.NearSizeLimit, "big", null, IntegrityTable.Snapshots);
        await PutSnapshotItemAsync(bed, raw, "typo", item => item["createdAt"] = new() { S = "now" });
        Expect(IntegrityKind.MistypedAttribute, "typo", null, IntegrityTable.Snapshots);
        await PutSnapshotItemAsync(bed, raw, "extra", item => item["version"] = new() { N = "3" });
        Expect(IntegrityKind.UndefinedAttribute, "extra", null, IntegrityTable.Snapshots);
        return expected;
    }

    /// <summary>Rewrites a stored commit in place (same key, same commit id).</summary>
    public static async Task ChangeAsync(StoreBed bed, string aggregateId, long version, Action<Dictionary<string, AttributeValue>> change)
    {
        var item = (await bed.StoredAsync(aggregateId)).Single(i => i["version"].N == version.ToString(CultureInfo.InvariantCulture));
        change(item);
        await bed.PutRawAsync(item);
    }

    /// <summary>Arranges a commit at <paramref name="version"/> (its id taken in order), then moves it to another version text.</summary>
    private static async Task MoveAsync(StoreBed bed, IAmazonDynamoDB raw, string aggregateId, long version, string newVersion)
    {
        await bed.AddAtAsync(aggregateId, version, """[{"type":"Paid"}]""");
        var item = (await bed.StoredAsync(aggregateId)).Single(i => i["version"].N == version.ToString(CultureInfo.InvariantCulture));
        await raw.DeleteItemAsync(bed.Tables.Commits, new() { ["aggregateId"] = item["aggregateId"], ["version"] = item["version"] });
        item["version"] = new() { N = newVersion };
        await bed.PutRawAsync(item);
    }

    private static async Task PutSnapshotItemAsync(StoreBed bed, IAmazonDynamoDB raw, string id, Action<Dictionary<string, AttributeValue>> change)
    {
        var item = new Dictionary<string, AttributeValue>
        {
            [bed.SnapshotKey] = new() { S = id },
            ["createdAt"] = new() { N = bed.Clock.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) },
            ["state"] = new() { S = """{"status":"placed"}""" },
        };
        change(item);
        await raw.PutItemAsync(bed.Tables.Snapshots, item);
    }
}
