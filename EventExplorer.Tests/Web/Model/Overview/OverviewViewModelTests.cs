using EventExplorer.Data.Errors;
using EventExplorer.Data.Model;
using EventExplorer.Tests.Fakes;
using EventExplorer.Web.Model.Loading;
using EventExplorer.Web.Model.Overview;
using EventExplorer.Web.Model.Shell;

namespace EventExplorer.Tests.Web.Model.Overview;

public sealed class OverviewViewModelTests
{
    private readonly FakeEventStore _store = new();

    [Fact]
    public async Task Load_ReadsTheStoreTheLatestCommitsAndTheRecentAggregates()
    {
        for (var i = 0; i < 15; i++) _store.AddTyped("order-" + (i % 4), "Placed");
        using var model = new OverviewViewModel(_store);

        await model.LoadAsync();

        Assert.Equal(EventStoreLayout.CounterCommitIds, model.Data!.Store.Layout);
        Assert.Equal(OverviewViewModel.LatestCount, model.Data.LatestCommits.Count);
        Assert.Equal("15", model.Data.LatestCommits[0].CommitId?.Text);
        Assert.Equal(["order-2", "order-1", "order-0", "order-3"], model.Data.Recent.Items.Select(a => a.AggregateId));
    }

    [Fact]
    public async Task Load_AccessDenied_IsAnErrorThatRetryingWillNotFix()
    {
        _store.FailWith = new StoreAccessDeniedException("http://fake", "no credentials");
        using var model = new OverviewViewModel(_store);

        await model.LoadAsync();

        Assert.Equal(LoadErrorKind.AccessDenied, model.Load.Error?.Kind);
        Assert.False(model.Load.Error!.IsTransient);
        Assert.Equal("Access denied", model.Load.Error.Title);
        Assert.Null(model.Data);
    }

    [Fact]
    public async Task Shell_DescribesTheStoreOnceAndSaysWhyWhenItCannot()
    {
        _store.FailWith = new TableMissingException("commits", "http://fake");
        var shell = new ShellViewModel(_store, _store);

        await shell.RefreshAsync(CancellationToken.None);
        Assert.Contains("Table 'commits' was not found", shell.Problem, StringComparison.Ordinal);

        _store.FailWith = null;
        await shell.RefreshAsync(CancellationToken.None);
        await shell.RefreshAsync(CancellationToken.None);

        Assert.Null(shell.Problem);
        Assert.Equal("commits", shell.Store?.CommitTable);
        Assert.Equal(2, _store.CallsTo(nameof(FakeEventStore.DescribeAsync)));
    }
}
