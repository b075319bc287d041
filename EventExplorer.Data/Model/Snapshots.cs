namespace EventExplorer.Data.Model;

/// <summary>The latest snapshot stored for an id. Malformed state is kept raw and flagged.</summary>
public sealed record Snapshot
{
    public required string SnapshotId { get; init; }
    public required DateTimeOffset? CreatedAt { get; init; }

    /// <summary>The <c>state</c> attribute exactly as stored (null when absent).</summary>
    public required string? StateJson { get; init; }

    public IReadOnlyList<string> Problems { get; init; } = [];
    public int SizeBytes { get; init; }
    public bool IsMalformed => Problems.Count > 0;
}

/// <summary>A snapshot row in a list or scan (no state).</summary>
public sealed record SnapshotSummary
{
    public required string SnapshotId { get; init; }
    public required DateTimeOffset? CreatedAt { get; init; }
    public int SizeBytes { get; init; }
}
