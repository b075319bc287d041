using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using EventExplorer.Data.Errors;
using EventExplorer.Data.Json;

namespace EventExplorer.Data.Model;

public enum PayloadQueryKind
{
    /// <summary>A substring of a property name, a string value or a number/true/false/null as written.</summary>
    Text,

    /// <summary>The value at a path equals a JSON value.</summary>
    PathEquals,
}

/// <summary>
/// What a payload search looks for, as typed in one box: <c>order-2024-004711</c> (text),
/// <c>orderId = "order-2024-004711"</c>, <c>$.lines[0].sku = "X"</c>, <c>customer.email = "a@b"</c>
/// (path = value; a value that is not JSON is taken as text, so <c>orderId = order-7</c> works too).
/// Text in double quotes is always text (<c>"a = b"</c>). <see cref="ToString"/> gives the normal form,
/// which <see cref="Parse"/> reads back (for URLs).
/// </summary>
public sealed class PayloadQuery : IEquatable<PayloadQuery>
{
    public const int MaxLength = 2000;

    private PayloadQuery(PayloadQueryKind kind, string? text, bool ignoreCase, JsonPathPattern? path, string? valueJson)
    {
        Kind = kind;
        Text = text;
        IgnoreCase = ignoreCase;
        Path = path;
        ValueJson = valueJson;
        if (valueJson is not null)
        {
            using var document = StoredJson.Parse(valueJson);
            Value = document.RootElement.Clone();
        }
    }

    public PayloadQueryKind Kind { get; }

    /// <summary>Text query: the text to find.</summary>
    public string? Text { get; }

    /// <summary>Text query: ignore case (ordinal). The server-side pre-filter is case-sensitive, so it is not used then.</summary>
    public bool IgnoreCase { get; }

    /// <summary>Path query: where to look.</summary>
    public JsonPathPattern? Path { get; }

    /// <summary>Path query: the value to find, as compact JSON text.</summary>
    public string? ValueJson { get; }

    internal JsonElement? Value { get; }

    public static PayloadQuery ForText(string text, bool ignoreCase = false)
    {
        if (string.IsNullOrEmpty(text)) throw new InvalidQueryException("The text to search for is empty.");
        if (text.Length > MaxLength) throw new InvalidQueryException($"The text to search for is longer than {MaxLength} characters.");
        return new PayloadQuery(PayloadQueryKind.Text, text, ignoreCase, null, null);
    }

    public static PayloadQuery ForPath(JsonPathPattern path, string valueJson)
    {
        if (StoredJson.FindError(valueJson) is { } error) throw new InvalidQueryException($"The value is not JSON: {error}");
        using var document = StoredJson.Parse(valueJson);
        return new PayloadQuery(PayloadQueryKind.PathEquals, null, false, path, StoredJson.WriteCompact(document.RootElement));
    }

    /// <summary>Reads a query as typed; throws <see cref="InvalidQueryException"/> saying what is wrong.</summary>
    public static PayloadQuery Parse(string? typed, bool ignoreCase = false)
    {
        var text = (typed ?? "").Trim();
        if (text.Length == 0) throw new InvalidQueryException("The search is empty: type text, or path = value (e.g. orderId = \"order-7\").");
        if (text.Length > MaxLength) throw new InvalidQueryException($"The search is longer than {MaxLength} characters.");

        // A whole query in double quotes is text, whatever it contains.
        if (text.Length >= 2 && text[0] == '"' && text[^1] == '"' && StoredJson.FindError(text) is null)
        {
            using var quoted = StoredJson.Parse(text);
            return ForText(StoredJson.GetString(quoted.RootElement), ignoreCase);
        }

        var equals = FindEquals(text);
        if (equals > 0 && JsonPathPattern.TryParse(text[..equals], out var path, out _))
        {
            var valueText = text[(equals + 1)..].TrimStart('=').Trim();
            if (valueText.Length == 0) throw new InvalidQueryException($"Nothing follows '=' in '{text}': give a value, e.g. {path} = \"x\".");
            var json = StoredJson.FindError(valueText) is null ? valueText : StoredJson.WriteCompact(JsonValue.Create(valueText));
            return ForPath(path!, json);
        }
        return ForText(text, ignoreCase);
    }

    // The first '=' outside quotes and brackets: path names may hold '=' only when quoted (['a=b']).
    private static int FindEquals(string text)
    {
        char? quote = null;
        var depth = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quote is { } q)
            {
                if (c == '\\') i++;
                else if (c == q) quote = null;
            }
            else if (c is '\'' or '"' && depth > 0) quote = c;
            else if (c == '[') depth++;
            else if (c == ']') depth--;
            else if (c == '=' && depth == 0) return i;
        }
        return -1;
    }

    /// <summary>The normal form: <c>path = json</c>, or the text (in JSON quotes when it would otherwise read as a path query).</summary>
    public override string ToString()
    {
        if (Kind == PayloadQueryKind.PathEquals) return $"{Path} = {ValueJson}";
        var looksLikePath = FindEquals(Text!) > 0 && JsonPathPattern.TryParse(Text![..FindEquals(Text!)], out _, out _);
        var quoted = Text!.Length >= 2 && Text[0] == '"' && Text[^1] == '"';
        return looksLikePath || quoted || Text != Text.Trim() ? StoredJson.WriteCompact(JsonValue.Create(Text)) : Text;
    }

    public bool Equals(PayloadQuery? other) => other is not null && other.ToString() == ToString() && other.IgnoreCase == IgnoreCase;

    public override bool Equals(object? obj) => Equals(obj as PayloadQuery);

    public override int GetHashCode() => HashCode.Combine(ToString(), IgnoreCase);
}

