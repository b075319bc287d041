using System.Text;
using System.Text.Json.Nodes;
using Amazon.DynamoDBv2.Model;
using EventExplorer.Data.Json;

namespace EventExplorer.Data.DynamoDb;

/// <summary>
/// Shows an attribute value of an unexpected type as text, so that a malformed item written by
/// another program can still be looked at (and reported) rather than failing the page.
/// </summary>
internal static class AttributeText
{
    public static string TypeName(AttributeValue value) =>
        value.S is not null ? "a string (S)"
        : value.N is not null ? "a number (N)"
        : value.B is not null ? "binary (B)"
        : value.BOOL is not null ? "a boolean (BOOL)"
        : value.NULL is true ? "null (NULL)"
        : value.M is not null ? "a map (M)"
        : value.L is not null ? "a list (L)"
        : value.SS is not null ? "a string set (SS)"
        : value.NS is not null ? "a number set (NS)"
        : value.BS is not null ? "a binary set (BS)"
        : "an unknown type";

    /// <summary>A readable, JSON-like rendering of any attribute value.</summary>
    public static string Describe(AttributeValue value)
    {
        var text = new StringBuilder();
        Append(text, value);
        return text.ToString();
    }

    // Readable rather than ASCII-safe: the text is shown to a person, HTML-encoded by the page.
    private static string Quote(string text) => StoredJson.WriteCompact(JsonValue.Create(text));

    private static void Append(StringBuilder text, AttributeValue value)
    {
        if (value.S is not null) text.Append(Quote(value.S));
        else if (value.N is not null) text.Append(value.N);
        else if (value.B is not null) text.Append("<binary ").Append(value.B.Length).Append(" bytes>");
        else if (value.BOOL is { } b) text.Append(b ? "true" : "false");
        else if (value.NULL is true) text.Append("null");
        else if (value.M is not null)
        {
            text.Append('{');
            var first = true;
            foreach (var (name, inner) in value.M)
            {
                if (!first) text.Append(", ");
                first = false;
                text.Append(Quote(name)).Append(": ");
                Append(text, inner);
            }
            text.Append('}');
        }
        else if (value.L is not null)
        {
            text.Append('[');
            for (var i = 0; i < value.L.Count; i++)
            {
                if (i > 0) text.Append(", ");
                Append(text, value.L[i]);
            }
            text.Append(']');
        }
        else if (value.SS is not null) text.Append('[').AppendJoin(", ", value.SS.Select(s => Quote(s))).Append(']');
        else if (value.NS is not null) text.Append('[').AppendJoin(", ", value.NS).Append(']');
        else if (value.BS is not null) text.Append("<binary set of ").Append(value.BS.Count).Append('>');
        else text.Append("<empty>");
    }
}
