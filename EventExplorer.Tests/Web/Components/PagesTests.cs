using System.Diagnostics;
using EventExplorer.Data.Errors;
using EventExplorer.Tests.Fakes;
using EventExplorer.Web.Components.Layout;
using EventExplorer.Web.Components.Pages.Aggregates;
using EventExplorer.Web.Components.Pages.Error;
using EventExplorer.Web.Components.Pages.Overview;
using Microsoft.AspNetCore.Components;

namespace EventExplorer.Tests.Web.Components;

public sealed class PagesTests
{
    [Fact]
    public async Task Overview_ShowsStoreLayoutModeAndLatestCommits()
    {
        await using var renderer = new ComponentRenderer(new FakeEventStore(readOnly: true));
        renderer.Events.AddTyped("a", "E");
        renderer.Events.AddTyped("b", "E");

        var doc = await renderer.RenderAsync<Overview>("/");

        var facts = doc.QuerySelector("dl.facts")!.TextContent;
        Assert.Contains("http://fake.local:8000", facts);
        Assert.Contains("Layout A", facts);
        Assert.Equal("READ-ONLY", doc.QuerySelector(".badge")!.TextContent);
        Assert.Equal(2, doc.QuerySelectorAll("#latest-heading + table tbody tr").Length);
        Assert.Equal(["b", "a"], doc.QuerySelectorAll("#recent-heading + table tbody tr td:first-child").Select(td => td.TextContent));
    }

    [Fact]
    public async Task Overview_DatabaseDown_ShowsBannerNotAnException()
    {
        await using var renderer = new ComponentRenderer();
        renderer.Events.FailWith = new StoreUnavailableException("http://fake", "timed out");

        var doc = await renderer.RenderAsync<Overview>("/");

        Assert.Contains("timed out", doc.QuerySelector(".message-bar.error")!.TextContent);
    }

    [Fact]
    public async Task Overview_AccessDenied_ShowsMessageWithoutRetry()
    {
        await using var renderer = new ComponentRenderer();
        renderer.Events.FailWith = new StoreAccessDeniedException("AWS eu-west-1", "not allowed to DescribeTable");

        var doc = await renderer.RenderAsync<Overview>("/");

        var bar = doc.QuerySelector(".message-bar.error")!;
        Assert.Contains("Access denied", bar.TextContent);
        Assert.Empty(bar.QuerySelectorAll("button"));
    }

    [Fact]
    public async Task Aggregates_PrefixFromUrl_PrefillsAndSaysWhatTheScanWillRead()
    {
        await using var renderer = new ComponentRenderer();
        renderer.Events.AddTyped("order-1", "E");

        var doc = await renderer.RenderAsync<Aggregates>("/aggregates?prefix=ord");

        Assert.Equal("ord", doc.QuerySelector("#scan-prefix")!.GetAttribute("value"));
        Assert.Contains("This reads all ~1 items", doc.QuerySelector("#scan-plan")!.TextContent);
        Assert.Null(doc.QuerySelector(".scan-status"));
        Assert.Equal(0, renderer.Events.ScanCount);
    }

    [Fact]
    public async Task MainLayout_ReadOnly_ShowsBadgeAndHidesAppend()
    {
        await using var renderer = new ComponentRenderer(new FakeEventStore(readOnly: true));

        var doc = await renderer.RenderAsync<MainLayout>("/", new Dictionary<string, object?> { ["Body"] = (RenderFragment)(b => b.AddContent(0, "page")) });

        Assert.Equal("READ-ONLY", doc.QuerySelector(".app-header .badge")!.TextContent);
        Assert.Contains("http://fake.local:8000", doc.QuerySelector(".connection")!.TextContent);
        var nav = doc.QuerySelectorAll(".app-nav a").Select(a => a.TextContent).ToList();
        Assert.Equal(["Overview", "Aggregates", "Feed", "Snapshots"], nav);
    }

    [Fact]
    public async Task MainLayout_Writable_ShowsAppendInNav()
    {
        await using var renderer = new ComponentRenderer();

        var doc = await renderer.RenderAsync<MainLayout>("/", new Dictionary<string, object?> { ["Body"] = (RenderFragment)(b => b.AddContent(0, "page")) });

        Assert.Equal("WRITABLE", doc.QuerySelector(".app-header .badge")!.TextContent);
        Assert.Contains(doc.QuerySelectorAll(".app-nav a"), a => a.TextContent == "Append");
    }

    [Fact]
    public async Task MainLayout_PageThrowsUnexpectedly_ErrorBoundaryShowsMessageInsteadOfFailing()
    {
        await using var renderer = new ComponentRenderer();
        RenderFragment body = b =>
        {
            b.OpenComponent<Throws>(0);
            b.CloseComponent();
        };

        var doc = await renderer.RenderAsync<MainLayout>("/", new Dictionary<string, object?> { ["Body"] = body });

        Assert.Contains("boom in a page", doc.QuerySelector("main .message-bar.error")!.TextContent);
        Assert.NotNull(doc.QuerySelector(".app-nav"));
        Assert.Single(renderer.ErrorLog.Errors);
    }

    private sealed class Throws : ComponentBase
    {
        protected override void OnInitialized() => throw new InvalidOperationException("boom in a page");
    }

    [Fact]
    public async Task ErrorPage_ShowsTheRequestId()
    {
        await using var renderer = new ComponentRenderer();
        using var activity = new Activity("test-request").Start();

        var doc = await renderer.RenderAsync<Error>("/error");

        Assert.Equal(activity.Id, doc.QuerySelector("#request-id")!.TextContent);
    }
}
