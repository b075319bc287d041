namespace EventExplorer.Data.Model;

/// <summary>A commit to append, as a user typed it.</summary>
public sealed record AppendRequest
{
    public required string AggregateId { get; init; }

    /// <summary>The version the new commit takes (the expected next version).</summary>
    public required long Version { get; init; }

    /// <summary>JSON text of an array of events (any JSON values).</summary>
    public required string EventsJson { get; init; }
}

/// <summary>
/// One append as it was sent to DynamoDB: enough to recognise its item later (another attempt at the
/// same version has another commit id or time). Handed out when the outcome was not verified, so that
/// it can be checked later (<see cref="IAppendVerifier"/>) and a later conflict recognised as this attempt.
/// </summary>
public sealed record AppendAttempt
{
    /// <summary>The audit's attempt id: the attempt's records and those of its later verification share it.</summary>
    public required string AttemptId { get; init; }

    public required string AggregateId { get; init; }
    public required long Version { get; init; }

    /// <summary>The events as written (compact JSON, <see cref="AppendEvents.Compact"/>): what the item holds when this attempt was written.</summary>
    public required string EventsJson { get; init; }

    /// <summary>The commit id as stored (a number's text in layout A).</summary>
    public required string CommitId { get; init; }

    /// <summary>Epoch milliseconds, as stored.</summary>
    public required long CommittedAt { get; init; }
}

/// <summary>What a read of an attempt's version found.</summary>
public enum AppendVerdict
{
    /// <summary>The attempt's own commit is at its version.</summary>
    Written,

    /// <summary>Nothing is at its version: it was not written (so far), and sending it again is safe.</summary>
    NotWritten,

    /// <summary>Another commit is at its version: the attempt was not written.</summary>
    TakenByAnother,
}

/// <summary>The verified outcome of an append whose outcome was unknown.</summary>
public sealed record AppendVerification
{
    public required AppendVerdict Verdict { get; init; }

    /// <summary>The commit at the version: the attempt's own when written, another's when taken; null when not written.</summary>
    public Commit? Stored { get; init; }

    /// <summary>True when the commit at the version holds exactly the attempt's events (its own, another attempt of the same text, or a copy).</summary>
    public bool SameEvents { get; init; }
}

/// <summary>The events text exactly as an append writes it, so that two texts can be compared as they would be stored.</summary>
public static class AppendEvents
{
    /// <summary>
    /// Compact JSON with number literals kept as typed (<see cref="Json.StoredJson"/>); null when the
    /// text is not a JSON array.
    /// </summary>
    public static string? Compact(string? json) => TryCompact(json, out var compact, out _) ? compact : null;

    /// <summary>As <see cref="Compact"/>, with the reason when the text cannot be an events array.</summary>
    public static bool TryCompact(string? json, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? compact, out string? error)
    {
        compact = null;
        error = null;
        if (string.IsNullOrWhiteSpace(json))
        {
            error = "The events are required: a JSON array such as [{\"type\":\"accountCreated\"}].";
            return false;
        }
        try
        {
            using var document = Json.StoredJson.Parse(json);
            if (document.RootElement.ValueKind != System.Text.Json.JsonValueKind.Array)
            {
                error = $"The events must be a JSON array (got a JSON {DynamoDb.CommitItemMapper.Describe(document.RootElement.ValueKind)}).";
                return false;
            }
            if (Json.StoredJson.FindUnstorable(json) is { } unstorable)
            {
                // Half a character is JSON, but the stored item would not hold what was typed.
                error = $"The events cannot be stored as typed: {unstorable}";
                return false;
            }
            compact = Json.StoredJson.WriteCompact(document.RootElement);
            return true;
        }
        catch (System.Text.Json.JsonException ex)
        {
            error = $"The events are not valid JSON: {Json.StoredJson.Describe(json, ex)}";
            return false;
        }
    }
}
