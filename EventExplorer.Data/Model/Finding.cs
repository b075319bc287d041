namespace EventExplorer.Data.Model;

/// <summary>
/// A stretch of commits read in replay order: one aggregate's versions (<see cref="AggregateId"/> set),
/// or the feed by commit id or by time (<see cref="AggregateId"/> null). Every part is a plain value, so
/// a range (and where a read of it stopped, <see cref="After"/>) is a URL. Bounds are validated as
/// untrusted input, like page links.
/// </summary>
public sealed record CommitRange
{
    /// <summary>One aggregate's history; null for the feed.</summary>
    public string? AggregateId { get; init; }

    /// <summary>Aggregate: the lowest version read (inclusive).</summary>
    public long? FromVersion { get; init; }

    /// <summary>Aggregate: the highest version read (inclusive).</summary>
    public long? ToVersion { get; init; }

    /// <summary>
    /// Feed: the lowest commit id read (inclusive), as typed: a number in layout A; in layout B a commit id
    /// or a leading part of one (<c>2026112106</c>).
    /// </summary>
    public string? FromCommitId { get; init; }

    /// <summary>Feed: the highest commit id read (inclusive); in layout B also a leading part, which includes every id it starts.</summary>
    public string? ToCommitId { get; init; }

    /// <summary>
    /// Feed: commits at or after this time. Layout B reads it from the commit ids (the writer's clock), for
    /// free; layout A finds the first commit id at or after it by binary search (see <see cref="TimeTravelResult"/>).
    /// </summary>
    public DateTimeOffset? FromTime { get; init; }

    /// <summary>Feed: commits before this time (exclusive), found as <see cref="FromTime"/> is.</summary>
    public DateTimeOffset? ToTime { get; init; }

    /// <summary>
    /// Where a read of this range stopped: continue strictly after it. <c>After(version)</c> or
    /// <c>After(commitId)</c> where the value is exact, otherwise a <c>Cursor</c>. Replaces the lower bound.
    /// </summary>
    public PageLink? After { get; init; }

    public bool IsFeed => AggregateId is null;

    public static CommitRange Aggregate(string aggregateId, long? fromVersion = null, long? toVersion = null) =>
        new() { AggregateId = aggregateId, FromVersion = fromVersion, ToVersion = toVersion };

    public static CommitRange Feed(string? fromCommitId = null, string? toCommitId = null) =>
        new() { FromCommitId = fromCommitId, ToCommitId = toCommitId };

    public static CommitRange FeedWindow(DateTimeOffset? fromTime, DateTimeOffset? toTime) =>
        new() { FromTime = fromTime, ToTime = toTime };
}

/// <summary>A payload search over a range: matches stream as they are found.</summary>
public sealed record SearchRequest
{
    public const int MaxMatchesLimit = 10_000;

    public required CommitRange Range { get; init; }

    public required PayloadQuery Query { get; init; }

    /// <summary>Further conditions on the commits searched (event type; aggregate id prefix in the feed).</summary>
    public CommitFilter? Filter { get; init; }

    public ReadBudget Budget { get; init; } = ReadBudget.Search;

    /// <summary>Stop after this many matching commits (1 to <see cref="MaxMatchesLimit"/>).</summary>
    public int MaxMatches { get; init; } = 500;
}

/// <summary>A commit an item was found to be, named by what a link to it needs.</summary>
public sealed record CommitRef
{
    public required string AggregateId { get; init; }

    /// <summary>Null when the stored version is not a whole number (<see cref="Key"/> still names it).</summary>
    public required long? Version { get; init; }

    public required CommitId? CommitId { get; init; }

    public required DateTimeOffset? CommittedAt { get; init; }

    /// <summary>The table key as stored (see <see cref="Commit.Key"/>): unique, for row keys.</summary>
    public required string Key { get; init; }

    public static CommitRef Of(Commit commit) => new()
    {
        AggregateId = commit.AggregateId,
        Version = commit.Version,
        CommitId = commit.CommitId,
        CommittedAt = commit.CommittedAt,
        Key = commit.Key,
    };
}

/// <summary>A commit with at least one matching event.</summary>
public sealed record SearchMatch
{
    public required CommitRef Commit { get; init; }

