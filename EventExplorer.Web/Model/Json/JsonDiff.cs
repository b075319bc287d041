using EventExplorer.Data.Json;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace EventExplorer.Web.Model.Json;

/// <summary>What happened to one JSON path between the left and the right document.</summary>
public enum JsonChangeKind
{
    /// <summary>Only the right document has this path.</summary>
    Added,

    /// <summary>Only the left document has this path.</summary>
    Removed,

    /// <summary>Both have the path with different values (or different kinds of value).</summary>
    Changed,
}

/// <summary>One difference, with both values as compact JSON text (null on the side that lacks the path).</summary>
public sealed record JsonChange
{
    /// <summary>JSONPath-like location, e.g. <c>$.items[2].price</c> or <c>$['odd key']</c>.</summary>
    public required string Path { get; init; }
    public required JsonChangeKind Kind { get; init; }
    public required string? Left { get; init; }
    public required string? Right { get; init; }
}

/// <summary>The outcome of a structural comparison.</summary>
public sealed record JsonDiffResult
{
    public required IReadOnlyList<JsonChange> Changes { get; init; }

    /// <summary>True when the comparison stopped at the limit; more differences exist.</summary>
    public required bool Truncated { get; init; }

    public bool AreEqual => Changes.Count == 0 && !Truncated;
}

/// <summary>
/// Structural comparison of two JSON values. Objects are compared by property name (order does
/// not matter); arrays by index, so an element inserted in the middle shows every later element
/// as changed. Numbers are equal when they denote the same value (1 and 1.0).
/// </summary>
public static class JsonDiff
{
    public const int DefaultMaxChanges = 1000;

    public static JsonDiffResult Compare(JsonElement left, JsonElement right, int maxChanges = DefaultMaxChanges)
    {
        var changes = new List<JsonChange>();
        var complete = Walk(left, right, "$", changes, maxChanges);
        return new JsonDiffResult { Changes = changes, Truncated = !complete };
    }

    /// <summary>Parses both texts and compares them; throws <see cref="JsonException"/> when either is not JSON.</summary>
    public static JsonDiffResult Compare(string left, string right, int maxChanges = DefaultMaxChanges)
    {
        using var leftDocument = StoredJson.Parse(left);
        using var rightDocument = StoredJson.Parse(right);
        return Compare(leftDocument.RootElement, rightDocument.RootElement, maxChanges);
    }

    // Returns false once the limit is reached, so a huge difference cannot flood the page.
    private static bool Walk(JsonElement left, JsonElement right, string path, List<JsonChange> changes, int max)
    {
        if (left.ValueKind == JsonValueKind.Object && right.ValueKind == JsonValueKind.Object)
        {
            return WalkObjects(left, right, path, changes, max);
        }

        if (left.ValueKind == JsonValueKind.Array && right.ValueKind == JsonValueKind.Array)
        {
            return WalkArrays(left, right, path, changes, max);
        }

        if (ScalarEquals(left, right)) return true;
        return Add(changes, max, new JsonChange { Path = path, Kind = JsonChangeKind.Changed, Left = Compact(left), Right = Compact(right) });
    }

    private static bool WalkObjects(JsonElement left, JsonElement right, string path, List<JsonChange> changes, int max)
    {
        // Duplicate names are legal JSON text; like most parsers, the last one wins.
        var rightProperties = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in right.EnumerateObject()) rightProperties[StoredJson.GetName(property)] = property.Value;

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var leftProperties = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in left.EnumerateObject()) leftProperties[StoredJson.GetName(property)] = property.Value;

        foreach (var (name, leftValue) in leftProperties)
        {
            seen.Add(name);
            var childPath = path + Member(name);
            if (rightProperties.TryGetValue(name, out var rightValue))
            {
                if (!Walk(leftValue, rightValue, childPath, changes, max)) return false;
            }
            else if (!Add(changes, max, new JsonChange { Path = childPath, Kind = JsonChangeKind.Removed, Left = Compact(leftValue), Right = null }))
            {
                return false;
            }
        }

        foreach (var (name, rightValue) in rightProperties)
        {
            if (seen.Contains(name)) continue;
            if (!Add(changes, max, new JsonChange { Path = path + Member(name), Kind = JsonChangeKind.Added, Left = null, Right = Compact(rightValue) }))
            {
                return false;
            }
        }

        return true;
    }

    private static bool WalkArrays(JsonElement left, JsonElement right, string path, List<JsonChange> changes, int max)
    {
        var leftLength = left.GetArrayLength();
        var rightLength = right.GetArrayLength();
        var common = Math.Min(leftLength, rightLength);
        for (var i = 0; i < common; i++)
        {
            if (!Walk(left[i], right[i], Index(path, i), changes, max)) return false;
        }

        for (var i = common; i < leftLength; i++)
        {
            if (!Add(changes, max, new JsonChange { Path = Index(path, i), Kind = JsonChangeKind.Removed, Left = Compact(left[i]), Right = null })) return false;
        }

        for (var i = common; i < rightLength; i++)
        {
            if (!Add(changes, max, new JsonChange { Path = Index(path, i), Kind = JsonChangeKind.Added, Left = null, Right = Compact(right[i]) })) return false;
        }

        return true;
    }

    private static bool Add(List<JsonChange> changes, int max, JsonChange change)
    {
        if (changes.Count >= max) return false;
        changes.Add(change);
        return true;
    }

    // A string with half a character equals only the same text: StoredJson compares exactly, where reading it would throw.
    private static bool ScalarEquals(JsonElement left, JsonElement right) => StoredJson.ValueEquals(left, right);

    private static string Compact(JsonElement value) => StoredJson.WriteCompact(value);

    private static string Index(string path, int index) => path + "[" + index.ToString(CultureInfo.InvariantCulture) + "]";

    /// <summary>The path step for a property name: <c>.name</c> when it is a plain identifier, otherwise <c>['name']</c>.</summary>
    public static string Member(string name)
    {
        if (IsIdentifier(name)) return "." + name;
        var builder = new StringBuilder("['");
        foreach (var c in name)
        {
            if (c is '\'' or '\\') builder.Append('\\');
            builder.Append(c);
        }
        return builder.Append("']").ToString();
    }

    private static bool IsIdentifier(string name)
    {
        if (name.Length == 0 || !(char.IsAsciiLetter(name[0]) || name[0] is '_' or '$')) return false;
        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '$')) return false;
        }
        return true;
    }
}
