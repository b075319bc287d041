using System.Text.Json;
using System.Text.Json.Serialization;

namespace EventExplorer.Data.Model;

/// <summary>
/// A <see cref="CommitId"/> as JSON: <c>{"layout":"CounterCommitIds","text":"42"}</c>. Lets pages hand
/// what they read to their interactive copy (persisted component state) without reading it again.
/// </summary>
public sealed class CommitIdJsonConverter : JsonConverter<CommitId>
{
    public override CommitId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        EventStoreLayout? layout = null;
        string? text = null;
        if (reader.TokenType != JsonTokenType.StartObject) throw new JsonException("A commit id is an object.");
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString();
            reader.Read();
            if (string.Equals(name, "layout", StringComparison.OrdinalIgnoreCase) && Enum.TryParse<EventStoreLayout>(reader.GetString(), out var parsed)) layout = parsed;
            else if (string.Equals(name, "text", StringComparison.OrdinalIgnoreCase)) text = reader.GetString();
        }
        if (layout is not { } l || CommitId.TryParse(text, l, out _) is not { } id)
        {
            throw new JsonException("Not a commit id.");
        }
        return id;
    }

    public override void Write(Utf8JsonWriter writer, CommitId value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteString("layout", value.Layout.ToString());
        writer.WriteString("text", value.Text);
        writer.WriteEndObject();
    }
}
