using System.Globalization;
using System.Text;
using System.Text.Json;
using EventExplorer.Data.Errors;
using EventExplorer.Data.Json;

namespace EventExplorer.Data.Model;

/// <summary>One step of a <see cref="JsonPathPattern"/>: a property name, an array index, or any element (<c>[*]</c>).</summary>
public readonly record struct JsonPathSegment(string? Name, int? Index)
{
    public bool IsAnyElement => Name is null && Index is null;
}

/// <summary>
/// A path into an event, as a user types it: <c>$.lines[0].sku</c> starts at the event itself;
/// <c>customer.email</c> or a bare <c>orderId</c> (no <c>$</c>) matches wherever that chain of names
/// occurs, at any depth. Steps: <c>.name</c>, <c>['odd name']</c>, <c>[3]</c> and <c>[*]</c> (every element).
/// Matched places are named by concrete paths in the same syntax (<c>$.lines[0].sku</c>), so a matched
/// path can be typed back.
/// </summary>
public sealed class JsonPathPattern : IEquatable<JsonPathPattern>
{
    public const int MaxLength = 1000;

    private JsonPathPattern(bool rooted, IReadOnlyList<JsonPathSegment> segments)
    {
        Rooted = rooted;
        Segments = segments;
        Text = Format(rooted, segments);
    }

    /// <summary>True for a path from the event itself (<c>$...</c>); false for a chain that may start at any depth.</summary>
    public bool Rooted { get; }

    public IReadOnlyList<JsonPathSegment> Segments { get; }

    /// <summary>The pattern in its normal form (what <see cref="Parse"/> reads back).</summary>
    public string Text { get; }

    /// <summary>Property names the pattern needs; a commit whose events text lacks one of them cannot match.</summary>
    public IEnumerable<string> PropertyNames => Segments.Where(s => s.Name is not null).Select(s => s.Name!);

    public override string ToString() => Text;

    public bool Equals(JsonPathPattern? other) => other is not null && other.Text == Text;

    public override bool Equals(object? obj) => Equals(obj as JsonPathPattern);

    public override int GetHashCode() => Text.GetHashCode(StringComparison.Ordinal);

    public static JsonPathPattern Parse(string text) =>
        TryParse(text, out var pattern, out var problem) ? pattern! : throw new InvalidQueryException($"'{Shorten(text)}' is not a path: {problem}");

    public static bool TryParse(string? text, out JsonPathPattern? pattern, out string? problem)
    {
        pattern = null;
        problem = null;
        var s = (text ?? "").Trim();
        if (s.Length == 0) { problem = "it is empty"; return false; }
        if (s.Length > MaxLength) { problem = $"it is longer than {MaxLength} characters"; return false; }

        var segments = new List<JsonPathSegment>();
        var i = 0;
        var rooted = s[0] == '$' && (s.Length == 1 || s[1] is '.' or '[');
        if (rooted) i = 1;
        var first = true;
        while (i < s.Length)
        {
            if (s[i] == '[')
            {
                var close = ReadBracket(s, i, out var segment, out problem);
                if (close < 0) return false;
                segments.Add(segment);
                i = close + 1;
            }
            else
            {
                if (s[i] == '.')
                {
                    if (first && !rooted) { problem = "it starts with '.'"; return false; }
                    i++;
                }
                else if (!first || rooted)
                {
                    problem = $"'{s[i]}' at character {i + 1} should be '.' or '['";
                    return false;
                }
                var start = i;
                while (i < s.Length && s[i] is not ('.' or '[' or ']' or '=' or '"' or '\'') && !char.IsWhiteSpace(s[i])) i++;
                if (i == start)
                {
                    problem = i < s.Length ? $"a name is missing before '{s[i]}' at character {i + 1}" : "it ends with '.'";
                    return false;
                }
                if (i < s.Length && s[i] is not ('.' or '['))
                {
                    problem = $"'{s[i]}' at character {i + 1} cannot be part of a name (quote the name: ['...'])";
                    return false;
                }
                segments.Add(new JsonPathSegment(s[start..i], null));
            }
            first = false;
        }
        if (!rooted && segments.Count == 0) { problem = "it names nothing"; return false; }
        pattern = new JsonPathPattern(rooted, segments);
        return true;
    }

