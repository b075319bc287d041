using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using EventExplorer.Data;
using EventExplorer.Data.Configuration;
using EventExplorer.Data.DynamoDb;
using EventExplorer.Data.Model;
using EventExplorer.Tests.Infrastructure;

namespace EventExplorer.Tests.Data.EventStore;

/// <summary>Fresh tables of one layout on the shared dynalite, a raw client to arrange exact items, and the store under test.</summary>
internal sealed class EventStoreTestBed : IDisposable
{
    private EventStoreTestBed(IAmazonDynamoDB raw, EventExplorerOptions options, DynamoDbEventStore store, EventStoreLayout layout)
    {
        Raw = raw;
        Options = options;
        Store = store;
        Layout = layout;
    }

    public IAmazonDynamoDB Raw { get; }
    public EventExplorerOptions Options { get; }
    public TableNames Tables => Options.Tables;
    public DynamoDbEventStore Store { get; }
    public EventStoreLayout Layout { get; }

    public static async Task<EventStoreTestBed> CreateAsync(
        DynaliteFixture dynalite, EventStoreLayout layout, bool readOnly = false, TimeProvider? time = null)
    {
        var stem = DynaliteFixture.UniqueName(layout == EventStoreLayout.CounterCommitIds ? "a" : "b");
        var options = new EventExplorerOptions
        {
            ServiceUrl = dynalite.ServiceUrl,
            Tables = layout == EventStoreLayout.CounterCommitIds
                ? new TableNames { Commits = $"{stem}-commits", CommitIdIndex = "byId", Counters = $"{stem}-counters", Snapshots = $"{stem}-snapshots" }
                : new TableNames { Commits = $"{stem}-commitsByAggregateIdAndVersion", CommitIdIndex = "commitsByCommitId", Counters = $"{stem}-unused", Snapshots = $"{stem}-snapshots" },
        };
        var raw = dynalite.CreateRawClient();
        await TableProvisioner.CreateEventStoreAsync(raw, layout, options.Tables, CancellationToken.None);
        var schema = new StoreSchemaDetector(raw, options, readOnly);
        return new EventStoreTestBed(raw, options, new DynamoDbEventStore(raw, schema, options, time), layout);
    }

    /// <summary>A commit item exactly as the owning programs write it (docs/layouts.md).</summary>
    public Dictionary<string, AttributeValue> Item(string aggregateId, long version, string commitId, long committedAt, string eventsJson) => new()
    {
        ["aggregateId"] = new AttributeValue { S = aggregateId },
        ["version"] = new AttributeValue { N = version.ToString(CultureInfo.InvariantCulture) },
        ["commitId"] = Layout == EventStoreLayout.CounterCommitIds ? new AttributeValue { N = commitId } : new AttributeValue { S = commitId },
        ["committedAt"] = new AttributeValue { N = committedAt.ToString(CultureInfo.InvariantCulture) },
        ["events"] = new AttributeValue { S = eventsJson },
        ["active"] = new AttributeValue { S = "t" },
    };

    public Task PutRawAsync(Dictionary<string, AttributeValue> item) =>
        Raw.PutItemAsync(new PutItemRequest { TableName = Tables.Commits, Item = item });

    /// <summary>Writes many items fast (25 per request), retrying what DynamoDB leaves unprocessed.</summary>
    public async Task BatchPutRawAsync(IEnumerable<Dictionary<string, AttributeValue>> items)
    {
        foreach (var chunk in items.Chunk(25))
        {
            var pending = new Dictionary<string, List<WriteRequest>>
            {
                [Tables.Commits] = chunk.Select(item => new WriteRequest { PutRequest = new PutRequest { Item = item } }).ToList(),
            };
            while (pending.Count > 0)
            {
                var response = await Raw.BatchWriteItemAsync(new BatchWriteItemRequest { RequestItems = pending });
                pending = response.UnprocessedItems is { Count: > 0 } unprocessed ? unprocessed : [];
            }
        }
    }

    public async Task<List<Dictionary<string, AttributeValue>>> ScanRawAsync(string table)
    {
        var items = new List<Dictionary<string, AttributeValue>>();
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var response = await Raw.ScanAsync(new ScanRequest { TableName = table, ExclusiveStartKey = start });
            items.AddRange(response.Items ?? []);
            start = response.LastEvaluatedKey is { Count: > 0 } last ? last : null;
        }
        while (start is not null);
        return items;
    }

    public Task<Commit> AppendAsync(string aggregateId, long version, string eventsJson) =>
        Store.AppendAsync(new AppendRequest { AggregateId = aggregateId, Version = version, EventsJson = eventsJson }, CancellationToken.None);

    /// <summary>
    /// Follows one direction of page links from a first page to the end, collecting every commit and
    /// (when <paramref name="links"/> is given) every link followed.
    /// </summary>
    public static async Task<List<Commit>> FollowAsync<TPage>(TPage first, Func<TPage, PageLink?> next, Func<PageLink, Task<TPage>> read,
        Func<TPage, IReadOnlyList<Commit>> items, List<PageLink>? links = null)
    {
        var all = new List<Commit>(items(first));
        var page = first;
        for (var guard = 0; next(page) is { } link; guard++)
        {
            Assert.True(guard < 10_000, "paging did not end");
            links?.Add(link);
            page = await read(link);
            all.AddRange(items(page));
        }
        return all;
    }

    /// <summary>A version attribute as another program may have stored it (e.g. "2.5").</summary>
    public Dictionary<string, AttributeValue> ItemWithVersionText(string aggregateId, string version, string commitId)
    {
        var item = Item(aggregateId, 0, commitId, 946684800000, "[]");
        item["version"] = new AttributeValue { N = version };
        return item;
    }

    public void Dispose() => Raw.Dispose();
}
