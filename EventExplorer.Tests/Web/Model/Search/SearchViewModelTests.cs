using EventExplorer.Data.Model;
using EventExplorer.Tests.Fakes;
using EventExplorer.Web.Model.Loading;
using EventExplorer.Web.Model.Search;

namespace EventExplorer.Tests.Web.Model.Search;

public sealed class SearchViewModelTests
{
    private static FakeEventStore StoreWithOrders(int orders)
    {
        var store = new FakeEventStore { ItemsPerResponse = 10 };
        for (var i = 0; i < orders; i++) store.Add("order-" + i, $$$"""{"type":"orderPlaced","orderId":"order-{{{i:D4}}}","customer":{"email":"c{{{i}}}@example.com"}}""");
        return store;
    }

    [Fact]
    public async Task LoadAsync_PathEqualsValueInTheFeed_FindsTheOneCommitWithItsMatchedPath()
    {
        var store = StoreWithOrders(30);
        using var model = new SearchViewModel(store);

        await model.LoadAsync("/search?q=" + Uri.EscapeDataString("orderId = \"order-0017\""));

        var match = Assert.Single(model.Matches);
        Assert.Equal("order-17", match.Commit.AggregateId);
        Assert.Equal("$.orderId", Assert.Single(Assert.Single(match.Events).Paths).Path);
        Assert.Equal(ReadState.Completed, model.Progress!.State);
        Assert.Equal(30, model.Progress.Cost.ItemsRead);
        Assert.Null(model.ContinueUrl);
    }

    [Fact]
    public async Task LoadAsync_StreamsAnUpdatePerResponse()
    {
        var store = StoreWithOrders(30);
        using var model = new SearchViewModel(store);
        var seen = new List<long>();
        model.Changed += () =>
        {
            seen.Add(model.Progress!.Cost.ItemsRead);
            return Task.CompletedTask;
        };

        await model.LoadAsync("/search?q=example.com");

        Assert.Equal([0, 10, 20, 30], seen);
        Assert.Equal(30, model.Matches.Count);
    }

    [Fact]
    public async Task Cancel_StopsTheReadAndKeepsWhatWasFound()
    {
        var store = StoreWithOrders(50);
        using var model = new SearchViewModel(store);
        model.Changed += () =>
        {
            if (model.Progress!.Cost.ItemsRead == 20) model.Cancel();
            return Task.CompletedTask;
        };

        await model.LoadAsync("/search?q=example.com");

        Assert.True(model.Cancelled);
        Assert.False(model.Load.IsLoading);
        Assert.Equal(20, model.Matches.Count);
        Assert.Null(model.Load.Error);
    }

    [Fact]
    public async Task ResultLimit_StopsWithAContinueLinkThatFindsTheRest()
    {
        var store = StoreWithOrders(SearchViewModel.MaxMatches + 20);
        using var model = new SearchViewModel(store);

        await model.LoadAsync("/search?q=orderPlaced");

        Assert.Equal(SearchViewModel.MaxMatches, model.Matches.Count);
        Assert.Equal(ReadState.ResultLimitReached, model.Progress!.State);
        var next = model.ContinueUrl;
        Assert.NotNull(next);
        Assert.Contains("after=", next, StringComparison.Ordinal);

        await model.LoadAsync(next);

        Assert.Equal(20, model.Matches.Count);
        Assert.Equal("order-" + SearchViewModel.MaxMatches, model.Matches[0].Commit.AggregateId);
        Assert.Equal(ReadState.Completed, model.Progress!.State);
    }

    [Fact]
    public async Task BudgetReached_StopsWithAContinueLinkThatReadsOnFromThere()
    {
        var store = StoreWithOrders(25);
        using var model = new SearchViewModel(store) { Budget = new ReadBudget { MaxItems = 10, MaxRequests = 50 } };

        await model.LoadAsync("/search?q=orderPlaced&aggregate=order-3");
        Assert.Equal(ReadState.Completed, model.Progress!.State);

        await model.LoadAsync("/search?q=example.com");

        Assert.Equal(ReadState.BudgetExhausted, model.Progress!.State);
        Assert.Equal(10, model.Matches.Count);
        await model.LoadAsync(model.ContinueUrl!);
        Assert.Equal("order-10", model.Matches[0].Commit.AggregateId);
        Assert.Equal(10, model.Matches.Count);
    }

    [Fact]
    public async Task LayoutB_FeedFromALeadingPartOfACommitId_SearchesFromThere()
    {
        var store = new FakeEventStore(EventStoreLayout.TimestampCommitIds);
        store.AddTyped("a", "Placed");
        store.Clock = store.Clock.AddHours(2);
        store.AddTyped("b", "Placed");
        using var model = new SearchViewModel(store);

        await model.LoadAsync("/search?q=Placed&from=" + CommitId.TimestampPrefix(store.Clock.AddHours(-1)));

        Assert.Equal("b", Assert.Single(model.Matches).Commit.AggregateId);
    }

    [Fact]
    public async Task BadQuery_IsShownAndNothingIsRead()
    {
        var store = StoreWithOrders(3);
        using var model = new SearchViewModel(store);

        await model.LoadAsync("/search?q=" + Uri.EscapeDataString("orderId ="));

        Assert.Contains("Nothing follows '='", model.QueryProblem, StringComparison.Ordinal);
        Assert.False(model.HasSearch);
        Assert.Equal(0, store.CallsTo(nameof(store.SearchAsync)));
    }

    [Fact]
    public async Task PrefixWithinOneAggregate_IsDroppedWithALinkProblemAndTheSearchRuns()
    {
        var store = StoreWithOrders(3);
        using var model = new SearchViewModel(store);

        await model.LoadAsync("/search?q=orderPlaced&aggregate=order-1&prefix=ord");

        Assert.Contains(model.LinkProblems, p => p.Contains("prefix", StringComparison.Ordinal));
        Assert.Equal("order-1", Assert.Single(model.Matches).Commit.AggregateId);
    }

    [Fact]
    public async Task ExportUrl_ExportsTheSameRangeAndQuery()
    {
        using var model = new SearchViewModel(StoreWithOrders(1));

        await model.LoadAsync("/search?q=Example&aggregate=order-0&case=ignore&type=orderPlaced");

        Assert.Equal("/export?aggregate=order-0&type=orderPlaced&q=Example&case=ignore&format=csv", model.ExportUrl("csv"));
    }

    [Fact]
    public async Task ToggleEventsAsync_ReadsTheCommitToShowItsEvents()
    {
        using var model = new SearchViewModel(StoreWithOrders(2));
        await model.LoadAsync("/search?q=order-0001");
        var match = Assert.Single(model.Matches);

        await model.ToggleEventsAsync(match, CancellationToken.None);

        Assert.Contains("c1@example.com", model.Opened(match)!.Commit!.EventsJson, StringComparison.Ordinal);
        await model.ToggleEventsAsync(match, CancellationToken.None);
        Assert.Null(model.Opened(match));
    }

    [Fact]
    public async Task StoreDown_IsAMessageWithRetry()
    {
        var store = StoreWithOrders(2);
        store.FailWith = new EventExplorer.Data.Errors.StoreUnavailableException("http://localhost:8000", "connection refused");
        using var model = new SearchViewModel(store);

        await model.LoadAsync("/search?q=x");

        Assert.Equal(LoadErrorKind.Unavailable, model.Load.Error!.Kind);
        Assert.True(model.Load.Error.IsTransient);
    }
}
