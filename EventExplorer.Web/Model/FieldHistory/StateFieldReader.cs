using System.Runtime.CompilerServices;
using EventExplorer.Data;
using EventExplorer.Data.Model;
using EventExplorer.Data.Reducers;
using EventExplorer.Data.State;
using EventExplorer.Web.Model.State;

namespace EventExplorer.Web.Model.FieldHistory;

/// <summary>One streamed update of a state field's history: the rows found since the last one, and where the fold stands.</summary>
public sealed record StateFieldUpdate(IReadOnlyList<StateFieldChange> NewChanges, StateProgress Progress, bool StoppedAtLimit);

/// <summary>
/// The field history page's rows for a path in the folded state (<c>of=state</c>): folds the aggregate
/// once with the link's reducer (or the catalog's choice), and keeps every event after which the value at
/// the path changed, with its old and new value. Reports progress a few times a second between rows.
/// </summary>
public sealed class StateFieldReader(StateFieldHistory history, ReducerCatalog reducers, IEventStoreReader reader, TimeProvider time)
{
    private static readonly TimeSpan UpdateEvery = TimeSpan.FromMilliseconds(250);

    private readonly ReducerChooser _chooser = new(reducers, reader, writers: null);
    private readonly List<StateFieldChange> _changes = [];

    public Reducer? Reducer { get; private set; }

    public StateProgress? Progress { get; private set; }

    public IReadOnlyList<StateFieldChange> Changes => _changes;

    /// <summary>The reducer's failure in words (reducer, version, event); null when it did not fail.</summary>
    public string? ReducerError { get; private set; }

    /// <summary>True when the rows reached the page's limit and the fold stopped there.</summary>
    public bool StoppedAtLimit { get; private set; }

    public IReadOnlyList<string> ReducerNames => _chooser.Names;

    public string? NameProblem(string? name) => _chooser.NameProblem(name);

    public void Reset()
    {
        Reducer = null;
        Progress = null;
        ReducerError = null;
        StoppedAtLimit = false;
        _changes.Clear();
    }

    public void Apply(StateFieldUpdate update)
    {
        _changes.AddRange(update.NewChanges);
        Progress = update.Progress;
        StoppedAtLimit = update.StoppedAtLimit;
    }

    public async IAsyncEnumerable<StateFieldUpdate> ReadAsync(string aggregateId, JsonPathPattern path, string? reducerName, ReadBudget budget, int maxChanges,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Reducer = await _chooser.ChooseAsync(aggregateId, reducerName, cancellationToken);
        var request = new StateFieldRequest { AggregateId = aggregateId, Path = path, Reducer = Reducer, Budget = budget };
        var cost = new Meter();
        var started = time.GetTimestamp();
        var lastUpdate = started;
        var pending = new List<StateFieldChange>();
        long commits = 0, events = 0, found = 0;
        long? version = null;
        StateFieldUpdate Update(bool done, bool stopped) => new([.. pending], new StateProgress
        {
            Commits = commits, EventsFolded = events, Version = version, Cost = cost.Cost, Elapsed = time.GetElapsedTime(started), Done = done,
        }, stopped);

        var stoppedAtLimit = false;
        // A commit of several events is one commit however many steps it takes.
        Commit? last = null;
        var steps = history.ReadStepsAsync(request, cost, cancellationToken).GetAsyncEnumerator(cancellationToken);
        await using (steps)
        {
            while (true)
            {
                try
                {
                    if (!await steps.MoveNextAsync()) break;
                }
                catch (Exception e) when (e is ReducerException or ReducerLoadException)
                {
                    ReducerError = e.Message;
                    break;
                }
                var step = steps.Current;
                if (!ReferenceEquals(step.Commit, last))
                {
                    last = step.Commit;
                    commits++;
                }
                events = step.EventsFolded;
                version = step.Commit.Version;
                foreach (var change in step.Changes)
                {
                    if (found >= maxChanges)
                    {
                        stoppedAtLimit = true;
                        break;
                    }
                    pending.Add(change);
                    found++;
                }
                if (stoppedAtLimit) break;
                if (time.GetElapsedTime(lastUpdate) >= UpdateEvery)
                {
                    lastUpdate = time.GetTimestamp();
                    yield return Update(done: false, stopped: false);
                    pending.Clear();
                }
            }
        }
        yield return Update(done: true, stoppedAtLimit);
    }

    private sealed class Meter : IProgress<ReadCost>
    {
        public ReadCost Cost { get; private set; } = ReadCost.None;

        public void Report(ReadCost value) => Cost = value;
    }
}
