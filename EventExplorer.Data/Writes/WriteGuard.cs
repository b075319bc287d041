using EventExplorer.Data.Errors;
using EventExplorer.Data.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

using EventExplorer.Data.Diagnostics;

namespace EventExplorer.Data.Writes;

/// <summary>What a write is about to do, for its checks and audit records.</summary>
internal sealed record WriteIntent
{
    public required AuditOperation Operation { get; init; }

    /// <summary>"appending a commit": how messages name the operation.</summary>
    public required string Description { get; init; }
    public required string Endpoint { get; init; }
    public required string Table { get; init; }
    public string? AggregateId { get; init; }
    public string? SnapshotId { get; init; }
    public long? Version { get; init; }
}

/// <summary>What a write found out while it ran, for its outcome record (layout A's commit id is allocated inside the write).</summary>
internal sealed class WriteProgress
{
    /// <summary>The audit's id of this attempt; unique per write even without an audit.</summary>
    public string AttemptId { get; init; } = Guid.NewGuid().ToString("N");

    public string? CommitId { get; set; }
}

/// <summary>
/// The checks every write of the data service passes, in the writer itself (not only in the UI):
/// read-only mode, the current user's Author role, and a durable audit record of the attempt before
/// anything is sent, with its outcome after. A write whose attempt cannot be recorded is refused.
/// </summary>
public sealed class WriteGuard
{
    private readonly IWriterContext? _writers;
    private readonly AuditLog? _audit;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <summary>
    /// The guard of the app's data service: the writer must be an Author, and every attempt is audited.
    /// </summary>
    public WriteGuard(IWriterContext writers, AuditLog audit, TimeProvider? time = null, ILogger? logger = null)
    {
        _writers = writers;
        _audit = audit;
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
    }

    private WriteGuard()
    {
        _time = TimeProvider.System;
        _logger = NullLogger.Instance;
    }

    /// <summary>
    /// Only read-only mode is checked: for tools and tests that build a store over their own
    /// DynamoDB client and credentials (seeding, "another program" in tests). The app's DI never
    /// uses it (see ServiceCollectionExtensions.AddEventExplorerData).
    /// </summary>
    public static WriteGuard Unchecked { get; } = new();