    private static int ReadBracket(string s, int open, out JsonPathSegment segment, out string? problem)
    {
        segment = default;
        problem = null;
        var i = open + 1;
        if (i < s.Length && s[i] is '\'' or '"')
        {
            var quote = s[i];
            var name = new StringBuilder();
            for (i++; i < s.Length && s[i] != quote; i++)
            {
                if (s[i] == '\\' && i + 1 < s.Length) i++;
                name.Append(s[i]);
            }
            if (i + 1 >= s.Length || s[i + 1] != ']') { problem = $"the quoted name from character {open + 1} is not closed with {quote}]"; return -1; }
            segment = new JsonPathSegment(name.ToString(), null);
            return i + 1;
        }
        var close = s.IndexOf(']', i);
        if (close < 0) { problem = $"'[' at character {open + 1} is not closed"; return -1; }
        var inner = s[i..close].Trim();
        if (inner == "*") { segment = new JsonPathSegment(null, null); return close; }
        if (int.TryParse(inner, NumberStyles.None, CultureInfo.InvariantCulture, out var index)) { segment = new JsonPathSegment(null, index); return close; }
        problem = $"[{inner}] is neither an index, [*] nor a quoted name";
        return -1;
    }

    /// <summary>The concrete path of a place: <c>$</c>, then <c>.name</c>, <c>['odd name']</c> or <c>[i]</c> per step.</summary>
    public static string Format(IEnumerable<(string? Name, int Index)> steps)
    {
        var text = new StringBuilder("$");
        foreach (var (name, index) in steps) AppendStep(text, name, index);
        return text.ToString();
    }

    private static string Format(bool rooted, IReadOnlyList<JsonPathSegment> segments)
    {
        var text = new StringBuilder(rooted ? "$" : "");
        for (var i = 0; i < segments.Count; i++)
        {
            var segment = segments[i];
            if (segment.IsAnyElement) text.Append("[*]");
            else if (segment.Name is { } name && !rooted && i == 0 && IsPlainName(name)) text.Append(name);
            else AppendStep(text, segment.Name, segment.Index ?? 0);
        }
        return text.ToString();
    }

    internal static void AppendStep(StringBuilder text, string? name, int index)
    {
        if (name is null) text.Append('[').Append(index.ToString(CultureInfo.InvariantCulture)).Append(']');
        else if (IsPlainName(name)) text.Append('.').Append(name);
        else text.Append("['").Append(name.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal)).Append("']");
    }

    private static bool IsPlainName(string name) =>
        name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '$' or '-') && name[0] != '$' && !char.IsAsciiDigit(name[0]);

    /// <summary>Every place in <paramref name="root"/> the pattern names, with its concrete path, in document order.</summary>
    public void Find(JsonElement root, List<(string Path, JsonElement Value)> found)
    {
        var steps = new List<(string? Name, int Index)>();
        if (Rooted) MatchFrom(root, 0, steps, found);
        else Walk(root, steps, found);
    }

    private void Walk(JsonElement node, List<(string? Name, int Index)> steps, List<(string Path, JsonElement Value)> found)
    {
        MatchFrom(node, 0, steps, found);
        if (node.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in node.EnumerateObject())
            {
                if (property.Value.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array)) continue;
                steps.Add((StoredJson.GetName(property), 0));
                Walk(property.Value, steps, found);
                steps.RemoveAt(steps.Count - 1);
            }
        }
        else if (node.ValueKind == JsonValueKind.Array)
        {
            var index = 0;
            foreach (var element in node.EnumerateArray())
            {
                if (element.ValueKind is JsonValueKind.Object or JsonValueKind.Array)
                {
                    steps.Add((null, index));
                    Walk(element, steps, found);
                    steps.RemoveAt(steps.Count - 1);
                }
                index++;
            }
        }
    }

    private void MatchFrom(JsonElement node, int segment, List<(string? Name, int Index)> steps, List<(string Path, JsonElement Value)> found)
    {
        if (segment == Segments.Count)
        {
            found.Add((Format(steps), node));
            return;
        }
        var step = Segments[segment];
        if (step.Name is { } name)
        {
            if (!StoredJson.TryGetProperty(node, name, out var child)) return;
            steps.Add((name, 0));
            MatchFrom(child, segment + 1, steps, found);
            steps.RemoveAt(steps.Count - 1);
        }
        else if (node.ValueKind == JsonValueKind.Array)
        {
            var length = node.GetArrayLength();
            if (step.Index is { } index)
            {
                if (index >= length) return;
                steps.Add((null, index));
                MatchFrom(node[index], segment + 1, steps, found);
                steps.RemoveAt(steps.Count - 1);
                return;
            }
            for (var i = 0; i < length; i++)
            {
                steps.Add((null, i));
                MatchFrom(node[i], segment + 1, steps, found);
                steps.RemoveAt(steps.Count - 1);
            }
        }
    }

    private static string Shorten(string? text) => text is null ? "" : text.Length <= 60 ? text : text[..60] + "…";
}
