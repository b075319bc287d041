using EventExplorer.Data.Errors;
using EventExplorer.Tests.Fakes;
using EventExplorer.Web.Model;

namespace EventExplorer.Tests.Web.Model;

public sealed class AggregatesViewModelTests
{
    private readonly FakeEventStore _store = new();

    [Fact]
    public async Task LoadAsync_RecentAggregates_MostRecentFirstAndTableStatsForThePlan()
    {
        _store.AddTyped("old", "E");
        _store.AddTyped("new", "E");
        _store.AddTyped("old", "E");
        using var model = new AggregatesViewModel(_store);

        await model.LoadAsync("ord");

        Assert.Equal(["old", "new"], model.Recent!.Items.Select(i => i.AggregateId));
        Assert.Equal("ord", model.Prefix);
        Assert.Contains("~3 items", model.ScanPlan);
        Assert.Contains("commits", model.ScanPlan);
        Assert.False(model.ScanStarted);
    }

    [Fact]
    public async Task LookupAsync_Existing_ReturnsTimelineUrl()
    {
        _store.AddTyped("a/b", "E");
        using var model = new AggregatesViewModel(_store) { LookupId = "a/b" };

        var url = await model.LookupAsync();

        Assert.Equal("/aggregates/a%2Fb", url);
        Assert.Null(model.LookupMessage);
    }

    [Fact]
    public async Task LookupAsync_Unknown_SaysSo()
    {
        using var model = new AggregatesViewModel(_store) { LookupId = "ghost" };

        var url = await model.LookupAsync();

        Assert.Null(url);
        Assert.Equal("No aggregate with id \"ghost\".", model.LookupMessage);
    }

    [Fact]
    public async Task Scan_WithPrefix_CountsScannedAndMatchedAndContinues()
    {
        for (var i = 0; i < 150; i++) _store.AddTyped("order-" + i.ToString("000"), "E");
        for (var i = 0; i < 50; i++) _store.AddTyped("customer-" + i, "E");
        using var model = new AggregatesViewModel(_store) { Prefix = "order-" };

        await model.StartScanAsync();
        Assert.Equal(AggregatesViewModel.ScanPageSize, model.Found.Count);
        Assert.NotNull(model.NextCursor);
        Assert.False(model.ScanComplete);

        await model.ContinueScanAsync();

        Assert.Equal(150, model.Found.Count);
        Assert.All(model.Found, f => Assert.StartsWith("order-", f.AggregateId));
        Assert.Equal(200, model.ItemsScanned);
        Assert.Equal(150, model.ItemsMatched);
        Assert.True(model.ScanComplete);
        Assert.NotNull(model.CapacityUnits);
    }

    [Fact]
    public async Task CancelScan_WhileRunning_StopsAndKeepsTheCircuitUsable()
    {
        _store.AddTyped("a", "E");
        using var model = new AggregatesViewModel(_store);
        var entered = new TaskCompletionSource();
        _store.BeforeEachCall = async ct => { entered.TrySetResult(); await Task.Delay(Timeout.Infinite, ct); };

        var scan = model.StartScanAsync();
        await entered.Task;
        Assert.True(model.ScanLoad.IsLoading);
        model.CancelScan();
        await scan.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.True(model.ScanCancelled);
        Assert.False(model.ScanLoad.IsLoading);
        Assert.Null(model.Error);
        Assert.False(model.ScanComplete);
    }

    [Fact]
    public async Task Scan_StoreThrottled_ShowsErrorAndRetryReadsTheSamePage()
    {
        for (var i = 0; i < 5; i++) _store.AddTyped("x" + i, "E");
        using var model = new AggregatesViewModel(_store);
        _store.FailWith = new StoreThrottledException("http://fake");

        await model.StartScanAsync();
        Assert.IsType<StoreThrottledException>(model.Error);

        _store.FailWith = null;
        await model.RetryAsync();

        Assert.Null(model.Error);
        Assert.Equal(5, model.Found.Count);
        Assert.True(model.ScanComplete);
    }
}
