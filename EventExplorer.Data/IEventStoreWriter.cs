using EventExplorer.Data.Model;

namespace EventExplorer.Data;

/// <summary>
/// Appends commits exactly as the programs that own the tables do. Refuses every write in read-only
/// mode (<see cref="Errors.ReadOnlyModeException"/>).
/// </summary>
public interface IEventStoreWriter
{
    /// <summary>True when writes are allowed.</summary>
    bool CanWrite { get; }

    /// <summary>
    /// Validates and appends one commit. Throws <see cref="Errors.WriteValidationException"/> for bad
    /// input and <see cref="Errors.VersionConflictException"/> when the version is taken.
    /// </summary>
    Task<Commit> AppendAsync(AppendRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// The version the next commit of this aggregate should take: head + 1, or 0 for a new aggregate.
    /// Throws <see cref="Errors.InvalidQueryException"/> when the head is the largest version there is,
    /// or is stored as a number no version can follow (never an overflow).
    /// </summary>
    Task<long> ProposeNextVersionAsync(string aggregateId, CancellationToken cancellationToken);
}
