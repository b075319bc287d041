using EventExplorer.Data;
using EventExplorer.Data.Model;
using EventExplorer.Tests.Infrastructure;
using EventExplorer.Web.Model;
using EventExplorer.Web.Model.Feed;
using EventExplorer.Web.Model.Timeline;

namespace EventExplorer.Tests.Web.Model.Timeline;

/// <summary>Filters that the store applies across pages, and going to a date and time, on the timeline and the feed.</summary>
public sealed class TimelineFilterAndTimeTravelTests(DynaliteFixture dynalite) : IClassFixture<DynaliteFixture>
{
    private static TimelineViewModel Timeline(StoreBed bed) => new(bed.Events, bed.Snapshots, bed.Events, bed.Events);
    private static FeedViewModel Feed(StoreBed bed) => new(bed.Events, bed.Events, bed.Time, new SharedFeedTail(bed.Events, bed.Time));

    /// <summary>30 commits of order-1 (one per second from the bed's epoch); Refunded at versions 3, 17 and 28 only.</summary>
    private static async Task AddOrderWithRareRefundsAsync(StoreBed bed)
    {
        for (var v = 0; v < 30; v++) await bed.AddTypedAsync("order-1", v is 3 or 17 or 28 ? "Refunded" : "Placed");
    }

    /// <summary>One commit per aggregate, in the given order (commit ids and times follow it), written side by side.</summary>
    private static async Task AddOnePerAggregateAsync(StoreBed bed, IEnumerable<(string AggregateId, string EventType)> commits)
    {
        foreach (var chunk in commits.Chunk(50))
        {
            // Each call takes its commit id and time before its first await, so ids follow the order given.
            await Task.WhenAll(chunk.Select(c => bed.AddTypedAsync(c.AggregateId, c.EventType)));
        }
        // Writes of the counter may land out of order: leave the last id in it, as an append would.
        await bed.SkipCommitIdsAsync(0);
    }

    [Fact]
    public async Task TimelineFilter_PagesThroughEveryMatchAndKeepsTheFilterInItsLinks()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await AddOrderWithRareRefundsAsync(bed);
        using var model = Timeline(bed);

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
        // The budget's read takes one request of about 1 MB, longer than the fault tests' 1 s on a busy machine: the app's own timeouts.
        await using var bed = await StoreBed.CreateAsync(dynalite, requestTimeout: TimeSpan.FromSeconds(4), operationTimeout: TimeSpan.FromSeconds(10));
        await bed.AddTypedAsync("order-1", "Refunded");
        // Placed and Shipped by turns: none of them a refund.
        await bed.AddManyAsync("order-1", (int)ReadBudget.Page.MaxItems + 50);
        using var model = Timeline(bed);

        await model.LoadAsync("/aggregates/order-1?type=Refunded");

        Assert.Null(model.Load.Error?.Message);
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
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await AddOrderWithRareRefundsAsync(bed);
        using var model = Timeline(bed);

        await model.LoadAsync("/aggregates/order-1?size=5&at=" + Uri.EscapeDataString(Formats.UrlTime(StoreBed.Epoch.AddSeconds(11.5))));

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
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await AddOrderWithRareRefundsAsync(bed);
        using var model = Timeline(bed);

        await model.LoadAsync("/aggregates/order-1?size=5&at=2030-01-01T00:00Z");

