using System.Globalization;
using System.Text.Json;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using EventExplorer.Data;
using EventExplorer.Data.Configuration;
using EventExplorer.Data.DynamoDb;
using EventExplorer.Data.Integrity;
using EventExplorer.Data.Model;
using EventExplorer.Data.State;
using EventExplorer.Testing;

namespace EventExplorer.Tests.Infrastructure;

/// <summary>
/// The real stores on dynalite, for view-model and page tests: fresh tables of one layout, the app's
/// event and snapshot stores reading them through the fault proxy (<see cref="Proxy"/>: its requests
/// are what the app asked, its faults are the database misbehaving), and commits and snapshots
/// arranged directly in the tables, past the proxy, as the programs that own them write them.
/// The app waits as it does by default (4 s per attempt, 10 s per call) with one SDK retry: faults answer at
/// once (an error reply) or are held until the test cancels or releases them, so no test waits for a deadline.
/// </summary>
public sealed class StoreBed : IAsyncDisposable
{
    /// <summary>The time of the first arranged commit; each arranged commit is one second later.</summary>
    public static readonly DateTimeOffset Epoch = new(2026, 11, 21, 6, 0, 0, TimeSpan.Zero);

    private readonly IAmazonDynamoDB _raw;
    private readonly IAmazonDynamoDB _client;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, long> _heads = new(StringComparer.Ordinal);
    private long _counter;

    private StoreBed(DynamoDbProxy proxy, IAmazonDynamoDB raw, IAmazonDynamoDB client, EventExplorerOptions options, EventStoreLayout layout,
        ManualTimeProvider time, DynamoDbEventStore events, DynamoDbSnapshotStore snapshots, string snapshotKey, IntegrityCheck integrity)
    {
        Proxy = proxy;
        _raw = raw;
        _client = client;
        Options = options;
        Layout = layout;
        Time = time;
        Events = events;
        Snapshots = snapshots;
        SnapshotKey = snapshotKey;
        Integrity = integrity;
    }

    public DynamoDbProxy Proxy { get; }
    public EventExplorerOptions Options { get; }
    public TableNames Tables => Options.Tables;
    public EventStoreLayout Layout { get; }

    /// <summary>The app's event store (reader, writer, search, append checks), through the proxy.</summary>
    public DynamoDbEventStore Events { get; }

    /// <summary>The app's snapshot store, through the proxy.</summary>
    public DynamoDbSnapshotStore Snapshots { get; }

    /// <summary>The app's whole-table integrity check, through the proxy (snapshots verified with the bed's event store).</summary>
    public IntegrityCheck Integrity { get; }

    /// <summary>The snapshot table's key attribute (<c>snapshotId</c>, or <c>aggregateId</c> as seed 000 has it).</summary>
    public string SnapshotKey { get; }

    /// <summary>The app's clock: the time the app's own writes get and "now" for its pages.</summary>
    public ManualTimeProvider Time { get; }

    /// <summary>The time the next arranged commit gets; moves on one second per commit.</summary>
    public DateTimeOffset Clock { get; set; } = Epoch;

    /// <summary>Requests the app made since the last <see cref="DynamoDbProxy.Reset"/> (arranging is not counted).</summary>
    public int Requests => Proxy.Requests.Count;

    /// <summary>
    /// Fresh tables of <paramref name="layout"/> and the app's stores on them. The app waits 4 s per attempt and
    /// 10 s per call, retries included, unless <paramref name="requestTimeout"/> and <paramref name="operationTimeout"/> say otherwise.
    /// Reads are not limited unless a test about the read-capacity budget gives one (<paramref name="budget"/>).
    /// </summary>
    public static async Task<StoreBed> CreateAsync(DynaliteFixture dynalite, EventStoreLayout layout = EventStoreLayout.CounterCommitIds,
        bool readOnly = false, string snapshotKey = "snapshotId", TimeSpan? requestTimeout = null, TimeSpan? operationTimeout = null,
        ReadCapacityBudget? budget = null)
    {
        var proxy = await DynamoDbProxy.StartAsync(dynalite.ServiceUrl);
        var stem = DynaliteFixture.UniqueName(layout == EventStoreLayout.CounterCommitIds ? "bed-a" : "bed-b");
        var tables = layout == EventStoreLayout.CounterCommitIds
            ? new TableNames { Commits = $"{stem}-commits", CommitIdIndex = "byId", Counters = $"{stem}-counters", Snapshots = $"{stem}-snapshots" }
            : new TableNames { Commits = $"{stem}-commitsByAggregateIdAndVersion", CommitIdIndex = "commitsByCommitId", Counters = $"{stem}-unused", Snapshots = $"{stem}-snapshots" };
        var options = new EventExplorerOptions
        {
            ServiceUrl = proxy.Url,
            Tables = tables,
            OperationTimeout = operationTimeout ?? TimeSpan.FromSeconds(10),
            RequestTimeout = requestTimeout ?? TimeSpan.FromSeconds(4),
            MaxErrorRetry = 1,
        };
        var raw = dynalite.CreateRawClient();
        await TableProvisioner.CreateEventStoreAsync(raw, layout, tables, CancellationToken.None);
        await TableProvisioner.CreateSnapshotStoreAsync(raw, tables.Snapshots, snapshotKey, CancellationToken.None);
        var client = DynamoClientFactory.Create(options);
        var time = new ManualTimeProvider(Epoch.AddHours(3));
        var schema = new StoreSchemaDetector(client, options, readOnly, budget: budget);
        var events = new DynamoDbEventStore(client, schema, options, time);
        return new StoreBed(proxy, raw, client, options, layout, time, events, new DynamoDbSnapshotStore(client, schema, options, time), snapshotKey,
            new IntegrityCheck(client, schema, new SnapshotVerifier(new StateFolder(events))));
    }

