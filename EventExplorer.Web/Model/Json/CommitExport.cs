using System.Globalization;
using System.Text;
using System.Text.Json;
using EventExplorer.Data.Json;
using EventExplorer.Data.Model;

namespace EventExplorer.Web.Model.Json;

/// <summary>
/// Writes commits as a JSON array in the order given (callers pass replay order, oldest first).
/// Events are embedded as JSON; an <c>events</c> text that is not JSON is kept as a string under
/// <c>eventsRaw</c> with the problems, so an export never loses or invents data. Every export (this
/// array, the JSON-lines and the CSV download) gives <c>committedAt</c> one way, as ISO 8601 UTC
/// (<see cref="Time"/>), and the number the table stores (epoch milliseconds) as <c>committedAtRaw</c>.
/// </summary>
public static class CommitExport
{
    public static string ToJson(IEnumerable<Commit> commits)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, StoredJson.IndentedWriter))
        {
            writer.WriteStartArray();
            foreach (var commit in commits) Write(writer, commit);
            writer.WriteEndArray();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    public static string FileName(string stem, object? first, object? last) =>
        string.Create(CultureInfo.InvariantCulture, $"{Safe(stem)}-{Safe(first)}-{Safe(last)}.json");

    // Layout-B commit ids carry ':' and the aggregate id (which may hold '/'): no part of a file name may.
    private static string Safe(object? part)
    {
        var text = Convert.ToString(part, CultureInfo.InvariantCulture) ?? "";
        var safe = new string(text.Select(ch => char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_' or '.' ? ch : '_').ToArray());
        return safe.Length > 80 ? safe[..80] : safe;
    }

    /// <summary>One commit as a JSON object (the shape of every export: this array, and the JSON-lines download).</summary>
    public static void Write(Utf8JsonWriter writer, Commit commit)
    {
        writer.WriteStartObject();
        writer.WriteString("aggregateId", commit.AggregateId);
        if (commit.Version is { } version) writer.WriteNumber("version", version); else writer.WriteNull("version");
        if (commit.CommitId?.Number is { } number) writer.WriteNumber("commitId", number);
        else if (commit.CommitId is { } id) writer.WriteString("commitId", id.Text);
        else writer.WriteNull("commitId");
        if (commit.CommittedAt is { } at)
        {
            writer.WriteString("committedAt", Time(at));
            writer.WriteNumber("committedAtRaw", Raw(at));
        }
        else
        {
            writer.WriteNull("committedAt");
            writer.WriteNull("committedAtRaw");
        }
        if (commit.EventsJson is { } events && IsJson(events))
        {
            writer.WritePropertyName("events");
            writer.WriteRawValue(events, skipInputValidation: true);
        }
        else
        {
            writer.WriteString("eventsRaw", commit.EventsJson);
        }
        if (commit.IsMalformed)
        {
            writer.WriteStartArray("problems");
            foreach (var problem in commit.Problems) writer.WriteStringValue(problem);
            writer.WriteEndArray();
        }
        writer.WriteEndObject();
    }

    /// <summary>A commit time as every export writes it: ISO 8601 in UTC, to the millisecond (<c>2026-10-02T14:34:05.120Z</c>).</summary>
    public static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>The time as the table stores it (<c>committedAt</c>, epoch milliseconds in both layouts).</summary>
    public static long Raw(DateTimeOffset at) => at.ToUnixTimeMilliseconds();

    private static bool IsJson(string text) => StoredJson.FindError(text) is null;
}
