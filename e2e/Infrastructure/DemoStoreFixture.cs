using EventExplorer.Data.Demo;

namespace EventExplorer.E2E.Infrastructure;

/// <summary>
/// Layout A, writable, filled by the data service's demo seeder (the same stories the local run
/// command shows: a ledger of several thousand commits, malformed items, markup in events, odd ids,
/// lost commit ids) plus two snapshots with a known difference. Shared by the read-only journeys
/// of the <see cref="DemoStoreCollection"/>: none of them writes.
/// </summary>
public sealed class DemoStoreFixture : ExplorerFixture
{
    public const int LedgerCommits = 3_000;
    public const string LeftSnapshot = "e2e-compare-left";
    public const string RightSnapshot = "e2e-compare-right";
    public const string LeftState = """{"status":"open","total":10.5,"lines":["SKU-1001"],"owner":{"name":"Jane"}}""";
    public const string RightState = """{"status":"closed","total":10.5,"lines":["SKU-1001","SKU-1002"],"owner":{"name":"Jane"}}""";

    public DemoSeedResult Seeded { get; private set; } = null!;

    protected override async Task SeedAsync()
    {
        var size = new DemoDataSize
        {
            Accounts = 4,
            Orders = 4,
            Carts = 3,
            LongAggregateCommits = LedgerCommits,
            BigCommitBytes = 20 * 1024,
            SnapshotEvery = 2,
        };
        Seeded = await new DemoDataSeeder(Client, Description, size).SeedAsync(CancellationToken.None);
        await Snapshots.StoreAsync(LeftSnapshot, LeftState, CancellationToken.None);
        await Snapshots.StoreAsync(RightSnapshot, RightState, CancellationToken.None);
    }
}

[CollectionDefinition(Name)]
public sealed class DemoStoreCollection : ICollectionFixture<DemoStoreFixture>
{
    public const string Name = "demo store";
}
