using System.Globalization;
using Amazon.DynamoDBv2.Model;
using CsCheck;
using EventExplorer.Testing;

namespace EventExplorer.Tests.OddItems;

/// <summary>One generated store: a few aggregates, their commit items of every odd shape, and a snapshot for some.</summary>
public sealed record OddWorld(IReadOnlyList<string> AggregateIds, IReadOnlyList<StoredCommitItem> Commits, IReadOnlyList<StoredSnapshotItem> Snapshots)
{
    public const string SnapshotKey = "snapshotId";

    public static Gen<OddWorld> Generator(bool numericCommitIds) =>
        Gen.Shuffle(StoredItemGenerators.AggregateIds.ToArray(), 1, 3).SelectMany(ids =>
            Gen.Select(
                StoredItemGenerators.CommitItem(numericCommitIds, ids).Array[1, 8],
                StoredItemGenerators.SnapshotItem(SnapshotKey, "").Array[ids.Length],
                Gen.Int[0, (1 << ids.Length) - 1],
                (commits, snapshots, which) => new OddWorld(ids, Distinct(commits), snapshots
                    .Select((snapshot, i) => snapshot with { Attributes = new(snapshot.Attributes) { [SnapshotKey] = new AttributeValue { S = ids[i] } } })
                    .Where((_, i) => (which & (1 << i)) != 0)
                    .ToList())));

    /// <summary>The items as the table keeps them: a later item with the same key replaces the earlier one.</summary>
    private static List<StoredCommitItem> Distinct(StoredCommitItem[] items)
    {
        var kept = new List<StoredCommitItem>();
        foreach (var item in items)
        {
            kept.RemoveAll(k => k.AggregateId == item.AggregateId && SameNumber(k.Version, item.Version));
            kept.Add(item);
        }
        return kept;
    }

    /// <summary>The generated item a stored item came from (DynamoDB may spell its version differently).</summary>
    public StoredCommitItem Generated(Dictionary<string, AttributeValue> stored) =>
        Commits.Single(c => c.AggregateId == stored["aggregateId"].S && SameNumber(c.Version, stored["version"].N));

    public static bool SameNumber(string a, string b) =>
        decimal.TryParse(a, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) && decimal.TryParse(b, NumberStyles.Float, CultureInfo.InvariantCulture, out var y)
            ? x == y
            : double.Parse(a, CultureInfo.InvariantCulture).Equals(double.Parse(b, CultureInfo.InvariantCulture));

    public override string ToString() =>
        $"aggregates [{string.Join(", ", AggregateIds.Select(StoredItemGenerators.Show))}]\n  "
        + string.Join("\n  ", Commits.Select(c => c.ToString()).Concat(Snapshots.Select(s => s.ToString())));
}
