using EventExplorer.Data.Model;
using EventExplorer.Tests.Infrastructure;
using EventExplorer.Web.Model.Loading;
using EventExplorer.Web.Model.Search;

namespace EventExplorer.Tests.Web.Model.Search;

public sealed class SearchViewModelTests(DynaliteFixture dynalite) : IClassFixture<DynaliteFixture>
{
    /// <summary>One commit per order; a <paramref name="note"/> of 100 KB makes each 1 MB response hold about ten.</summary>
    private async Task<StoreBed> StoreWithOrdersAsync(int orders, int note = 0)
    {
        var bed = await StoreBed.CreateAsync(dynalite);
        var padding = new string('n', note);
        for (var i = 0; i < orders; i++) await bed.AddAsync("order-" + i, $$$"""{"type":"orderPlaced","orderId":"order-{{{i:D4}}}","customer":{"email":"c{{{i}}}@example.com"},"note":"{{{padding}}}"}""");
        return bed;
    }

    [Fact]
    public async Task LoadAsync_PathEqualsValueInTheFeed_FindsTheOneCommitWithItsMatchedPath()
    {
        await using var bed = await StoreWithOrdersAsync(30);
        using var model = new SearchViewModel(bed.Events);

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
        await using var bed = await StoreWithOrdersAsync(30, note: 100_000);
        using var model = new SearchViewModel(bed.Events);
        var seen = new List<long>();
        model.Changed += () =>
        {
            seen.Add(model.Progress!.Cost.ItemsRead);
            return Task.CompletedTask;
        };

        await model.LoadAsync("/search?q=example.com");

        // 3 MB of commits: at least three 1 MB responses, each its own update after the one before any read.
        Assert.True(seen.Count >= 4, $"{seen.Count} updates");
        Assert.Equal(0, seen[0]);
        Assert.Equal(30, seen[^1]);
        Assert.All(seen.Zip(seen.Skip(1)), pair => Assert.True(pair.Second > pair.First, string.Join(", ", seen)));
        Assert.Equal(30, model.Matches.Count);
    }

    [Fact]
    public async Task Cancel_StopsTheReadAndKeepsWhatWasFound()
    {
        await using var bed = await StoreWithOrdersAsync(30, note: 100_000);
        using var model = new SearchViewModel(bed.Events);
        var readWhenCancelled = 0L;
        model.Changed += () =>
        {
            if (readWhenCancelled == 0 && model.Progress!.Cost.ItemsRead > 0)
            {
                readWhenCancelled = model.Progress.Cost.ItemsRead;
                model.Cancel();
            }
            return Task.CompletedTask;
        };

        await model.LoadAsync("/search?q=example.com");

        Assert.True(model.Cancelled);
        Assert.False(model.Load.IsLoading);
        Assert.InRange(readWhenCancelled, 1, 29);
        Assert.Equal(readWhenCancelled, model.Matches.Count);
        Assert.Null(model.Load.Error);
    }

    [Fact]
    public async Task ResultLimit_StopsWithAContinueLinkThatFindsTheRest()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await bed.AddManyAsync("order-1", SearchViewModel.MaxMatches + 20);
        using var model = new SearchViewModel(bed.Events);

        await model.LoadAsync("/search?q=" + Uri.EscapeDataString("n = 0"));

        Assert.Equal(SearchViewModel.MaxMatches, model.Matches.Count);
        Assert.Equal(ReadState.ResultLimitReached, model.Progress!.State);
        var next = model.ContinueUrl;
        Assert.NotNull(next);
        Assert.Contains("after=", next, StringComparison.Ordinal);

        await model.LoadAsync(next);

        Assert.Equal(20, model.Matches.Count);
        Assert.Equal(SearchViewModel.MaxMatches, model.Matches[0].Commit.Version);
        Assert.Equal(ReadState.Completed, model.Progress!.State);
    }

    [Fact]
    public async Task BudgetReached_StopsWithAContinueLinkThatReadsOnFromThere()
    {
        await using var bed = await StoreWithOrdersAsync(25);
        using var model = new SearchViewModel(bed.Events) { Budget = new ReadBudget { MaxItems = 10, MaxRequests = 50 } };

        await model.LoadAsync("/search?q=orderPlaced&aggregate=order-3");
        Assert.Equal(ReadState.Completed, model.Progress!.State);

        await model.LoadAsync("/search?q=example.com");

        Assert.Equal(ReadState.BudgetExhausted, model.Progress!.State);
        Assert.Equal(10, model.Matches.Count);
        await model.LoadAsync(model.ContinueUrl!);
        // The continuation starts where reading stopped: its first read is the last item the budget reached
        // (a range above it starts at it), so of its 10 items 9 are new.
        Assert.Equal(Enumerable.Range(10, 9).Select(i => "order-" + i), model.Matches.Select(m => m.Commit.AggregateId));
        Assert.Equal(ReadState.BudgetExhausted, model.Progress!.State);
    }

    [Fact]
    public async Task LayoutB_FeedFromALeadingPartOfACommitId_SearchesFromThere()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite, EventStoreLayout.TimestampCommitIds);
        await bed.AddTypedAsync("a", "Placed");
        bed.Clock = bed.Clock.AddHours(2);
        await bed.AddTypedAsync("b", "Placed");
        using var model = new SearchViewModel(bed.Events);

        await model.LoadAsync("/search?q=Placed&from=" + CommitId.TimestampPrefix(bed.Clock.AddHours(-1)));

        Assert.Equal("b", Assert.Single(model.Matches).Commit.AggregateId);
    }

    [Fact]
    public async Task BadQuery_IsShownAndNothingIsRead()
    {
        await using var bed = await StoreWithOrdersAsync(3);
        using var model = new SearchViewModel(bed.Events);

        await model.LoadAsync("/search?q=" + Uri.EscapeDataString("orderId ="));

        Assert.Contains("Nothing follows '='", model.QueryProblem, StringComparison.Ordinal);
        Assert.False(model.HasSearch);
        Assert.Equal(0, bed.Requests);
    }

    [Fact]
    public async Task PrefixWithinOneAggregate_IsDroppedWithALinkProblemAndTheSearchRuns()
    {
        await using var bed = await StoreWithOrdersAsync(3);
        using var model = new SearchViewModel(bed.Events);

        await model.LoadAsync("/search?q=orderPlaced&aggregate=order-1&prefix=ord");

        Assert.Contains(model.LinkProblems, p => p.Contains("prefix", StringComparison.Ordinal));
        Assert.Equal("order-1", Assert.Single(model.Matches).Commit.AggregateId);
    }

    [Fact]
    public async Task ExportUrl_ExportsTheSameRangeAndQuery()
    {
        await using var bed = await StoreWithOrdersAsync(1);
        using var model = new SearchViewModel(bed.Events);

        await model.LoadAsync("/search?q=Example&aggregate=order-0&case=ignore&type=orderPlaced");

        Assert.Equal("/export?aggregate=order-0&type=orderPlaced&q=Example&case=ignore&format=csv", model.ExportUrl("csv"));
    }

    [Fact]
    public async Task ToggleEventsAsync_ReadsTheCommitToShowItsEvents()
    {
        await using var bed = await StoreWithOrdersAsync(2);
        using var model = new SearchViewModel(bed.Events);
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
        await using var bed = await StoreWithOrdersAsync(2);
        bed.GoDown();
        using var model = new SearchViewModel(bed.Events);

        await model.LoadAsync("/search?q=x");

        Assert.Equal(LoadErrorKind.Unavailable, model.Load.Error!.Kind);
        Assert.True(model.Load.Error.IsTransient);
    }
}
