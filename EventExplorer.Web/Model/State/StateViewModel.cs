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

/// <summary>
/// State of the state page (/state): folds one aggregate's history up to a version or a moment with
/// a reducer (the one named in the URL, else the catalog's choice for the aggregate), streaming
/// progress a few times a second, and shows the state. A reducer that fails is an answer in words
/// naming the reducer, version and event; so is an aggregate without commits.
/// </summary>
public sealed class StateViewModel(ReducerCatalog reducers, StateFolder folder, IEventStoreReader reader, TimeProvider time)
    : StreamedViewModel<StatePageState>
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
    private static readonly TimeSpan UpdateEvery = TimeSpan.FromMilliseconds(250);

    public Reducer? Reducer { get; private set; }

    /// <summary>The reducer named in the URL that does not exist; null when it does or none is named.</summary>
    public string? ReducerProblem { get; private set; }

    public StateProgress? Progress { get; private set; }

    /// <summary>The folded state as indented JSON; null until the fold ends (or when it failed).</summary>
    public string? StateJson { get; private set; }

    /// <summary>The reducer's failure in words (reducer, version, event); null when it did not fail.</summary>
    public string? ReducerError { get; private set; }

    /// <summary>The names a user may choose from: "generic" and the configured reducers.</summary>
    public IReadOnlyList<string> ReducerNames => [GenericReducer.DefaultName, .. reducers.Reducers.Select(r => r.Name)];

    public bool HasRequest => State.AggregateId is not null && ReducerProblem is null;

    /// <summary>True when the fold ended and the aggregate has no commit (at or before the time asked for).</summary>
    public bool NothingFolded => Progress is { Done: true, Commits: 0 } && ReducerError is null;

    protected override void Reset()
    {
        Reducer = null;
        ReducerProblem = null;
        Progress = null;
        StateJson = null;
        ReducerError = null;
        if (State.Reducer is { } name && reducers.Find(name) is null)
        {
            ReducerProblem = $"There is no reducer named \"{name}\". Configured: {string.Join(", ", ReducerNames)}.";
        }
    }

    protected override async Task ReadAsync()
    {
        if (!HasRequest) return;
        await StreamAsync(FoldAsync, update => Progress = update);
    }

    private async IAsyncEnumerable<StateProgress> FoldAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var aggregateId = State.AggregateId!;
        Reducer = State.Reducer is { } name ? reducers.Find(name)! : await ChooseAsync(aggregateId, cancellationToken);
        var request = new FoldRequest { AggregateId = aggregateId, ToVersion = State.Version, ToTime = State.At, Budget = Budget };
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
            if (ReducerError is null && commits > 0) StateJson = fold.State?.ToJsonString(Indented) ?? "undefined";
            yield return Progress(done: true, fold);
        }
    }

    /// <summary>The catalog's reducer for the aggregate; the first commit's event type is read only when some reducer asks for it.</summary>
    private async Task<Reducer> ChooseAsync(string aggregateId, CancellationToken cancellationToken)
    {
        string? firstEventType = null;
        if (reducers.Reducers.Any(r => r.FirstEvent is not null))
        {
            var first = await reader.ReadTimelineAsync(new TimelineQuery { AggregateId = aggregateId, FromOldest = true, Order = ReadOrder.OldestFirst, PageSize = 1 }, cancellationToken);
            firstEventType = first.Items.FirstOrDefault()?.Events.FirstOrDefault()?.Type;
        }
        return reducers.For(aggregateId, firstEventType);
    }

    /// <summary>The same view with another reducer.</summary>
    public string ReducerUrl(string name) => (State with { Reducer = name }).ToUrl();

    private sealed class CostMeter : IProgress<ReadCost>
    {
        public ReadCost Cost { get; private set; } = ReadCost.None;

        public void Report(ReadCost value) => Cost = value;
    }
}
