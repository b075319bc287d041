using Bunit;
using Microsoft.Extensions.DependencyInjection;
using EventExplorer.Web.Model.Feed;
using EventExplorer.Data.Model;
using EventExplorer.Testing;
using EventExplorer.Tests.Infrastructure;
using EventExplorer.Web.Components.Pages.Feed;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;

namespace EventExplorer.Tests.Web.Components.Pages;

/// <summary>The feed page over the real store on dynalite (reads are real I/O: every look waits for its condition).</summary>
public sealed class FeedPageTests(DynaliteFixture dynalite) : IClassFixture<DynaliteFixture>
{
    private static List<string> RowTexts(IRenderedComponent<Feed> page) =>
        page.FindAll("tbody tr.commit-row, tbody tr.gap-row")
            .Select(r => r.ClassList.Contains("gap-row") ? r.TextContent.Trim() : r.QuerySelector(".commit-id")!.TextContent.Trim())
            .ToList();

    private static string? Href(IRenderedComponent<Feed> page, string label) =>
        page.FindAll("nav[aria-label='Feed pages'] a").SingleOrDefault(a => a.TextContent.Contains(label, StringComparison.Ordinal))?.GetAttribute("href");

    [Fact]
    public async Task Feed_ShowsTheLatestCommitsNewestFirstWithLinksToTheirAggregatesAndVersions()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await bed.AddTypedAsync("order-1", "Placed");
        await bed.AddTypedAsync("tenant/2", "Paid");
        await using var ctx = new BunitContext();
        ctx.AddExplorer(bed);

        var page = ctx.RenderPage<Feed>("/feed");

