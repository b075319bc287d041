using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using EventExplorer.Data.Model;
using EventExplorer.Testing;

namespace EventExplorer.E2E.Infrastructure;

/// <summary>
/// A small layout-A store behind the fault-injecting <see cref="DynamoDbProxy"/>, with a short
/// deadline (EventExplorer:OperationTimeout) so that every hung page costs the suite seconds, not
/// ten of them (<see cref="SlowStoreFixture"/> keeps the default). It also holds the items other
/// programs may write that once broke pages: two commits sharing a commit id, and versions at and
/// beyond the end of the long range. Journeys that inject a fault heal the proxy when they end.
/// </summary>
public sealed class UnreliableStoreFixture : ExplorerFixture
{
    public const string Aggregate = "unreliable-ledger";
    public const int Commits = 30;

    /// <summary>Two aggregates whose first commits share one commit id.</summary>
    public const string RepeatedA = "repeated-id-a";
    public const string RepeatedB = "repeated-id-b";

    /// <summary>Aggregates whose head version is long.MaxValue, 1e20 and 1e30.</summary>
    public const string LargestVersion = "edge-version-max";
    public const string Version1E20 = "edge-version-1e20";
    public const string Version1E30 = "edge-version-1e30";

    /// <summary>The app's deadline per data-service call here.</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(2);

    protected override bool ProxyDatabase => true;

    protected override IReadOnlyDictionary<string, string> AppSettings { get; } = new Dictionary<string, string>
    {
        ["EventExplorer__OperationTimeout"] = "00:00:02",
        // Two SDK attempts fit in the deadline, as four do in the default 10 s. The SDK backs off
        // ~0.5 s, 1 s, 2-3 s between throttled attempts (~5 s for the default three retries, within
        // the default 10 s): one retry keeps a throttled read within this deadline too.
        ["EventExplorer__RequestTimeout"] = "00:00:01",
        ["EventExplorer__MaxErrorRetry"] = "1",
        // Low enough for a journey to reach; the journeys here use one tab at a time otherwise.
        ["EventExplorer__Limits__CircuitsPerUser"] = "3",
    };

    /// <summary>The proxy between the app and dynalite, where journeys inject faults.</summary>
    public DynamoDbProxy Faults => Proxy!;

    /// <summary>The commit id <see cref="RepeatedA"/> and <see cref="RepeatedB"/> share.</summary>
    public long RepeatedCommitId { get; private set; }

    protected override async Task SeedAsync()
    {
        for (var version = 0; version < Commits; version++)
        {
            await Store.AppendAsync(new AppendRequest { AggregateId = Aggregate, Version = version, EventsJson = $$"""[{"type":"counted","n":{{version}}}]""" }, CancellationToken.None);
        }

        // Layout A allows it (the index is not unique) and some programs' data has it.
        var first = await Store.AppendAsync(new AppendRequest { AggregateId = RepeatedA, Version = 0, EventsJson = """[{"type":"sharesAnId","side":"a"}]""" }, CancellationToken.None);
        RepeatedCommitId = first.CommitId!.Value.Number!.Value;
        await PutRawCommitAsync(RepeatedB, "0", RepeatedCommitId, """[{"type":"sharesAnId","side":"b"}]""");

        await PutRawCommitAsync(LargestVersion, long.MaxValue.ToString(CultureInfo.InvariantCulture), await NextCommitIdAsync(), """[{"type":"atTheEnd"}]""");
        await PutRawCommitAsync(Version1E20, "1e20", await NextCommitIdAsync(), """[{"type":"beyondTheEnd"}]""");
        await PutRawCommitAsync(Version1E30, "1e30", await NextCommitIdAsync(), """[{"type":"farBeyondTheEnd"}]""");
    }

    /// <summary>A commit item written as another program would, with the version as a DynamoDB number text.</summary>
    public Task PutRawCommitAsync(string aggregateId, string version, long commitId, string events) =>
        Client.PutItemAsync(new PutItemRequest
        {
            TableName = Options.Tables.Commits,
            Item = new Dictionary<string, AttributeValue>
            {
                ["aggregateId"] = new() { S = aggregateId },
                ["version"] = new() { N = version },
                ["commitId"] = new() { N = commitId.ToString(CultureInfo.InvariantCulture) },
                ["committedAt"] = new() { N = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) },
                ["events"] = new() { S = events },
                ["active"] = new() { S = "t" },
            },
        });

    /// <summary>The next id from the layout-A counter, as dynamodb-event-store 1.x takes it.</summary>
    public async Task<long> NextCommitIdAsync()
    {
        var response = await Client.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = Options.Tables.Counters,
            Key = new() { ["name"] = new AttributeValue { S = "commits" } },
            UpdateExpression = "ADD #id :n",
            ExpressionAttributeNames = new() { ["#id"] = "id" },
            ExpressionAttributeValues = new() { [":n"] = new AttributeValue { N = "1" } },
            ReturnValues = ReturnValue.ALL_NEW,
        });
        return long.Parse(response.Attributes["id"].N, CultureInfo.InvariantCulture);
    }

    /// <summary>The commits of an aggregate as stored (read past the proxy).</summary>
    public async Task<IReadOnlyList<Commit>> ReadAllAsync(string aggregateId) =>
        (await Store.ReadTimelineAsync(new TimelineQuery { AggregateId = aggregateId, PageSize = 1000, Order = ReadOrder.OldestFirst }, CancellationToken.None)).Items;
}

[CollectionDefinition(Name)]
public sealed class UnreliableStoreCollection : ICollectionFixture<UnreliableStoreFixture>
{
    public const string Name = "unreliable store";
}

/// <summary>
/// A small store behind the proxy with the app's default deadline (10 s), to show that bound as a user
/// meets it, and one scan per user: a stalled scan holds its place for seconds, long enough to be met.
/// </summary>
public sealed class SlowStoreFixture : ExplorerFixture
{
    public const string Aggregate = "slow-ledger";

    protected override bool ProxyDatabase => true;

    protected override IReadOnlyDictionary<string, string> AppSettings { get; } = new Dictionary<string, string>
    {
        ["EventExplorer__Limits__ScansPerUser"] = "1",
    };

    public DynamoDbProxy Faults => Proxy!;

    protected override async Task SeedAsync()
    {
        for (var version = 0; version < 3; version++)
        {
            await Store.AppendAsync(new AppendRequest { AggregateId = Aggregate, Version = version, EventsJson = $$"""[{"type":"counted","n":{{version}}}]""" }, CancellationToken.None);
        }
    }
}
