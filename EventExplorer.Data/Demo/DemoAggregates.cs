namespace EventExplorer.Data.Demo;

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
