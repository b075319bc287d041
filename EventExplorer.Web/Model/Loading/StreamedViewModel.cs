using EventExplorer.Data.Model;

namespace EventExplorer.Web.Model.Loading;

/// <summary>
/// The view-model of a page that streams one long read from the store (search, field history, summary).
/// <see cref="Show"/> takes in the page's state without reading (what the prerender shows); <see cref="LoadAsync"/>
/// reads, raising <see cref="Changed"/> after each update. A newer read cancels the older one, and
/// <see cref="Cancel"/> stops the read where it is: what came so far stays.
/// </summary>
/// <typeparam name="TState">The page's state record (what its URL says).</typeparam>
public abstract class StreamedViewModel<TState> : IDisposable
    where TState : class, new()
{
    public LatestLoad Load { get; } = new();

    public TState State { get; private set; } = new();

    public IReadOnlyList<string> LinkProblems { get; protected set; } = [];

    /// <summary>What one read may read before it stops and offers to continue.</summary>
    public ReadBudget Budget { get; set; } = ReadBudget.Search;

    public bool Cancelled { get; private set; }

    /// <summary>Raised after each streamed update; the page re-renders.</summary>
    public event Func<Task>? Changed;

    /// <summary>Takes in the state without reading the store (what the prerender shows).</summary>
    public void Show(TState state, IReadOnlyList<string> problems)
    {
        Load.Cancel();
        Load.ClearError();
        Cancelled = false;
        State = state;
        LinkProblems = problems;
        Reset();
    }

    /// <summary>Forgets what the last read found (the new <see cref="State"/> is in place).</summary>
    protected abstract void Reset();

    /// <summary>Shows the state (before its first await, so a page can fill its form from it) and reads it.</summary>
    public async Task LoadAsync(TState state, IReadOnlyList<string> problems)
    {
        Show(state, problems);
        await ReadAsync();
    }

    /// <summary>Reads what <see cref="State"/> asks for, streaming with <see cref="StreamAsync{TUpdate}"/>.</summary>
    protected abstract Task ReadAsync();

    public Task RetryAsync() => LoadAsync(State, LinkProblems);

    /// <summary>Stops the read; what was found so far stays.</summary>
    public void Cancel()
    {
        if (!Load.IsLoading) return;
        Load.Cancel();
        Cancelled = true;
    }

    /// <summary>Runs <paramref name="read"/> as the latest load, applying each update and then letting the page re-render.</summary>
    protected Task StreamAsync<TUpdate>(Func<CancellationToken, IAsyncEnumerable<TUpdate>> read, Action<TUpdate> apply) =>
        Load.RunAsync(async cancellationToken =>
        {
            await foreach (var update in read(cancellationToken).WithCancellation(cancellationToken))
            {
                // A read superseded by a newer one may still yield an update; it must not land among the newer read's results.
                if (cancellationToken.IsCancellationRequested) return;
                apply(update);
                if (Changed is { } changed) await changed();
            }
        });

    public void Dispose()
    {
        Load.Dispose();
        GC.SuppressFinalize(this);
    }
}
