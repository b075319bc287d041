using EventExplorer.Data.Model;
using EventExplorer.Data.Reducers;

namespace EventExplorer.Data.State;

/// <summary>The reducer the state page would use for an aggregate when none is named.</summary>
public static class ReducerChoice
{
    /// <summary>
    /// The catalog's reducer for the aggregate. The first commit's event type is read (one small Query)
    /// only when some configured reducer is chosen by it.
    /// </summary>
    public static async Task<Reducer> ForAggregateAsync(this ReducerCatalog catalog, IEventStoreReader reader, string aggregateId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(reader);
        string? firstEventType = null;
        if (catalog.Reducers.Any(r => r.FirstEvent is not null))
        {
            var first = await reader.ReadTimelineAsync(new TimelineQuery { AggregateId = aggregateId, FromOldest = true, Order = ReadOrder.OldestFirst, PageSize = 1 }, cancellationToken).ConfigureAwait(false);
            firstEventType = first.Items.FirstOrDefault()?.Events.FirstOrDefault()?.Type;
        }
        return catalog.For(aggregateId, firstEventType);
    }
}
