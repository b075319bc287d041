using EventExplorer.Data;
using EventExplorer.Data.Model;

namespace EventExplorer.Tests.Fakes;

/// <summary>
/// The fake event store's find-anything reads, with raw items given by a test: an item another program
/// wrote (attributes the layouts do not define, a version of 2.5), which the fake's commits cannot hold.
/// </summary>
public sealed class RawItemOverrides(FakeEventStore store) : IEventStoreSearch
{
    private readonly Dictionary<(string AggregateId, string Version), RawItem> _raw = [];

    public void Put(string aggregateId, string version, RawItem item) => _raw[(aggregateId, version)] = item;

    public Task<RawItem?> ReadRawItemAsync(string aggregateId, string version, CancellationToken cancellationToken) =>
        _raw.TryGetValue((aggregateId, version), out var item) ? Task.FromResult<RawItem?>(item) : store.ReadRawItemAsync(aggregateId, version, cancellationToken);

    public IAsyncEnumerable<SearchProgress> SearchAsync(SearchRequest request, CancellationToken cancellationToken) => store.SearchAsync(request, cancellationToken);

    public IAsyncEnumerable<FieldHistoryProgress> ReadFieldHistoryAsync(FieldHistoryRequest request, CancellationToken cancellationToken) =>
        store.ReadFieldHistoryAsync(request, cancellationToken);

    public Task<TimeTravelResult> FindFirstAtOrAfterAsync(TimeTravelQuery query, CancellationToken cancellationToken) => store.FindFirstAtOrAfterAsync(query, cancellationToken);

    public Task<Commit?> ReadCommitAsync(string aggregateId, long version, CancellationToken cancellationToken) => store.ReadCommitAsync(aggregateId, version, cancellationToken);

    public IAsyncEnumerable<AggregateSummary> SummariseAggregateAsync(string aggregateId, ReadBudget budget, CancellationToken cancellationToken) =>
        store.SummariseAggregateAsync(aggregateId, budget, cancellationToken);

    public IAsyncEnumerable<Commit> ExportAsync(ExportRequest request, IProgress<ReadCost>? progress, CancellationToken cancellationToken) =>
        store.ExportAsync(request, progress, cancellationToken);
}
