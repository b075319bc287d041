using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace EventExplorer.Web.Model;

/// <summary>Formatting of stored JSON text for reading; text that is not JSON is returned unchanged.</summary>
public static class JsonText
{
    private static readonly JsonWriterOptions Indented = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Pretty(string? text)
    {
        if (string.IsNullOrEmpty(text)) return text ?? "";
        try
        {
            using var doc = JsonDocument.Parse(text);
            using var stream = new MemoryStream();
            using (var writer = new Utf8JsonWriter(stream, Indented)) doc.WriteTo(writer);
            return Encoding.UTF8.GetString(stream.ToArray());
        }
        catch (JsonException)
        {
            return text;
        }
    }
}
