using EventExplorer.Data;
using EventExplorer.Data.Model;

namespace EventExplorer.Web.Model;

/// <summary>State of the overview page: what the explorer is connected to and what happened lately.</summary>
public sealed class OverviewViewModel(IEventStoreReader reader) : IDisposable
{
    public const int LatestCount = 10;
    public const int RecentCount = 10;

    public LatestLoad Load { get; } = new();
    public StoreDescription? Store { get; private set; }
    public IReadOnlyList<Commit> LatestCommits { get; private set; } = [];
    public RecentAggregates? Recent { get; private set; }

    public Task LoadAsync() => Load.RunAsync(async ct =>
    {
        // Describe first: it detects the layout, which the other reads depend on.
        Store = await reader.DescribeAsync(ct);
        var feed = reader.ReadFeedAsync(new FeedQuery { PageSize = LatestCount }, ct);
        var recent = reader.ReadRecentAggregatesAsync(RecentCount, ct);
        await Task.WhenAll(feed, recent);
        ct.ThrowIfCancellationRequested();
        LatestCommits = (await feed).Items;
        Recent = await recent;
    });

    public void Dispose() => Load.Dispose();
}
