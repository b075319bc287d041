using Bunit;
using EventExplorer.Web.Components.Layout;
using EventExplorer.Web.Components.Pages.Feed;
using EventExplorer.Web.Components.Pages.Timeline;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Routing;

namespace EventExplorer.Tests.Web.Components.Pages;

/// <summary>
/// A failure that is not a store error (a bug, an unexpected exception) must not leave a page on
/// "Reading…": it reaches the layout's error boundary, which says the view failed.
/// </summary>
public sealed class UnexpectedFailurePageTests
{
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
        await using var ctx = new BunitContext();
        var fakes = ctx.AddExplorer();
        fakes.Events.AddMany("order-1", 30);
        var app = RenderApp(ctx, "/aggregates/order-1?size=10");
        app.WaitForAssertion(() => Assert.Equal(10, app.FindAll("tr.commit-row").Count));

        fakes.Events.FailOn(nameof(fakes.Events.ReadTimelineAsync), new InvalidOperationException("a bug"));
        ctx.Navigation().NavigateTo("/aggregates/order-1?size=10&start=oldest");

        app.WaitForAssertion(() => Assert.Contains("Something went wrong", app.Find("main").TextContent, StringComparison.Ordinal));
        Assert.DoesNotContain("Reading the timeline", app.Find("main").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AfterAFailedView_TheNextNavigationShowsItsPage()
    {
        await using var ctx = new BunitContext();
        var fakes = ctx.AddExplorer();
        fakes.Events.AddMany("order-1", 30);
        fakes.Events.FailOn(nameof(fakes.Events.ReadTimelineAsync), new InvalidOperationException("a bug"));
        var app = RenderApp(ctx, "/aggregates/order-1?size=10");
        app.WaitForAssertion(() => Assert.Contains("Something went wrong", app.Find("main").TextContent, StringComparison.Ordinal));

        fakes.Events.FailOn(nameof(fakes.Events.ReadTimelineAsync), null);
        ctx.Navigation().NavigateTo("/aggregates/order-1?size=10&start=oldest");

        app.WaitForAssertion(() => Assert.Equal(10, app.FindAll("tr.commit-row").Count));
        Assert.DoesNotContain("Something went wrong", app.Find("main").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Feed_WhenTheNextPageFailsUnexpectedly_ShowsTheErrorBoundaryNotReading()
    {
        await using var ctx = new BunitContext();
        var fakes = ctx.AddExplorer();
        fakes.Events.AddMany("order-1", 30);
        var app = RenderApp(ctx, "/feed?size=10");
        app.WaitForAssertion(() => Assert.Equal(10, app.FindComponent<Feed>().FindAll("tr.commit-row").Count));

        fakes.Events.FailOn(nameof(fakes.Events.ReadFeedAsync), new InvalidOperationException("a bug"));
        ctx.Navigation().NavigateTo("/feed?size=10&start=oldest");

        app.WaitForAssertion(() => Assert.Contains("Something went wrong", app.Find("main").TextContent, StringComparison.Ordinal));
        Assert.DoesNotContain("Reading the feed", app.Find("main").TextContent, StringComparison.Ordinal);
    }
}