    /// <summary>Arranges a well-formed commit at the aggregate's next version; each event is a JSON text.</summary>
    public Task<Commit> AddAsync(string aggregateId, params string[] eventsJson)
    {
        long version;
        lock (_gate) version = _heads.TryGetValue(aggregateId, out var head) ? head + 1 : 0;
        return AddAtAsync(aggregateId, version, "[" + string.Join(",", eventsJson) + "]");
    }

    /// <summary>Arranges a commit with one event per type: <c>{"type":"X","n":i}</c>.</summary>
    public Task<Commit> AddTypedAsync(string aggregateId, params string[] eventTypes) =>
        AddAsync(aggregateId, eventTypes.Select((t, i) => JsonSerializer.Serialize(new { type = t, n = i })).ToArray());

    /// <summary>Arranges <paramref name="count"/> commits of one event each (types alternate Placed/Shipped), 25 per request.</summary>
    public async Task AddManyAsync(string aggregateId, int count)
    {
        var items = new List<Dictionary<string, AttributeValue>>(count);
        for (var i = 0; i < count; i++)
        {
            long version;
            lock (_gate) version = _heads.TryGetValue(aggregateId, out var head) ? head + 1 : 0;
            var events = JsonSerializer.Serialize(new[] { new { type = i % 2 == 0 ? "Placed" : "Shipped", n = 0 } });
            items.Add(NextItem(aggregateId, version, events, null).Item);
        }
        foreach (var chunk in items.Chunk(25))
        {
            var pending = new Dictionary<string, List<WriteRequest>>
            {
                [Tables.Commits] = chunk.Select(item => new WriteRequest { PutRequest = new PutRequest { Item = item } }).ToList(),
            };
            while (pending.Count > 0)
            {
                var response = await _raw.BatchWriteItemAsync(new BatchWriteItemRequest { RequestItems = pending });
                pending = response.UnprocessedItems is { Count: > 0 } unprocessed ? unprocessed : [];
            }
        }
        await SaveCounterAsync();
    }

    /// <summary>
    /// Arranges a commit at an explicit version with the raw <c>events</c> text (malformed text allowed; null
    /// leaves the attribute out). The commit id is the next counter value (layout A) or the time and aggregate
    /// id (layout B), unless <paramref name="commitId"/> gives one (to repeat an id, as other programs' data may).
    /// </summary>
    public async Task<Commit> AddAtAsync(string aggregateId, long? version, string? eventsText, CommitId? commitId = null)
    {
        var (item, commit) = NextItem(aggregateId, version, eventsText, commitId);
        await PutRawAsync(item);
        await SaveCounterAsync();
        return commit;
    }

    /// <summary>Burns layout-A commit ids, as a failed append does: the next commit leaves a gap in the feed.</summary>
    public Task SkipCommitIdsAsync(int count)
    {
        lock (_gate) _counter += count;
        return SaveCounterAsync();
    }

    /// <summary>Writes an item exactly as given (wrong types, missing attributes, ...).</summary>
    public Task PutRawAsync(Dictionary<string, AttributeValue> item) =>
        _raw.PutItemAsync(new PutItemRequest { TableName = Tables.Commits, Item = item });