        page.WaitForAssertion(() => Assert.Equal(["2", "1"], RowTexts(page)));
        var newest = page.FindAll("tr.commit-row")[0];
        Assert.Equal("/aggregates/tenant%2F2", newest.QuerySelector(".aggregate-cell a")!.GetAttribute("href"));
        Assert.Equal("/aggregates/tenant%2F2?from=0&expand=0", newest.QuerySelector("td.version a")!.GetAttribute("href"));
        Assert.Equal("/feed?from=2", newest.QuerySelector(".commit-id a")!.GetAttribute("href"));
    }

    [Fact]
    public async Task LeavingTheFeedWhileItsFirstReadStillRuns_DoesNotFailTheNextPage()
    {
        // Seen in the hung-database journey: the feed's read outlived the page, then touched its disposed
        // view-model, and the error landed in the next page's error boundary ("Something went wrong").
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await bed.AddTypedAsync("order-1", "Placed");
        await using var ctx = new BunitContext();
        ctx.AddExplorer(bed);
        var slowDatabase = new HeldRequests();
        bed.Proxy.Inject(ProxyFault.Hold(slowDatabase).On("Query"));

        ctx.RenderPage<Feed>("/feed");
        await slowDatabase.Arrived;
        await ctx.DisposeComponentsAsync();
        slowDatabase.Release();
        await slowDatabase.Delivered;
        bed.ComeBack();
        // Leaving cancelled the read; once the database has carried it out and the next page shows its
        // rows, whatever the left page did after its read has happened.
        var next = ctx.RenderPage<Feed>("/feed");

        next.WaitForAssertion(() => Assert.Equal(["1"], RowTexts(next)));
        var failed = ctx.Renderer.UnhandledException;
        if (failed.IsCompleted) Assert.Fail((await failed).ToString());
    }

    [Fact]
    public async Task CommitIdGaps_AreGapRowsBetweenTheirNeighbours()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await bed.AddTypedAsync("a", "Placed");
        await bed.SkipCommitIdsAsync(3);
        await bed.AddTypedAsync("b", "Placed");
        await using var ctx = new BunitContext();
        ctx.AddExplorer(bed);

        var page = ctx.RenderPage<Feed>("/feed");

        page.WaitForAssertion(() => Assert.Equal(["5", "commit ids 2–4 missing (3)", "1"], RowTexts(page)));
        Assert.Contains("3 commit ids missing in 1 gap", page.Find(".gap-note").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JumpLink_HighlightsTheTargetCommitAndScrollsToIt()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        for (var i = 0; i < 10; i++) await bed.AddTypedAsync("order-" + i, "Placed");
        await using var ctx = new BunitContext();
        ctx.AddExplorer(bed);

        var page = ctx.RenderPage<Feed>("/feed?from=4&size=3");

        page.WaitForAssertion(() => Assert.Equal(["6", "5", "4"], RowTexts(page)));
        Assert.Equal("4", Assert.Single(page.FindAll("tr.is-target")).QuerySelector(".commit-id")!.TextContent.Trim());
        page.WaitForAssertion(() => Assert.Contains(ctx.JSInterop.Invocations, i => i.Identifier == "eventExplorer.scrollToTarget"));
        Assert.Equal("4", page.Find("#from-commit").GetAttribute("value"));
    }

    [Fact]
    public async Task Permalink_HighlightsAndOpensTheCommit()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        for (var i = 0; i < 5; i++) await bed.AddTypedAsync("order-" + i, "Placed" + i);
        await using var ctx = new BunitContext();
        ctx.AddExplorer(bed);

        var page = ctx.RenderPage<Feed>("/feed?from=3&expand=3");

        page.WaitForAssertion(() => Assert.Single(page.FindAll("tr.is-target")));
        Assert.Contains("Placed2", Assert.Single(page.FindAll("tr.detail-row")).TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PagingLinks_SayCommitIdsPlainly()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await bed.AddManyAsync("order-1", 12);
        await using var ctx = new BunitContext();
        ctx.AddExplorer(bed);

        var page = ctx.RenderPage<Feed>("/feed?before=8&size=5");

        page.WaitForAssertion(() => Assert.Equal("/feed?before=3&size=5", Href(page, "Older")));
        Assert.Equal("/feed?after=7&size=5", Href(page, "Newer"));
        Assert.Equal("/feed?size=5", Href(page, "Newest"));
        Assert.Equal("/feed?start=oldest&size=5", Href(page, "Oldest"));
    }

    [Fact]
    public async Task PagingLinks_UseACursorOnlyWhereACommitIdRepeatsAcrossTheBoundary()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await bed.AddAtAsync("a", 0, "[]", CommitId.FromNumber(1));
        await bed.AddAtAsync("x", 0, "[]", CommitId.FromNumber(2));
        await bed.AddAtAsync("y", 0, "[]", CommitId.FromNumber(2));
        await bed.AddAtAsync("b", 0, "[]", CommitId.FromNumber(3));
        await using var ctx = new BunitContext();
        ctx.AddExplorer(bed);

        var page = ctx.RenderPage<Feed>("/feed?size=2");

        page.WaitForAssertion(() => Assert.StartsWith("/feed?cursor=", Href(page, "Older"), StringComparison.Ordinal));
        ctx.Navigation().NavigateTo(Href(page, "Older")!);
        page.WaitForAssertion(() => Assert.Equal(["2", "1"], RowTexts(page)));
        Assert.Null(Href(page, "Older"));
    }

    [Fact]
    public async Task FromBox_GoesToTheTypedCommitId()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await bed.AddManyAsync("order-1", 5);
        await using var ctx = new BunitContext();
        ctx.AddExplorer(bed);
        var page = ctx.RenderPage<Feed>("/feed");
        page.WaitForAssertion(() => Assert.Equal(5, RowTexts(page).Count));

        await page.Find("#from-commit").InputAsync(new ChangeEventArgs { Value = " 2 " });
        await page.Find("form[aria-label='Go to a commit']").SubmitAsync();

        Assert.Equal("/feed?from=2", ctx.Location());
        page.WaitForAssertion(() => Assert.Equal(["5", "4", "3", "2"], RowTexts(page)));
    }

    [Fact]
    public async Task LayoutB_JumpToATypedTime_StartsThere()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite, EventStoreLayout.TimestampCommitIds);
        for (var i = 0; i < 5; i++) await bed.AddTypedAsync("order-1", "Placed");
        await using var ctx = new BunitContext();
        ctx.AddExplorer(bed);
        var page = ctx.RenderPage<Feed>("/feed");
        page.WaitForAssertion(() => Assert.Equal(5, page.FindAll("tr.commit-row").Count));
        Assert.Equal("commit id or UTC time, e.g. 2026-11-21T06:00Z", page.Find("#from-commit").GetAttribute("placeholder"));

        await page.Find("#from-commit").InputAsync(new ChangeEventArgs { Value = "2026-11-21T06:00:03Z" });
        await page.Find("form[aria-label='Go to a commit']").SubmitAsync();

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("tr.commit-row").Count));
        Assert.Equal("20261121060003000:order-1", page.Find("tr.is-target .commit-id a").GetAttribute("aria-label"));
    }

    [Fact]
    public async Task LayoutBCommitId_ShowsItsTimeAndNamesTheWholeIdForScreenReaders()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite, EventStoreLayout.TimestampCommitIds);
        await bed.AddTypedAsync("order-1", "Placed");
        await using var ctx = new BunitContext();
        ctx.AddExplorer(bed);

        var page = ctx.RenderPage<Feed>("/feed");

        page.WaitForAssertion(() => Assert.Single(page.FindAll(".commit-id a")));
        var link = page.Find(".commit-id a");
        Assert.Equal("20261121060000000:…", link.TextContent);
        Assert.Equal("20261121060000000:order-1", link.GetAttribute("aria-label"));
        Assert.Equal("/feed?from=20261121060000000%3Aorder-1", link.GetAttribute("href"));
    }

    [Fact]
    public async Task LiveFromTheLink_SaysLiveAndPauseLeavesItInTheAddress()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await bed.AddTypedAsync("order-1", "Placed");
        await using var ctx = new BunitContext();
        ctx.AddExplorer(bed);
        var page = ctx.RenderPage<Feed>("/feed?live=1");
        page.WaitForAssertion(() => Assert.Contains("Live", page.Find(".live-state.on").TextContent, StringComparison.Ordinal));
        // The tab has joined the instance's poller and read its own gap once; then nothing more is asked of the database.
        // The page's own view-model (its scope's), as the page holds it.
        var model = (FeedViewModel)typeof(OwningComponentBase<FeedViewModel>)
            .GetProperty("Service", System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic)!.GetValue(page.Instance)!;
        page.WaitForAssertion(() => Assert.True(model.LastPolledAt is not null && bed.Proxy.InFlight == 0));
        bed.Proxy.Reset();

        await page.FindAll(".live-control button").Single(b => b.TextContent.Trim() == "Pause").ClickAsync(new MouseEventArgs());

        Assert.Equal("/feed", ctx.Location());
        page.WaitForAssertion(() => Assert.Equal("Paused", page.Find(".live-state.off").TextContent));
        Assert.Equal(["1"], RowTexts(page));
        // Pausing keeps the rows: nothing is read again.
        Assert.Equal(0, bed.Requests);
    }

    [Fact]
    public async Task Paused_OnTheLatestPage_ResumeTurnsTheTailOn()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await bed.AddTypedAsync("order-1", "Placed");
        await using var ctx = new BunitContext();
        ctx.AddExplorer(bed);
        var page = ctx.RenderPage<Feed>("/feed");
        page.WaitForAssertion(() => Assert.Equal("Paused", page.Find(".live-state.off").TextContent));

        await page.FindAll(".live-control button").Single(b => b.TextContent.Trim() == "Resume live tail").ClickAsync(new MouseEventArgs());

        Assert.Equal("/feed?live=1", ctx.Location());
        page.WaitForAssertion(() => Assert.NotNull(page.Find(".live-state.on")));
    }

    [Fact]
    public async Task LiveTail_NewCommitsAppearAsTheyArriveMarkedNew()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await bed.AddTypedAsync("order-1", "Placed");
        await using var ctx = new BunitContext();
        ctx.AddExplorer(bed);
        var page = ctx.RenderPage<Feed>("/feed?live=1");
        page.WaitForAssertion(() => Assert.NotNull(page.Find(".live-state.on")));

        await bed.AddTypedAsync("order-2", "Placed");
        bed.Time.Tick(TimeSpan.FromSeconds(1.5));

        page.WaitForAssertion(() => Assert.Equal(["2", "1"], RowTexts(page)));
        var arrived = page.FindAll("tr.commit-row")[0];
        Assert.Contains("arrived", arrived.ClassList);
        Assert.Equal("new", arrived.QuerySelector(".chip.new")!.TextContent);
        Assert.Empty(page.FindAll("tr.commit-row")[1].QuerySelectorAll(".chip.new"));
    }

    [Fact]
    public async Task AwayFromTheLatestPage_OffersToFollowLive()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await bed.AddManyAsync("order-1", 5);
        await using var ctx = new BunitContext();
        ctx.AddExplorer(bed);

        var page = ctx.RenderPage<Feed>("/feed?before=3");

        page.WaitForAssertion(() => Assert.Equal(["2", "1"], RowTexts(page)));
        var follow = page.FindAll(".live-control a").Single();
        Assert.Equal("Follow live", follow.TextContent.Trim());
        Assert.Equal("/feed?live=1", follow.GetAttribute("href"));
    }

    [Fact]
    public async Task Throttled_SaysSoWithRetry()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await bed.AddTypedAsync("order-1", "Placed");
        bed.Proxy.Inject(ProxyFault.ProvisionedThroughputExceeded.On("Query"));
        await using var ctx = new BunitContext();
        ctx.AddExplorer(bed);

        var page = ctx.RenderPage<Feed>("/feed");

        page.WaitForAssertion(() => Assert.Contains("Throttled", page.Find(".message-bar").TextContent, StringComparison.Ordinal));
        Assert.Contains(page.FindAll(".message-bar button"), b => b.TextContent.Trim() == "Retry");
    }

    [Fact]
    public async Task EmptyStore_SaysThereAreNoCommits()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await using var ctx = new BunitContext();
        ctx.AddExplorer(bed);

        var page = ctx.RenderPage<Feed>("/feed");

        page.WaitForAssertion(() => Assert.Equal("No commits.", page.Find(".empty-state .empty-title").TextContent.Trim()));
    }
}
