namespace EventExplorer.Data.Demo;

/// <summary>How much demo data to write. <see cref="Full"/> is what the run command seeds; tests use smaller sizes.</summary>
public sealed record DemoDataSize
{
    public required int Accounts { get; init; }
    public required int Orders { get; init; }
    public required int Carts { get; init; }

    /// <summary>Commits of <see cref="DemoAggregates.LongLedger"/>, the aggregate that needs paging.</summary>
    public required int LongAggregateCommits { get; init; }

    /// <summary>Approximate size of the events text of <see cref="DemoAggregates.BigCommit"/>'s one commit.</summary>
    public required int BigCommitBytes { get; init; }

    /// <summary>A snapshot is stored for every n-th ordinary aggregate (and for the special ones).</summary>
    public int SnapshotEvery { get; init; } = 3;

    public static DemoDataSize Full { get; } = new()
    {
        Accounts = 120,
        Orders = 160,
        Carts = 90,
        LongAggregateCommits = 10_000,
        BigCommitBytes = 300 * 1024,
    };

    public static DemoDataSize Small { get; } = new()
    {
        Accounts = 6,
        Orders = 6,
        Carts = 6,
        LongAggregateCommits = 130,
        BigCommitBytes = 40 * 1024,
    };
}
