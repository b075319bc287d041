using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace EventExplorer.Web.Model;

/// <summary>What checking a JSON text found: its size, and the first error with its position.</summary>
public sealed record JsonCheck
{
    /// <summary>UTF-8 size of the text: what it costs in a DynamoDB string attribute.</summary>
    public required int ByteCount { get; init; }

    /// <summary>Null when the text is valid JSON and passes the extra rule.</summary>
    public string? Error { get; init; }

    /// <summary>1-based line of a syntax error (null for rule failures and valid text).</summary>
    public int? Line { get; init; }

    /// <summary>1-based character column of a syntax error.</summary>
    public int? Column { get; init; }

    /// <summary>True when the text parses; a rule may still have failed.</summary>
    public required bool IsJson { get; init; }

    /// <summary>True when the browser did not send the text because it is too large: the server's copy is out of date.</summary>
    public bool NotSent { get; init; }

    public bool IsValid => Error is null;
}

/// <summary>Parsing, checking and re-formatting of JSON text as users and other programs wrote it.</summary>
public static class JsonText
{
    /// <summary>Strict JSON (as JSON.parse in the programs that own the tables), but deeper than the default 64 levels.</summary>
    public static readonly JsonDocumentOptions ParseOptions = new() { MaxDepth = 256 };

    // Our output is shown as text (never markup), so non-ASCII and '<' stay readable instead of \uXXXX.
    private static readonly JsonWriterOptions IndentedWriter = new()
    {
        Indented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        MaxDepth = 256,
    };

    private static readonly JsonWriterOptions CompactWriter = IndentedWriter with { Indented = false };

    /// <summary>Checks <paramref name="text"/> and applies an optional rule on the parsed value (returns an error or null).</summary>
    public static JsonCheck Check(string? text, Func<JsonElement, string?>? rule = null)
    {
        text ??= "";
        var bytes = Encoding.UTF8.GetByteCount(text);
        if (string.IsNullOrWhiteSpace(text))
        {
            return new JsonCheck { ByteCount = bytes, IsJson = false, Error = "Empty: enter a JSON value." };
        }

        try
        {
            using var document = JsonDocument.Parse(text, ParseOptions);
            var ruleError = rule?.Invoke(document.RootElement);
            return new JsonCheck { ByteCount = bytes, IsJson = true, Error = ruleError };
        }
        catch (JsonException error)
        {
            var line = (int)(error.LineNumber ?? 0);
            var column = CharacterColumn(text, line, (int)(error.BytePositionInLine ?? 0));
            return new JsonCheck
            {
                ByteCount = bytes,
                IsJson = false,
                Error = $"Not valid JSON at line {line + 1}, column {column + 1}: {Describe(error)}",
                Line = line + 1,
                Column = column + 1,
            };
        }
    }

    /// <summary>Indented (two spaces) form of a JSON text; null when it is not valid JSON.</summary>
    public static string? TryPretty(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        try
        {
            using var document = JsonDocument.Parse(text, ParseOptions);
            return Pretty(document.RootElement);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Indented form of a JSON text; text that is not JSON is returned unchanged (it is shown as stored).</summary>
    public static string Pretty(string? text) => TryPretty(text) ?? text ?? "";

    public static string Pretty(JsonElement value) => Write(value, IndentedWriter);

    public static string Compact(JsonElement value) => Write(value, CompactWriter);

    private static string Write(JsonElement value, JsonWriterOptions options)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, options))
        {
            value.WriteTo(writer);
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    // The parser reports bytes within the line; users count characters.
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

    // JsonException messages end with "LineNumber: 0 | BytePositionInLine: 3." in zero-based bytes; we give our own position.
    private static string Describe(JsonException error)
    {
        var message = error.Message;
        var cut = message.Length;
        foreach (var marker in (string[])[" Path:", " LineNumber:"])
        {
            var at = message.IndexOf(marker, StringComparison.Ordinal);
            if (at > 0 && at < cut) cut = at;
        }
        return message[..cut].Trim();
    }
}