        Assert.NotNull(model.TimeTravel);
        Assert.Null(model.TimeTravel.Commit);
        Assert.Equal(29, model.Visible[0].Version);
        Assert.DoesNotContain(model.Rows, r => r.IsTarget);
    }

    [Fact]
    public async Task TimeTravel_WithAFilter_CentresTheFilteredPageOnTheLanding()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await AddOrderWithRareRefundsAsync(bed);
        using var model = Timeline(bed);

        await model.LoadAsync("/aggregates/order-1?type=Refunded&at=" + Uri.EscapeDataString(Formats.UrlTime(StoreBed.Epoch.AddSeconds(10))));

        // Version 10 is the first commit at the time; the filter leaves it out, and shows the refunds around it.
        Assert.Equal(10, model.TimeTravel?.Commit?.Version);
        Assert.Equal([28L, 17, 3], model.Visible.Select(c => c.Version!.Value));
    }

    [Fact]
    public async Task TimelineLinks_ToTheAggregatesOtherViews_CarryTheFilterToTheExport()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await AddOrderWithRareRefundsAsync(bed);
        using var model = Timeline(bed);

        await model.LoadAsync("/aggregates/tenant%2F1?type=Refunded");

        Assert.Equal("/summary?aggregate=tenant%2F1", model.SummaryUrl);
        Assert.Equal("/fields?aggregate=tenant%2F1", model.FieldHistoryUrl);
        Assert.Equal("/search?aggregate=tenant%2F1", model.SearchUrl);
        Assert.Equal("/export?aggregate=tenant%2F1&type=Refunded&format=csv", model.ExportUrl("csv"));
    }

    [Fact]
    public async Task FeedFilter_ByPrefixAndType_ShowsOnlyThoseCommitsAcrossTheFeed()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        for (var i = 0; i < 20; i++)
        {
            await bed.AddTypedAsync("order-" + i, "Placed");
            await bed.AddTypedAsync("invoice-" + i, i % 5 == 0 ? "Paid" : "Placed");
        }
        using var model = Feed(bed);

        await model.LoadAsync("/feed?prefix=invoice-&type=Paid&size=3");

        Assert.Equal(["invoice-15", "invoice-10", "invoice-5"], model.Rows.Select(r => r.Commit!.AggregateId));
        // A filtered page's first request asks for at least 100 items (most fail a filter): the whole feed, in one request.
        Assert.Equal(40, model.Filtered!.Cost.ItemsRead);
        Assert.Equal(1, model.Filtered.Cost.Requests);
        Assert.Contains("prefix=invoice-", model.OlderUrl, StringComparison.Ordinal);
        await model.LoadAsync(model.OlderUrl!);
        Assert.Equal(["invoice-0"], model.Rows.Select(r => r.Commit!.AggregateId));
    }

    [Fact]
    public async Task FeedLiveTail_WhileFiltered_AddsOnlyTheCommitsThatPassTheFilter()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await bed.AddTypedAsync("order-1", "Placed");
        using var model = Feed(bed);
        await model.LoadAsync("/feed?prefix=order-&live=1");

        await bed.AddTypedAsync("invoice-1", "Paid");
        await bed.AddTypedAsync("order-2", "Placed");
        var arrived = await model.PollOnceAsync(CancellationToken.None);

        Assert.Equal(1, arrived);
        // No gap marker for the commit the filter left out.
        Assert.Equal(["order-2", "order-1"], model.Rows.Select(r => r.Commit?.AggregateId ?? "gap"));
    }

    [Fact]
    public async Task FeedLiveTail_WhileFilteredForSomethingRare_StartsAtTheHeadNotAtTheLastMatch()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await bed.AddTypedAsync("order-1", "Placed");
        await AddOnePerAggregateAsync(bed, Enumerable.Range(0, 3000).Select(i => ("invoice-" + i, "Paid")));
        using var model = Feed(bed);
        await model.LoadAsync("/feed?prefix=order-&live=1");

        await bed.AddTypedAsync("order-2", "Placed");
        bed.Proxy.Reset();
        var arrived = await model.PollOnceAsync(CancellationToken.None);

        Assert.Equal(1, arrived);
        // The tail reads 1,000 commits a request: from the last match it would take three, from the head one.
        Assert.Equal(1, bed.Proxy.Count("Query"));
    }

    [Fact]
    public async Task FeedTimeTravel_LandsOnTheFirstCommitAtOrAfterTheTimeMidPage()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        for (var i = 0; i < 10; i++) await bed.AddTypedAsync("order-" + i, "Placed");
        using var model = Feed(bed);

        await model.LoadAsync("/feed?size=3&at=" + Uri.EscapeDataString(Formats.UrlTime(StoreBed.Epoch.AddSeconds(4))));

        Assert.Equal("order-4", model.TimeTravel?.Commit?.AggregateId);
        Assert.Equal("order-4", Assert.Single(model.Rows, r => r.IsTarget).Commit!.AggregateId);
        Assert.Equal(["order-5", "order-4", "order-3"], model.Rows.Select(r => r.Commit!.AggregateId));
    }

    [Fact]
    public async Task FeedExport_StartsAtTheFirstCommitShownAndCarriesTheFilter()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        for (var i = 0; i < 10; i++) await bed.AddTypedAsync("order-" + i, i % 2 == 0 ? "Paid" : "Placed");
        using var model = Feed(bed);

        await model.LoadAsync("/feed?type=Paid&prefix=order-&from=5");

        Assert.Equal("/export?from=5&type=Paid&prefix=order-&format=jsonl", model.ExportUrl("jsonl"));
        Assert.Equal("/search", model.SearchUrl);
    }
}
