using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace EventExplorer.Data.Json;

/// <summary>
/// Writes a parsed value as compact or indented JSON text, the way <see cref="StoredJson"/>'s writer
/// options do, except that a string or name holding a lone surrogate keeps it as its escape
/// (<c>\ud800</c>): Utf8JsonWriter cannot write one (JsonElement.WriteTo throws, a string with the lone
/// unit becomes U+FFFD), and an export or a copy must give back what is stored. Only values that hold
/// such an escape come here; everything else is written by System.Text.Json itself.
/// </summary>
internal static class EscapeKeepingWriter
{
    public static string Write(JsonElement value, JsonWriterOptions options)
    {
        var text = new StringBuilder();
        Write(text, value, options, 0);
        return text.ToString();
    }

    /// <summary>A property's name as a JSON string literal.</summary>
    public static string QuoteName(JsonProperty property, JsonWriterOptions options)
    {
        var text = new StringBuilder();
        AppendString(text, JsonMarshal.GetRawUtf8PropertyName(property), options);
        return text.ToString();
    }

    private static void Write(StringBuilder text, JsonElement value, JsonWriterOptions options, int depth)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
            {
                text.Append('{');
                var any = false;
                foreach (var property in value.EnumerateObject())
                {
                    if (any) text.Append(',');
                    any = true;
                    NewLine(text, options, depth + 1);
                    AppendString(text, JsonMarshal.GetRawUtf8PropertyName(property), options);
                    text.Append(options.Indented ? ": " : ":");
                    Write(text, property.Value, options, depth + 1);
                }
                if (any) NewLine(text, options, depth);
                text.Append('}');
                break;
            }
            case JsonValueKind.Array:
            {
                text.Append('[');
                var any = false;
                foreach (var element in value.EnumerateArray())
                {
                    if (any) text.Append(',');
                    any = true;
                    NewLine(text, options, depth + 1);
                    Write(text, element, options, depth + 1);
                }
                if (any) NewLine(text, options, depth);
                text.Append(']');
                break;
            }
            case JsonValueKind.String:
                var raw = JsonMarshal.GetRawUtf8Value(value);
                AppendString(text, raw[1..^1], options);
                break;
            default:
                // Numbers keep their digits; true, false and null have one spelling.
                text.Append(value.GetRawText());
                break;
        }
    }

    private static void NewLine(StringBuilder text, JsonWriterOptions options, int depth)
    {
        if (!options.Indented) return;
        text.Append(options.NewLine).Append(options.IndentCharacter, depth * options.IndentSize);
    }

    /// <summary>A string token: the pieces between lone surrogates escaped as the writer escapes them, each lone surrogate as its escape.</summary>
    private static void AppendString(StringBuilder text, ReadOnlySpan<byte> content, JsonWriterOptions options)
    {
        var exact = JsonEscapes.Decode(content, showLoneSurrogates: false);
        text.Append('"');
        var start = 0;
        while (start <= exact.Length)
        {
            var lone = JsonEscapes.FindLoneSurrogateChar(exact.AsSpan(start));
            var end = lone < 0 ? exact.Length : start + lone;
            if (end > start) text.Append(JsonEncodedText.Encode(exact.AsSpan(start, end - start), options.Encoder).Value);
            if (lone < 0) break;
            text.Append(JsonEscapes.Escape(exact[end]));
            start = end + 1;
        }
        text.Append('"');
    }
}
