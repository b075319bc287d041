using System.Globalization;
using EventExplorer.Data.Errors;
using EventExplorer.Tests.Fakes;
using EventExplorer.Web.Model.Aggregates;
using EventExplorer.Web.Model.Loading;

namespace EventExplorer.Tests.Web.Model.Aggregates;

public sealed class AggregatesViewModelTests
{
    private readonly FakeEventStore _store = new();

    private AggregatesViewModel Create() => new(_store);

    [Fact]
    public async Task Load_ListsRecentAggregatesMostRecentFirstAndSaysWhatAScanWouldRead()
    {
        _store.AddMany("a", 2);
        _store.AddMany("b", 1);
        _store.AddMany("a", 1);
        using var model = Create();

        await model.LoadAsync("/aggregates");

        Assert.Equal(["a", "b"], model.Recent!.Items.Select(i => i.AggregateId));
        Assert.Equal(2, model.Recent.Items[0].LatestVersion);
        Assert.StartsWith("This reads all ~4 items", model.ScanPlan, StringComparison.Ordinal);
        Assert.Contains("table commits", model.ScanPlan, StringComparison.Ordinal);
        Assert.Equal(0, _store.CallsTo(nameof(FakeEventStore.ScanAggregatesAsync)));
    }

    [Fact]
    public async Task Load_PrefixInTheLink_PrefillsTheBoxButDoesNotScan()
    {
        using var model = Create();

        await model.LoadAsync("/aggregates?prefix=order%2F");

        Assert.Equal("order/", model.Prefix);
        Assert.False(model.ScanStarted);
        Assert.Equal(0, _store.CallsTo(nameof(FakeEventStore.ScanAggregatesAsync)));
    }

