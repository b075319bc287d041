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

    /// <summary>A later check found nothing at the version: the attempt was not written (so far).</summary>
    NotWritten,
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

    /// <summary>
    /// True on an outcome found by a later read of the version (after an unknown or failed outcome):
    /// it follows the attempt's earlier records under the same attempt id.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Verified { get; init; }
}

/// <summary>The newest records of the audit file, newest first.</summary>
public sealed record AuditTail
{
    /// <summary>Records and damaged lines, newest first, in the order the file holds them.</summary>
    public required IReadOnlyList<AuditEntry> Entries { get; init; }

    /// <summary>The records among <see cref="Entries"/>, newest first.</summary>
    public IReadOnlyList<AuditRecord> Records => Entries.Where(e => e.Record is not null).Select(e => e.Record!).ToList();

    /// <summary>Lines in the part read that are not audit records (cut off by a full disk or a crash, edited by hand).</summary>
    public int UnreadableLines => Entries.Count(e => e.Damaged is not null);

    /// <summary>True when the file holds older records than those read.</summary>
    public bool MoreBefore { get; init; }

    /// <summary>False when there is no audit file yet (nothing was ever written).</summary>
    public bool FileExists { get; init; }
}

/// <summary>One entry of the audit file's tail: a record, or a line that is not one.</summary>
public sealed record AuditEntry(AuditRecord? Record, DamagedAuditLine? Damaged);

/// <summary>A line of the audit file that is not a whole record: shown as damaged, as text, never parsed further.</summary>
public sealed record DamagedAuditLine
{
    public const int PreviewBytes = 300;

    /// <summary>The line's first bytes as text.</summary>
    public required string Preview { get; init; }

    /// <summary>The line's length in bytes.</summary>
    public required int Bytes { get; init; }
}
