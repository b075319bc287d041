using System.Text;
using System.Text.Json;
using EventExplorer.Data.Json;

namespace EventExplorer.Web.Model.Json;

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

    public bool IsEmpty { get; init; }

    public bool IsValid => Error is null;
}

/// <summary>Checking and re-formatting JSON text as users and other programs wrote it (the rules are <see cref="StoredJson"/>'s).</summary>
public static class JsonText
{
    /// <summary>Checks <paramref name="text"/> and applies an optional rule on the parsed value (returns an error or null).</summary>
    public static JsonCheck Check(string? text, Func<JsonElement, string?>? rule = null)
    {
        text ??= "";
        var bytes = Encoding.UTF8.GetByteCount(text);
        if (string.IsNullOrWhiteSpace(text))
        {
            return new JsonCheck { ByteCount = bytes, IsJson = false, IsEmpty = true, Error = "Empty: enter a JSON value." };
        }

        try
        {
            using var document = StoredJson.Parse(text);
            // JSON, but not text UTF-8 can hold: what is stored would not be what was typed.
            if (StoredJson.FindUnstorable(text) is { } unstorable)
            {
                return new JsonCheck { ByteCount = bytes, IsJson = true, Error = "Cannot be stored as typed at " + unstorable, Line = unstorable.Line, Column = unstorable.Column };
            }
            return new JsonCheck { ByteCount = bytes, IsJson = true, Error = rule?.Invoke(document.RootElement) };
        }
        catch (JsonException error)
        {
            var where = StoredJson.Describe(text, error);
            return new JsonCheck { ByteCount = bytes, IsJson = false, Error = "Not valid JSON at " + where, Line = where.Line, Column = where.Column };
        }
    }

    /// <summary>Indented (two spaces) form of a JSON text; null when it is not valid JSON.</summary>
    public static string? TryPretty(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        try
        {
            using var document = StoredJson.Parse(text);
            return StoredJson.WriteIndented(document.RootElement);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Indented form of a JSON text; text that is not JSON is returned unchanged (it is shown as stored).</summary>
    public static string Pretty(string? text) => TryPretty(text) ?? text ?? "";
}
