using System.Runtime.CompilerServices;
using System.Text.Json;
using EventExplorer.Data.Model;
using EventExplorer.Data.Reducers;

namespace EventExplorer.Data.State;

/// <summary>What to trace: a path in the folded state of one aggregate.</summary>
public sealed record StateFieldRequest
{
    public required string AggregateId { get; init; }

    /// <summary>A path in the state (<c>$.total</c>, <c>$.lines[*].sku</c>).</summary>
    public required JsonPathPattern Path { get; init; }

    public required Reducer Reducer { get; init; }

    public ReducerLimits Limits { get; init; } = ReducerLimits.Default;

    public ReadBudget Budget { get; init; } = ReadBudget.Export;
}

/// <summary>One place in the state that an event changed: its value before and after (JSON text; null when absent).</summary>
public sealed record StateFieldChange
{
    public required Commit Commit { get; init; }

    public required CommitEvent Event { get; init; }

    /// <summary>The concrete path (<c>$.lines[2].sku</c>).</summary>
    public required string Path { get; init; }

    public required string? Before { get; init; }

    public required string? After { get; init; }
}

/// <summary>One event folded by <see cref="StateFieldHistory.ReadStepsAsync"/>: the commit, and what it changed at the path.</summary>
public sealed record StateFieldStep
{
    public required Commit Commit { get; init; }

    /// <summary>Events folded so far, this one included.</summary>
    public required long EventsFolded { get; init; }

    public required IReadOnlyList<StateFieldChange> Changes { get; init; }
}

/// <summary>
/// The history of a state field: folds the aggregate once and lists every event after which the
/// value at the path differs from before it. This answers "which event changed <c>total</c>?" in
/// the state's terms, not the events'. Each event's state is looked at once and dropped, so memory is
/// bounded by the state, not the history.
/// </summary>
public sealed class StateFieldHistory(StateFolder folder)
{
    public async IAsyncEnumerable<StateFieldChange> ReadAsync(StateFieldRequest request, IProgress<ReadCost>? cost, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var step in ReadStepsAsync(request, cost, cancellationToken).ConfigureAwait(false))
        {
            foreach (var change in step.Changes) yield return change;
        }
    }

    /// <summary>
    /// The same, one step per event folded (its changes, often none), so that a page can show how far a long
    /// fold has got between changes.
    /// </summary>
    public async IAsyncEnumerable<StateFieldStep> ReadStepsAsync(StateFieldRequest request, IProgress<ReadCost>? cost, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var read = new FoldRequest { AggregateId = request.AggregateId, Budget = request.Budget, StepPerEvent = true };
        using var fold = request.Reducer.Begin(request.Limits, cancellationToken);
        // The state before the first event: $init's (or the generic reducer's empty object).
        var before = Values(request.Path, fold);
        await foreach (var step in folder.FoldAsync(read, fold, cost, cancellationToken).ConfigureAwait(false))
        {
            var after = Values(request.Path, step.Fold);
            var changes = new List<StateFieldChange>();
            foreach (var (path, value) in after)
            {
                if (!before.TryGetValue(path, out var old) || old != value)
                {
                    changes.Add(new StateFieldChange { Commit = step.Commit, Event = step.Event!, Path = path, Before = old, After = value });
                }
            }
            foreach (var (path, old) in before)
            {
                if (!after.ContainsKey(path))
                {
                    changes.Add(new StateFieldChange { Commit = step.Commit, Event = step.Event!, Path = path, Before = old, After = null });
                }
            }
            before = after;
            yield return new StateFieldStep { Commit = step.Commit, EventsFolded = fold.EventsFolded, Changes = changes };
        }
    }

    private static Dictionary<string, string> Values(JsonPathPattern path, ReducerFold fold)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        if (fold.State is not { } state) return values;
        var found = new List<(string Path, JsonElement Value)>();
        path.Find(JsonSerializer.SerializeToElement(state), found);
        foreach (var (at, value) in found) values[at] = value.GetRawText();
        return values;
    }
}
