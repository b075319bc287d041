namespace EventExplorer.Data.Model;

/// <summary>The two event-store generations found in the wild (see docs/layouts.md).</summary>
public enum EventStoreLayout
{
    /// <summary>Layout A: numeric commit ids allocated from a counter table (dynamodb-event-store 1.x).</summary>
    CounterCommitIds,

    /// <summary>Layout B: string commit ids <c>yyyyMMddHHmmssfff:aggregateId</c> (dynamodb-event-store 2.x).</summary>
    TimestampCommitIds,
}

/// <summary>What the explorer is connected to, as detected from DescribeTable (or configured).</summary>
public sealed record StoreDescription
{
    /// <summary>The endpoint URL, or "AWS &lt;region&gt;".</summary>
    public required string Endpoint { get; init; }
    public required string CommitTable { get; init; }
    public required string CommitIndex { get; init; }

    /// <summary>Layout A only.</summary>
    public required string? CounterTable { get; init; }
    public required string SnapshotTable { get; init; }
    public required EventStoreLayout Layout { get; init; }

    /// <summary>True when the layout came from configuration rather than detection.</summary>
    public required bool LayoutConfigured { get; init; }

    /// <summary>The snapshot table's hash key: <c>snapshotId</c> or <c>aggregateId</c>.</summary>
    public required string SnapshotKeyAttribute { get; init; }

    /// <summary>True when the snapshot table is missing (the event store still works).</summary>
    public bool SnapshotTableMissing { get; init; }
    public required bool ReadOnly { get; init; }
}
