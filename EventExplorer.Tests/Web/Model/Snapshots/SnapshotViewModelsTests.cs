using EventExplorer.Testing;
using EventExplorer.Tests.Infrastructure;
using EventExplorer.Web;
using EventExplorer.Web.Model.Loading;
using EventExplorer.Web.Model.Snapshots;

namespace EventExplorer.Tests.Web.Model.Snapshots;

public sealed class SnapshotViewModelsTests(DynaliteFixture dynalite) : IClassFixture<DynaliteFixture>
{
    [Theory]
    [InlineData("snap-1")]
    [InlineData("tenant/42/snap 7")]
    [InlineData("urn:ä:订单+x")]
    public async Task Snapshot_OddIdFromItsLink_IsReadOnceAndShown(string id)
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await bed.PutSnapshotAsync(id, """{"n":1}""");
        using var model = new SnapshotViewModel(bed.Snapshots);

        await model.LoadAsync(id);

        Assert.Equal(id, model.SnapshotId);
        Assert.Equal("""{"n":1}""", model.Snapshot?.StateJson);
        Assert.Equal(["GetItem"], bed.Proxy.Requests.Where(r => r.TableName == bed.Tables.Snapshots && r.Operation != "DescribeTable").Select(r => r.Operation));
        Assert.Equal(ExplorerUrls.Timeline(id), model.AggregateUrl);
        Assert.Equal(ExplorerUrls.SnapshotDiff(left: id), model.CompareUrl);
    }

    [Fact]
    public async Task Snapshot_UnknownId_IsNotFoundWithoutAnError()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        using var model = new SnapshotViewModel(bed.Snapshots);

        await model.LoadAsync("nope");

        Assert.True(model.NotFound);
        Assert.Null(model.Load.Error);
        Assert.Equal("/snapshots?prefix=nope", model.PrefixSearchUrl);
    }

    [Fact]
    public async Task Snapshot_MalformedState_IsKeptRawWithOneProblemInLinesAndColumns()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await bed.PutSnapshotAsync("bad", "{\"a\": tru}");
        using var model = new SnapshotViewModel(bed.Snapshots);

        await model.LoadAsync("bad");

        Assert.Equal("{\"a\": tru}", model.Snapshot?.StateJson);
        var problem = Assert.Single(model.Snapshot!.Problems);
        Assert.Equal("'state' is not valid JSON: line 1, column 10: 'tru}' is an invalid JSON literal. Expected the literal 'true'.", problem);
        Assert.DoesNotContain("LineNumber", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_PrefixSearch_ShowsMatchesAndWhatTheScanRead()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await bed.PutSnapshotAsync("order-1", "{}");
        await bed.PutSnapshotAsync("invoice-1", "{}");
        await bed.PutSnapshotAsync("order-2", "{}");
        using var model = new SnapshotListViewModel(bed.Snapshots);

        await model.LoadAsync("/snapshots?prefix=order-");

        Assert.Equal(["order-1", "order-2"], model.Page!.Items.Select(s => s.SnapshotId));
        Assert.Equal(3, model.Page.ItemsScanned);
        Assert.Equal("order-", model.SearchText);
        Assert.True(model.IsFirstPage);
        Assert.Null(model.NextPageUrl);
    }

    [Fact]
    public async Task List_MoreThanOnePage_LinksTheNextPageWithThePrefixKept()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        for (var i = 0; i < SnapshotListViewModel.PageSize + 5; i++) await bed.PutSnapshotAsync($"s/{i:000}", "{}");
        using var model = new SnapshotListViewModel(bed.Snapshots);
        await model.LoadAsync("/snapshots?prefix=s%2F");

        await model.LoadAsync(model.NextPageUrl!);

        Assert.Equal(5, model.Page!.Items.Count);
        Assert.False(model.IsFirstPage);
        Assert.Equal("/snapshots?prefix=s%2F", model.FirstPageUrl);
        Assert.StartsWith("/snapshots?prefix=s%2F&cursor=", model.State.ToUrl(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_CursorOfAnotherPrefix_IsAnInvalidLink()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        for (var i = 0; i < SnapshotListViewModel.PageSize + 5; i++) await bed.PutSnapshotAsync($"s{i:000}", "{}");
        using var model = new SnapshotListViewModel(bed.Snapshots);
        await model.LoadAsync("/snapshots");
        var cursor = model.Page!.Next!;

        await model.LoadAsync("/snapshots?prefix=x&cursor=" + Uri.EscapeDataString(cursor));

        Assert.Equal(LoadErrorKind.InvalidLink, model.Load.Error?.Kind);
        Assert.Contains("another prefix", model.Load.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_Cancel_StopsTheScanAndKeepsTheSearch()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await bed.PutSnapshotAsync("a", "{}");
        bed.Proxy.Inject(ProxyFault.Stall.On("Scan"));
        using var model = new SnapshotListViewModel(bed.Snapshots);

        var load = model.LoadAsync("/snapshots?prefix=a");
        await bed.Proxy.WaitForFaultAsync(r => r.Operation == "Scan", TimeSpan.FromSeconds(30), "The snapshot scan");
        model.Cancel();
        await load;

        Assert.True(model.Cancelled);
        Assert.Null(model.Load.Error);
        Assert.Equal("a", model.SearchText);
    }

    [Fact]
    public async Task List_OpenUrl_TakesTheExactIdWithoutSpacesAround()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        using var model = new SnapshotListViewModel(bed.Snapshots) { SearchText = "  tenant/1 " };

        Assert.Equal("/snapshots/tenant%2F1", model.OpenUrl);
        Assert.Equal("/snapshots?prefix=%20%20tenant%2F1%20", model.SearchUrl);
    }

    [Fact]
    public async Task Diff_TwoStoredIds_ReadsBothSides()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await bed.PutSnapshotAsync("a", """{"n":1}""");
        await bed.PutSnapshotAsync("b", """{"n":2}""");
        using var model = new SnapshotDiffViewModel(bed.Snapshots);

        await model.LoadAsync("/snapshots/diff?left=a&right=b&view=lines");

        Assert.True(model.CanCompare);
        Assert.Equal("""{"n":1}""", model.LeftJson);
        Assert.Equal("""{"n":2}""", model.RightJson);
        Assert.Equal(DiffView.Lines, model.State.View);
        Assert.Equal("/snapshots/diff?left=b&right=a&view=lines", model.SwapUrl);
        Assert.Equal("/snapshots/diff?left=a&right=b", model.ViewUrl(DiffView.Changes));
    }

    [Fact]
    public async Task Diff_ChangingOnlyTheView_DoesNotReadAgain()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await bed.PutSnapshotAsync("a", "{}");
        await bed.PutSnapshotAsync("b", "{}");
        using var model = new SnapshotDiffViewModel(bed.Snapshots);
        await model.LoadAsync("/snapshots/diff?left=a&right=b");
        var calls = bed.Requests;

        await model.LoadAsync(model.ViewUrl(DiffView.Lines));

        Assert.Equal(calls, bed.Requests);
        Assert.Equal(DiffView.Lines, model.State.View);
        Assert.True(model.CanCompare);
    }

    [Fact]
    public async Task Diff_UnknownId_MarksThatSideNotFound()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await bed.PutSnapshotAsync("a", "{}");
        using var model = new SnapshotDiffViewModel(bed.Snapshots);

        await model.LoadAsync("/snapshots/diff?left=a&right=ghost");

        Assert.True(model.Right.NotFound);
        Assert.False(model.Left.NotFound);
        Assert.False(model.CanCompare);
    }

    [Fact]
    public async Task Diff_OneSideFails_SaysWhyOnThatSide()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await bed.PutSnapshotAsync("a", "{}");
        bed.Proxy.Inject(ProxyFault.Error(400, "com.amazonaws.dynamodb.v20120810#AccessDeniedException", "User is not allowed to read the snapshots").On("GetItem"));
        using var model = new SnapshotDiffViewModel(bed.Snapshots);

        await model.LoadAsync("/snapshots/diff?left=a&right=b");

        Assert.Equal($"Access to DynamoDB at {bed.Options.ServiceUrl} was denied: User is not allowed to read the snapshots", model.Left.Error);
        Assert.Null(model.Load.Error);
    }

    [Fact]
    public async Task Diff_NoRightId_ComparesWithPastedJsonThatSurvivesChangingTheLeft()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await bed.PutSnapshotAsync("a", """{"n":1}""");
        await bed.PutSnapshotAsync("c", """{"n":3}""");
        using var model = new SnapshotDiffViewModel(bed.Snapshots);
        await model.LoadAsync("/snapshots/diff?left=a");
        Assert.True(model.PasteMode);
        Assert.False(model.CanCompare);

        model.PasteFromLeft();
        Assert.Equal("{\n  \"n\": 1\n}", model.PastedJson);
        await model.LoadAsync("/snapshots/diff?left=c");

        Assert.True(model.CanCompare);
        Assert.Equal("{\n  \"n\": 1\n}", model.RightJson);
        Assert.Equal("""{"n":3}""", model.LeftJson);
    }

    [Fact]
    public async Task Diff_CompareUrl_TakesTheIdsWithoutSpacesAround()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        using var model = new SnapshotDiffViewModel(bed.Snapshots) { LeftInput = " tenant/1 ", RightInput = "  " };

        Assert.Equal("/snapshots/diff?left=tenant%2F1", model.CompareUrl);
    }
}
