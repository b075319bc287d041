using EventExplorer.Data.Model;
using EventExplorer.Tests.Fakes;
using EventExplorer.Tests.Infrastructure;
using EventExplorer.Web.Model;
using EventExplorer.Web.Model.Feed;
using EventExplorer.Web.Model.Timeline;

namespace EventExplorer.Tests.Web.Model.Timeline;

/// <summary>Filters that the store applies across pages, and going to a date and time, on the timeline and the feed.</summary>
public sealed class TimelineFilterAndTimeTravelTests
{
    private readonly FakeEventStore _store = new();
    private readonly FakeSnapshotStore _snapshots = new();
    private readonly ManualTimeProvider _time = new(FakeEventStore.Epoch);

    private TimelineViewModel Timeline() => new(_store, _snapshots, _store, _store);
    private FeedViewModel Feed() => new(_store, _store, _time);

    /// <summary>30 commits of order-1 (one per second from the fake's epoch); Refunded at versions 3, 17 and 28 only.</summary>
    private void AddOrderWithRareRefunds()
    {
        for (var v = 0; v < 30; v++) _store.AddTyped("order-1", v is 3 or 17 or 28 ? "Refunded" : "Placed");
    }

    [Fact]
    public async Task TimelineFilter_PagesThroughEveryMatchAndKeepsTheFilterInItsLinks()
    {
        AddOrderWithRareRefunds();
        using var model = Timeline();

        await model.LoadAsync("/aggregates/order-1?type=Refunded&size=2");
        var first = model.Visible.Select(c => c.Version!.Value).ToList();
        var olderUrl = model.OlderUrl!;
        await model.LoadAsync(olderUrl);

        Assert.Equal([28L, 17], first);
        Assert.Contains("type=Refunded", olderUrl, StringComparison.Ordinal);
        Assert.Equal([3L], model.Visible.Select(c => c.Version!.Value));
        Assert.Equal(17, model.Filtered!.Cost.ItemsRead);
        Assert.False(model.Filtered.StoppedByBudget);
        Assert.Null(model.ReadFurtherUrl);
        Assert.Contains("type=Refunded", model.NewerUrl, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TimelineFilter_StoppedByItsBudget_SaysSoAndReadsFurtherFromWhereItStopped()
    {
        _store.AddTyped("order-1", "Refunded");
        for (var v = 1; v <= ReadBudget.Page.MaxItems + 50; v++) _store.AddTyped("order-1", "Placed");
        using var model = Timeline();

        await model.LoadAsync("/aggregates/order-1?type=Refunded");

        Assert.Empty(model.Visible);
        Assert.True(model.Filtered!.StoppedByBudget);
        Assert.Equal(ReadBudget.Page.MaxItems, model.Filtered.Cost.ItemsRead);
        Assert.Equal(model.OlderUrl, model.ReadFurtherUrl);
        Assert.Contains("type=Refunded", model.ReadFurtherUrl, StringComparison.Ordinal);
        await model.LoadAsync(model.ReadFurtherUrl!);
        Assert.Equal([0L], model.Visible.Select(c => c.Version!.Value));
    }

    [Fact]
    public async Task TimeTravel_LandsOnTheFirstCommitAtOrAfterTheTimeMidPageAndHighlightsIt()
    {
        AddOrderWithRareRefunds();
        using var model = Timeline();

        await model.LoadAsync("/aggregates/order-1?size=5&at=" + Uri.EscapeDataString(Formats.UrlTime(FakeEventStore.Epoch.AddSeconds(11.5))));

        Assert.Equal(12, model.TimeTravel?.Commit?.Version);
        Assert.True(model.TimeTravel!.Requests > 0);
        // The moments before and after the landing are both on the page, the landing in the middle.
        Assert.Equal([14L, 13, 12, 11, 10], model.Visible.Select(c => c.Version!.Value));
        Assert.Equal(12, Assert.Single(model.Rows, r => r.IsTarget).Commit!.Version);
        // Paging on from the landing is plain paging: the time is left behind.
        Assert.Equal("/aggregates/order-1?before=10&size=5", model.OlderUrl);
    }

    [Fact]
    public async Task TimeTravel_PastTheNewestCommit_SaysNothingIsThereAndShowsTheNewestPage()
    {
        AddOrderWithRareRefunds();
        using var model = Timeline();

        await model.LoadAsync("/aggregates/order-1?size=5&at=2030-01-01T00:00Z");

        Assert.NotNull(model.TimeTravel);
        Assert.Null(model.TimeTravel.Commit);
        Assert.Equal(29, model.Visible[0].Version);
        Assert.DoesNotContain(model.Rows, r => r.IsTarget);
    }

    [Fact]
    public async Task TimeTravel_WithAFilter_CentresTheFilteredPageOnTheLanding()
    {
        AddOrderWithRareRefunds();
        using var model = Timeline();

        await model.LoadAsync("/aggregates/order-1?type=Refunded&at=" + Uri.EscapeDataString(Formats.UrlTime(FakeEventStore.Epoch.AddSeconds(10))));

        // Version 10 is the first commit at the time; the filter leaves it out, and shows the refunds around it.
        Assert.Equal(10, model.TimeTravel?.Commit?.Version);
        Assert.Equal([28L, 17, 3], model.Visible.Select(c => c.Version!.Value));
    }

    [Fact]
    public async Task TimelineLinks_ToTheAggregatesOtherViews_CarryTheFilterToTheExport()
    {
        AddOrderWithRareRefunds();
        using var model = Timeline();

        await model.LoadAsync("/aggregates/tenant%2F1?type=Refunded");

        Assert.Equal("/summary?aggregate=tenant%2F1", model.SummaryUrl);
        Assert.Equal("/fields?aggregate=tenant%2F1", model.FieldHistoryUrl);
        Assert.Equal("/search?aggregate=tenant%2F1", model.SearchUrl);
        Assert.Equal("/export?aggregate=tenant%2F1&type=Refunded&format=csv", model.ExportUrl("csv"));
    }

    [Fact]
    public async Task FeedFilter_ByPrefixAndType_ShowsOnlyThoseCommitsAcrossTheFeed()
    {
        for (var i = 0; i < 20; i++)
        {
            _store.AddTyped("order-" + i, "Placed");
            _store.AddTyped("invoice-" + i, i % 5 == 0 ? "Paid" : "Placed");
        }
        using var model = Feed();

        await model.LoadAsync("/feed?prefix=invoice-&type=Paid&size=3");

        Assert.Equal(["invoice-15", "invoice-10", "invoice-5"], model.Rows.Select(r => r.Commit!.AggregateId));
        // Newest first from invoice-19 (commit id 40) down to invoice-5 (commit id 12).
        Assert.Equal(29, model.Filtered!.Cost.ItemsRead);
        Assert.Contains("prefix=invoice-", model.OlderUrl, StringComparison.Ordinal);
        await model.LoadAsync(model.OlderUrl!);
        Assert.Equal(["invoice-0"], model.Rows.Select(r => r.Commit!.AggregateId));
    }

    [Fact]
    public async Task FeedLiveTail_WhileFiltered_AddsOnlyTheCommitsThatPassTheFilter()
    {
        _store.AddTyped("order-1", "Placed");
        using var model = Feed();
        await model.LoadAsync("/feed?prefix=order-&live=1");

        _store.AddTyped("invoice-1", "Paid");
        _store.AddTyped("order-2", "Placed");
        var arrived = await model.PollOnceAsync(CancellationToken.None);

        Assert.Equal(1, arrived);
        // No gap marker for the commit the filter left out.
        Assert.Equal(["order-2", "order-1"], model.Rows.Select(r => r.Commit?.AggregateId ?? "gap"));
    }

    [Fact]
    public async Task FeedLiveTail_WhileFilteredForSomethingRare_StartsAtTheHeadNotAtTheLastMatch()
    {
        _store.AddTyped("order-1", "Placed");
        for (var i = 0; i < 3000; i++) _store.AddTyped("invoice-" + i, "Paid");
        using var model = Feed();
        await model.LoadAsync("/feed?prefix=order-&live=1");

        _store.AddTyped("order-2", "Placed");
        var arrived = await model.PollOnceAsync(CancellationToken.None);

        Assert.Equal(1, arrived);
        // The tail reads 1,000 commits a request: from the last match it would take three, from the head one.
        Assert.Equal(1, _store.CallsTo(nameof(FakeEventStore.ReadFeedFromAsync)));
    }

    [Fact]
    public async Task FeedTimeTravel_LandsOnTheFirstCommitAtOrAfterTheTimeMidPage()
    {
        for (var i = 0; i < 10; i++) _store.AddTyped("order-" + i, "Placed");
        using var model = Feed();

        await model.LoadAsync("/feed?size=3&at=" + Uri.EscapeDataString(Formats.UrlTime(FakeEventStore.Epoch.AddSeconds(4))));

        Assert.Equal("order-4", model.TimeTravel?.Commit?.AggregateId);
        Assert.Equal("order-4", Assert.Single(model.Rows, r => r.IsTarget).Commit!.AggregateId);
        Assert.Equal(["order-5", "order-4", "order-3"], model.Rows.Select(r => r.Commit!.AggregateId));
    }

    [Fact]
    public async Task FeedExport_StartsAtTheFirstCommitShownAndCarriesTheFilter()
    {
        for (var i = 0; i < 10; i++) _store.AddTyped("order-" + i, i % 2 == 0 ? "Paid" : "Placed");
        using var model = Feed();

        await model.LoadAsync("/feed?type=Paid&prefix=order-&from=5");

        Assert.Equal("/export?from=5&type=Paid&prefix=order-&format=jsonl", model.ExportUrl("jsonl"));
        Assert.Equal("/search", model.SearchUrl);
    }
}
