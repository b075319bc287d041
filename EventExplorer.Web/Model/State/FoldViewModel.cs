using System.Runtime.CompilerServices;
using System.Text.Json;
using EventExplorer.Data;
using EventExplorer.Data.Model;
using EventExplorer.Data.Reducers;
using EventExplorer.Data.State;
using EventExplorer.Web.Model.Loading;

namespace EventExplorer.Web.Model.State;

/// <summary>Where a fold stands: what it has read and folded so far, and what it cost.</summary>
public sealed record StateProgress
{
    public required long Commits { get; init; }
    public required long EventsFolded { get; init; }
    public required long? Version { get; init; }
    public required ReadCost Cost { get; init; }
    public required TimeSpan Elapsed { get; init; }
    public required bool Done { get; init; }
}

/// <summary>One stretch of a fold, and what to take from the fold once it is read (a state diff takes the state after each side's version).</summary>
public sealed record FoldPhase(FoldRequest Request, Action<ReducerFold>? Then = null);

/// <summary>
/// What the state pages share (/state, /state/diff): a reducer chosen from the link, or one an Author typed
/// into the page; a fold streamed with progress a few times a second, Cancel and the read budget; and a
/// reducer's failure as an answer in words naming the reducer, version and event.
/// </summary>
public abstract class FoldViewModel<TState>(ReducerCatalog reducers, StateFolder folder, IEventStoreReader reader, TimeProvider time, IWriterContext? writers)
    : StreamedViewModel<TState>
    where TState : class, new()
{
    protected static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
    private static readonly TimeSpan UpdateEvery = TimeSpan.FromMilliseconds(250);

    private readonly ReducerChooser _chooser = new(reducers, reader, writers);

    public Reducer? Reducer { get; private set; }

    /// <summary>The reducer named in the URL that does not exist; null when it does or none is named.</summary>
    public string? ReducerProblem { get; private set; }

    public StateProgress? Progress { get; private set; }

    /// <summary>The reducer's failure in words (reducer, version, event); null when it did not fail.</summary>
    public string? ReducerError { get; private set; }

    /// <summary>The names a user may choose from: "generic" and the configured reducers.</summary>
    public IReadOnlyList<string> ReducerNames => _chooser.Names;

    /// <summary>The reducer an Author typed into the page: used instead of the link's until dropped. Never in the URL.</summary>
    public JavaScriptReducer? Typed { get; private set; }

    /// <summary>Why the typed reducer was not run (not an Author, not valid JavaScript, ...); null otherwise.</summary>
    public string? TypedProblem { get; private set; }

    /// <summary>The reducer named in the link, for links to other views of the same fold (null with a typed reducer: a link cannot carry it).</summary>
    public string? LinkedReducer => Typed is null ? Reducer?.Name : null;

    /// <summary>True when the fold ended and the aggregate has no commit (in the range asked for).</summary>
    public bool NothingFolded => Progress is { Done: true, Commits: 0 } && ReducerError is null;

    protected abstract string? AggregateId { get; }

    protected abstract string? ReducerName { get; }

    /// <summary>True when the state asks for a fold (an aggregate, and whatever else the page needs).</summary>
    protected abstract bool Complete { get; }

    public bool HasRequest => AggregateId is not null && Complete && (ReducerProblem is null || Typed is not null);

    protected override void Reset()
    {
        Reducer = null;
        ReducerProblem = _chooser.NameProblem(ReducerName);
        Progress = null;
        ReducerError = null;
        ResetResult();
    }

    /// <summary>Forgets what the last fold found.</summary>
    protected abstract void ResetResult();

    /// <summary>The stretches to fold, each with what to take from the fold after it.</summary>
    protected abstract IReadOnlyList<FoldPhase> Phases(string aggregateId, ReducerFold fold);

    /// <summary>After the whole fold, unless the reducer failed.</summary>
    protected abstract void Finish(ReducerFold fold, long commits);

    protected override async Task ReadAsync()
    {
        if (!HasRequest) return;
        await StreamAsync(FoldAsync, update => Progress = update);
    }

    /// <summary>
    /// Runs a reducer typed into the page against the same view: the role is checked on the server (a
    /// Viewer's script is refused however it was sent), then the script is loaded in the sandbox.
    /// </summary>
    public async Task RunTypedAsync(string? script)
    {
        TypedProblem = null;
        var (typed, problem) = await _chooser.TypedAsync(script, CancellationToken.None);
        if (typed is null)
        {
            TypedProblem = problem;
            return;
        }
        Typed = typed;
        await LoadAsync(State, LinkProblems);
    }

    /// <summary>Back to the reducer the link names (or the catalog's choice).</summary>
    public async Task DropTypedAsync()
    {
        Typed = null;
        TypedProblem = null;
        await LoadAsync(State, LinkProblems);
    }

    private async IAsyncEnumerable<StateProgress> FoldAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var aggregateId = AggregateId!;
        if (Typed is not null && !await _chooser.MayTypeAsync(cancellationToken))
        {
            // Signed out (or the role taken away) since the script was typed: it is not run again.
            Typed = null;
            TypedProblem = "The typed reducer was dropped: running one needs the Author role, which you no longer have.";
            if (ReducerProblem is not null) yield break;
        }
        Reducer = Typed ?? await _chooser.ChooseAsync(aggregateId, ReducerName, cancellationToken);
        var cost = new CostMeter();
        var started = time.GetTimestamp();
        var lastUpdate = started;
        long commits = 0;
        StateProgress Progress(bool done, ReducerFold fold) => new()
        {
            Commits = commits, EventsFolded = fold.EventsFolded, Version = fold.Version, Cost = cost.Cost, Elapsed = time.GetElapsedTime(started), Done = done,
        };

        ReducerFold fold;
        try
        {
            fold = Reducer.Begin(ReducerLimits.Default, cancellationToken);
        }
        catch (Exception e) when (e is ReducerException or ReducerLoadException)
        {
            ReducerError = e.Message;
            yield break;
        }
        using (fold)
        {
            foreach (var phase in Phases(aggregateId, fold))
            {
                // One budget for the whole fold, however many stretches it is read in.
                var request = phase.Request with { Budget = Remaining(cost.Cost) };
                cost.StartPhase();
                var steps = folder.FoldAsync(request, fold, cost, cancellationToken).GetAsyncEnumerator(cancellationToken);
                await using (steps)
                {
                    while (true)
                    {
                        try
                        {
                            if (!await steps.MoveNextAsync()) break;
                        }
                        catch (ReducerException e)
                        {
                            ReducerError = e.Message;
                            break;
                        }
                        commits++;
                        if (time.GetElapsedTime(lastUpdate) >= UpdateEvery)
                        {
                            lastUpdate = time.GetTimestamp();
                            yield return Progress(done: false, fold);
                        }
                    }
                }
                if (ReducerError is not null) break;
                phase.Then?.Invoke(fold);
            }
            if (ReducerError is null) Finish(fold, commits);
            yield return Progress(done: true, fold);
        }
    }

    private ReadBudget Remaining(ReadCost spent) => new()
    {
        MaxItems = Math.Max(1, Budget.MaxItems - spent.ItemsRead),
        MaxRequests = Math.Max(1, Budget.MaxRequests - spent.Requests),
    };

    /// <summary>The state as the page shows it: indented JSON, or "undefined" when the reducer's state is.</summary>
    protected static string StateText(ReducerFold fold) => fold.State?.ToJsonString(Indented) ?? "undefined";

    /// <summary>What the fold has cost, over all its stretches (each read reports its own total).</summary>
    private sealed class CostMeter : IProgress<ReadCost>
    {
        private ReadCost _before = ReadCost.None;

        public ReadCost Cost { get; private set; } = ReadCost.None;

        public void StartPhase() => _before = Cost;

        public void Report(ReadCost value) => Cost = _before.Add(value.ItemsRead, value.ItemsReturned, value.CapacityUnits, value.Requests);
    }
}
