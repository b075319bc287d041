using Amazon.DynamoDBv2;
using EventExplorer.Data;
using EventExplorer.Data.Configuration;
using EventExplorer.Data.DynamoDb;
using EventExplorer.Data.Model;
using EventExplorer.Data.Writes;
using EventExplorer.Testing;
using EventExplorer.Tests.Infrastructure;
using EventExplorer.Web.Model.Append;
using Microsoft.Extensions.Logging.Abstractions;

namespace EventExplorer.Tests.Web.Model.Append;

/// <summary>
/// The append page's view-model over the real store on dynalite, through the fault proxy, with the
/// app's settings for fault tests (a 2 s deadline, 1 s per attempt, one SDK retry), an Author as the
/// writer and an audit file of its own; beside it the same tables read and written directly, as
/// another program would.
/// </summary>
internal sealed class AppendTestBed : IAsyncDisposable
{
    public static readonly WriterIdentity Alice = new() { Subject = "sub-alice", Name = "Alice Author", Role = WriterRole.Author };

    private readonly string _folder;

    private AppendTestBed(DynamoDbProxy proxy, DynamoDbEventStore store, DynamoDbEventStore direct, AuditLog audit, EventExplorerOptions options,
        string folder, IAmazonDynamoDB client, IAmazonDynamoDB directClient)
    {
        Proxy = proxy;
        Store = store;
        Direct = direct;
        Audit = audit;
        Options = options;
        _folder = folder;
        Client = client;
        DirectClient = directClient;
    }

    public DynamoDbProxy Proxy { get; }

    /// <summary>The app's store: through the proxy, checked and audited.</summary>
    public DynamoDbEventStore Store { get; }

    /// <summary>The same tables without the proxy: "another program", and reading what is stored.</summary>
    public DynamoDbEventStore Direct { get; }

    public AuditLog Audit { get; }
    public EventExplorerOptions Options { get; }
    private IAmazonDynamoDB Client { get; }
    private IAmazonDynamoDB DirectClient { get; }

    public static async Task<AppendTestBed> CreateAsync(DynaliteFixture dynalite, bool readOnly = false)
    {
        var proxy = await DynamoDbProxy.StartAsync(dynalite.ServiceUrl);
        var stem = DynaliteFixture.UniqueName("append-vm");
        var tables = new TableNames { Commits = $"{stem}-commits", CommitIdIndex = "byId", Counters = $"{stem}-counters", Snapshots = $"{stem}-snapshots" };
        var options = new EventExplorerOptions
        {
            ServiceUrl = proxy.Url,
            Tables = tables,
            OperationTimeout = TimeSpan.FromSeconds(2),
            RequestTimeout = TimeSpan.FromSeconds(1),
            MaxErrorRetry = 1,
        };
        var directOptions = new EventExplorerOptions { ServiceUrl = dynalite.ServiceUrl, Tables = tables };
        var directClient = DynamoClientFactory.Create(directOptions);
        await TableProvisioner.CreateEventStoreAsync(directClient, EventStoreLayout.CounterCommitIds, tables, CancellationToken.None);
        var client = DynamoClientFactory.Create(options);
        var folder = Path.Combine(Path.GetTempPath(), "ee-append-vm-" + Guid.NewGuid().ToString("N"));
        var audit = new AuditLog(Path.Combine(folder, "audit.jsonl"), NullLogger.Instance);
        var store = new DynamoDbEventStore(client, new StoreSchemaDetector(client, options, readOnly), options, writes: new WriteGuard(new Writer(), audit));
        var direct = new DynamoDbEventStore(directClient, new StoreSchemaDetector(directClient, directOptions, false), directOptions);
        return new AppendTestBed(proxy, store, direct, audit, options, folder, client, directClient);
    }

    public AppendViewModel Model() => new(Store, Store, Store);

    /// <summary>A form as a link opens it, with events typed.</summary>
    public async Task<AppendViewModel> FormAsync(string aggregateId, string version, string events)
    {
        var model = Model();
        await model.LoadAsync($"/append?aggregate={aggregateId}&version={version}");
        model.EventsJson = events;
        return model;
    }

    /// <summary>Commits 0..count-1 appended by another program.</summary>
    public async Task AddManyAsync(string aggregateId, int count)
    {
        for (var version = 0; version < count; version++)
        {
            await Direct.AppendAsync(new AppendRequest { AggregateId = aggregateId, Version = version, EventsJson = $$"""[{"type":"counted","n":{{version}}}]""" }, CancellationToken.None);
        }
    }

    /// <summary>What the table holds for the aggregate, read past the proxy.</summary>
    public async Task<IReadOnlyList<Commit>> StoredAsync(string aggregateId) =>
        (await Direct.ReadTimelineAsync(new TimelineQuery { AggregateId = aggregateId, Order = ReadOrder.OldestFirst }, CancellationToken.None)).Items;

    /// <summary>The audit's records, oldest first.</summary>
    public async Task<IReadOnlyList<AuditRecord>> AuditAsync() => (await Audit.ReadRecentAsync(100, CancellationToken.None)).Records.Reverse().ToList();

    public int Writes => Proxy.Requests.Count(r => r.Operation is "PutItem" or "UpdateItem");

    public async ValueTask DisposeAsync()
    {
        await Proxy.DisposeAsync();
        Client.Dispose();
        DirectClient.Dispose();
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }

    private sealed class Writer : IWriterContext
    {
        public Task<WriterIdentity> GetCurrentWriterAsync(CancellationToken cancellationToken) => Task.FromResult(Alice);
    }
}
