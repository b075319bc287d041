using System.Text.Json;
using EventExplorer.Data.Json;

namespace EventExplorer.Web.Model.Append;

/// <summary>What the confirmation says about the events before they are appended.</summary>
public static class AppendWarnings
{
    /// <summary>Things that are allowed but are probably mistakes: events that readers would not recognise.</summary>
    public static IReadOnlyList<string> Of(string eventsJson)
    {
        var warnings = new List<string>();
        try
        {
            using var document = StoredJson.Parse(eventsJson);
            if (document.RootElement.ValueKind != JsonValueKind.Array) return warnings;
            var index = 0;
            foreach (var item in document.RootElement.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.Object)
                    warnings.Add($"Event #{index} is a JSON {Kind(item.ValueKind)}, not an object.");
                else if (!StoredJson.TryGetProperty(item, "type", out _))
                    warnings.Add($"Event #{index} has no \"type\": programs that dispatch on the event type will not recognise it.");
                else if (string.IsNullOrWhiteSpace(StoredJson.EventType(item)))
                    warnings.Add($"Event #{index} has a \"type\" that is not a text.");
                index++;
            }
        }
        catch (JsonException)
        {
            // Validation reports invalid JSON; warnings are only for what would be written.
        }
        return warnings;
    }

    /// <summary>How many events the text holds (0 when it is not a JSON array).</summary>
    public static int CountEvents(string json)
    {
        try
        {
            using var document = StoredJson.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Array ? document.RootElement.GetArrayLength() : 0;
        }
        catch (JsonException)
        {
            return 0;
        }
    }

    private static string Kind(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        _ => "null",
    };
}
