using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace EventExplorer.Data.Json;

/// <summary>
/// Whether two parsed JSON values are the same value: strings by their exact text (a lone surrogate
/// equals only itself), numbers by numeric value (1, 1.0 and 1e0), objects by name whatever the order
/// (of a repeated name the last one counts, as in JSON.parse), arrays element by element.
/// </summary>
internal static class JsonEquality
{
    public static bool Equal(JsonElement a, JsonElement b)
    {
        if (a.ValueKind != b.ValueKind) return false;
        switch (a.ValueKind)
        {
            case JsonValueKind.String:
                return StringsEqual(a, b);
            case JsonValueKind.Number:
                return NumbersEqual(a.GetRawText(), b.GetRawText());
            case JsonValueKind.Array:
                if (a.GetArrayLength() != b.GetArrayLength()) return false;
                using (var left = a.EnumerateArray().GetEnumerator())
                using (var right = b.EnumerateArray().GetEnumerator())
                {
                    while (left.MoveNext() && right.MoveNext())
                    {
                        if (!Equal(left.Current, right.Current)) return false;
                    }
                }
                return true;
            case JsonValueKind.Object:
                var leftMembers = Members(a);
                var rightMembers = Members(b);
                if (leftMembers.Count != rightMembers.Count) return false;
                foreach (var (name, value) in leftMembers)
                {
                    if (!rightMembers.TryGetValue(name, out var other) || !Equal(value, other)) return false;
                }
                return true;
            default:
                // null, true, false: the kind is the value.
                return true;
        }
    }

    /// <summary>1, 1.0 and 1e0 are one number; beyond decimal, as doubles; beyond double's range, as written.</summary>
    public static bool NumbersEqual(string a, string b)
    {
        if (a == b) return true;
        if (decimal.TryParse(a, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) && decimal.TryParse(b, NumberStyles.Float, CultureInfo.InvariantCulture, out var y)) return x == y;
        return double.TryParse(a, NumberStyles.Float, CultureInfo.InvariantCulture, out var p) && double.TryParse(b, NumberStyles.Float, CultureInfo.InvariantCulture, out var q)
            && double.IsFinite(p) && double.IsFinite(q) && p == q;
    }

    private static bool StringsEqual(JsonElement a, JsonElement b)
    {
        var left = JsonMarshal.GetRawUtf8Value(a);
        var right = JsonMarshal.GetRawUtf8Value(b);
        // Without escapes the bytes are the text.
        if (!left.Contains((byte)'\\') && !right.Contains((byte)'\\')) return left.SequenceEqual(right);
        return StoredJson.ExactString(a) == StoredJson.ExactString(b);
    }

    private static Dictionary<string, JsonElement> Members(JsonElement value)
    {
        var members = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in value.EnumerateObject()) members[StoredJson.ExactName(property)] = property.Value;
        return members;
    }
}
