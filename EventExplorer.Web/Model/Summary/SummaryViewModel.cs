using EventExplorer.Data;
using EventExplorer.Data.Model;
using EventExplorer.Web.Model.Loading;

namespace EventExplorer.Web.Model.Summary;

/// <summary>
/// State of the summary page (/summary): an aggregate's commits, versions, times, gaps, events per type
/// and size, streamed (each update is the whole summary so far: a short history is done after one).
/// </summary>
public sealed class SummaryViewModel(IEventStoreSearch search) : IDisposable
{
    public LatestLoad Load { get; } = new();
    public SummaryState State { get; private set; } = new();
    public IReadOnlyList<string> LinkProblems { get; private set; } = [];
    public ReadBudget Budget { get; } = ReadBudget.Search;

    /// <summary>The latest update; null before the first.</summary>
    public AggregateSummary? Summary { get; private set; }

    public bool Cancelled { get; private set; }

    public event Func<Task>? Changed;

    public void Show(string url)
    {
        Load.Cancel();
        Load.ClearError();
        State = SummaryState.Parse(url, out var problems);
        LinkProblems = problems;
        Summary = null;
        Cancelled = false;
    }

    public async Task LoadAsync(string url)
    {
        Show(url);
        if (State.AggregateId is not { } aggregateId) return;
        await Load.RunAsync(async cancellationToken =>
        {
            await foreach (var update in search.SummariseAggregateAsync(aggregateId, Budget, cancellationToken).WithCancellation(cancellationToken))
            {
                if (cancellationToken.IsCancellationRequested) return;
                Summary = update;
                if (Changed is { } changed) await changed();
            }
        });
    }

    public Task RetryAsync() => LoadAsync(State.ToUrl());

    public void Cancel()
    {
        if (!Load.IsLoading) return;
        Load.Cancel();
        Cancelled = true;
    }

    /// <summary>The event types, most frequent first (ties by name).</summary>
    public IReadOnlyList<KeyValuePair<string, long>> EventTypes =>
        Summary?.EventTypes.OrderByDescending(t => t.Value).ThenBy(t => t.Key, StringComparer.Ordinal).ToList() ?? [];

    public void Dispose() => Load.Dispose();
}
