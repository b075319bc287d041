using System.Runtime.InteropServices;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EventExplorer.Data.Json;

/// <summary>Where and why a text is not valid JSON, in a person's terms (1-based line and character column).</summary>
public sealed record JsonSyntaxError(int Line, int Column, string Reason)
{
    /// <summary>"line 1, column 61: 'x' is an invalid start of a value."</summary>
    public override string ToString() => $"line {Line}, column {Column}: {Reason}";
}

/// <summary>
/// The one set of rules for JSON text that users and other programs wrote (events, snapshot state,
/// the editor's text): strict JSON as JSON.parse in the owning programs accepts it, nested up to
/// <see cref="MaxDepth"/> levels, and syntax errors described by line and column once.
/// </summary>
/// <remarks>
/// JSON may name half of a character: <c>"\ud800"</c>, a lone surrogate, is what Node's JSON.stringify
/// writes for a string cut inside an emoji. System.Text.Json parses it and then throws on every read of
/// that string (GetString, a property's Name, TryGetProperty, ValueEquals, WriteTo, JsonNode). So stored
/// JSON is read only through this class: <see cref="GetString"/> and <see cref="GetName"/> show a lone
/// surrogate as its escape, <see cref="WriteCompact(JsonElement)"/> keeps it, and
/// <see cref="FindLoneSurrogate"/> says where one is, for the item to be flagged.
/// </remarks>
public static class StoredJson
{
    /// <summary>Deeper than System.Text.Json's default of 64: stored documents are not ours to limit.</summary>
    public const int MaxDepth = 256;

    public static readonly JsonDocumentOptions ParseOptions = new() { MaxDepth = MaxDepth };

