using Amazon.DynamoDBv2;
using EventExplorer.Data.Configuration;
using EventExplorer.Data.DynamoDb;
using EventExplorer.Data.Errors;
using EventExplorer.Data.Model;
using EventExplorer.Testing;
using EventExplorer.Tests.Infrastructure;

namespace EventExplorer.Tests.Data.EventStore;

/// <summary>
/// An append whose reply was lost, through the proxy: every path where the put may have reached
/// DynamoDB ends in the commit found written, a real conflict, or "outcome unknown"; never in a plain
/// transient error that a page would offer to retry.
/// </summary>
public sealed class LostReplyTests(DynaliteFixture dynalite) : IClassFixture<DynaliteFixture>, IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;
    private const string Events = """[{"type":"refunded","amount":25}]""";

    private DynamoDbProxy _proxy = null!;

    public async Task InitializeAsync() => _proxy = await DynamoDbProxy.StartAsync(dynalite.ServiceUrl);

    public async Task DisposeAsync() => await _proxy.DisposeAsync();

    private sealed record Bed(DynamoDbEventStore Store, DynamoDbEventStore Direct, IAmazonDynamoDB Client, IAmazonDynamoDB DirectClient) : IDisposable
    {
        public async Task<IReadOnlyList<Commit>> ReadAllAsync(string aggregateId) =>
            (await Direct.ReadTimelineAsync(new TimelineQuery { AggregateId = aggregateId, Order = ReadOrder.OldestFirst }, None)).Items;

        public Task<Commit> AppendAsync(string aggregateId, long version, string events = Events) =>
            Store.AppendAsync(new AppendRequest { AggregateId = aggregateId, Version = version, EventsJson = events }, None);

        public void Dispose()
        {
            Client.Dispose();
            DirectClient.Dispose();
        }
    }

    /// <summary>The app's settings of the fault journeys: a 2 s deadline, 1 s per attempt, one SDK retry.</summary>
    private async Task<Bed> CreateAsync(EventStoreLayout layout = EventStoreLayout.CounterCommitIds)
    {
        var stem = DynaliteFixture.UniqueName("lost");
        var tables = new TableNames { Commits = $"{stem}-commits", CommitIdIndex = "byId", Counters = $"{stem}-counters", Snapshots = $"{stem}-snapshots" };
        var options = new EventExplorerOptions
        {
            ServiceUrl = _proxy.Url,
            Tables = tables,
            OperationTimeout = TimeSpan.FromSeconds(2),
            RequestTimeout = TimeSpan.FromSeconds(1),
            MaxErrorRetry = 1,
        };
        var client = DynamoClientFactory.Create(options);
        var directOptions = new EventExplorerOptions { ServiceUrl = dynalite.ServiceUrl, Tables = tables };
        var direct = DynamoClientFactory.Create(directOptions);
        await TableProvisioner.CreateEventStoreAsync(direct, layout, tables, None);
        var schema = new StoreSchemaDetector(client, options, readOnly: false);
        await schema.DescribeAsync(None);
        return new Bed(new DynamoDbEventStore(client, schema, options), new DynamoDbEventStore(direct, new StoreSchemaDetector(direct, directOptions, false), directOptions), client, direct);
    }

    [Fact]
    public async Task AReplyLostAndAReadBackThatStalls_IsAnUnknownOutcome_NotARetryableError()
    {
        using var bed = await CreateAsync();
        // The put is written and its reply dropped; the resend meets our own item; the read-back that would tell hangs.
        _proxy.Inject(ProxyFault.DropReply.On("PutItem").Once);
        _proxy.Inject(ProxyFault.Stall.On("GetItem"));

        var unknown = await Assert.ThrowsAsync<WriteOutcomeUnknownException>(() => bed.AppendAsync("refund-1", 0));

        Assert.False(unknown.IsTransient);
        Assert.Single(await bed.ReadAllAsync("refund-1"));
    }

    [Fact]
    public async Task AReplyLostThenThrottled_IsSettledByReadingBack_AndFoundWritten()
    {
        using var bed = await CreateAsync();
        // The first put lands and its reply is lost; every later put is throttled.
        _proxy.Inject(ProxyFault.DropReply.On("PutItem").Once);
        _proxy.Inject(ProxyFault.ProvisionedThroughputExceeded.On("PutItem"));

        var appended = await bed.AppendAsync("refund-2", 0);

        var stored = Assert.Single(await bed.ReadAllAsync("refund-2"));
        Assert.Equal(stored.CommitId, appended.CommitId);
    }

    [Fact]
    public async Task AReplyLostThenThrottled_WithAReadBackThatStalls_IsAnUnknownOutcome()
    {
        using var bed = await CreateAsync();
        _proxy.Inject(ProxyFault.DropReply.On("PutItem").Once);
        _proxy.Inject(ProxyFault.ProvisionedThroughputExceeded.On("PutItem"));
        _proxy.Inject(ProxyFault.Stall.On("GetItem"));

        await Assert.ThrowsAsync<WriteOutcomeUnknownException>(() => bed.AppendAsync("refund-3", 0));

        Assert.Single(await bed.ReadAllAsync("refund-3"));
    }

    [Fact]
    public async Task AnUnknownAppend_VerifiedLater_SaysWrittenNotWrittenOrTakenByAnother()
    {
        using var bed = await CreateAsync();
        _proxy.Inject(ProxyFault.Stall.On("PutItem", "GetItem"));
        var unknown = await Assert.ThrowsAsync<WriteOutcomeUnknownException>(() => bed.AppendAsync("refund-5", 0));
        _proxy.Heal();
        var attempt = unknown.Attempt!;
        Assert.Equal(("refund-5", 0L, """[{"type":"refunded","amount":25}]"""), (attempt.AggregateId, attempt.Version, attempt.EventsJson));

        var free = await bed.Store.VerifyAppendAsync(attempt, None);
        // Another program takes the version with the same events (a copy), then one with its own.
        await bed.Direct.AppendAsync(new AppendRequest { AggregateId = "refund-5", Version = 0, EventsJson = Events }, None);
        var copy = await bed.Store.VerifyAppendAsync(attempt, None);
        var own = await bed.Store.VerifyAppendAsync(attempt with { CommitId = copy.Stored!.CommitId!.Value.Text, CommittedAt = copy.Stored.CommittedAt!.Value.ToUnixTimeMilliseconds() }, None);
        var other = await bed.Store.VerifyAppendAsync(attempt with { AggregateId = "refund-5", EventsJson = """[{"type":"other"}]""" }, None);

        Assert.Equal((AppendVerdict.NotWritten, false), (free.Verdict, free.SameEvents));
        Assert.Equal((AppendVerdict.TakenByAnother, true), (copy.Verdict, copy.SameEvents));
        Assert.Equal((AppendVerdict.Written, true), (own.Verdict, own.SameEvents));
        Assert.Equal((AppendVerdict.TakenByAnother, false), (other.Verdict, other.SameEvents));
    }

    [Fact]
    public async Task AConflictWithTheSameEvents_SaysSo_AndOneWithOtherEventsDoesNot()
    {
        using var bed = await CreateAsync();
        await bed.Direct.AppendAsync(new AppendRequest { AggregateId = "refund-6", Version = 0, EventsJson = Events }, None);

        var same = await Assert.ThrowsAsync<VersionConflictException>(() => bed.AppendAsync("refund-6", 0, """[ {"type": "refunded", "amount": 25} ]"""));
        var other = await Assert.ThrowsAsync<VersionConflictException>(() => bed.AppendAsync("refund-6", 0, """[{"type":"other"}]"""));

        Assert.True(same.StoredEventsMatch);
        Assert.False(other.StoredEventsMatch);
    }

    [Fact]
    public async Task AServerErrorAfterTheFirstPutLanded_IsSettledByReadingBack()
    {
        using var bed = await CreateAsync();
        _proxy.Inject(ProxyFault.DropReply.On("PutItem").Once);
        _proxy.Inject(ProxyFault.InternalServerError.On("PutItem"));

        var appended = await bed.AppendAsync("refund-4", 0);

        Assert.Equal(Assert.Single(await bed.ReadAllAsync("refund-4")).CommitId, appended.CommitId);
    }
}
