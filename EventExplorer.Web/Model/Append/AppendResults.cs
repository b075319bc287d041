using EventExplorer.Data.Model;

namespace EventExplorer.Web.Model.Append;

/// <summary>Why a version was found taken, which decides what the page says and offers.</summary>
public enum AppendConflictKind
{
    /// <summary>The version was the store's proposal and another writer took it since.</summary>
    Race,

    /// <summary>The user (or a link) chose a version that was already taken.</summary>
    Taken,

    /// <summary>The commit there is this user's own earlier attempt, whose reply was lost.</summary>
    EarlierAttemptWritten,

    /// <summary>The commit there holds exactly these events, from an attempt this form does not know (another tab, a reload).</summary>
    SameEvents,
}

/// <summary>The commits that took a version first, and the version that is free now.</summary>
public sealed record AppendConflict
{
    public required string AggregateId { get; init; }
    public required long Version { get; init; }

    public required AppendConflictKind Kind { get; init; }

    /// <summary>For <see cref="AppendConflictKind.EarlierAttemptWritten"/>: the form still holds that attempt's events.</summary>
    public bool EarlierAttemptHadTheseEvents { get; init; }

    /// <summary>Commits at and after <see cref="Version"/>, oldest first.</summary>
    public required IReadOnlyList<Commit> Commits { get; init; }

    /// <summary>True when more commits follow the ones listed.</summary>
    public required bool More { get; init; }

    /// <summary>Head + 1 as the store sees it now; null when it could not be read.</summary>
    public required long? NextFreeVersion { get; init; }

    /// <summary>
    /// The next free version, unless taking it would store the same events a second time (the
    /// commit at <see cref="Version"/> already holds them).
    /// </summary>
    public long? OfferedVersion => Kind == AppendConflictKind.SameEvents || (Kind == AppendConflictKind.EarlierAttemptWritten && EarlierAttemptHadTheseEvents)
        ? null
        : NextFreeVersion;

    public string TimelineUrl => ExplorerUrls.Timeline(AggregateId, Version);

    public string CommitUrl => ExplorerUrls.Commit(AggregateId, Version);
}

/// <summary>What "Check now" found out about an append whose outcome was unknown.</summary>
public enum AppendCheckState
{
    NotChecked,

    /// <summary>Nothing is at the version: it was not written, and sending it again is safe.</summary>
    NotWritten,
}

/// <summary>An append whose outcome could not be known (sent, no reply, not confirmed by a read-back).</summary>
public sealed record AppendOutcomeUnknown(string AggregateId, long Version, string Message)
{
    /// <summary>The attempt as sent, for "Check now"; null when the store could not say (then only the timeline link helps).</summary>
    public AppendAttempt? Attempt { get; init; }

    /// <summary>The version was the store's proposal, not one the user chose: a commit found there later was a race.</summary>
    public bool VersionWasProposed { get; init; }

    public AppendCheckState Check { get; init; }

    /// <summary>Why the last check could not answer; null when it did or none ran.</summary>
    public string? CheckError { get; init; }

    /// <summary>Where to look: the timeline at the version that was being written.</summary>
    public string CheckUrl => ExplorerUrls.Timeline(AggregateId, Version);
}

/// <summary>The version proposed for an aggregate (handed from the prerendered page to the interactive one).</summary>
public sealed record AppendProposal(string? AggregateId, long? Version);

/// <summary>What the confirmation before an append shows: where it writes, and what looks wrong but is allowed.</summary>
public sealed record AppendPreview(string AggregateId, long Version, int EventCount, IReadOnlyList<string> Warnings);