    [Fact]
    public async Task Load_EmptyTableStats_SaysTheFigureMayLag()
    {
        using var model = Create();

        await model.LoadAsync("/aggregates");

        Assert.Contains("DescribeTable reports 0 items", model.ScanPlan, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lookup_ExistingId_OpensItsTimeline()
    {
        _store.AddMany("tenant/42 order", 1);
        using var model = Create();
        model.LookupId = "tenant/42 order";

        var url = await model.LookupAsync();

        Assert.Equal("/aggregates/tenant%2F42%20order", url);
        Assert.Null(model.LookupMessage);
    }

    [Fact]
    public async Task Lookup_UnknownId_SaysSo()
    {
        using var model = Create();
        model.LookupId = "nope";

        Assert.Null(await model.LookupAsync());
        Assert.Equal("No aggregate with id \"nope\".", model.LookupMessage);
    }

    [Fact]
    public async Task Lookup_PastedIdWithSpacesAround_IsTrimmedAndFound()
    {
        _store.AddMany("order-1", 1);
        using var model = Create();
        model.LookupId = "  order-1\t";

        var url = await model.LookupAsync();

        Assert.Equal("/aggregates/order-1", url);
        Assert.Equal("order-1", model.LookupId);
        Assert.Equal("Opened \"order-1\": the spaces around the pasted id were removed.", model.LookupMessage);
    }

    [Fact]
    public async Task Lookup_TrimmedIdNotFound_SaysTheSpacesWereRemovedAndTriesTheIdAsTyped()
    {
        using var model = Create();
        model.LookupId = " ghost ";

        var url = await model.LookupAsync();

        Assert.Null(url);
        Assert.Equal("No aggregate with id \"ghost\" (spaces around the pasted id were removed; it was not found with them either).", model.LookupMessage);
        Assert.Equal(2, _store.CallsTo(nameof(FakeEventStore.FindAggregateAsync)));
    }

    [Fact]
    public async Task Lookup_IdThatReallyHasSpaces_IsStillFoundAsTyped()
    {
        _store.AddMany(" padded ", 1);
        using var model = Create();
        model.LookupId = " padded ";

        var url = await model.LookupAsync();

        Assert.Equal("/aggregates/%20padded%20", url);
    }

    [Fact]
    public async Task Lookup_Empty_AsksForAnId()
    {
        using var model = Create();
        model.LookupId = "   ";

        Assert.Null(await model.LookupAsync());
        Assert.Equal("Type an aggregate id to look it up.", model.LookupMessage);
        Assert.Equal(0, _store.CallCount);
    }

    [Fact]
    public async Task Scan_WithPrefix_FindsOnlyMatchingIdsAndSaysWhatItRead()
    {
        _store.AddMany("order-1", 2);
        _store.AddMany("invoice-1", 3);
        _store.AddMany("order-2", 1);
        using var model = Create();
        model.Prefix = "order-";

        await model.StartScanAsync();

        Assert.Equal(["order-1", "order-2"], model.Found.Select(f => f.AggregateId));
        Assert.Equal([2, 1], model.Found.Select(f => f.CommitsSeen));
        Assert.Equal(6, model.ItemsScanned);
        Assert.Equal(3, model.ItemsMatched);
        Assert.True(model.ScanComplete);
        Assert.Equal("order-", model.ScannedPrefix);
    }

    [Fact]
    public async Task Scan_ManyPages_CountsEveryItemOfTheTableExactlyOnce()
    {
        for (var i = 0; i < 150; i++) _store.AddMany("agg-" + i.ToString("000", CultureInfo.InvariantCulture), 2);
        using var model = Create();

        await model.StartScanAsync();
        var pages = 1;
        while (model.NextCursor is not null)
        {
            await model.ContinueScanAsync();
            pages++;
        }

        Assert.True(pages > 1);
        Assert.Equal(150, model.Found.Count);
        Assert.Equal(300, model.ItemsScanned);
        Assert.Equal(300, model.ItemsMatched);
        Assert.All(model.Found, f => Assert.Equal(2, f.CommitsSeen));
        Assert.True(model.ScanComplete);
    }

    [Fact]
    public async Task CancelScan_WhileRunning_StopsWithoutAnError()
    {
        _store.AddMany("a", 1);
        using var model = Create();
        var entered = new TaskCompletionSource();
        _store.BeforeEachCall = async ct =>
        {
            entered.TrySetResult();
            await Task.Delay(Timeout.Infinite, ct);
        };

        var scan = model.StartScanAsync();
        await entered.Task;
        model.CancelScan();
        await scan;

        Assert.True(model.ScanCancelled);
        Assert.False(model.ScanComplete);
        Assert.False(model.ScanLoad.IsLoading);
        Assert.Null(model.Error);
    }

    [Fact]
    public async Task Scan_Throttled_ShowsTheErrorAndRetryReadsTheSamePage()
    {
        _store.AddMany("a", 1);
        _store.AddMany("b", 1);
        _store.FailOn(nameof(FakeEventStore.ScanAggregatesAsync), new StoreThrottledException("http://fake"));
        using var model = Create();

        await model.StartScanAsync();
        Assert.Equal(LoadErrorKind.Throttled, model.Error?.Kind);
        Assert.True(model.Error!.IsTransient);

        _store.FailOn(nameof(FakeEventStore.ScanAggregatesAsync), null);
        await model.RetryAsync();

        Assert.Null(model.Error);
        Assert.Equal(["a", "b"], model.Found.Select(f => f.AggregateId));
        Assert.True(model.ScanComplete);
    }

    [Fact]
    public async Task Load_StoreDown_IsOneErrorAndRetryLoadsTheOverview()
    {
        _store.AddMany("a", 1);
        _store.FailWith = new StoreUnavailableException("http://fake", "connection refused");
        using var model = Create();

        await model.LoadAsync("/aggregates");
        Assert.Equal(LoadErrorKind.Unavailable, model.Error?.Kind);

        _store.FailWith = null;
        await model.RetryAsync();

        Assert.Null(model.Error);
        Assert.Equal(["a"], model.Recent!.Items.Select(i => i.AggregateId));
    }
}