/// <summary>Where a query matched in one event: the concrete path and the value there (also when the text matched the name), shortened for display.</summary>
public sealed record PathMatch(string Path, string Snippet);

/// <summary>One event of a commit that matched, with every place it matched.</summary>
public sealed record EventMatch
{
    public required int Index { get; init; }
    public required string? Type { get; init; }
    public required IReadOnlyList<PathMatch> Paths { get; init; }
}

/// <summary>
/// Matches <see cref="PayloadQuery"/> against events. The one implementation, used by the DynamoDB store
/// and the test fake alike.
/// </summary>
public static class PayloadMatcher
{
    /// <summary>Longest snippet kept per matched place; the commit itself holds the whole value.</summary>
    public const int SnippetLength = 160;

    /// <summary>The events of <paramref name="commit"/> that match, in order; empty when none does (or its events are not a JSON array).</summary>
    public static IReadOnlyList<EventMatch> Match(PayloadQuery query, Commit commit)
    {
        List<EventMatch>? matches = null;
        foreach (var commitEvent in commit.Events)
        {
            // The mapper parsed the events already: each one is JSON.
            using var document = StoredJson.Parse(commitEvent.Json);
            var paths = Match(query, document.RootElement);
            if (paths.Count > 0) (matches ??= []).Add(new EventMatch { Index = commitEvent.Index, Type = commitEvent.Type, Paths = paths });
        }
        return matches ?? (IReadOnlyList<EventMatch>)[];
    }

    /// <summary>The places in one event where <paramref name="query"/> matches, in document order.</summary>
    public static IReadOnlyList<PathMatch> Match(PayloadQuery query, JsonElement root)
    {
        var found = new List<PathMatch>();
        if (query.Kind == PayloadQueryKind.PathEquals)
        {
            var places = new List<(string Path, JsonElement Value)>();
            query.Path!.Find(root, places);
            foreach (var (path, value) in places)
            {
                if (StoredJson.ValueEquals(value, query.Value!.Value)) found.Add(new PathMatch(path, Snippet(value)));
            }
            return found;
        }
        var comparison = query.IgnoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        FindText(root, query.Text!, comparison, [], found);
        return found;
    }

    private static void FindText(JsonElement node, string text, StringComparison comparison, List<(string? Name, int Index)> steps, List<PathMatch> found)
    {
        switch (node.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in node.EnumerateObject())
                {
                    var name = StoredJson.GetName(property);
                    steps.Add((name, 0));
                    // The place is the property; what a user wants to see there is its value, not the name they typed.
                    if (name.Contains(text, comparison)) found.Add(new PathMatch(JsonPathPattern.Format(steps), Snippet(property.Value)));
                    FindText(property.Value, text, comparison, steps, found);
                    steps.RemoveAt(steps.Count - 1);
                }
                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var element in node.EnumerateArray())
                {
                    steps.Add((null, index++));
                    FindText(element, text, comparison, steps, found);
                    steps.RemoveAt(steps.Count - 1);
                }
                break;
            case JsonValueKind.String:
                if (StoredJson.GetString(node).Contains(text, comparison)) AddUnlessLast(found, JsonPathPattern.Format(steps), node);
                break;
            default:
                if (node.GetRawText().Contains(text, comparison)) AddUnlessLast(found, JsonPathPattern.Format(steps), node);
                break;
        }
    }

    // A property whose name and value both match is one place, not two.
    private static void AddUnlessLast(List<PathMatch> found, string path, JsonElement value)
    {
        if (found.Count > 0 && found[^1].Path == path) found[^1] = new PathMatch(path, Snippet(value));
        else found.Add(new PathMatch(path, Snippet(value)));
    }

    /// <summary>Two JSON texts are the same value (see <see cref="StoredJson.ValueEquals"/>).</summary>
    public static bool JsonTextEquals(string a, string b)
    {
        if (a == b) return true;
        using var left = StoredJson.Parse(a);
        using var right = StoredJson.Parse(b);
        return StoredJson.ValueEquals(left.RootElement, right.RootElement);
    }

    /// <summary>The value's compact JSON, shortened to <see cref="SnippetLength"/> characters.</summary>
    public static string Snippet(JsonElement value) => Shorten(value.ValueKind is JsonValueKind.Object or JsonValueKind.Array ? StoredJson.WriteCompact(value) : value.GetRawText());

    // Never between the two halves of a character: the snippet is shown, and half a character is not text.
    private static string Shorten(string text)
    {
        if (text.Length <= SnippetLength) return text;
        var cut = char.IsHighSurrogate(text[SnippetLength - 1]) ? SnippetLength - 1 : SnippetLength;
        return text[..cut] + "…";
    }
}
