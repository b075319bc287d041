using EventExplorer.Data.Model;

namespace EventExplorer.Data.Integrity;

/// <summary>Every kind of damage the whole-table integrity check looks for.</summary>
public enum IntegrityKind
{
    // One aggregate's history (the commit table's scan: an aggregate's items come together, in version order).

    /// <summary>Versions skip numbers: a commit is missing between two stored ones.</summary>
    VersionGap,

    /// <summary>The first stored version is not 0.</summary>
    VersionNotFromZero,

    /// <summary>A version that is not a whole number (e.g. 2.5).</summary>
    VersionNotWhole,

    /// <summary>A commit's committedAt is before the previous version's.</summary>
    CommittedAtBackwardsInAggregate,

    // The feed (the commit-id index, read in commit-id order).

    /// <summary>Two or more commits hold the same commit id.</summary>
    RepeatedCommitId,

    /// <summary>Layout A: commit ids allocated by the counter but never written (a version conflict or a lost append), including ids after the last commit up to the counter.</summary>
    CounterGap,

    /// <summary>A commit's committedAt is before the previous commit's in commit-id order.</summary>
    CommittedAtBackwardsInFeed,

    // One item, in either table.

    /// <summary>An attribute the layout requires is absent (e.g. no commitId or active: the commit is missing from the feed).</summary>
    MissingAttribute,

    /// <summary>An attribute has the wrong DynamoDB type (e.g. commitId stored as S in layout A, committedAt as S).</summary>
    MistypedAttribute,

    /// <summary>An attribute the layout does not define.</summary>
    UndefinedAttribute,

    /// <summary>The events text is not JSON.</summary>
    EventsNotJson,

    /// <summary>The events text is JSON but not an array.</summary>
    EventsNotArray,

    /// <summary>An event that is not an object with a string <c>type</c>.</summary>
    EventWithoutType,

    /// <summary>A string (events or state text) holding a lone UTF-16 surrogate, raw or as a \u escape.</summary>
    LoneSurrogate,

    /// <summary>An item above 350 KB, near DynamoDB's 400 KB limit.</summary>
    NearSizeLimit,

    // Snapshots.

    /// <summary>The snapshot's state text is not JSON.</summary>
    SnapshotStateNotJson,

    /// <summary>A snapshot whose aggregate has no commits.</summary>
    SnapshotWithoutCommits,

    /// <summary>A snapshot whose createdAt is before its aggregate's first commit.</summary>
    SnapshotBeforeFirstCommit,

    /// <summary>A snapshot equal to no folded state of its aggregate (only when <see cref="IntegrityRequest.VerifySnapshots"/>).</summary>
    SnapshotMatchesNoState,
}

/// <summary>Which table a place is in.</summary>
public enum IntegrityTable
{
    Commits,
    Snapshots,
    Counter,
}

/// <summary>One place where the check found damage: enough to link to it and to say what is wrong in words.</summary>
public sealed record IntegrityPlace
{
    public required IntegrityKind Kind { get; init; }
    public required IntegrityTable Table { get; init; }

    /// <summary>The aggregate id (commits) or snapshot id (snapshots); null for a counter gap.</summary>
    public string? Id { get; init; }

    /// <summary>The stored version's number text (so 2.5 can be linked to its raw item); null for snapshots and counter gaps.</summary>
    public string? Version { get; init; }

    /// <summary>The commit id as text (layout A: the number; B: the string), when the item has one.</summary>
    public string? CommitId { get; init; }

    /// <summary>What is wrong in words, e.g. "versions 3 to 5 are missing (between v2 and v6)".</summary>
    public required string Detail { get; init; }
}

/// <summary>What to check, how, and where a previous run stopped.</summary>
public sealed record IntegrityRequest
{
    public const int DefaultSegments = 4;
    public const int DefaultPlacesPerKind = 100;

    /// <summary>Parallel Scan segments (TotalSegments) for the commit and snapshot tables, 1 to 16.</summary>
    public int Segments { get; init; } = DefaultSegments;

    /// <summary>A previous run's <see cref="IntegrityProgress.Next"/>: continue after what it checked, its counts carried on.</summary>
    public string? Continue { get; init; }

    /// <summary>Reads of this run (every table, the index and snapshot folds), not per phase.</summary>
    public ReadBudget Budget { get; init; } = ReadBudget.Export;

    /// <summary>How many places per kind the run reports; the counts go on past it.</summary>
    public int PlacesPerKind { get; init; } = DefaultPlacesPerKind;

    /// <summary>Also fold each snapshot's aggregate and compare (reads those aggregates' commits again).</summary>
    public bool VerifySnapshots { get; init; }
}

/// <summary>The parts of a check, in the order they run.</summary>
public enum IntegrityPhase
{
    /// <summary>A parallel Scan of the commit table: each item, and each aggregate's versions and times.</summary>
    Commits,

    /// <summary>The commit-id index in commit-id order: repeated ids, counter gaps, committedAt along the feed.</summary>
    Feed,

    /// <summary>A parallel Scan of the snapshot table, each snapshot against its aggregate's first commit (and fold).</summary>
    Snapshots,

    /// <summary>Every part ran.</summary>
    Done,
}

/// <summary>An update of a running check: the totals so far (a continued run's included) and the places found since the previous update.</summary>
public sealed record IntegrityProgress
{
    public required IntegrityPhase Phase { get; init; }

    /// <summary>Every kind, with how many places of it were found (continued runs included); zero counts are present.</summary>
    public required IReadOnlyDictionary<IntegrityKind, long> Counts { get; init; }

    /// <summary>Places found since the previous update, at most <see cref="IntegrityRequest.PlacesPerKind"/> per kind over the run.</summary>
    public required IReadOnlyList<IntegrityPlace> NewPlaces { get; init; }

    /// <summary>Commit-table items checked (continued runs included).</summary>
    public required long CommitsChecked { get; init; }

    /// <summary>Index entries read in commit-id order (continued runs included).</summary>
    public required long FeedEntriesChecked { get; init; }

    /// <summary>Snapshots checked (continued runs included).</summary>
    public required long SnapshotsChecked { get; init; }

    /// <summary>What this run has read so far, as DynamoDB reported it.</summary>
    public required ReadCost Cost { get; init; }

    public required ReadState State { get; init; }

    /// <summary>Where to continue (<see cref="IntegrityRequest.Continue"/>) when the run stopped before the end; null when it ran to the end.</summary>
    public string? Next { get; init; }

    /// <summary>Something the check could not do, in words (e.g. there is no snapshot table, so snapshots were not checked); null when none.</summary>
    public string? Notice { get; init; }
}
