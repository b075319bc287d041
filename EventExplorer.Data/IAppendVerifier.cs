using EventExplorer.Data.Model;

namespace EventExplorer.Data;

/// <summary>
/// Settles an append whose outcome was unknown when it returned (its reply was lost and reading it back
/// did not answer): one consistent read of its version, compared with what was sent.
/// </summary>
public interface IAppendVerifier
{
    /// <summary>
    /// Reads the attempt's version and says whether the attempt was written, nothing was, or another
    /// commit is there. The verified outcome is added to the audit under the attempt's id. Throws the
    /// store's errors when the read cannot answer (the outcome then stays unknown).
    /// </summary>
    Task<AppendVerification> VerifyAppendAsync(AppendAttempt attempt, CancellationToken cancellationToken);
}