    /// <summary>The matching events with their matched paths (the commit itself is read again to show it).</summary>
    public required IReadOnlyList<EventMatch> Events { get; init; }
}

/// <summary>An item met during a long read that is not a well-formed commit; reported, then passed over.</summary>
public sealed record MalformedItem
{
    public required CommitRef Commit { get; init; }
    public required IReadOnlyList<string> Problems { get; init; }
}

/// <summary>
/// One update of a streamed search. Counters are totals so far; lists hold what is new since the
/// previous update (the caller keeps what it shows; the store keeps nothing). The last update has a
/// <see cref="State"/> other than <see cref="ReadState.Reading"/>.
/// </summary>
public sealed record SearchProgress
{
    public required IReadOnlyList<SearchMatch> NewMatches { get; init; }

    /// <summary>Malformed items met since the previous update (at most 100 over a whole read; <see cref="MalformedCount"/> counts all).</summary>
    public required IReadOnlyList<MalformedItem> NewMalformed { get; init; }

    public required int MatchCount { get; init; }
    public required long MalformedCount { get; init; }
    public required ReadCost Cost { get; init; }

    /// <summary>About how many items the whole range holds (see docs/layouts.md for how each range is estimated); null when unknown.</summary>
    public long? EstimatedItems { get; init; }

    public required ReadState State { get; init; }

    /// <summary>The request that continues where this one stopped; null when the range was read to its end.</summary>
    public SearchRequest? Resume { get; init; }

    /// <summary>Layout-A time windows: what the binary search for the range's ends noticed (committedAt missing or going backwards).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}

/// <summary>A field's history within one aggregate.</summary>
public sealed record FieldHistoryRequest
{
    public required string AggregateId { get; init; }

    /// <summary>A path (<c>$.customer.email</c>) or a bare property name (<c>email</c>, any depth).</summary>
    public required JsonPathPattern Path { get; init; }

    /// <summary>Start here (inclusive) rather than at the first commit.</summary>
    public long? FromVersion { get; init; }

    /// <summary>
    /// When continuing: the value the field had before <see cref="FromVersion"/> (JSON text), so the first
    /// change has its old value. <see cref="FieldHistoryProgress.Resume"/> carries it.
    /// </summary>
    public string? PreviousValueJson { get; init; }

    public ReadBudget Budget { get; init; } = ReadBudget.Search;

    /// <summary>Stop after this many rows (1 to 10,000).</summary>
    public int MaxChanges { get; init; } = 2_000;
}

/// <summary>
/// One event that set the field. Old values follow one stream per request in replay order: the value
/// the pattern last matched before this event, whatever its concrete path.
/// </summary>
public sealed record FieldChange
{
    public required CommitRef Commit { get; init; }
    public required int EventIndex { get; init; }
    public required string? EventType { get; init; }

    /// <summary>The concrete path set (<c>$.customer.email</c>).</summary>
    public required string Path { get; init; }

    /// <summary>JSON text; null when the field was not seen before (in this read).</summary>
    public required string? OldValueJson { get; init; }

    /// <summary>JSON text.</summary>
    public required string NewValueJson { get; init; }

    /// <summary>False when the event set the value it already had.</summary>
    public required bool Changed { get; init; }
}

/// <summary>One update of a streamed field history; counters are totals, lists are new since the previous update.</summary>
public sealed record FieldHistoryProgress
{
    public required IReadOnlyList<FieldChange> NewChanges { get; init; }
    public required IReadOnlyList<MalformedItem> NewMalformed { get; init; }
    public required int ChangeCount { get; init; }
    public required long MalformedCount { get; init; }
    public required ReadCost Cost { get; init; }
    public long? EstimatedItems { get; init; }
    public required ReadState State { get; init; }
    public FieldHistoryRequest? Resume { get; init; }
}

/// <summary>"Go to a date and time": in the feed (<see cref="AggregateId"/> null) or in one aggregate's timeline.</summary>
public sealed record TimeTravelQuery
{
    public string? AggregateId { get; init; }
    public required DateTimeOffset At { get; init; }
}

public enum TimeTravelMethod
{
    /// <summary>Layout B feed: one read from the moment's commit-id prefix.</summary>
    CommitIdPrefix,

