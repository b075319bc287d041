using EventExplorer.Data;
using EventExplorer.Data.Errors;
using EventExplorer.Data.Model;

namespace EventExplorer.Web.Model.Shell;

/// <summary>
/// What the app bar says about the connection: endpoint, table, layout, and whether writes are
/// allowed. The store caches its description after the first success, so asking again is free.
/// </summary>
public sealed class ShellViewModel(IEventStoreReader reader, IEventStoreWriter writer)
{
    public StoreDescription? Store { get; private set; }

    /// <summary>Why the store could not be described; pages say more in their own message bar.</summary>
    public string? Problem { get; private set; }

    public bool CanWrite => writer.CanWrite;

    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        if (Store is not null) return;
        try
        {
            Store = await reader.DescribeAsync(cancellationToken);
            Problem = null;
        }
        catch (EventStoreException e)
        {
            Problem = e.Message;
        }
    }
}
