using System.Text.Json.Nodes;
using EventExplorer.Data.Model;

namespace EventExplorer.Data.Reducers;

/// <summary>
/// Folds an aggregate's events, in version order, into a JSON state. Two kinds exist: the generic
/// reducer (always there) and JavaScript reducers written in KurrentDB's projection style.
/// A reducer is shared; each fold gets its own <see cref="ReducerFold"/>.
/// </summary>
public abstract class Reducer
{
    public required string Name { get; init; }

    /// <summary>What the reducer does, in words a page can show.</summary>
    public abstract string Description { get; }

    /// <summary>True when this reducer is meant for the aggregate (its id, or the type of its first event).</summary>
    public abstract bool AppliesTo(string aggregateId, string? firstEventType);

    /// <summary>Starts a fold from the initial state. Dispose it when done.</summary>
    public abstract ReducerFold Begin(ReducerLimits limits, CancellationToken cancellationToken);
}

/// <summary>One fold in progress: events go in one at a time, in version order.</summary>
public abstract class ReducerFold : IDisposable
{
    protected ReducerFold(Reducer reducer) => Reducer = reducer;

    public Reducer Reducer { get; }

    /// <summary>How many events have been applied.</summary>
    public long EventsFolded { get; private set; }

    /// <summary>The version of the last commit applied (null before the first).</summary>
    public long? Version { get; private set; }

    /// <summary>Applies one event of the commit at <paramref name="commit"/>'s version. Throws <see cref="ReducerException"/>.</summary>
    public void Apply(Commit commit, CommitEvent evt)
    {
        ArgumentNullException.ThrowIfNull(commit);
        ArgumentNullException.ThrowIfNull(evt);
        try
        {
            ApplyEvent(commit, evt);
        }
        catch (ReducerException)
        {
            throw;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new ReducerException(Reducer.Name, commit.Version, evt.Index, evt.Type, Explain(e), e);
        }
        EventsFolded++;
        Version = commit.Version;
    }

    /// <summary>Applies every event of a commit. A commit whose events are not a JSON array cannot be folded.</summary>
    public void Apply(Commit commit)
    {
        CheckFoldable(commit);
        foreach (var evt in commit.Events) Apply(commit, evt);
        Version = commit.Version;
    }

    /// <summary>Throws <see cref="ReducerException"/> for a commit whose events are not a JSON array.</summary>
    public void CheckFoldable(Commit commit)
    {
        ArgumentNullException.ThrowIfNull(commit);
        if (commit.EventsJson is null || commit.Events.Count == 0 && !IsEmptyArray(commit.EventsJson))
        {
            throw new ReducerException(Reducer.Name, commit.Version, null, null,
                "its events are not a JSON array, so the state after it cannot be known");
        }
    }

    /// <summary>The state so far, as a fresh JSON tree (null when the reducer's state is undefined).</summary>
    public abstract JsonNode? State { get; }

    protected abstract void ApplyEvent(Commit commit, CommitEvent evt);

    /// <summary>A failure's message in words; subclasses name their own limits.</summary>
    protected virtual string Explain(Exception e) => e.Message;

    public virtual void Dispose() => GC.SuppressFinalize(this);

    private static bool IsEmptyArray(string json) =>
        json.AsSpan().Trim() is var t && t.Length >= 2 && t[0] == '[' && t[^1] == ']' && t[1..^1].Trim().IsEmpty;
}

/// <summary>Limits on one fold of a JavaScript reducer (the generic reducer needs none).</summary>
public sealed record ReducerLimits
{
    /// <summary>Wall-clock time for the whole fold.</summary>
    public TimeSpan FoldTime { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Statements one handler call may run.</summary>
    public int StatementsPerEvent { get; init; } = 100_000;

    /// <summary>Bytes one handler call may allocate.</summary>
    public long MemoryPerEvent { get; init; } = 32 * 1024 * 1024;

    /// <summary>Call depth.</summary>
    public int Recursion { get; init; } = 200;

    public static ReducerLimits Default { get; } = new();
}

/// <summary>A fold that failed: names the reducer, the commit's version and the event.</summary>
public sealed class ReducerException : Exception
{
    public ReducerException(string reducer, long? version, int? eventIndex, string? eventType, string reason, Exception? inner = null)
        : base(Describe(reducer, version, eventIndex, eventType, reason), inner)
    {
        ReducerName = reducer;
        Version = version;
        EventIndex = eventIndex;
        EventType = eventType;
        Reason = reason;
    }

    public string ReducerName { get; }
    public long? Version { get; }
    public int? EventIndex { get; }
    public string? EventType { get; }
    public string Reason { get; }

    private static string Describe(string reducer, long? version, int? eventIndex, string? eventType, string reason)
    {
        var at = version is { } v ? $"v{v}" : "a commit without a version";
        var evt = eventIndex is { } i ? $", event {i}" + (eventType is null ? " (no type)" : $" ({eventType})") : "";
        return $"Reducer \"{reducer}\" failed at {at}{evt}: {reason}";
    }
}
