using EventExplorer.Data.Errors;
using EventExplorer.Tests.Fakes;
using EventExplorer.Web.Model;

namespace EventExplorer.Tests.Web.Model;

public sealed class SnapshotListViewModelTests
{
    [Fact]
    public async Task LoadAsync_Prefix_ListsOnlyMatchingIdsAndWhatTheScanRead()
    {
        var store = new FakeSnapshotStore();
        store.Put("order-1", "{}");
        store.Put("order-2", "{}");
        store.Put("user-1", "{}");
        var model = new SnapshotListViewModel(store);

        await model.LoadAsync("order-", null);

        Assert.Equal(["order-1", "order-2"], model.Page!.Items.Select(i => i.SnapshotId));
        Assert.Equal(3, model.Page.ItemsScanned);
        Assert.Equal(2, model.Page.ItemsMatched);
        Assert.Equal("order-", model.SearchText);
        Assert.False(model.Load.IsLoading);
    }

    [Fact]
    public async Task LoadAsync_MorePagesThanOne_LinksTheNextPageWithThePrefix()
    {
        var store = new FakeSnapshotStore();
        for (var i = 0; i < SnapshotListViewModel.PageSize + 5; i++) store.Put($"s-{i:D3}", "{}");
        var model = new SnapshotListViewModel(store);

        await model.LoadAsync("s-", null);

        Assert.Equal("/snapshots?prefix=s-&cursor=" + model.Page!.Next, model.NextPageUrl);
        await model.LoadAsync("s-", model.Page.Next);
        Assert.Equal(5, model.Page!.Items.Count);
        Assert.Null(model.NextPageUrl);
        Assert.False(model.IsFirstPage);
    }

    [Fact]
    public async Task LoadAsync_TamperedCursor_SaysSoAndOffersTheFirstPage()
    {
        var model = new SnapshotListViewModel(new FakeSnapshotStore());

        await model.LoadAsync("p", "not-a-token");

        Assert.True(model.CursorRejected);
        Assert.Contains("paging link is not valid", model.Load.Error?.Message);
        Assert.Equal("/snapshots?prefix=p", model.FirstPageUrl);
    }

    [Fact]
    public async Task Cancel_DuringAScan_StopsItAndKeepsTheSearch()
    {
        var store = new FakeSnapshotStore();
        var started = new TaskCompletionSource();
        store.BeforeEachCall = async ct =>
        {
            started.SetResult();
            await Task.Delay(Timeout.Infinite, ct);
        };
        var model = new SnapshotListViewModel(store);

        var load = model.LoadAsync("abc", null);
        await started.Task;
        Assert.True(model.Load.IsLoading);
        model.Cancel();
        await load;

        Assert.True(model.Cancelled);
        Assert.False(model.Load.IsLoading);
        Assert.Null(model.Page);
        Assert.Equal("abc", model.SearchText);
    }

    [Fact]
    public async Task LoadAsync_StoreDown_ShowsTheStoreMessage()
    {
        var store = new FakeSnapshotStore { FailWith = new StoreUnavailableException("http://db", "connection refused") };
        var model = new SnapshotListViewModel(store);

        await model.LoadAsync(null, null);

        Assert.Equal("DynamoDB at http://db is unavailable: connection refused", model.Load.Error?.Message);
        Assert.False(model.Load.IsLoading);
    }

    [Fact]
    public void Urls_IdsWithSlashesSpacesAndNonAscii_AreEscaped()
    {
        var model = new SnapshotListViewModel(new FakeSnapshotStore()) { SearchText = "a/b c:é" };

        Assert.Equal("/snapshots/a%2Fb%20c%3A%C3%A9", model.OpenUrl);
        Assert.Equal("/snapshots?prefix=a%2Fb%20c%3A%C3%A9", model.SearchUrl);
    }
}
