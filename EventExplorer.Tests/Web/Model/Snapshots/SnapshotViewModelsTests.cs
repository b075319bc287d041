using EventExplorer.Data.Errors;
using EventExplorer.Tests.Fakes;
using EventExplorer.Web;
using EventExplorer.Web.Model.Loading;
using EventExplorer.Web.Model.Snapshots;

namespace EventExplorer.Tests.Web.Model.Snapshots;

public sealed class SnapshotViewModelsTests
{
    private readonly FakeSnapshotStore _store = new();

    [Theory]
    [InlineData("snap-1")]
    [InlineData("tenant/42/snap 7")]
    [InlineData("urn:ä:订单+x")]
    public async Task Snapshot_OddIdFromItsLink_IsReadOnceAndShown(string id)
    {
        _store.Put(id, """{"n":1}""");
        using var model = new SnapshotViewModel(_store);

        await model.LoadAsync(id);

        Assert.Equal(id, model.SnapshotId);
        Assert.Equal("""{"n":1}""", model.Snapshot?.StateJson);
        Assert.Equal(["GetAsync"], _store.Calls);
        Assert.Equal(ExplorerUrls.Timeline(id), model.AggregateUrl);
        Assert.Equal(ExplorerUrls.SnapshotDiff(left: id), model.CompareUrl);
    }

    [Fact]
    public async Task Snapshot_UnknownId_IsNotFoundWithoutAnError()
    {
        using var model = new SnapshotViewModel(_store);

        await model.LoadAsync("nope");

        Assert.True(model.NotFound);
        Assert.Null(model.Load.Error);
        Assert.Equal("/snapshots?prefix=nope", model.PrefixSearchUrl);
    }

    [Fact]
    public async Task Snapshot_MalformedState_IsKeptRawWithOneProblemInLinesAndColumns()
    {
        _store.Put("bad", "{\"a\": tru}");
        using var model = new SnapshotViewModel(_store);

        await model.LoadAsync("bad");

        Assert.Equal("{\"a\": tru}", model.Snapshot?.StateJson);
        var problem = Assert.Single(model.Snapshot!.Problems);
        Assert.Equal("'state' is not valid JSON: line 1, column 10: 'tru}' is an invalid JSON literal. Expected the literal 'true'.", problem);
        Assert.DoesNotContain("LineNumber", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_PrefixSearch_ShowsMatchesAndWhatTheScanRead()
    {
        _store.Put("order-1", "{}");
        _store.Put("invoice-1", "{}");
        _store.Put("order-2", "{}");
        using var model = new SnapshotListViewModel(_store);

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
        for (var i = 0; i < SnapshotListViewModel.PageSize + 5; i++) _store.Put($"s/{i:000}", "{}");
        using var model = new SnapshotListViewModel(_store);
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
        for (var i = 0; i < SnapshotListViewModel.PageSize + 5; i++) _store.Put($"s{i:000}", "{}");
        using var model = new SnapshotListViewModel(_store);
        await model.LoadAsync("/snapshots");
        var cursor = model.Page!.Next!;

        await model.LoadAsync("/snapshots?prefix=x&cursor=" + Uri.EscapeDataString(cursor));

        Assert.Equal(LoadErrorKind.InvalidLink, model.Load.Error?.Kind);
        Assert.Contains("another prefix", model.Load.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_Cancel_StopsTheScanAndKeepsTheSearch()
    {
        _store.Put("a", "{}");
        var entered = new TaskCompletionSource();
        _store.BeforeEachCall = async ct =>
        {
            entered.TrySetResult();
            await Task.Delay(Timeout.Infinite, ct);
        };
        using var model = new SnapshotListViewModel(_store);

        var load = model.LoadAsync("/snapshots?prefix=a");
        await entered.Task;
        model.Cancel();
        await load;

        Assert.True(model.Cancelled);
        Assert.Null(model.Load.Error);
        Assert.Equal("a", model.SearchText);
    }

    [Fact]
    public void List_OpenUrl_TakesTheExactIdWithoutSpacesAround()
    {
        using var model = new SnapshotListViewModel(_store) { SearchText = "  tenant/1 " };

        Assert.Equal("/snapshots/tenant%2F1", model.OpenUrl);
        Assert.Equal("/snapshots?prefix=%20%20tenant%2F1%20", model.SearchUrl);
    }

    [Fact]
    public async Task Diff_TwoStoredIds_ReadsBothSides()
    {
        _store.Put("a", """{"n":1}""");
        _store.Put("b", """{"n":2}""");
        using var model = new SnapshotDiffViewModel(_store);

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
        _store.Put("a", "{}");
        _store.Put("b", "{}");
        using var model = new SnapshotDiffViewModel(_store);
        await model.LoadAsync("/snapshots/diff?left=a&right=b");
        var calls = _store.CallCount;

        await model.LoadAsync(model.ViewUrl(DiffView.Lines));

        Assert.Equal(calls, _store.CallCount);
        Assert.Equal(DiffView.Lines, model.State.View);
        Assert.True(model.CanCompare);
    }

    [Fact]
    public async Task Diff_UnknownId_MarksThatSideNotFound()
    {
        _store.Put("a", "{}");
        using var model = new SnapshotDiffViewModel(_store);

        await model.LoadAsync("/snapshots/diff?left=a&right=ghost");

        Assert.True(model.Right.NotFound);
        Assert.False(model.Left.NotFound);
        Assert.False(model.CanCompare);
    }

    [Fact]
    public async Task Diff_OneSideFails_SaysWhyOnThatSide()
    {
        _store.Put("a", "{}");
        _store.FailWith = new StoreAccessDeniedException("http://fake", "not allowed");
        using var model = new SnapshotDiffViewModel(_store);

        await model.LoadAsync("/snapshots/diff?left=a&right=b");

        Assert.Contains("not allowed", model.Left.Error, StringComparison.Ordinal);
        Assert.Null(model.Load.Error);
    }

    [Fact]
    public async Task Diff_NoRightId_ComparesWithPastedJsonThatSurvivesChangingTheLeft()
    {
        _store.Put("a", """{"n":1}""");
        _store.Put("c", """{"n":3}""");
        using var model = new SnapshotDiffViewModel(_store);
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
    public void Diff_CompareUrl_TakesTheIdsWithoutSpacesAround()
    {
        using var model = new SnapshotDiffViewModel(_store) { LeftInput = " tenant/1 ", RightInput = "  " };

        Assert.Equal("/snapshots/diff?left=tenant%2F1", model.CompareUrl);
    }
}
