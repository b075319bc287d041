using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using EventExplorer.Data.Configuration;
using EventExplorer.Data.DynamoDb.Commits;
using EventExplorer.Data.Model;
using EventExplorer.Data.Writes;

namespace EventExplorer.Data.DynamoDb;

/// <summary>
/// The event store over DynamoDB, in either layout of docs/layouts.md: the one object behind the store's
/// interfaces, handing each call to the class whose job it is (in <c>DynamoDb/Commits</c>), all of them
/// reading through one <see cref="KeyRangeReader"/>.
/// </summary>
public sealed class DynamoDbEventStore : IEventStoreReader, IEventStoreWriter, IEventStoreSearch, IAppendVerifier
{
    private readonly StoreSchemaDetector _schema;
    private readonly TimelineReader _timeline;
    private readonly FeedReader _feed;
    private readonly AggregateLister _aggregates;
    private readonly CommitSearch _search;
    private readonly FieldHistoryReader _fieldHistory;
    private readonly TimeTravelSearch _timeTravel;
    private readonly CommitInspector _inspector;
    private readonly CommitAppender _appender;

    /// <param name="writes">Who may write and the audit; <see cref="WriteGuard.Unchecked"/> (only read-only mode) when not given.</param>
    public DynamoDbEventStore(IAmazonDynamoDB client, StoreSchemaDetector schema, EventExplorerOptions options, TimeProvider? time = null, WriteGuard? writes = null)
    {
        _schema = schema;
        var reader = new KeyRangeReader(client, schema, options.Tables);
        var filtered = new FilteredPageReader(reader);
        _timeline = new TimelineReader(reader, filtered);
        _feed = new FeedReader(reader, filtered, new OldestFeedCommitId(reader, time ?? TimeProvider.System));
        _aggregates = new AggregateLister(reader);
        _timeTravel = new TimeTravelSearch(reader);
        var ranges = new CommitRangeResolver(reader, _timeTravel);
        var estimator = new RangeEstimator(reader, _aggregates);
        _search = new CommitSearch(reader, ranges, estimator);
        _fieldHistory = new FieldHistoryReader(reader, ranges, estimator);
        _inspector = new CommitInspector(reader, ranges, estimator);
        _appender = new CommitAppender(reader, time ?? TimeProvider.System, writes ?? WriteGuard.Unchecked);
    }

    /// <summary>The scan budget in use; tests lower it to exercise the bound without writing 10,000 items.</summary>
    internal int ScanBudget
    {
        get => _aggregates.ScanBudget;
        set => _aggregates.ScanBudget = value;
    }

    public Task<StoreDescription> DescribeAsync(CancellationToken cancellationToken) => _schema.DescribeAsync(cancellationToken);

    public Task<CommitPage> ReadTimelineAsync(TimelineQuery query, CancellationToken cancellationToken) => _timeline.ReadTimelineAsync(query, cancellationToken);

    public Task<FeedPage> ReadFeedAsync(FeedQuery query, CancellationToken cancellationToken) => _feed.ReadFeedAsync(query, cancellationToken);

    public Task<IReadOnlyList<Commit>> ReadFeedFromAsync(CommitId? fromCommitId, int limit, CancellationToken cancellationToken) =>
        _feed.ReadFeedFromAsync(fromCommitId, limit, cancellationToken);

    public Task<Commit?> ReadLatestCommitAsync(CancellationToken cancellationToken) => _feed.ReadLatestCommitAsync(cancellationToken);

    public Task<RecentAggregates> ReadRecentAggregatesAsync(int count, CancellationToken cancellationToken) => _aggregates.ReadRecentAggregatesAsync(count, cancellationToken);

    public Task<AggregateInfo?> FindAggregateAsync(string aggregateId, CancellationToken cancellationToken) => _aggregates.FindAggregateAsync(aggregateId, cancellationToken);

    public Task<ScanPage<ScannedAggregate>> ScanAggregatesAsync(ScanQuery query, CancellationToken cancellationToken) => _aggregates.ScanAggregatesAsync(query, cancellationToken);

    public Task<TableStats> GetCommitTableStatsAsync(CancellationToken cancellationToken) => _aggregates.GetCommitTableStatsAsync(cancellationToken);

    public IAsyncEnumerable<SearchProgress> SearchAsync(SearchRequest request, CancellationToken cancellationToken) => _search.SearchAsync(request, cancellationToken);

    public IAsyncEnumerable<FieldHistoryProgress> ReadFieldHistoryAsync(FieldHistoryRequest request, CancellationToken cancellationToken) =>
        _fieldHistory.ReadFieldHistoryAsync(request, cancellationToken);

    public IAsyncEnumerable<Commit> ExportAsync(ExportRequest request, IProgress<ReadCost>? progress, CancellationToken cancellationToken) =>
        _search.ExportAsync(request, progress, cancellationToken);

    public Task<TimeTravelResult> FindFirstAtOrAfterAsync(TimeTravelQuery query, CancellationToken cancellationToken) => _timeTravel.FindFirstAtOrAfterAsync(query, cancellationToken);

    public Task<Commit?> ReadCommitAsync(string aggregateId, long version, CancellationToken cancellationToken) => _inspector.ReadCommitAsync(aggregateId, version, cancellationToken);

    public Task<RawItem?> ReadRawItemAsync(string aggregateId, string version, CancellationToken cancellationToken) => _inspector.ReadRawItemAsync(aggregateId, version, cancellationToken);

    public IAsyncEnumerable<AggregateSummary> SummariseAggregateAsync(string aggregateId, ReadBudget budget, CancellationToken cancellationToken) =>
        _inspector.SummariseAggregateAsync(aggregateId, budget, cancellationToken);

    public bool CanWrite => _appender.CanWrite;

    public Task<Commit> AppendAsync(AppendRequest request, CancellationToken cancellationToken) => _appender.AppendAsync(request, cancellationToken);

    public Task<long> ProposeNextVersionAsync(string aggregateId, CancellationToken cancellationToken) => _appender.ProposeNextVersionAsync(aggregateId, cancellationToken);

    public Task<AppendVerification> VerifyAppendAsync(AppendAttempt attempt, CancellationToken cancellationToken) => _appender.VerifyAppendAsync(attempt, cancellationToken);

    // For the test project's fake store until it goes (issue 17 §4).
    internal static int CeilLog2(long n) => CommitBinarySearch.CeilLog2(n);

    internal static string DynamoDbJson(IEnumerable<KeyValuePair<string, AttributeValue>> attributes) => Commits.DynamoDbJson.Write(attributes);
}
