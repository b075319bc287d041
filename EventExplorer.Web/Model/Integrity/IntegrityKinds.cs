using System.Globalization;
using EventExplorer.Data.Integrity;
using static EventExplorer.Data.Integrity.IntegrityKind;

namespace EventExplorer.Web.Model.Integrity;

/// <summary>What each kind of damage is called on the page and in the CSV, and where each place links.</summary>
public static class IntegrityKinds
{
    /// <summary>Every kind, in the order the page lists them (the check's phases: history, feed, items, snapshots).</summary>
    public static IReadOnlyList<IntegrityKind> All { get; } = Enum.GetValues<IntegrityKind>();

    /// <summary>The kind in plain words, as the results table says it.</summary>
    public static string Title(IntegrityKind kind) => kind switch
    {
        VersionGap => "Versions skip numbers",
        VersionNotFromZero => "First version is not 0",
        VersionNotWhole => "Versions that are not whole numbers",
        CommittedAtBackwardsInAggregate => "committedAt goes back within an aggregate",
        RepeatedCommitId => "Commit ids that repeat",
        CounterGap => "Commit ids allocated but never written (layout A)",
        CommittedAtBackwardsInFeed => "committedAt goes back along the feed",
        MissingAttribute => "Attributes the layout requires are missing",
        MistypedAttribute => "Attributes of the wrong type",
        UndefinedAttribute => "Attributes the layout does not define",
        EventsNotJson => "Events text that is not JSON",
        EventsNotArray => "Events text that is not a JSON array",
        EventWithoutType => "Events without a type",
        LoneSurrogate => "Text with half a character (a lone surrogate)",
        NearSizeLimit => "Items above 350 KB (near the 400 KB limit)",
        SnapshotStateNotJson => "Snapshot state that is not JSON",
        SnapshotWithoutCommits => "Snapshots without commits",
        SnapshotBeforeFirstCommit => "Snapshots created before their aggregate's first commit",
        SnapshotMatchesNoState => "Snapshots that match no state of their events",
        SnapshotNotVerified => "Snapshots that could not be verified (the reducer failed)",
        _ => kind.ToString(),
    };

    /// <summary>What a reader should know before taking the kind's places for damage; null when its title says it all.</summary>
    public static string? Note(IntegrityKind kind) => kind switch
    {
        SnapshotMatchesNoState =>
            "Each snapshot was compared with the states its aggregate's events fold to, with the reducer the state page picks for it. " +
            "Where no reducer is configured for an id, that is the generic reducer, which only merges the events' properties: " +
            "a snapshot a domain projection wrote rarely equals it, and the detail names the reducer used.",
        CounterGap => "A version conflict leaves an allocated id unused, so some gaps are normal; many, or gaps in a quiet period, point to lost appends.",
        _ => null,
    };

    /// <summary>The kind's name in the CSV: stable, lower-case words with dashes (<c>version-gap</c>).</summary>
    public static string CsvName(IntegrityKind kind) =>
        string.Concat(kind.ToString().Select((c, i) => char.IsUpper(c) ? (i > 0 ? "-" : "") + char.ToLowerInvariant(c) : c.ToString()));

    /// <summary>The place in a few words: the aggregate and version, the snapshot, or the commit id.</summary>
    public static string Label(IntegrityPlace place) => place switch
    {
        { Table: IntegrityTable.Snapshots, Id: { } id } => id,
        { Id: { } id, Version: { } version } => $"{id} v{version}",
        { Id: { } id } => id,
        { CommitId: { } commitId } => "commit id " + commitId,
        _ => "–",
    };

    /// <summary>
    /// Where the place can be looked at: the feed at the commit id for the feed's kinds, the timeline at the version
    /// for a gap, the snapshot (or its verification) for a snapshot, and otherwise the commit, or its raw item when
    /// what is wrong is the item itself (attributes, size, a version like 2.5). Null when there is nothing to open.
    /// </summary>
    public static string? Link(IntegrityPlace place)
    {
        if (place.Kind is RepeatedCommitId or CounterGap or CommittedAtBackwardsInFeed && place.CommitId is { } commitId) return ExplorerUrls.Feed(commitId);
        if (place.Id is not { } id) return null;
        if (place.Table == IntegrityTable.Snapshots)
        {
            return place.Kind is SnapshotMatchesNoState or SnapshotNotVerified ? ExplorerUrls.SnapshotVerification(id) : ExplorerUrls.Snapshot(id);
        }
        if (place.Table != IntegrityTable.Commits) return null;
        if (place.Version is not { } version) return ExplorerUrls.Timeline(id);
        if (!long.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var whole)) return ExplorerUrls.CommitPage(id, version, raw: true);
        if (place.Kind is VersionGap or VersionNotFromZero) return ExplorerUrls.Timeline(id, whole);
        var raw = place.Kind is MissingAttribute or MistypedAttribute or UndefinedAttribute or NearSizeLimit or VersionNotWhole;
        return ExplorerUrls.CommitPage(id, whole, raw);
    }

    /// <summary>The phase in words, for the progress line.</summary>
    public static string Phase(IntegrityPhase phase) => phase switch
    {
        IntegrityPhase.Commits => "commit table",
        IntegrityPhase.Feed => "feed order",
        IntegrityPhase.Snapshots => "snapshots",
        _ => "done",
    };
}