    /// <summary>Layout A feed and timelines: binary search over commit ids or versions, reading committedAt.</summary>
    BinarySearch,
}

/// <summary>Where "at or after a time" lands, how many requests it took, and what may make it wrong.</summary>
public sealed record TimeTravelResult
{
    /// <summary>The first commit at or after the time; null when there is none (or the store is empty).</summary>
    public required Commit? Commit { get; init; }

    /// <summary>
    /// Where to open: a version (<see cref="TimelineQuery.FromVersion"/>) or a commit id
    /// (<see cref="FeedQuery.FromCommitId"/>); null when nothing is at or after the time (open the newest page).
    /// </summary>
    public required string? Position { get; init; }

    public required TimeTravelMethod Method { get; init; }

    public required int Requests { get; init; }

    /// <summary>The number of candidate positions searched (the version or commit-id span); 0 for a commit-id prefix read.</summary>
    public required long Span { get; init; }

    /// <summary>2 x ceil(log2 n) + 2 for n = <see cref="Span"/>: the most requests the search may send.</summary>
    public required int RequestBound { get; init; }

    /// <summary>committedAt missing or going backwards near the answer, in words; empty when the landing is sound.</summary>
    public required IReadOnlyList<string> Warnings { get; init; }

    /// <summary>True when the commits either side of the answer confirm it (before the time / at or after it).</summary>
    public required bool Confirmed { get; init; }
}

/// <summary>What an aggregate's history holds, so far or in full.</summary>
public sealed record AggregateSummary
{
    public const int MaxGapsListed = 100;
    public const int MaxEventTypes = 500;

    public required string AggregateId { get; init; }
    public required long Commits { get; init; }
    public required long? FirstVersion { get; init; }
    public required long? LastVersion { get; init; }
    public required DateTimeOffset? FirstCommittedAt { get; init; }
    public required DateTimeOffset? LastCommittedAt { get; init; }

    /// <summary>Missing versions (before the first one, when it is not 0, and between commits); the first <see cref="MaxGapsListed"/>.</summary>
    public required IReadOnlyList<SequenceGap> Gaps { get; init; }

    /// <summary>How many versions are missing in all (every gap counted, listed or not).</summary>
    public required long MissingVersions { get; init; }

    /// <summary>Events per type; events without a string <c>type</c> count under "" (at most <see cref="MaxEventTypes"/> types, the rest under "…").</summary>
    public required IReadOnlyDictionary<string, long> EventTypes { get; init; }

    public required long Events { get; init; }
    public required long TotalSizeBytes { get; init; }
    public required long MalformedCommits { get; init; }
    public required ReadCost Cost { get; init; }

    /// <summary>Head version - first version + 1, from two one-item reads before the summary starts.</summary>
    public long? EstimatedItems { get; init; }

    public required ReadState State { get; init; }
}

/// <summary>One attribute of a raw item.</summary>
public sealed record RawAttribute
{
    public required string Name { get; init; }

    /// <summary>The DynamoDB type: S, N, B, BOOL, NULL, L, M, SS, NS or BS.</summary>
    public required string Type { get; init; }

    /// <summary>A readable rendering of the value (JSON-like; binary as a length).</summary>
    public required string Value { get; init; }

    /// <summary>False for attributes the event-store layouts do not define (added by other programs).</summary>
    public required bool Known { get; init; }
}

/// <summary>A commit item exactly as stored: every attribute, and the item as DynamoDB JSON.</summary>
public sealed record RawItem
{
    /// <summary>The key attributes first, then the rest by name.</summary>
    public required IReadOnlyList<RawAttribute> Attributes { get; init; }

    /// <summary>The item as DynamoDB JSON (<c>{"aggregateId":{"S":"a"},...}</c>), what the AWS CLI and console take.</summary>
    public required string DynamoDbJson { get; init; }

    public required int SizeBytes { get; init; }
}

/// <summary>A streamed read of a range in replay order, for export.</summary>
public sealed record ExportRequest
{
    public required CommitRange Range { get; init; }
    public CommitFilter? Filter { get; init; }
    public ReadBudget Budget { get; init; } = ReadBudget.Export;
}
