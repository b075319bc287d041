using System.Globalization;
using EventExplorer.Testing;
using EventExplorer.Tests.Infrastructure;
using EventExplorer.Web.Model.Aggregates;
using EventExplorer.Web.Model.Loading;

namespace EventExplorer.Tests.Web.Model.Aggregates;

/// <summary>The aggregates page's view-model over the real store on dynalite, with faults from the proxy.</summary>
public sealed class AggregatesViewModelTests(DynaliteFixture dynalite) : IClassFixture<DynaliteFixture>
{
    /// <summary>True when the app queried the table for <paramref name="aggregateId"/> exactly as given.</summary>
    private static bool Queried(StoreBed bed, string aggregateId) =>
        bed.Proxy.Requests.Any(r => r.Operation == "Query" && r.Body.Contains($"{{\"S\":\"{aggregateId}\"}}", StringComparison.Ordinal));

    [Fact]
    public async Task Load_ListsRecentAggregatesMostRecentFirstAndSaysWhatAScanWouldRead()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await bed.AddManyAsync("a", 2);
        await bed.AddManyAsync("b", 1);
        await bed.AddManyAsync("a", 1);
        await bed.ReportCommitTableFiguresAsync(itemCount: 4, sizeBytes: 412);
        using var model = new AggregatesViewModel(bed.Events);

        await model.LoadAsync("/aggregates");

