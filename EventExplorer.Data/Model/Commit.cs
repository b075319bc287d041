namespace EventExplorer.Data.Model;

/// <summary>
/// One commit as stored in the commit table. Items written wrongly by another program still come
/// back as a <see cref="Commit"/>: the raw text is kept and <see cref="Problems"/> says what is wrong.
/// </summary>
public sealed record Commit
{
    public required string AggregateId { get; init; }

    /// <summary>Per-aggregate version; null when the item has no numeric version.</summary>
    public required long? Version { get; init; }

    /// <summary>
    /// The commit id in the store's layout. Null when the item has none, or one of the wrong type or
    /// format (then <see cref="Problems"/> says what is stored).
    /// </summary>
    public required CommitId? CommitId { get; init; }

    public required DateTimeOffset? CommittedAt { get; init; }

    /// <summary>The <c>events</c> attribute exactly as stored (null when absent).</summary>
    public required string? EventsJson { get; init; }

    /// <summary>The parsed events; empty when <see cref="EventsJson"/> is not a JSON array.</summary>
    public required IReadOnlyList<CommitEvent> Events { get; init; }

    /// <summary>What is wrong with the stored item, in words a user understands. Empty when it is well formed.</summary>
    public IReadOnlyList<string> Problems { get; init; } = [];

    /// <summary>Approximate stored size of the item in bytes (attribute names + values).</summary>
    public int SizeBytes { get; init; }

    public bool IsMalformed => Problems.Count > 0;

    /// <summary>
    /// The item's table key as text (<c>aggregateId</c> and <c>version</c> as stored): unique per
    /// commit, unlike commit ids, which other programs' data may repeat. For row keys and de-duplication.
    /// The mapper sets it from the stored attribute, so a version that is not a whole number still has one.
    /// </summary>
    public string Key
    {
        get => _key ?? AggregateId + "\u0000" + Version?.ToString(System.Globalization.CultureInfo.InvariantCulture);
        init => _key = value;
    }

    private readonly string? _key;
}

/// <summary>One element of a commit's <c>events</c> array (any JSON value).</summary>
public sealed record CommitEvent
{
    /// <summary>Position in the commit's events array, from 0.</summary>
    public required int Index { get; init; }

    /// <summary>The <c>type</c> property when the event is an object that has a string one; otherwise null.</summary>
    public required string? Type { get; init; }

    /// <summary>The event as JSON text.</summary>
    public required string Json { get; init; }
}
