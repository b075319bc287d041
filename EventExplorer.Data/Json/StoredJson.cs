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

    /// <summary>Parses <paramref name="text"/> with <see cref="ParseOptions"/>; the caller disposes the document.</summary>
    public static JsonDocument Parse(string text) => JsonDocument.Parse(text, ParseOptions);

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

    public static string WriteCompact(JsonElement value) => Write(value.WriteTo, CompactWriter);

    /// <summary>Compact text of a value built in code (demo data, a quoted string in a message).</summary>
    public static string WriteCompact(JsonNode value) => Write(writer => value.WriteTo(writer), CompactWriter);

    public static string WriteIndented(JsonElement value) => Write(value.WriteTo, IndentedWriter);

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
