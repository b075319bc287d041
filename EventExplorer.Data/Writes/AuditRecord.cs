using System.Text.Json.Serialization;

namespace EventExplorer.Data.Writes;

/// <summary>What a write attempt was.</summary>
public enum AuditOperation
{
    Append,
    StoreSnapshot,
}

/// <summary>
/// One line of the audit: <see cref="Attempted"/> is written before anything is sent; the outcome
/// follows under the same attempt id. A refusal (role, read-only, audit, validation) is one record.
/// </summary>
public enum AuditOutcome
{
    Attempted,
    Succeeded,
    Conflict,
    Unknown,
    Failed,
    Refused,
}

/// <summary>One audit record, as one line of JSON in the audit file.</summary>
public sealed record AuditRecord
{
    public required DateTimeOffset Time { get; init; }

    /// <summary>Ties an attempt to its outcome.</summary>
    public required string Attempt { get; init; }

    public required AuditOperation Operation { get; init; }
    public required AuditOutcome Outcome { get; init; }

    /// <summary>The identity provider's id of the user (<c>sub</c>).</summary>
    public required string Subject { get; init; }
    public required string Name { get; init; }
    public required string Role { get; init; }

    public required string Endpoint { get; init; }
    public required string Table { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? AggregateId { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? SnapshotId { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? Version { get; init; }

    /// <summary>Known before the put in layout B, after the counter in layout A; on the outcome record in both.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? CommitId { get; init; }

    /// <summary>Why it was refused or failed, in the data service's words.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Detail { get; init; }
}

/// <summary>The newest records of the audit file, newest first.</summary>
public sealed record AuditTail
{
    public required IReadOnlyList<AuditRecord> Records { get; init; }

    /// <summary>Lines in the part read that are not audit records (edited by hand, cut off by a crash).</summary>
    public int UnreadableLines { get; init; }

    /// <summary>True when the file holds older records than those read.</summary>
    public bool MoreBefore { get; init; }

    /// <summary>False when there is no audit file yet (nothing was ever written).</summary>
    public bool FileExists { get; init; }
}