    internal async Task<T> RunAsync<T>(WriteIntent intent, bool readOnly, Func<WriteProgress, CancellationToken, Task<T>> write, CancellationToken cancellationToken)
    {
        if (readOnly)
        {
            CountRefusal(intent);
            _logger.LogWarning("Refused {Operation}: EventExplorer is read-only.", intent.Description);
            if (_audit is not null) await RecordRefusalAsync(intent, await CurrentWriterAsync(cancellationToken).ConfigureAwait(false), "EventExplorer is in read-only mode.").ConfigureAwait(false);
            throw new ReadOnlyModeException(intent.Description);
        }
        var progress = new WriteProgress();
        if (_writers is null || _audit is null) return await write(progress, cancellationToken).ConfigureAwait(false);

        var writer = await CurrentWriterAsync(cancellationToken).ConfigureAwait(false);
        if (!writer.IsAuthor)
        {
            var forbidden = new WriteForbiddenException(intent.Description, writer);
            CountRefusal(intent);
            _logger.LogWarning("Refused {Operation} by {Writer}: the Author role is needed.", intent.Description, writer.Describe());
            await RecordRefusalAsync(intent, writer, forbidden.Message).ConfigureAwait(false);
            throw forbidden;
        }

        var attempt = progress.AttemptId;
        try
        {
            await _audit.WriteAsync(Record(intent, writer, attempt, AuditOutcome.Attempted, null, null), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or System.Security.SecurityException)
        {
            _logger.LogError(ex, "The audit record of {Operation} by {Writer} could not be written to {Path}; the write was refused and not sent.",
                intent.Description, writer.Describe(), _audit.Path);
            throw new AuditUnavailableException(intent.Description, $"{ex.GetType().Name}: {ex.Message}", ex);
        }

        try
        {
            var result = await write(progress, cancellationToken).ConfigureAwait(false);
            await RecordOutcomeAsync(intent, writer, attempt, AuditOutcome.Succeeded, progress, null).ConfigureAwait(false);
            return result;
        }
        catch (Exception ex)
        {
            var (outcome, detail) = ex switch
            {
                VersionConflictException => (AuditOutcome.Conflict, ex.Message),
                WriteOutcomeUnknownException => (AuditOutcome.Unknown, ex.Message),
                OperationCanceledException => (AuditOutcome.Unknown, "Cancelled while it was being written; it may or may not have been written."),
                WriteValidationException or InvalidQueryException => (AuditOutcome.Refused, ex.Message),
                EventStoreException => (AuditOutcome.Failed, ex.Message),
                _ => (AuditOutcome.Failed, $"{ex.GetType().Name}: {ex.Message}"),
            };
            await RecordOutcomeAsync(intent, writer, attempt, outcome, progress, detail).ConfigureAwait(false);
            throw;
        }
    }

    // The stores count what reaches them (written, conflict, unknown, failed); refusals never do.
    private static void CountRefusal(WriteIntent intent) => StoreTelemetry.Writes.Add(1, new System.Diagnostics.TagList
    {
        { "eventexplorer.write.kind", intent.Operation == AuditOperation.Append ? "commit" : "snapshot" },
        { "outcome", "refused" },
    });

    private async Task<WriterIdentity> CurrentWriterAsync(CancellationToken cancellationToken) =>
        _writers is null ? WriterIdentity.Unknown : await _writers.GetCurrentWriterAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>A refusal is recorded as well as it can be; the refusal stands either way.</summary>
    private async Task RecordRefusalAsync(WriteIntent intent, WriterIdentity writer, string reason)
    {
        try
        {
            await _audit!.WriteAsync(Record(intent, writer, Guid.NewGuid().ToString("N"), AuditOutcome.Refused, null, reason), CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or System.Security.SecurityException)
        {
            _logger.LogError(ex, "The audit record of a refused {Operation} by {Writer} could not be written to {Path}.", intent.Description, writer.Describe(), _audit!.Path);
        }
    }

    /// <summary>
    /// The verified outcome of an earlier attempt whose outcome was unknown (or failed), found by a
    /// later read: recorded under the attempt's id, by whoever checked. Like an outcome, a failure to
    /// record it is logged and changes nothing else.
    /// </summary>
    internal async Task RecordVerifiedAsync(WriteIntent intent, string attempt, AuditOutcome outcome, string? commitId, string detail)
    {
        if (_audit is null) return;
        var writer = await CurrentWriterAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            await _audit.WriteAsync(Record(intent, writer, attempt, outcome, commitId, detail) with { Verified = true }, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or System.Security.SecurityException)
        {
            _logger.LogError(ex, "The verified outcome {Outcome} of attempt {Attempt} could not be written to {Path}.", outcome, attempt, _audit.Path);
        }
    }

    /// <summary>
    /// The outcome is recorded after the fact: the attempt is already on disk, so a failure here is
    /// logged (the log has the outcome too) and does not change what the user is told.
    /// </summary>
    private async Task RecordOutcomeAsync(WriteIntent intent, WriterIdentity writer, string attempt, AuditOutcome outcome, WriteProgress progress, string? detail)
    {
        try
        {
            await _audit!.WriteAsync(Record(intent, writer, attempt, outcome, progress.CommitId, detail), CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or System.Security.SecurityException)
        {
            _logger.LogError(ex, "The audit outcome {Outcome} of attempt {Attempt} could not be written to {Path}.", outcome, attempt, _audit!.Path);
        }
    }

    private AuditRecord Record(WriteIntent intent, WriterIdentity writer, string attempt, AuditOutcome outcome, string? commitId, string? detail) => new()
    {
        Time = _time.GetUtcNow(),
        Attempt = attempt,
        Operation = intent.Operation,
        Outcome = outcome,
        Subject = writer.Subject,
        Name = writer.Name,
        Role = WriterIdentity.RoleName(writer.Role),
        Endpoint = intent.Endpoint,
        Table = intent.Table,
        AggregateId = intent.AggregateId,
        SnapshotId = intent.SnapshotId,
        Version = intent.Version,
        CommitId = commitId,
        Detail = detail,
    };
}