        Assert.Equal(["a", "b"], model.Recent!.Items.Select(i => i.AggregateId));
        Assert.Equal(2, model.Recent.Items[0].LatestVersion);
        Assert.StartsWith("This reads all ~4 items (412 B)", model.ScanPlan, StringComparison.Ordinal);
        Assert.Contains($"table {bed.Tables.Commits}", model.ScanPlan, StringComparison.Ordinal);
        Assert.Equal(0, bed.Proxy.Count("Scan"));
    }

    [Fact]
    public async Task Load_PrefixInTheLink_PrefillsTheBoxButDoesNotScan()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        using var model = new AggregatesViewModel(bed.Events);

        await model.LoadAsync("/aggregates?prefix=order%2F");

        Assert.Equal("order/", model.Prefix);
        Assert.False(model.ScanStarted);
        Assert.Equal(0, bed.Proxy.Count("Scan"));
    }

    [Fact]
    public async Task Load_EmptyTableStats_SaysTheFigureMayLag()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        using var model = new AggregatesViewModel(bed.Events);

        await model.LoadAsync("/aggregates");

        Assert.Equal($"This reads every item of table {bed.Tables.Commits}. DescribeTable reports 0 items, but it refreshes that figure only about every six hours, so the table may hold more.", model.ScanPlan);
    }

    [Fact]
    public async Task Lookup_ExistingId_OpensItsTimeline()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await bed.AddManyAsync("tenant/42 order", 1);
        using var model = new AggregatesViewModel(bed.Events);
        model.LookupId = "tenant/42 order";

        var url = await model.LookupAsync();

        Assert.Equal("/aggregates/tenant%2F42%20order", url);
        Assert.Null(model.LookupMessage);
    }

    [Fact]
    public async Task Lookup_UnknownId_SaysSo()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        using var model = new AggregatesViewModel(bed.Events);
        model.LookupId = "nope";

        Assert.Null(await model.LookupAsync());
        Assert.Equal("No aggregate with id \"nope\".", model.LookupMessage);
    }

    [Fact]
    public async Task Lookup_PastedIdWithSpacesAround_IsTrimmedAndFound()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await bed.AddManyAsync("order-1", 1);
        using var model = new AggregatesViewModel(bed.Events);
        model.LookupId = "  order-1\t";

        var url = await model.LookupAsync();

        Assert.Equal("/aggregates/order-1", url);
        Assert.Equal("order-1", model.LookupId);
        Assert.Equal("Opened \"order-1\": the spaces around the pasted id were removed.", model.LookupMessage);
    }

    [Fact]
    public async Task Lookup_TrimmedIdNotFound_SaysTheSpacesWereRemovedAndTriesTheIdAsTyped()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        using var model = new AggregatesViewModel(bed.Events);
        model.LookupId = " ghost ";

        var url = await model.LookupAsync();

        Assert.Null(url);
        Assert.Equal("No aggregate with id \"ghost\" (spaces around the pasted id were removed; it was not found with them either).", model.LookupMessage);
        Assert.True(Queried(bed, "ghost"));
        Assert.True(Queried(bed, " ghost "));
    }

    [Fact]
    public async Task Lookup_IdThatReallyHasSpaces_IsStillFoundAsTyped()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await bed.AddManyAsync(" padded ", 1);
        using var model = new AggregatesViewModel(bed.Events);
        model.LookupId = " padded ";

        var url = await model.LookupAsync();

        Assert.Equal("/aggregates/%20padded%20", url);
    }

    [Fact]
    public async Task Lookup_Empty_AsksForAnId()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        using var model = new AggregatesViewModel(bed.Events);
        model.LookupId = "   ";

        Assert.Null(await model.LookupAsync());
        Assert.Equal("Type an aggregate id to look it up.", model.LookupMessage);
        Assert.Equal(0, bed.Requests);
    }

    [Fact]
    public async Task Scan_WithPrefix_FindsOnlyMatchingIdsAndSaysWhatItRead()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await bed.AddManyAsync("order-1", 2);
        await bed.AddManyAsync("invoice-1", 3);
        await bed.AddManyAsync("order-2", 1);
        using var model = new AggregatesViewModel(bed.Events);
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
        await using var bed = await StoreBed.CreateAsync(dynalite);
        for (var i = 0; i < 150; i++) await bed.AddManyAsync("agg-" + i.ToString("000", CultureInfo.InvariantCulture), 2);
        using var model = new AggregatesViewModel(bed.Events);

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
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await bed.AddManyAsync("a", 1);
        using var model = new AggregatesViewModel(bed.Events);
        var held = new HeldRequests();
        bed.Proxy.Inject(ProxyFault.Hold(held).On("Scan"));

        var scan = model.StartScanAsync();
        await held.Arrived;
        model.CancelScan();
        await scan;
        held.Release();

        Assert.True(model.ScanCancelled);
        Assert.False(model.ScanComplete);
        Assert.False(model.ScanLoad.IsLoading);
        Assert.Null(model.Error);
    }

    [Fact]
    public async Task Scan_Throttled_ShowsTheErrorAndRetryReadsTheSamePage()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await bed.AddManyAsync("a", 1);
        await bed.AddManyAsync("b", 1);
        bed.Proxy.Inject(ProxyFault.ProvisionedThroughputExceeded.On("Scan"));
        using var model = new AggregatesViewModel(bed.Events);

        await model.StartScanAsync();
        Assert.Equal(LoadErrorKind.Throttled, model.Error?.Kind);
        Assert.True(model.Error!.IsTransient);

        bed.ComeBack();
        await model.RetryAsync();

        Assert.Null(model.Error);
        Assert.Equal(["a", "b"], model.Found.Select(f => f.AggregateId).Order());
        Assert.True(model.ScanComplete);
    }

    [Fact]
    public async Task Load_StoreDown_IsOneErrorAndRetryLoadsTheOverview()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await bed.AddManyAsync("a", 1);
        bed.GoDown();
        using var model = new AggregatesViewModel(bed.Events);

        await model.LoadAsync("/aggregates");
        Assert.Equal(LoadErrorKind.Unavailable, model.Error?.Kind);
        Assert.Contains($"DynamoDB at {bed.Proxy.Url} is unavailable", model.Error!.Message, StringComparison.Ordinal);

        bed.ComeBack();
        await model.RetryAsync();

        Assert.Null(model.Error);
        Assert.Equal(["a"], model.Recent!.Items.Select(i => i.AggregateId));
    }
}
