namespace EventExplorer.Data.Errors;

/// <summary>
/// The few failures the data service reports. Pages catch this type; no raw AWS SDK exception
/// leaves the data layer. <see cref="Exception.Message"/> is written for the user.
/// </summary>
public abstract class EventStoreException : Exception
{
    protected EventStoreException(string message, Exception? inner = null) : base(message, inner) { }

    /// <summary>True when trying the same call again later may succeed (down, throttled).</summary>
    public virtual bool IsTransient => false;
}

/// <summary>Another commit already holds (aggregate id, version).</summary>
public sealed class VersionConflictException(string aggregateId, long version, Exception? inner = null)
    : EventStoreException($"Version conflict: aggregate '{aggregateId}' already has a commit at version {version}.", inner)
{
    public string AggregateId { get; } = aggregateId;
    public long Version { get; } = version;

    /// <summary>
    /// True when the commit at that version holds exactly the events this append would have written
    /// (compared as stored): an earlier attempt of the same text, so appending it at the next version
    /// would store the same events twice.
    /// </summary>
    public bool StoredEventsMatch { get; init; }
}

/// <summary>A configured table (or index) does not exist at the endpoint.</summary>
public sealed class TableMissingException(string tableName, string endpoint, Exception? inner = null)
    : EventStoreException($"Table '{tableName}' was not found at {endpoint}. Check the table names in configuration (EventExplorer:Tables).", inner)
{
    public string TableName { get; } = tableName;
    public string Endpoint { get; } = endpoint;
}

/// <summary>The table exists but its key schema is not one of the layouts the explorer understands.</summary>
public sealed class UnsupportedLayoutException(string tableName, string detail)
    : EventStoreException($"Table '{tableName}' does not have a layout EventExplorer understands: {detail}")
{
    public string TableName { get; } = tableName;
}

/// <summary>DynamoDB kept throttling after the SDK's retries.</summary>
public sealed class StoreThrottledException(string endpoint, Exception? inner = null)
    : EventStoreException($"DynamoDB at {endpoint} is throttling requests (provisioned throughput exceeded). Try again in a moment.", inner)
{
    public override bool IsTransient => true;
}

/// <summary>The endpoint could not be reached or answered with a server error.</summary>
public sealed class StoreUnavailableException(string endpoint, string detail, Exception? inner = null)
    : EventStoreException($"DynamoDB at {endpoint} is unavailable: {detail}", inner)
{
    public override bool IsTransient => true;

    /// <summary>False when the connection was refused, so a write cannot have reached the database.</summary>
    public bool RequestMayHaveArrived { get; init; } = true;
}

/// <summary>The endpoint did not answer within the deadline (a hung, overloaded or unreachable database).</summary>
public sealed class StoreNotAnsweringException(string endpoint, TimeSpan deadline, Exception? inner = null)
    : EventStoreException($"DynamoDB at {endpoint} is not answering: no reply within {deadline.TotalSeconds:0.#} s. It may be overloaded, or the network to it may be down.", inner)
{
    public override bool IsTransient => true;
}

/// <summary>
/// A write was sent but no reply came back, and a check could not tell whether it was written.
/// Trying again blindly could write it twice (or, with a version condition, report a false
/// conflict), so the user is told exactly that and how to check.
/// </summary>
public sealed class WriteOutcomeUnknownException(string what, string howToCheck, Exception? inner = null)
    : EventStoreException($"The outcome of {what} is unknown: it was sent, but no reply came back and a check could not confirm it. {howToCheck}", inner)
{
    public string What { get; } = what;
    public string HowToCheck { get; } = howToCheck;

    /// <summary>
    /// The append as it was sent, to check later (<see cref="IAppendVerifier"/>) and to recognise
    /// when a later conflict meets it; null for writes that are not appends.
    /// </summary>
    public Model.AppendAttempt? Attempt { get; init; }
}

/// <summary>Credentials are missing or not allowed to do this.</summary>
public sealed class StoreAccessDeniedException(string endpoint, string detail, Exception? inner = null)
    : EventStoreException($"Access to DynamoDB at {endpoint} was denied: {detail}", inner);

/// <summary>A paging or continue token that was not issued by this explorer for this view (tampered, truncated or for another aggregate).</summary>
/// <param name="detail">What is wrong with it.</param>
/// <param name="link">What the link was ("paging link", "continue link of the integrity check").</param>
/// <param name="remedy">What to do instead.</param>
public sealed class InvalidCursorException(string detail, string link = "paging link", string remedy = "Start again from the first or latest page.")
    : EventStoreException($"The {link} is not valid ({detail}). {remedy}");

/// <summary>A write was attempted while the explorer is read-only.</summary>
public sealed class ReadOnlyModeException(string operation)
    : EventStoreException($"EventExplorer is in read-only mode: {operation} is not allowed. Set EventExplorer:ReadOnly=false (only in a development environment) to enable writes.")
{
    public string Operation { get; } = operation;
}

/// <summary>A commit or snapshot a user wrote fails validation; <see cref="Errors"/> lists every reason.</summary>
public sealed class WriteValidationException(IReadOnlyList<string> errors)
    : EventStoreException(string.Join(" ", errors))
{
    public IReadOnlyList<string> Errors { get; } = errors;
}

/// <summary>A request argument outside what the explorer accepts (page size, prefix, version).</summary>
public sealed class InvalidQueryException(string detail) : EventStoreException(detail);

/// <summary>
/// A streamed read (an export) spent its read budget before the end of its range. What was delivered
/// is complete up to <see cref="Resume"/>, which continues it.
/// </summary>
public sealed class ReadBudgetExhaustedException(Model.ExportRequest resume, Model.ReadCost cost)
    : EventStoreException($"The read budget ran out after {cost.ItemsRead:N0} items read ({cost.Requests:N0} requests). What was delivered is complete up to there; continue from there or allow a larger budget.")
{
    public Model.ExportRequest Resume { get; } = resume;
    public Model.ReadCost Cost { get; } = cost;
}

/// <summary>A write by a user who does not have the Author role (or who could not be identified).</summary>
public sealed class WriteForbiddenException(string operation, Model.WriterIdentity writer)
    : EventStoreException($"Not allowed: {operation} needs the Author role, and {writer.Describe()} does not have it. Nothing was written.")
{
    public string Operation { get; } = operation;
    public Model.WriterIdentity Writer { get; } = writer;
}

/// <summary>
/// A write refused because its audit record could not be written first: every write is recorded
/// durably before it is sent, so a write without its record is never sent.
/// </summary>
public sealed class AuditUnavailableException(string operation, string detail, Exception? inner = null)
    : EventStoreException($"Refused: {operation} was not sent, because its audit record could not be written ({detail}). Every write is recorded before it is sent; whoever runs EventExplorer should check EventExplorer:Audit:Path.", inner)
{
    public string Operation { get; } = operation;
}
