using Bunit;
using EventExplorer.Data.Errors;
using EventExplorer.Data.Model;
using EventExplorer.Web.Components.Pages.Feed;

namespace EventExplorer.Tests.Web.Components.Pages;

public sealed class FeedPageTests
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
        await using var ctx = new BunitContext();
        var fakes = ctx.AddExplorer();
        fakes.Events.AddTyped("order-1", "Placed");
        fakes.Events.AddTyped("tenant/2", "Paid");

        var page = ctx.RenderPage<Feed>("/feed");

        Assert.Equal(["2", "1"], RowTexts(page));
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
        await using var ctx = new BunitContext();
        var fakes = ctx.AddExplorer();
        fakes.Events.AddTyped("order-1", "Placed");
        var slowDatabase = new TaskCompletionSource();
        fakes.Events.BeforeEachCall = _ => slowDatabase.Task;

        ctx.RenderPage<Feed>("/feed");
        await ctx.DisposeComponentsAsync();
        slowDatabase.SetResult();
        await Task.Delay(100);

        var failed = ctx.Renderer.UnhandledException;
        if (failed.IsCompleted) Assert.Fail((await failed).ToString());
    }

    [Fact]
    public async Task CommitIdGaps_AreGapRowsBetweenTheirNeighbours()
    {
        await using var ctx = new BunitContext();
        var fakes = ctx.AddExplorer();
        fakes.Events.AddTyped("a", "Placed");
        fakes.Events.SkipCommitIds(3);
        fakes.Events.AddTyped("b", "Placed");

        var page = ctx.RenderPage<Feed>("/feed");

        Assert.Equal(["5", "commit ids 2–4 missing (3)", "1"], RowTexts(page));
        Assert.Contains("3 commit ids missing in 1 gap", page.Find(".gap-note").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JumpLink_HighlightsTheTargetCommitAndScrollsToIt()
    {
        await using var ctx = new BunitContext();
        var fakes = ctx.AddExplorer();
        for (var i = 0; i < 10; i++) fakes.Events.AddTyped("order-" + i, "Placed");

        var page = ctx.RenderPage<Feed>("/feed?from=4&size=3");

        Assert.Equal(["6", "5", "4"], RowTexts(page));
        Assert.Equal("4", Assert.Single(page.FindAll("tr.is-target")).QuerySelector(".commit-id")!.TextContent.Trim());
        Assert.Contains(ctx.JSInterop.Invocations, i => i.Identifier == "eventExplorer.scrollToTarget");
        Assert.Equal("4", page.Find("#from-commit").GetAttribute("value"));
    }

    [Fact]
    public async Task Permalink_HighlightsAndOpensTheCommit()
    {
        await using var ctx = new BunitContext();
        var fakes = ctx.AddExplorer();
        for (var i = 0; i < 5; i++) fakes.Events.AddTyped("order-" + i, "Placed" + i);

        var page = ctx.RenderPage<Feed>("/feed?from=3&expand=3");

        Assert.Single(page.FindAll("tr.is-target"));
        Assert.Contains("Placed2", Assert.Single(page.FindAll("tr.detail-row")).TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PagingLinks_SayCommitIdsPlainly()
    {
        await using var ctx = new BunitContext();
        var fakes = ctx.AddExplorer();
        for (var i = 0; i < 12; i++) fakes.Events.AddTyped("order-1", "Placed");

        var page = ctx.RenderPage<Feed>("/feed?before=8&size=5");

        Assert.Equal("/feed?before=3&size=5", Href(page, "Older"));
        Assert.Equal("/feed?after=7&size=5", Href(page, "Newer"));
        Assert.Equal("/feed?size=5", Href(page, "Newest"));
        Assert.Equal("/feed?start=oldest&size=5", Href(page, "Oldest"));
    }

    [Fact]
    public async Task PagingLinks_UseACursorOnlyWhereACommitIdRepeatsAcrossTheBoundary()
    {
        await using var ctx = new BunitContext();
        var fakes = ctx.AddExplorer();
        fakes.Events.AddAt("a", 0, "[]", CommitId.FromNumber(1));
        fakes.Events.AddAt("x", 0, "[]", CommitId.FromNumber(2));
        fakes.Events.AddAt("y", 0, "[]", CommitId.FromNumber(2));
        fakes.Events.AddAt("b", 0, "[]", CommitId.FromNumber(3));

        var page = ctx.RenderPage<Feed>("/feed?size=2");

        Assert.StartsWith("/feed?cursor=", Href(page, "Older"), StringComparison.Ordinal);
        ctx.Navigation().NavigateTo(Href(page, "Older")!);
        page.WaitForAssertion(() => Assert.Equal(["2", "1"], RowTexts(page)));
        Assert.Null(Href(page, "Older"));
    }

    [Fact]
    public async Task FromBox_GoesToTheTypedCommitId()
    {
        await using var ctx = new BunitContext();
        var fakes = ctx.AddExplorer();
        for (var i = 0; i < 5; i++) fakes.Events.AddTyped("order-1", "Placed");
        var page = ctx.RenderPage<Feed>("/feed");

        page.Find("#from-commit").Input(" 2 ");
        page.Find("form[aria-label='Go to a commit']").Submit();

        Assert.Equal("/feed?from=2", ctx.Location());
        page.WaitForAssertion(() => Assert.Equal(["5", "4", "3", "2"], RowTexts(page)));
    }

    [Fact]
    public async Task LayoutB_JumpToATypedTime_StartsThere()
    {
        await using var ctx = new BunitContext();
        var fakes = ctx.AddExplorer(EventStoreLayout.TimestampCommitIds);
        for (var i = 0; i < 5; i++) fakes.Events.AddTyped("order-1", "Placed");
        var page = ctx.RenderPage<Feed>("/feed");
        Assert.Equal("commit id or UTC time, e.g. 2026-11-21T06:00Z", page.Find("#from-commit").GetAttribute("placeholder"));

        page.Find("#from-commit").Input("2026-11-21T06:00:03Z");
        page.Find("form[aria-label='Go to a commit']").Submit();

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("tr.commit-row").Count));
        Assert.Equal("20261121060003000:order-1", page.Find("tr.is-target .commit-id a").GetAttribute("aria-label"));
    }

    [Fact]
    public async Task LayoutBCommitId_ShowsItsTimeAndNamesTheWholeIdForScreenReaders()
    {
        await using var ctx = new BunitContext();
        var fakes = ctx.AddExplorer(EventStoreLayout.TimestampCommitIds);
        fakes.Events.AddTyped("order-1", "Placed");

        var page = ctx.RenderPage<Feed>("/feed");

        var link = page.Find(".commit-id a");
        Assert.Equal("20261121060000000:…", link.TextContent);
        Assert.Equal("20261121060000000:order-1", link.GetAttribute("aria-label"));
        Assert.Equal("/feed?from=20261121060000000%3Aorder-1", link.GetAttribute("href"));
    }

    [Fact]
    public async Task LiveFromTheLink_SaysLiveAndPauseLeavesItInTheAddress()
    {
        await using var ctx = new BunitContext();
        var fakes = ctx.AddExplorer();
        fakes.Events.AddTyped("order-1", "Placed");
        var page = ctx.RenderPage<Feed>("/feed?live=1");
        Assert.Contains("Live", page.Find(".live-state.on").TextContent, StringComparison.Ordinal);

        page.FindAll(".live-control button").Single(b => b.TextContent.Trim() == "Pause").Click();

        Assert.Equal("/feed", ctx.Location());
        page.WaitForAssertion(() => Assert.Equal("Paused", page.Find(".live-state.off").TextContent));
        Assert.Equal(1, fakes.Events.CallsTo("ReadFeedAsync"));
    }

    [Fact]
    public async Task Paused_OnTheLatestPage_ResumeTurnsTheTailOn()
    {
        await using var ctx = new BunitContext();
        var fakes = ctx.AddExplorer();
        fakes.Events.AddTyped("order-1", "Placed");
        var page = ctx.RenderPage<Feed>("/feed");

        page.FindAll(".live-control button").Single(b => b.TextContent.Trim() == "Resume live tail").Click();

        Assert.Equal("/feed?live=1", ctx.Location());
        page.WaitForAssertion(() => Assert.NotNull(page.Find(".live-state.on")));
    }

    [Fact]
    public async Task LiveTail_NewCommitsAppearAsTheyArriveMarkedNew()
    {
        await using var ctx = new BunitContext();
        var fakes = ctx.AddExplorer();
        fakes.Events.AddTyped("order-1", "Placed");
        var page = ctx.RenderPage<Feed>("/feed?live=1");

        fakes.Events.AddTyped("order-2", "Placed");
        fakes.Time.Tick(TimeSpan.FromSeconds(1.5));

        page.WaitForAssertion(() => Assert.Equal(["2", "1"], RowTexts(page)));
        var arrived = page.FindAll("tr.commit-row")[0];
        Assert.Contains("arrived", arrived.ClassList);
        Assert.Equal("new", arrived.QuerySelector(".chip.new")!.TextContent);
        Assert.Empty(page.FindAll("tr.commit-row")[1].QuerySelectorAll(".chip.new"));
    }

    [Fact]
    public async Task AwayFromTheLatestPage_OffersToFollowLive()
    {
        await using var ctx = new BunitContext();
        var fakes = ctx.AddExplorer();
        for (var i = 0; i < 5; i++) fakes.Events.AddTyped("order-1", "Placed");

        var page = ctx.RenderPage<Feed>("/feed?before=3");

        var follow = page.FindAll(".live-control a").Single();
        Assert.Equal("Follow live", follow.TextContent.Trim());
        Assert.Equal("/feed?live=1", follow.GetAttribute("href"));
    }

    [Fact]
    public async Task Throttled_SaysSoWithRetry()
    {
        await using var ctx = new BunitContext();
        var fakes = ctx.AddExplorer();
        fakes.Events.FailWith = new StoreThrottledException("http://fake.local:8000");

        var page = ctx.RenderPage<Feed>("/feed");

        var bar = page.Find(".message-bar");
        Assert.Contains("Throttled", bar.TextContent, StringComparison.Ordinal);
        Assert.Contains(bar.QuerySelectorAll("button"), b => b.TextContent.Trim() == "Retry");
    }

    [Fact]
    public async Task EmptyStore_SaysThereAreNoCommits()
    {
        await using var ctx = new BunitContext();
        ctx.AddExplorer();

        var page = ctx.RenderPage<Feed>("/feed");

        Assert.Equal("No commits.", page.Find(".empty-state .empty-title").TextContent.Trim());
    }
}
