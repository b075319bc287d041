using System.Text.Json;
using EventExplorer.Data.Json;
using EventExplorer.Data.Model;

namespace EventExplorer.Web.Model.Search;

/// <summary>One line of an indented JSON document; <see cref="Matched"/> when it belongs to a matched path.</summary>
public sealed record JsonLine(string Text, bool Matched);

/// <summary>
/// An event's JSON as indented lines, with the lines of the matched places marked, so the page can
/// emphasise them as plain text (never markup). Paths are written as the matcher writes them
/// (<see cref="JsonPathPattern.Format"/>), so a match's path finds its lines exactly.
/// </summary>
public static class HighlightedJson
{
    public static IReadOnlyList<JsonLine> Lines(string json, IReadOnlyCollection<string> matchedPaths)
    {
        if (StoredJson.FindError(json) is not null) return [new JsonLine(json, false)];
        using var document = StoredJson.Parse(json);
        var lines = new List<JsonLine>();
        var steps = new List<(string? Name, int Index)>();
        var paths = matchedPaths as ISet<string> ?? new HashSet<string>(matchedPaths, StringComparer.Ordinal);
        Write(document.RootElement, null, 0, last: true, inMatch: false);
        return lines;

        void Write(JsonElement value, JsonProperty? name, int depth, bool last, bool inMatch)
        {
            var matched = inMatch || paths.Contains(JsonPathPattern.Format(steps));
            var indent = new string(' ', depth * 2);
            var key = name is { } property ? StoredJson.QuoteName(property) + ": " : "";
            var comma = last ? "" : ",";
            switch (value.ValueKind)
            {
                case JsonValueKind.Object when value.EnumerateObject().Any():
                {
                    lines.Add(new JsonLine(indent + key + "{", matched));
                    var properties = value.EnumerateObject().ToList();
                    for (var i = 0; i < properties.Count; i++)
                    {
                        steps.Add((StoredJson.GetName(properties[i]), 0));
                        Write(properties[i].Value, properties[i], depth + 1, i == properties.Count - 1, matched);
                        steps.RemoveAt(steps.Count - 1);
                    }
                    lines.Add(new JsonLine(indent + "}" + comma, matched));
                    break;
                }
                case JsonValueKind.Array when value.GetArrayLength() > 0:
                {
                    lines.Add(new JsonLine(indent + key + "[", matched));
                    var count = value.GetArrayLength();
                    var index = 0;
                    foreach (var item in value.EnumerateArray())
                    {
                        steps.Add((null, index));
                        Write(item, null, depth + 1, index == count - 1, matched);
                        steps.RemoveAt(steps.Count - 1);
                        index++;
                    }
                    lines.Add(new JsonLine(indent + "]" + comma, matched));
                    break;
                }
                default:
                    lines.Add(new JsonLine(indent + key + Compact(value) + comma, matched));
                    break;
            }
        }
    }

    // Values exactly as stored (a number keeps its digits); empty containers on one line.
    private static string Compact(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "{}",
        JsonValueKind.Array => "[]",
        _ => value.GetRawText(),
    };
}
