using System.Text.Json;
using EventExplorer.Data.Json;
using EventExplorer.Data.Model;
using EventExplorer.Data.Reducers;

namespace EventExplorer.Data.State;

/// <summary>What verifying a snapshot against its aggregate's events found.</summary>
public sealed record SnapshotVerification
{
    public required Snapshot Snapshot { get; init; }

    public required Reducer Reducer { get; init; }

    /// <summary>How many commits the aggregate has (all were folded).</summary>
    public required long Commits { get; init; }

    /// <summary>The newest version folded; null when the aggregate has no commits.</summary>
    public required long? NewestVersion { get; init; }

    /// <summary>The last version committed at or before the snapshot's createdAt; null when none was.</summary>
    public required long? VersionAtCreation { get; init; }

    /// <summary>The folded state after <see cref="VersionAtCreation"/> (JSON text); null when there is none.</summary>
    public required string? StateAtCreation { get; init; }

    /// <summary>True when the snapshot equals the state after <see cref="VersionAtCreation"/>.</summary>
    public required bool MatchesStateAtCreation { get; init; }

    /// <summary>The newest version whose folded state equals the snapshot; null when none does.</summary>
    public required long? MatchingVersion { get; init; }

    /// <summary>Commits after <see cref="MatchingVersion"/> (0: it matches the newest state).</summary>
    public required long? CommitsAfterMatch { get; init; }

    /// <summary>Why the snapshot could not be compared at all (not JSON, no commits); null when it was.</summary>
    public string? Problem { get; init; }

    /// <summary>The snapshot's state is not JSON that can be compared (then nothing was read).</summary>
    public bool StateMalformed { get; init; }
}

/// <summary>
/// Checks a stored snapshot against the events it claims to summarise. The snapshot store keeps no
/// version, only <c>createdAt</c>: the snapshot is compared with the state after the last commit
/// committed at or before that moment, and every version's state is compared with it to say which
/// version, if any, it equals. One read of the history; memory bounded by the state.
/// </summary>
public sealed class SnapshotVerifier(StateFolder folder)
{
    public async Task<SnapshotVerification> VerifyAsync(Snapshot snapshot, Reducer reducer, ReducerLimits limits, ReadBudget budget, IProgress<ReadCost>? cost, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(reducer);
        var result = new SnapshotVerification
        {
            Snapshot = snapshot, Reducer = reducer, Commits = 0, NewestVersion = null, VersionAtCreation = null, StateAtCreation = null,
            MatchesStateAtCreation = false, MatchingVersion = null, CommitsAfterMatch = null,
        };
        if (!TryParse(snapshot.StateJson, out var stored))
        {
            return result with { StateMalformed = true, Problem = "The snapshot's state is not JSON that can be compared; it is shown raw on the snapshot page." };
        }

        long commits = 0, commitsAtMatch = 0;
        long? newest = null, atCreation = null, matching = null;
        string? stateAtCreation = null;
        var request = new FoldRequest { AggregateId = snapshot.SnapshotId, Budget = budget };
        using var fold = reducer.Begin(limits, cancellationToken);
        await foreach (var step in folder.FoldAsync(request, fold, cost, cancellationToken).ConfigureAwait(false))
        {
            commits++;
            newest = step.Commit.Version;
            var state = step.Fold.State is { } node ? JsonSerializer.SerializeToElement(node) : (JsonElement?)null;
            if (state is { } s && JsonEquality.Equal(s, stored))
            {
                matching = step.Commit.Version;
                commitsAtMatch = commits;
            }
            if (snapshot.CreatedAt is { } created && step.Commit.CommittedAt is { } committed && committed <= created)
            {
                atCreation = step.Commit.Version;
                stateAtCreation = state?.GetRawText();
            }
        }

        if (commits == 0)
        {
            return result with { Problem = $"The aggregate \"{snapshot.SnapshotId}\" has no commits, so there is nothing to fold: the snapshot summarises no events." };
        }
        return result with
        {
            Commits = commits,
            NewestVersion = newest,
            VersionAtCreation = atCreation,
            StateAtCreation = stateAtCreation,
            MatchesStateAtCreation = stateAtCreation is not null && Equal(stateAtCreation, stored),
            MatchingVersion = matching,
            CommitsAfterMatch = matching is null ? null : commits - commitsAtMatch,
        };
    }

    private static bool Equal(string json, JsonElement stored)
    {
        using var document = JsonDocument.Parse(json);
        return JsonEquality.Equal(document.RootElement, stored);
    }

    private static bool TryParse(string? json, out JsonElement element)
    {
        element = default;
        if (json is null || StoredJson.FindError(json) is not null) return false;
        using var document = JsonDocument.Parse(json);
        element = document.RootElement.Clone();
        return true;
    }
}
