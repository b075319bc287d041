using EventExplorer.Data.Model;
using EventExplorer.Testing;
using EventExplorer.Tests.Infrastructure;
using EventExplorer.Web.Model.Loading;
using EventExplorer.Web.Model.Overview;
using EventExplorer.Web.Model.Shell;

namespace EventExplorer.Tests.Web.Model.Overview;

/// <summary>The overview's and the app bar's view-models over the real store on dynalite, with faults from the proxy.</summary>
public sealed class OverviewViewModelTests(DynaliteFixture dynalite) : IClassFixture<DynaliteFixture>
{
    /// <summary>DynamoDB's answer to credentials that may not do this (HTTP 400, not retried).</summary>
    private static readonly ProxyFault AccessDenied = ProxyFault.Error(400, "com.amazon.coral.service#AccessDeniedException",
        "User: arn:aws:sts::123456789012:assumed-role/SupportRead/alice is not authorized to perform: dynamodb:DescribeTable");

    [Fact]
    public async Task Load_ReadsTheStoreTheLatestCommitsAndTheRecentAggregates()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        for (var i = 0; i < 15; i++) await bed.AddTypedAsync("order-" + (i % 4), "Placed");
        using var model = new OverviewViewModel(bed.Events);

        await model.LoadAsync();

        Assert.Equal(EventStoreLayout.CounterCommitIds, model.Data!.Store.Layout);
        Assert.Equal(OverviewViewModel.LatestCount, model.Data.LatestCommits.Count);
        Assert.Equal("15", model.Data.LatestCommits[0].CommitId?.Text);
        Assert.Equal(["order-2", "order-1", "order-0", "order-3"], model.Data.Recent.Items.Select(a => a.AggregateId));
    }

    [Fact]
    public async Task Load_AccessDenied_IsAnErrorThatRetryingWillNotFix()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        bed.Proxy.Inject(AccessDenied);
        using var model = new OverviewViewModel(bed.Events);

        await model.LoadAsync();

        Assert.Equal(LoadErrorKind.AccessDenied, model.Load.Error?.Kind);
        Assert.False(model.Load.Error!.IsTransient);
        Assert.Equal("Access denied", model.Load.Error.Title);
        Assert.Contains("is not authorized to perform: dynamodb:DescribeTable", model.Load.Error.Message, StringComparison.Ordinal);
        Assert.Null(model.Data);
    }

    [Fact]
    public async Task Load_ThrottledDescribeTable_IsSaidAsThrottledNotAsUnavailable()
    {
        // DescribeTable does not model ProvisionedThroughputExceeded: the SDK hands it over as a plain service error with that code.
        await using var bed = await StoreBed.CreateAsync(dynalite);
        bed.Proxy.Inject(ProxyFault.ProvisionedThroughputExceeded.On("DescribeTable"));
        using var model = new OverviewViewModel(bed.Events);

        await model.LoadAsync();

        Assert.Equal(LoadErrorKind.Throttled, model.Load.Error?.Kind);
        Assert.True(model.Load.Error!.IsTransient);
    }

    [Fact]
    public async Task Shell_DescribesTheStoreOnceAndSaysWhyWhenItCannot()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        bed.Proxy.Inject(ProxyFault.Error(400, "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException", "Requested resource not found").On("DescribeTable").Once);
        var shell = new ShellViewModel(bed.Events, bed.Events);

        await shell.RefreshAsync(CancellationToken.None);
        Assert.Equal($"Table '{bed.Tables.Commits}' was not found at {bed.Proxy.Url}. Check the table names in configuration (EventExplorer:Tables).", shell.Problem);

        await shell.RefreshAsync(CancellationToken.None);
        bed.Proxy.Reset();
        await shell.RefreshAsync(CancellationToken.None);

        Assert.Null(shell.Problem);
        Assert.Equal(bed.Tables.Commits, shell.Store?.CommitTable);
        Assert.Equal(0, bed.Requests);
    }
}
