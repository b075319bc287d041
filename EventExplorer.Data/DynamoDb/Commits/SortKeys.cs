using System.Globalization;
using Amazon.DynamoDBv2.Model;
using EventExplorer.Data.Model;

namespace EventExplorer.Data.DynamoDb.Commits;

/// <summary>The commit table's and the commit-id index's keys, and how DynamoDB orders their values.</summary>
internal static class SortKeys
{
    public static readonly string[] TableKey = [Attr.AggregateId, Attr.Version];

    // Commit ids can repeat, so a cursor needs the table key too, or a page boundary that falls
    // between two commits with the same id would skip one of them.
    public static readonly string[] IndexKey = [Attr.Active, Attr.CommitId, Attr.AggregateId, Attr.Version];

    /// <summary>Orders two sort-key values as DynamoDB does: numbers by value, text by ordinal.</summary>
    public static int Compare(AttributeValue a, AttributeValue b)
    {
        if (a.N is not null && b.N is not null)
        {
            return decimal.TryParse(a.N, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) && decimal.TryParse(b.N, NumberStyles.Float, CultureInfo.InvariantCulture, out var y)
                ? x.CompareTo(y)
                : double.Parse(a.N, CultureInfo.InvariantCulture).CompareTo(double.Parse(b.N, CultureInfo.InvariantCulture));
        }
        return string.CompareOrdinal(a.S ?? a.N, b.S ?? b.N);
    }

    public static bool SameValue(AttributeValue a, AttributeValue b) =>
        a.S is not null ? a.S == b.S : a.N is not null && a.N == b.N;

    public static AttributeValue Number(long value) => new() { N = value.ToString(CultureInfo.InvariantCulture) };

    /// <summary>The DynamoDB type of the commit id: N in layout A, S in layout B.</summary>
    public static string CommitIdType(EventStoreLayout layout) => layout == EventStoreLayout.CounterCommitIds ? "N" : "S";

    /// <summary>True for an item whose stored version lies below <paramref name="target"/> (2.5 included for target 3).</summary>
    public static bool IsBelow(Dictionary<string, AttributeValue> item, long target) =>
        item.TryGetValue(Attr.Version, out var stored) && stored.N is { } text
        && decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var version) && version < target;
}
