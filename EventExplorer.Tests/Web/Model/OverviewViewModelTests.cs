using EventExplorer.Data.Errors;
using EventExplorer.Data.Model;
using EventExplorer.Tests.Fakes;
using EventExplorer.Web.Model;

namespace EventExplorer.Tests.Web.Model;

public sealed class OverviewViewModelTests
{
    [Fact]
    public async Task LoadAsync_ReadsStoreLatestCommitsAndRecentAggregates()
    {
        var store = new FakeEventStore(EventStoreLayout.TimestampCommitIds, readOnly: true);
        for (var i = 0; i < 15; i++) store.AddTyped("agg-" + (i % 3), "E");
        using var model = new OverviewViewModel(store);

        await model.LoadAsync();

        Assert.Equal(EventStoreLayout.TimestampCommitIds, model.Store!.Layout);
        Assert.True(model.Store.ReadOnly);
        Assert.Equal(OverviewViewModel.LatestCount, model.LatestCommits.Count);
        Assert.Equal(store.All[^1].CommitId, model.LatestCommits[0].CommitId);
        Assert.Equal(["agg-2", "agg-1", "agg-0"], model.Recent!.Items.Select(i => i.AggregateId));
    }

    [Fact]
    public async Task LoadAsync_AccessDenied_IsAnErrorWithoutRetry()
    {
        var store = new FakeEventStore { FailWith = new StoreAccessDeniedException("aws eu-west-1", "no dynamodb:DescribeTable") };
        using var model = new OverviewViewModel(store);

        await model.LoadAsync();

        Assert.IsType<StoreAccessDeniedException>(model.Load.Error);
        Assert.False(model.Load.Error!.IsTransient);
        Assert.Null(model.Store);
    }
}
