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

/// <summary>Ids of the demo aggregates that show something particular (for the README, the UI helpers and the browser tests).</summary>
public static class DemoAggregates
{
    /// <summary>A stock ledger with <see cref="DemoDataSize.LongAggregateCommits"/> commits.</summary>
    public const string LongLedger = "stock-ledger-eu-central-1";

    /// <summary>One commit of about 300 KB (a catalogue import).</summary>
    public const string BigCommit = "catalog-import-2024-11";

    /// <summary>A support ticket whose events carry HTML and a script tag, to be shown as text.</summary>
    public const string Markup = "ticket-2024-004711";

    /// <summary>An order whose latest commit's events are not valid JSON.</summary>
    public const string EventsNotJson = "order-2024-900001";

    /// <summary>An order whose commit has events that are a JSON object, not an array.</summary>
    public const string EventsNotArray = "order-2024-900002";

    /// <summary>An account whose commit has no committedAt.</summary>
    public const string MissingCommittedAt = "account-legacy-0003";

    /// <summary>Versions that start at 1 and skip 4 (an old import).</summary>
    public const string SkippedVersions = "account-legacy-0007";

    /// <summary>A snapshot whose state is not valid JSON.</summary>
    public const string MalformedSnapshot = "order-2024-900003";

    /// <summary>Ids with '/', ':', a space and non-ASCII letters, which links must escape.</summary>
    public static IReadOnlyList<string> OddIds { get; } =
    [
        "tenant/acme:user 42",
        "kunde-müller-äöü-ß",
        "注文:2024/0001",
    ];
}
