using EventExplorer.Data.Errors;

namespace EventExplorer.Web.Model.Loading;

/// <summary>What kind of failure a page shows; decides its title and which ways out it offers.</summary>
public enum LoadErrorKind
{
    Unavailable,
    NotAnswering,
    Throttled,
    AccessDenied,
    TableMissing,
    UnsupportedTable,
    InvalidLink,
    InvalidRequest,
    ReadOnly,
    Conflict,
    OutcomeUnknown,
    Forbidden,
    AuditUnavailable,
    Busy,
    Other,
}

/// <summary>
/// A failure as the message bar shows it: a short title, the store's message in words, and whether
/// trying again may help. A plain record (not the exception) so that it survives the hand-over from
/// the prerendered page to the interactive one.
/// </summary>
public sealed record LoadError(LoadErrorKind Kind, string Message, bool IsTransient)
{
    public string Title => Kind switch
    {
        LoadErrorKind.Unavailable => "Database unavailable",
        LoadErrorKind.NotAnswering => "Database not answering",
        LoadErrorKind.Throttled => "Throttled",
        LoadErrorKind.AccessDenied => "Access denied",
        LoadErrorKind.TableMissing => "Table missing",
        LoadErrorKind.UnsupportedTable => "Unsupported table",
        LoadErrorKind.InvalidLink => "Invalid link",
        LoadErrorKind.InvalidRequest => "Invalid request",
        LoadErrorKind.ReadOnly => "Read-only",
        LoadErrorKind.Conflict => "Version conflict",
        LoadErrorKind.OutcomeUnknown => "Outcome unknown",
        LoadErrorKind.Forbidden => "Not allowed",
        LoadErrorKind.AuditUnavailable => "Not recorded, not sent",
        LoadErrorKind.Busy => "Too many long reads",
        _ => "Error",
    };

    /// <summary>True when the link itself is wrong: the page offers a way back to a valid position.</summary>
    public bool IsBadLink => Kind is LoadErrorKind.InvalidLink or LoadErrorKind.InvalidRequest;

    public static LoadError From(EventStoreException error) => new(error switch
    {
        StoreUnavailableException => LoadErrorKind.Unavailable,
        StoreNotAnsweringException => LoadErrorKind.NotAnswering,
        StoreThrottledException => LoadErrorKind.Throttled,
        StoreAccessDeniedException => LoadErrorKind.AccessDenied,
        TableMissingException => LoadErrorKind.TableMissing,
        UnsupportedLayoutException => LoadErrorKind.UnsupportedTable,
        InvalidCursorException => LoadErrorKind.InvalidLink,
        InvalidQueryException or WriteValidationException => LoadErrorKind.InvalidRequest,
        ReadOnlyModeException => LoadErrorKind.ReadOnly,
        VersionConflictException => LoadErrorKind.Conflict,
        WriteOutcomeUnknownException => LoadErrorKind.OutcomeUnknown,
        WriteForbiddenException => LoadErrorKind.Forbidden,
        AuditUnavailableException => LoadErrorKind.AuditUnavailable,
        Hosting.ScanLimitReachedException => LoadErrorKind.Busy,
        _ => LoadErrorKind.Other,
    }, error.Message, error.IsTransient);
}
