using EventExplorer.Data.Errors;
using EventExplorer.Web.Components.Pages.Feed;

namespace EventExplorer.Tests.Web.Components;

public sealed class FeedPageTests
{
    [Fact]
    public async Task Feed_GapInCommitIds_IsMarkedBetweenItsNeighbours()
    {
        await using var renderer = new ComponentRenderer();
        renderer.Events.AddTyped("a", "E");
        renderer.Events.AddTyped("b", "E");
        renderer.Events.SkipCommitIds(3);
        renderer.Events.AddTyped("c", "E");

        var doc = await renderer.RenderAsync<Feed>("/feed");

        var rows = doc.QuerySelectorAll("tbody > tr");
        Assert.Equal(4, rows.Length);
        Assert.Equal("6", rows[0].QuerySelector("a.commit-id")!.TextContent);
        Assert.Contains("gap-row", rows[1].ClassList);
        Assert.Equal("3 commit ids missing (3–5)", rows[1].QuerySelector(".gap-marker")!.TextContent);
        Assert.Equal("2", rows[2].QuerySelector("a.commit-id")!.TextContent);
        Assert.Contains("3 commit ids missing in 1 gap", doc.QuerySelector(".status-line")!.TextContent);
    }

    [Fact]
    public async Task Feed_EachCommitId_CanBeCopiedAndIsNamedInFullForScreenReaders()
    {
        await using var renderer = new ComponentRenderer();
        renderer.Events.AddTyped("a", "E");

        var doc = await renderer.RenderAsync<Feed>("/feed");

        var row = doc.QuerySelectorAll("tbody > tr")[0];
        Assert.Equal("1", row.QuerySelector("a.commit-id")!.GetAttribute("aria-label"));
        Assert.Equal("Open the feed from this commit: 1", row.QuerySelector("a.commit-id")!.GetAttribute("title"));
        Assert.NotNull(row.QuerySelector("button.copy-button[aria-label='Copy commit id']"));
    }

    [Fact]
    public async Task Feed_Paused_SaysSoAndOffersResume()
    {
        await using var renderer = new ComponentRenderer();
        renderer.Events.AddTyped("a", "E");

        var doc = await renderer.RenderAsync<Feed>("/feed");

        Assert.Equal("Paused", doc.QuerySelector(".live-state")!.TextContent);
        Assert.Contains(doc.QuerySelectorAll(".live-control button"), b => b.TextContent == "Resume live tail");
    }

    [Fact]
    public async Task Feed_LiveFromUrl_ShowsLiveStateAndPause()
    {
        await using var renderer = new ComponentRenderer();
        renderer.Events.AddTyped("a", "E");

        var doc = await renderer.RenderAsync<Feed>("/feed?live=1");

        Assert.StartsWith("Live", doc.QuerySelector(".live-state.on")!.TextContent);
        Assert.Contains(doc.QuerySelectorAll(".live-control button"), b => b.TextContent == "Pause");
    }

    [Fact]
    public async Task Feed_CommitRow_LinksToTimelineAtItsVersion()
    {
        await using var renderer = new ComponentRenderer();
        renderer.Events.AddTyped("a/b", "E");
        renderer.Events.AddTyped("a/b", "E");

        var doc = await renderer.RenderAsync<Feed>("/feed");

        var link = doc.QuerySelector("tr.commit-row a[title='Open the timeline at this version']")!;
        Assert.Equal("/aggregates/a%2Fb?from=1", link.GetAttribute("href"));
        Assert.Equal("a/b", link.TextContent);
    }

    [Fact]
    public async Task Feed_Throttled_ShowsBannerWithRetry()
    {
        await using var renderer = new ComponentRenderer();
        renderer.Events.FailWith = new StoreThrottledException("http://fake");

        var doc = await renderer.RenderAsync<Feed>("/feed");

        var bar = doc.QuerySelector(".message-bar.error")!;
        Assert.Contains("Throttled", bar.TextContent);
        Assert.Contains(bar.QuerySelectorAll("button"), b => b.TextContent == "Retry");
    }

    [Fact]
    public async Task Feed_EmptyStore_ShowsEmptyState()
    {
        await using var renderer = new ComponentRenderer();

        var doc = await renderer.RenderAsync<Feed>("/feed");

        Assert.Equal("No commits.", doc.QuerySelector(".empty-state .empty-title")!.TextContent);
    }
}
