using Bunit;
using EventExplorer.Data;
using EventExplorer.Data.Model;
using EventExplorer.Tests.Infrastructure;
using EventExplorer.Web.Components.Layout;
using EventExplorer.Web.Components.Pages.Feed;
using EventExplorer.Web.Components.Pages.Timeline;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace EventExplorer.Tests.Web.Components.Pages;

/// <summary>
/// A failure that is not a store error (a bug, an unexpected exception) must not leave a page on
/// "Reading…": it reaches the layout's error boundary, which says the view failed. The pages read the real
/// store on dynalite; the bug is a reader in front of it that throws where a test says (a database fault
/// would be a store error, which the pages show in their message bar instead).
/// </summary>
public sealed class UnexpectedFailurePageTests(DynaliteFixture dynalite) : IClassFixture<DynaliteFixture>
{
    /// <summary>The app over the bed's stores, its reads through <see cref="BuggyReader"/>.</summary>
    private static BuggyReader AddExplorer(BunitContext ctx, StoreBed bed)
    {
        var reader = new BuggyReader(bed.Events);
        ctx.Services.AddSingleton<IEventStoreReader>(reader);
        ctx.AddExplorer(bed);
        return reader;
    }

    /// <summary>The app as the browser reaches it: the router, the main layout and its error boundary.</summary>
    private static IRenderedComponent<Router> RenderApp(BunitContext ctx, string url)
    {
        // The layout brings MudBlazor's providers.
        ctx.Navigation().NavigateTo(url);
        return ctx.Render<Router>(p => p
            .Add(r => r.AppAssembly, typeof(Timeline).Assembly)
            .Add(r => r.Found, route => builder =>
            {
                builder.OpenComponent<RouteView>(0);
                builder.AddComponentParameter(1, nameof(RouteView.RouteData), route);
                builder.AddComponentParameter(2, nameof(RouteView.DefaultLayout), typeof(MainLayout));
                builder.CloseComponent();
            }));
    }

    [Fact]
    public async Task Paging_WhenTheReadFailsUnexpectedly_ShowsTheErrorBoundaryNotReading()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await bed.AddManyAsync("order-1", 30);
        await using var ctx = new BunitContext();
        var reader = AddExplorer(ctx, bed);
        var app = RenderApp(ctx, "/aggregates/order-1?size=10");
        app.WaitForAssertion(() => Assert.Equal(10, app.FindAll("tr.commit-row").Count));

        reader.TimelineFails = true;
        ctx.Navigation().NavigateTo("/aggregates/order-1?size=10&start=oldest");

        app.WaitForAssertion(() => Assert.Contains("Something went wrong", app.Find("main").TextContent, StringComparison.Ordinal));
        Assert.DoesNotContain("Reading the timeline", app.Find("main").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AfterAFailedView_TheNextNavigationShowsItsPage()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await bed.AddManyAsync("order-1", 30);
        await using var ctx = new BunitContext();
        var reader = AddExplorer(ctx, bed);
        reader.TimelineFails = true;
        var app = RenderApp(ctx, "/aggregates/order-1?size=10");
        app.WaitForAssertion(() => Assert.Contains("Something went wrong", app.Find("main").TextContent, StringComparison.Ordinal));

        reader.TimelineFails = false;
        ctx.Navigation().NavigateTo("/aggregates/order-1?size=10&start=oldest");

        app.WaitForAssertion(() => Assert.Equal(10, app.FindAll("tr.commit-row").Count));
        Assert.DoesNotContain("Something went wrong", app.Find("main").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Feed_WhenTheNextPageFailsUnexpectedly_ShowsTheErrorBoundaryNotReading()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await bed.AddManyAsync("order-1", 30);
        await using var ctx = new BunitContext();
        var reader = AddExplorer(ctx, bed);
        var app = RenderApp(ctx, "/feed?size=10");
        app.WaitForAssertion(() => Assert.Equal(10, app.FindComponent<Feed>().FindAll("tr.commit-row").Count));

        reader.FeedFails = true;
        ctx.Navigation().NavigateTo("/feed?size=10&start=oldest");

        app.WaitForAssertion(() => Assert.Contains("Something went wrong", app.Find("main").TextContent, StringComparison.Ordinal));
        Assert.DoesNotContain("Reading the feed", app.Find("main").TextContent, StringComparison.Ordinal);
    }
}
