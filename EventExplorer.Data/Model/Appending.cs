namespace EventExplorer.Data.Model;

/// <summary>A commit to append, as a user typed it.</summary>
public sealed record AppendRequest
{
    public required string AggregateId { get; init; }

    /// <summary>The version the new commit takes (the expected next version).</summary>
    public required long Version { get; init; }

    /// <summary>JSON text of an array of events (any JSON values).</summary>
    public required string EventsJson { get; init; }
}