    /// <summary>Arranges a snapshot as the snapshot store's owner writes it (null state leaves the attribute out).</summary>
    public async Task<Snapshot> PutSnapshotAsync(string snapshotId, string? stateJson, DateTimeOffset? createdAt = null)
    {
        var at = createdAt ?? Clock;
        var item = new Dictionary<string, AttributeValue>
        {
            [SnapshotKey] = new() { S = snapshotId },
            ["createdAt"] = new() { N = at.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) },
        };
        if (stateJson is not null) item["state"] = new() { S = stateJson };
        await _raw.PutItemAsync(new PutItemRequest { TableName = Tables.Snapshots, Item = item });
        return new Snapshot { SnapshotId = snapshotId, CreatedAt = at, StateJson = stateJson ?? "" };
    }

    /// <summary>What the table holds for the aggregate, oldest first, read past the proxy.</summary>
    public async Task<IReadOnlyList<Dictionary<string, AttributeValue>>> StoredAsync(string aggregateId)
    {
        var response = await _raw.QueryAsync(new QueryRequest
        {
            TableName = Tables.Commits,
            KeyConditionExpression = "aggregateId = :a",
            ExpressionAttributeValues = new() { [":a"] = new AttributeValue { S = aggregateId } },
            ConsistentRead = true,
        });
        return response.Items ?? [];
    }

    /// <summary>
    /// The commit the app reads from an item with these attributes (null leaves one out), for tests of
    /// components and models that are handed a commit: mapped by the store's own mapper.
    /// </summary>
    public static Commit CommitFrom(string aggregateId, long? version, CommitId? commitId, DateTimeOffset? committedAt, string? eventsText,
        EventStoreLayout layout = EventStoreLayout.CounterCommitIds)
    {
        var item = new Dictionary<string, AttributeValue> { ["aggregateId"] = new() { S = aggregateId } };
        if (version is { } v) item["version"] = new() { N = v.ToString(CultureInfo.InvariantCulture) };
        if (commitId is { } id) item["commitId"] = layout == EventStoreLayout.CounterCommitIds ? new AttributeValue { N = id.Text } : new AttributeValue { S = id.Text };
        if (committedAt is { } at) item["committedAt"] = new() { N = at.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) };
        if (eventsText is not null) item["events"] = new() { S = eventsText };
        return CommitItemMapper.Map(item, layout);
    }

    /// <summary>
    /// Makes DescribeTable report these figures for the commit table, as DynamoDB does once it has counted (it
    /// refreshes them about every six hours; dynalite always says 0). The app's store first learns the table's
    /// layout from dynalite, so only the figures come from here.
    /// </summary>
    public async Task ReportCommitTableFiguresAsync(long itemCount, long sizeBytes)
    {
        await Events.DescribeAsync(CancellationToken.None);
        var reply = new ProxyReply(200, JsonSerializer.Serialize(new
        {
            Table = new { TableName = Tables.Commits, TableStatus = "ACTIVE", ItemCount = itemCount, TableSizeBytes = sizeBytes },
        }));
        Proxy.Intercept = (request, _) =>
            Task.FromResult(request.Operation == "DescribeTable" && request.TableName == Tables.Commits ? reply : null);
    }

    /// <summary>Makes every request the app sends fail as a database that is down does (a 500 on each attempt).</summary>
    public void GoDown() => Proxy.Inject(ProxyFault.InternalServerError);

    /// <summary>Ends every fault: the database is back.</summary>
    public void ComeBack() => Proxy.Heal();

    private (Dictionary<string, AttributeValue> Item, Commit Commit) NextItem(string aggregateId, long? version, string? eventsText, CommitId? commitId)
    {
        lock (_gate)
        {
            var committedAt = Clock;
            Clock = Clock.AddSeconds(1);
            var id = commitId ?? (Layout == EventStoreLayout.CounterCommitIds ? CommitId.FromNumber(++_counter) : CommitId.FromTime(committedAt, aggregateId));
            if (id.Number is { } number && number > _counter) _counter = number;
            if (version is { } v) _heads[aggregateId] = Math.Max(v, _heads.TryGetValue(aggregateId, out var head) ? head : -1);
            var item = new Dictionary<string, AttributeValue>
            {
                ["aggregateId"] = new() { S = aggregateId },
                ["commitId"] = Layout == EventStoreLayout.CounterCommitIds ? new AttributeValue { N = id.Text } : new AttributeValue { S = id.Text },
                ["committedAt"] = new() { N = committedAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) },
                ["active"] = new() { S = "t" },
            };
            // The version is the table's sort key, so every stored item has one; odder items go through PutRawAsync.
            item["version"] = new() { N = (version ?? 0).ToString(CultureInfo.InvariantCulture) };
            if (eventsText is not null) item["events"] = new() { S = eventsText };
            return (item, CommitItemMapper.Map(item, Layout));
        }
    }

    private Task SaveCounterAsync()
    {
        if (Layout != EventStoreLayout.CounterCommitIds) return Task.CompletedTask;
        long counter;
        lock (_gate) counter = _counter;
        return _raw.PutItemAsync(new PutItemRequest
        {
            TableName = Tables.Counters,
            Item = new() { ["name"] = new() { S = "commits" }, ["id"] = new() { N = counter.ToString(CultureInfo.InvariantCulture) } },
        });
    }

    public async ValueTask DisposeAsync()
    {
        await Proxy.DisposeAsync();
        _client.Dispose();
        _raw.Dispose();
    }
}
