using EventExplorer.Data.Model;

namespace EventExplorer.Data;

/// <summary>
/// Reads that find things across many commits: payload search, field history, time travel, single
/// commits and raw items, aggregate summaries and export. Long reads stream (an update per response,
/// so a progress bar and a Cancel button work), are bounded by a <see cref="ReadBudget"/>, stop at the
/// caller's token, and keep nothing but what they return. Filters across pages are on
/// <see cref="IEventStoreReader.ReadTimelineAsync"/> and <see cref="IEventStoreReader.ReadFeedAsync"/>
/// (<see cref="TimelineQuery.Filter"/>, <see cref="FeedQuery.Filter"/>). Every method throws only
/// <see cref="Errors.EventStoreException"/> subtypes (and <see cref="OperationCanceledException"/>);
/// a malformed item met on the way is reported in the results, never thrown.
/// </summary>
public interface IEventStoreSearch
{
    /// <summary>
    /// Searches the events of a range (one aggregate's history, or the feed by commit id or time) for text
    /// or path = value, in replay order. The first update comes before any read (with the estimate),
    /// then one per response. Stops at the end of the range, the budget or <see cref="SearchRequest.MaxMatches"/>;
    /// the last update's <see cref="SearchProgress.Resume"/> continues exactly where reading stopped.
    /// </summary>
    IAsyncEnumerable<SearchProgress> SearchAsync(SearchRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// Every event of one aggregate that sets a field (a path, or a bare name at any depth), with its old
    /// and new value, in replay order; streamed like <see cref="SearchAsync"/>.
    /// </summary>
    IAsyncEnumerable<FieldHistoryProgress> ReadFieldHistoryAsync(FieldHistoryRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// The first commit at or after a time, in the feed or in one aggregate, in O(log n) requests
    /// (at most 2 x ceil(log2 n) + 2). Says where committedAt is missing or goes backwards near the answer.
    /// </summary>
    Task<TimeTravelResult> FindFirstAtOrAfterAsync(TimeTravelQuery query, CancellationToken cancellationToken);

    /// <summary>One commit by its key (a consistent read); null when there is none.</summary>
    Task<Commit?> ReadCommitAsync(string aggregateId, long version, CancellationToken cancellationToken);

    /// <summary>
    /// One item exactly as stored, every attribute with its DynamoDB type. <paramref name="version"/> is
    /// the stored number's text (so an item stored with version 2.5 can be read); null when there is none.
    /// </summary>
    Task<RawItem?> ReadRawItemAsync(string aggregateId, string version, CancellationToken cancellationToken);

    /// <summary>
    /// An aggregate's summary (commits, versions and times, gaps, events per type, size), streamed: an
    /// update per response, the first after one request, so a short history is immediate.
    /// </summary>
    IAsyncEnumerable<AggregateSummary> SummariseAggregateAsync(string aggregateId, ReadBudget budget, CancellationToken cancellationToken);

    /// <summary>
    /// The commits of a range in replay order, optionally filtered, read a response at a time (never the
    /// whole range in memory). Throws <see cref="Errors.ReadBudgetExhaustedException"/> (with where to
    /// continue) when the budget runs out before the range ends. <paramref name="progress"/> hears the cost after each response.
    /// </summary>
    IAsyncEnumerable<Commit> ExportAsync(ExportRequest request, IProgress<ReadCost>? progress, CancellationToken cancellationToken);
}
