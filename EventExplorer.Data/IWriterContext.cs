using EventExplorer.Data.Model;

namespace EventExplorer.Data;

/// <summary>
/// Who is asking the data service to write. The stores are singletons shared by every user; the
/// host (the web app) knows the signed-in user of the circuit or request that is writing and says
/// so here, so that the writer itself can check the Author role and name the writer in the audit.
/// </summary>
public interface IWriterContext
{
    /// <summary>The user on whose behalf the current write runs; <see cref="WriterIdentity.Unknown"/> when the host cannot tell.</summary>
    Task<WriterIdentity> GetCurrentWriterAsync(CancellationToken cancellationToken);
}