    /// <summary>
    /// Writer settings for JSON we show or store: non-ASCII and '&lt;' stay readable (the text is
    /// shown as text, never as markup).
    /// </summary>
    public static readonly JsonWriterOptions CompactWriter = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        MaxDepth = MaxDepth,
    };

    public static readonly JsonWriterOptions IndentedWriter = CompactWriter with { Indented = true };

    /// <summary>
    /// Parses <paramref name="text"/> with <see cref="ParseOptions"/>; the caller disposes the document.
    /// Throws <see cref="JsonException"/> for any text that is not JSON, one with a lone surrogate character
    /// (not an escape: the text itself is not valid UTF-16) included.
    /// </summary>
    public static JsonDocument Parse(string text)
    {
        try
        {
            return JsonDocument.Parse(text, ParseOptions);
        }
        catch (ArgumentException) when (JsonEscapes.FindLoneSurrogateChar(text) is var at and >= 0)
        {
            // The parser transcodes to UTF-8 first, which half a character cannot be.
            var (line, lineStart) = LineOf(text, at);
            var bytes = Encoding.UTF8.GetByteCount(text.AsSpan(lineStart, at - lineStart));
            throw new JsonException($"the text holds half of a character (a lone surrogate, U+{(int)text[at]:X4}): it is not valid Unicode.", null, line, bytes);
        }
    }

    /// <summary>Null when <paramref name="text"/> is one valid JSON value; otherwise where and why not.</summary>
    public static JsonSyntaxError? FindError(string text)
    {
        try
        {
            using var _ = Parse(text);
            return null;
        }
        catch (JsonException error)
        {
            return Describe(text, error);
        }
    }

    /// <summary>
    /// The position of a parser error in characters, and its reason without the parser's own
    /// zero-based "LineNumber: 0 | BytePositionInLine: 60" suffix.
    /// </summary>
    public static JsonSyntaxError Describe(string text, JsonException error)
    {
        var line = (int)(error.LineNumber ?? 0);
        var column = CharacterColumn(text, line, (int)(error.BytePositionInLine ?? 0));
        return new JsonSyntaxError(line + 1, column + 1, Reason(error));
    }

    /// <summary>
    /// Null when <paramref name="text"/> is one valid JSON value that can be stored as it means; otherwise
    /// where and why not. Stricter than <see cref="FindError"/>: half of a character (<c>\ud800</c>) is JSON,
    /// but UTF-8 cannot hold it, so a reader of the stored item gets U+FFFD or an error instead.
    /// </summary>
    public static JsonSyntaxError? FindErrorForStoring(string text) => FindError(text) ?? FindUnstorable(text);

    /// <summary>For text already known to be JSON: where it names half of a character, said as a reason not to store it; null when it names none.</summary>
    public static JsonSyntaxError? FindUnstorable(string json) =>
        FindLoneSurrogate(json) is { } lone
            ? lone with { Reason = lone.Reason + " It cannot be stored as UTF-8 faithfully: remove it or write the whole character." }
            : null;

    /// <summary>
    /// Where valid JSON <paramref name="json"/> names half of a character (a lone surrogate escape such as
    /// <c>\ud800</c>), with a reason a person understands; null when it names none. Cheap: only escapes are read.
    /// </summary>
    public static JsonSyntaxError? FindLoneSurrogate(string json)
    {
        var at = JsonEscapes.FindLoneSurrogate(json.AsSpan());
        if (at < 0) return null;
        var (line, lineStart) = LineOf(json, at);
        return new JsonSyntaxError(line + 1, at - lineStart + 1,
            $"{JsonEscapes.EscapeAt(json.AsSpan(), at)} is half of a character (a lone surrogate, as left when text is cut inside an emoji).");
    }

    /// <summary>The text of a JSON string, safe to show, search and encode: a lone surrogate is shown as its escape (<c>\ud800</c>).</summary>
    public static string GetString(JsonElement value)
    {
        var raw = JsonMarshal.GetRawUtf8Value(value);
        return JsonEscapes.FindLoneSurrogate(raw) < 0 ? value.GetString()! : JsonEscapes.Decode(raw[1..^1], showLoneSurrogates: true);
    }

    /// <summary>A property's name, safe to show as <see cref="GetString"/> is.</summary>
    public static string GetName(JsonProperty property)
    {
        var raw = JsonMarshal.GetRawUtf8PropertyName(property);
        return JsonEscapes.FindLoneSurrogate(raw) < 0 ? property.Name : JsonEscapes.Decode(raw, showLoneSurrogates: true);
    }

    /// <summary>True when <paramref name="value"/> (a string, or anything inside a container, names included) holds half of a character.</summary>
    public static bool HasLoneSurrogate(JsonElement value) => JsonEscapes.FindLoneSurrogate(JsonMarshal.GetRawUtf8Value(value)) >= 0;

    /// <summary>True when the property's name holds half of a character.</summary>
    public static bool HasLoneSurrogate(JsonProperty property) => JsonEscapes.FindLoneSurrogate(JsonMarshal.GetRawUtf8PropertyName(property)) >= 0;

    /// <summary>
    /// The value of <paramref name="name"/> in an object (names as <see cref="GetName"/> shows them; of a repeated
    /// name the last, as JSON.parse keeps it). False when <paramref name="value"/> is not an object or lacks the name.
    /// </summary>
    public static bool TryGetProperty(JsonElement value, string name, out JsonElement found)
    {
        found = default;
        if (value.ValueKind != JsonValueKind.Object) return false;
        var any = false;
        var utf8 = Encoding.UTF8.GetBytes(name);
        foreach (var property in value.EnumerateObject())
        {
            var raw = JsonMarshal.GetRawUtf8PropertyName(property);
            var same = raw.Contains((byte)'\\') ? GetName(property) == name : raw.SequenceEqual(utf8);
            if (!same) continue;
            found = property.Value;
            any = true;
        }
        return any;
    }

    /// <summary>The <c>type</c> of an event: its string property <c>type</c> when it is an object that has one; otherwise null.</summary>
    public static string? EventType(JsonElement element) =>
        TryGetProperty(element, "type", out var type) && type.ValueKind == JsonValueKind.String ? GetString(type) : null;

    /// <summary>
    /// Whether two values are the same JSON value: strings by exact text, numbers by numeric value (1 and 1.0),
    /// objects by name whatever the order (the last of a repeated name counts), arrays element by element.
    /// </summary>
    public static bool ValueEquals(JsonElement a, JsonElement b) => JsonEquality.Equal(a, b);

    /// <summary>Compact JSON text of a stored value, exactly as it means (a lone surrogate stays its escape); never throws.</summary>
    public static string WriteCompact(JsonElement value) =>
        HasLoneSurrogate(value) ? EscapeKeepingWriter.Write(value, CompactWriter) : Write(value.WriteTo, CompactWriter);

    /// <summary>Compact text of a value built in code (demo data, a quoted string in a message).</summary>
    public static string WriteCompact(JsonNode value) => Write(writer => value.WriteTo(writer), CompactWriter);

    /// <summary>Indented (two spaces) JSON text of a stored value, as <see cref="WriteCompact(JsonElement)"/>.</summary>
    public static string WriteIndented(JsonElement value) =>
        HasLoneSurrogate(value) ? EscapeKeepingWriter.Write(value, IndentedWriter) : Write(value.WriteTo, IndentedWriter);

    /// <summary>A property's name as a JSON string literal (<c>"name"</c>), as the writers write it.</summary>
    public static string QuoteName(JsonProperty property) =>
        HasLoneSurrogate(property) ? EscapeKeepingWriter.QuoteName(property, CompactWriter) : WriteCompact(JsonValue.Create(property.Name));

    /// <summary>The exact text of a string, a lone surrogate kept as the lone UTF-16 unit: for comparing, never to show or encode.</summary>
    internal static string ExactString(JsonElement value)
    {
        var raw = JsonMarshal.GetRawUtf8Value(value);
        return raw.Contains((byte)'\\') ? JsonEscapes.Decode(raw[1..^1], showLoneSurrogates: false) : value.GetString()!;
    }

    /// <summary>The exact text of a name, as <see cref="ExactString"/>.</summary>
    internal static string ExactName(JsonProperty property)
    {
        var raw = JsonMarshal.GetRawUtf8PropertyName(property);
        return raw.Contains((byte)'\\') ? JsonEscapes.Decode(raw, showLoneSurrogates: false) : property.Name;
    }

    /// <summary>The zero-based line holding <paramref name="index"/> and where that line starts.</summary>
    private static (int Line, int Start) LineOf(string text, int index)
    {
        var line = 0;
        var start = 0;
        for (var i = text.IndexOf('\n'); i >= 0 && i < index; i = text.IndexOf('\n', i + 1))
        {
            line++;
            start = i + 1;
        }
        return (line, start);
    }

    private static string Write(Action<Utf8JsonWriter> write, JsonWriterOptions options)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, options))
        {
            write(writer);
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    // The parser reports bytes within the line; people count characters.
    private static int CharacterColumn(string text, int lineIndex, int bytePosition)
    {
        var start = 0;
        for (var i = 0; i < lineIndex; i++)
        {
            var next = text.IndexOf('\n', start);
            if (next < 0) return bytePosition;
            start = next + 1;
        }

        var end = text.IndexOf('\n', start);
        var line = end < 0 ? text.AsSpan(start) : text.AsSpan(start, end - start);
        var bytes = 0;
        for (var i = 0; i < line.Length; i++)
        {
            if (bytes >= bytePosition) return i;
            var width = char.IsHighSurrogate(line[i]) && i + 1 < line.Length ? 2 : 1;
            bytes += Encoding.UTF8.GetByteCount(line.Slice(i, width));
            i += width - 1;
        }
        return line.Length;
    }

    private static string Reason(JsonException error)
    {
        var message = error.Message;
        // A few of the parser's messages speak of its own settings; say what is wrong with the text instead.
        if (message.Contains("trailing comma", StringComparison.OrdinalIgnoreCase)) return "a comma after the last element is not allowed in JSON.";
        if (message.Contains("does not contain any JSON tokens", StringComparison.Ordinal)) return "there is no JSON value (the text is empty or only spaces).";
        var cut = message.Length;
        foreach (var marker in (string[])[" Path:", " LineNumber:"])
        {
            var at = message.IndexOf(marker, StringComparison.Ordinal);
            if (at > 0 && at < cut) cut = at;
        }
        var reason = message[..cut].Trim();
        // "...not supported in this mode. Change the reader options." and the like: reader settings, not the user's text.
        var advice = reason.IndexOf(" Change the reader options", StringComparison.Ordinal);
        return advice > 0 ? reason[..advice].Trim() : reason;
    }
}
