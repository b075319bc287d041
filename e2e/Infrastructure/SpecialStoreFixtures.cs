using System.Globalization;
using Amazon.DynamoDBv2.Model;
using EventExplorer.Data.Configuration;
using EventExplorer.Data.Model;

namespace EventExplorer.E2E.Infrastructure;

/// <summary>The app in read-only mode (EventExplorer:ReadOnly=true) over a small layout-A store.</summary>
public sealed class ReadOnlyStoreFixture : ExplorerFixture
{
    public const string Aggregate = "readonly-account-1";

    protected override bool ReadOnly => true;

    protected override async Task SeedAsync()
    {
        for (var version = 0; version < 3; version++)
        {
            await Store.AppendAsync(new AppendRequest { AggregateId = Aggregate, Version = version, EventsJson = $$"""[{"type":"step","n":{{version}}}]""" }, CancellationToken.None);
        }
        await Snapshots.StoreAsync(Aggregate, """{"steps":3}""", CancellationToken.None);
    }
}

/// <summary>
/// Layout B (dynamodb-event-store 2.x: timestamp commit ids, the package's own table names) and a
/// snapshot table keyed <c>aggregateId</c> as in seed document 000. Items are written raw, in the
/// exact formats of SCHEMA.md, as those programs write them.
/// </summary>
public sealed class LayoutBStoreFixture : ExplorerFixture
{
    public const string Orders = "b-order-1";
    public const int OrderCommits = 30;
    public const string Alpha = "b-alpha";
    public const string Beta = "b-beta";
    public const string SeedAggregate = "00000000-0000-0000-0000-000000000000";
    public static readonly DateTimeOffset OrdersStart = new(2024, 1, 1, 12, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset SameMillisecond = new DateTimeOffset(2024, 1, 2, 8, 0, 0, TimeSpan.Zero).AddMilliseconds(123);

    protected override EventStoreLayout Layout => EventStoreLayout.TimestampCommitIds;

    protected override TableNames Tables => new()
    {
        Commits = "commitsByAggregateIdAndVersion",
        CommitIdIndex = "commitsByCommitId",
        Counters = "unused-counters",
        Snapshots = "snapshots",
    };

    protected override string SnapshotKeyAttribute => "aggregateId";

    /// <summary><c>yyyyMMddHHmmssfff:aggregateId</c>, the ISO time with every non-digit removed.</summary>
    public static string CommitId(DateTimeOffset at, string aggregateId) =>
        at.UtcDateTime.ToString("yyyyMMddHHmmssfff", CultureInfo.InvariantCulture) + ":" + aggregateId;

    protected override async Task SeedAsync()
    {
        // Seed document 001's first commit, as dynamodb-event-store 2.x would have written it.
        await PutCommitAsync(SeedAggregate, 0, DateTimeOffset.FromUnixTimeMilliseconds(946684800000), """[{"type":"created"}]""");
        for (var version = 0; version < OrderCommits; version++)
        {
            await PutCommitAsync(Orders, version, OrdersStart.AddSeconds(version), $$"""[{"type":"{{(version == 0 ? "orderPlaced" : "lineAdded")}}","line":{{version}}}]""");
        }
        // Two programs committed in the same millisecond: both exist, ordered by aggregate id.
        await PutCommitAsync(Beta, 0, SameMillisecond, """[{"type":"betaStarted"}]""");
        await PutCommitAsync(Alpha, 0, SameMillisecond, """[{"type":"alphaStarted"}]""");

        await Client.PutItemAsync(new PutItemRequest
        {
            TableName = Options.Tables.Snapshots,
            Item = new Dictionary<string, AttributeValue>
            {
                ["aggregateId"] = new() { S = Alpha },
                ["createdAt"] = new() { N = SameMillisecond.AddSeconds(5).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) },
                ["state"] = new() { S = """{"name":"alpha","started":true}""" },
            },
        });
    }

    private Task PutCommitAsync(string aggregateId, long version, DateTimeOffset at, string events) =>
        Client.PutItemAsync(new PutItemRequest
        {
            TableName = Options.Tables.Commits,
            Item = new Dictionary<string, AttributeValue>
            {
                ["aggregateId"] = new() { S = aggregateId },
                ["version"] = new() { N = version.ToString(CultureInfo.InvariantCulture) },
                ["commitId"] = new() { S = CommitId(at, aggregateId) },
                ["committedAt"] = new() { N = at.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) },
                ["events"] = new() { S = events },
                ["active"] = new() { S = "t" },
            },
            ConditionExpression = "attribute_not_exists(version)",
        });
}

/// <summary>A small layout-A store on a dynalite that the journey stops and starts again (data on disk).</summary>
public sealed class OutageStoreFixture : ExplorerFixture
{
    public const string Aggregate = "outage-ledger";
    public const int Commits = 30;

    protected override bool RestartableDatabase => true;

    protected override async Task SeedAsync()
    {
        for (var version = 0; version < Commits; version++)
        {
            await Store.AppendAsync(new AppendRequest { AggregateId = Aggregate, Version = version, EventsJson = $$"""[{"type":"counted","n":{{version}}}]""" }, CancellationToken.None);
        }
    }
}

/// <summary>
/// A small layout-A store behind a counting <see cref="EventExplorer.Testing.DynamoDbProxy"/>: an
/// aggregate of 40 commits with a snapshot, so a journey can count what one page view asks DynamoDB.
/// </summary>
public sealed class CountedStoreFixture : ExplorerFixture
{
    public const string Aggregate = "counted-ledger";
    public const int Commits = 40;

    protected override bool ProxyDatabase => true;

    protected override async Task SeedAsync()
    {
        for (var version = 0; version < Commits; version++)
        {
            await Store.AppendAsync(new AppendRequest { AggregateId = Aggregate, Version = version, EventsJson = $$"""[{"type":"counted","n":{{version}}}]""" }, CancellationToken.None);
        }
        await Snapshots.StoreAsync(Aggregate, """{"count":40}""", CancellationToken.None);
    }
}

/// <summary>A small layout-A store whose app the journey stops: the browser keeps the page and loses the server.</summary>
public sealed class ConnectionLossStoreFixture : ExplorerFixture
{
    public const string Aggregate = "connection-ledger";

    protected override async Task SeedAsync()
    {
        for (var version = 0; version < 5; version++)
        {
            await Store.AppendAsync(new AppendRequest { AggregateId = Aggregate, Version = version, EventsJson = $$"""[{"type":"counted","n":{{version}}}]""" }, CancellationToken.None);
        }
    }
}
