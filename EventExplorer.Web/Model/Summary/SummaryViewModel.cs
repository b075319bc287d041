using EventExplorer.Data;
using EventExplorer.Data.Model;
using EventExplorer.Web.Model.Loading;

namespace EventExplorer.Web.Model.Summary;

/// <summary>
/// State of the summary page (/summary): an aggregate's commits, versions, times, gaps, events per type
/// and size, streamed (each update is the whole summary so far: a short history is done after one).
/// </summary>
public sealed class SummaryViewModel(IEventStoreSearch search) : StreamedViewModel<SummaryState>
{
    /// <summary>The latest update; null before the first.</summary>
    public AggregateSummary? Summary { get; private set; }

    protected override void Reset()
    {
        Summary = null;
    }

    protected override async Task ReadAsync()
    {
        if (State.AggregateId is not { } aggregateId) return;
        await StreamAsync(cancellationToken => search.SummariseAggregateAsync(aggregateId, Budget, cancellationToken), update => Summary = update);
    }

    /// <summary>The event types, most frequent first (ties by name).</summary>
    public IReadOnlyList<KeyValuePair<string, long>> EventTypes =>
        Summary?.EventTypes.OrderByDescending(t => t.Value).ThenBy(t => t.Key, StringComparer.Ordinal).ToList() ?? [];
}
