using EventExplorer.Data.Configuration;
using EventExplorer.Data.DynamoDb;
using EventExplorer.Data.Errors;
using EventExplorer.Testing;
using EventExplorer.Data.Model;
using EventExplorer.Tests.Infrastructure;

namespace EventExplorer.Tests.Data.EventStore;

/// <summary>A database that goes away and a user who gives up: typed errors and cancellation, never a raw SDK exception.</summary>
public sealed class StoreFailureTests(DynaliteFixture dynalite) : IClassFixture<DynaliteFixture>
{
    [Fact]
    public async Task DatabaseGoneAfterStartup_ReadsAndAppendsReportItAsUnavailable()
    {
        // A private server, so that stopping it does not disturb the other tests.
        var server = await DynaliteServer.StartAsync();
        var options = new EventExplorerOptions { ServiceUrl = server.ServiceUrl, MaxErrorRetry = 0, RequestTimeout = TimeSpan.FromSeconds(5) };
        using var client = DynamoClientFactory.Create(options);
        await TableProvisioner.CreateEventStoreAsync(client, EventStoreLayout.CounterCommitIds, options.Tables, CancellationToken.None);
        var store = new DynamoDbEventStore(client, new StoreSchemaDetector(client, options, readOnly: false), options);
        await store.AppendAsync(new AppendRequest { AggregateId = "a", Version = 0, EventsJson = "[]" }, CancellationToken.None);

        await server.DisposeAsync();
        var read = await Assert.ThrowsAsync<StoreUnavailableException>(() => store.ReadTimelineAsync(new TimelineQuery { AggregateId = "a" }, CancellationToken.None));
        var append = await Assert.ThrowsAsync<StoreUnavailableException>(() => store.AppendAsync(new AppendRequest { AggregateId = "a", Version = 1, EventsJson = "[]" }, CancellationToken.None));

        Assert.True(read.IsTransient);
        Assert.Contains(server.ServiceUrl, read.Message);
        Assert.Contains(server.ServiceUrl, append.Message);
    }

    [Fact]
    public async Task CancelledReads_StopWithCancellation()
    {
        using var bed = await EventStoreTestBed.CreateAsync(dynalite, EventStoreLayout.CounterCommitIds);
        await bed.Store.DescribeAsync(CancellationToken.None);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => bed.Store.ReadFeedAsync(new FeedQuery(), cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => bed.Store.ScanAggregatesAsync(new ScanQuery(), cancelled.Token));
    }
}
