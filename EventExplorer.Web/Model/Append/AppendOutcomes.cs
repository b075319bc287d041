using EventExplorer.Data;
using EventExplorer.Data.Errors;
using EventExplorer.Data.Model;

namespace EventExplorer.Web.Model.Append;

/// <summary>
/// What the append form knows about its earlier attempts: those whose outcome was not verified (the
/// reply was lost and reading back did not tell), so that the same events are never sent blindly
/// again, a "Check now" can settle them, and a later conflict with one of them is recognised as the
/// user's own commit instead of "another writer", which would lead to the same events stored twice.
/// </summary>
public sealed class AppendOutcomes(IEventStoreReader reader, IEventStoreWriter writer, IAppendVerifier verifier)
{
    /// <summary>Commits listed when a version turns out to be taken.</summary>
    public const int ConflictCommitsShown = 10;

    // Newest last. An attempt checked and found not written stays (a put still on its way could land
    // later), but no longer holds the form back.
    private readonly List<(AppendAttempt Attempt, bool CheckedFree)> _attempts = [];

    // Asked on every render while an attempt is unsettled: the text (up to 400 KB) is parsed once per change.
    private (string Text, string? Compact) _compacted = ("", null);

    /// <summary>Remembers an attempt whose outcome is unknown.</summary>
    public void Remember(AppendAttempt attempt) => _attempts.Add((attempt, false));

    /// <summary>
    /// The unchecked attempt with these events for this aggregate, at any version: sending the same
    /// events again before it is checked could store them twice (at another version), so the form waits.
    /// </summary>
    public AppendAttempt? Unsettled(string aggregateId, string eventsJson)
    {
        if (!_attempts.Exists(a => !a.CheckedFree && a.Attempt.AggregateId == aggregateId) || Compact(eventsJson) is not { } events) return null;
        return _attempts.LastOrDefault(a => !a.CheckedFree && a.Attempt.AggregateId == aggregateId && a.Attempt.EventsJson == events).Attempt;
    }

    private string? Compact(string eventsJson)
    {
        if (!ReferenceEquals(_compacted.Text, eventsJson)) _compacted = (eventsJson, AppendEvents.Compact(eventsJson));
        return _compacted.Compact;
    }

    /// <summary>
    /// Reads the attempt's version (the store adds the verified outcome to the audit). Written or taken
    /// settles it; not written leaves it remembered but no longer in the way.
    /// </summary>
    public async Task<AppendVerification> CheckAsync(AppendAttempt attempt, CancellationToken cancellationToken)
    {
        var verification = await verifier.VerifyAppendAsync(attempt, cancellationToken);
        var index = _attempts.FindIndex(a => a.Attempt == attempt);
        if (index >= 0)
        {
            if (verification.Verdict == AppendVerdict.NotWritten) _attempts[index] = (attempt, true);
            else _attempts.RemoveAt(index);
        }
        return verification;
    }

    /// <summary>An append at a version now decided (written by this form): its earlier attempts there are settled.</summary>
    public void Settled(string aggregateId, long version) =>
        _attempts.RemoveAll(a => a.Attempt.AggregateId == aggregateId && a.Attempt.Version == version);

    /// <summary>
    /// What a version conflict means for this user: their own earlier attempt (checked against each
    /// remembered attempt at that version), the same events from elsewhere, a race with another writer
    /// after the proposal, or a version that was already taken when it was chosen.
    /// </summary>
    public async Task<AppendConflict> ExplainAsync(VersionConflictException conflict, string eventsJson, bool versionWasProposed, CancellationToken cancellationToken)
    {
        var (aggregateId, version) = (conflict.AggregateId, conflict.Version);
        var kind = conflict.StoredEventsMatch ? AppendConflictKind.SameEvents : versionWasProposed ? AppendConflictKind.Race : AppendConflictKind.Taken;
        var sameEventsAsEarlier = false;
        foreach (var (attempt, _) in _attempts.Where(a => a.Attempt.AggregateId == aggregateId && a.Attempt.Version == version).Reverse().ToList())
        {
            AppendVerification verification;
            try
            {
                verification = await CheckAsync(attempt, cancellationToken);
            }
            catch (EventStoreException)
            {
                // The conflict stands; the attempt stays unsettled, and its events still hold the form back.
                break;
            }
            if (verification.Verdict != AppendVerdict.Written) continue;
            kind = AppendConflictKind.EarlierAttemptWritten;
            sameEventsAsEarlier = attempt.EventsJson == Compact(eventsJson);
            Settled(aggregateId, version);
            break;
        }
        return await ReadAsync(aggregateId, version, kind, sameEventsAsEarlier, cancellationToken);
    }

    /// <summary>
    /// A conflict found by "Check now": the attempt's version holds another commit. Another writer raced the
    /// user only if the version was proposed, or if that commit came after the attempt was sent; a version the
    /// user chose that held a commit before they sent theirs was simply taken.
    /// </summary>
    public Task<AppendConflict> ExplainCheckedAsync(AppendAttempt attempt, AppendVerification verification, bool versionWasProposed, CancellationToken cancellationToken)
    {
        var takenBefore = verification.Stored?.CommittedAt is { } at && at.ToUnixTimeMilliseconds() < attempt.CommittedAt;
        var kind = verification.SameEvents ? AppendConflictKind.SameEvents
            : !versionWasProposed && takenBefore ? AppendConflictKind.Taken
            : AppendConflictKind.Race;
        return ReadAsync(attempt.AggregateId, attempt.Version, kind, false, cancellationToken);
    }

    // Reading what got there first must not hide the conflict itself: a failure here leaves the list empty.
    private async Task<AppendConflict> ReadAsync(string aggregateId, long version, AppendConflictKind kind, bool sameEventsAsEarlier, CancellationToken cancellationToken)
    {
        IReadOnlyList<Commit> commits = [];
        var more = false;
        long? next = null;
        try
        {
            var page = await reader.ReadTimelineAsync(new TimelineQuery
            {
                AggregateId = aggregateId,
                FromVersion = version,
                Order = ReadOrder.OldestFirst,
                PageSize = ConflictCommitsShown,
            }, cancellationToken);
            commits = page.Items;
            more = page.Newer is not null;
            next = await writer.ProposeNextVersionAsync(aggregateId, cancellationToken);
        }
        catch (EventStoreException)
        {
        }
        return new AppendConflict
        {
            AggregateId = aggregateId,
            Version = version,
            Kind = kind,
            EarlierAttemptHadTheseEvents = sameEventsAsEarlier,
            Commits = commits,
            More = more,
            NextFreeVersion = next,
        };
    }
}
