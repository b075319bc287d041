using EventExplorer.Data;
using EventExplorer.Data.Model;
using EventExplorer.Web.Model.Loading;

namespace EventExplorer.Web.Model.Overview;

/// <summary>What the overview read: the connection, the latest commits, the recently active aggregates.</summary>
public sealed record OverviewData(StoreDescription Store, IReadOnlyList<Commit> LatestCommits, RecentAggregates Recent);

/// <summary>State of the overview page: what the explorer is connected to and what happened lately.</summary>
public sealed class OverviewViewModel(IEventStoreReader reader) : IDisposable
{
    public const int LatestCount = 10;
    public const int RecentCount = 10;

    public LatestLoad Load { get; } = new();
    public OverviewData? Data { get; private set; }

    public Task LoadAsync() => Load.RunAsync(async ct =>
    {
        // Describe first: it detects the layout, which the other reads depend on.
        var store = await reader.DescribeAsync(ct);
        var feed = reader.ReadFeedAsync(new FeedQuery { PageSize = LatestCount }, ct);
        var recent = reader.ReadRecentAggregatesAsync(RecentCount, ct);
        await Task.WhenAll(feed, recent);
        ct.ThrowIfCancellationRequested();
        Data = new OverviewData(store, (await feed).Items, await recent);
    });

    public void Restore(Prerendered<OverviewData> handed)
    {
        Data = handed.Data;
        if (handed.Error is { } error) Load.Fail(error);
    }

    public Prerendered<OverviewData>? Handover() =>
        HandOver.IfSmall(ExplorerUrls.Overview(), Data, Load.Error);

    public void Dispose() => Load.Dispose();
}
