using Bunit;
using EventExplorer.Tests.Infrastructure;
using EventExplorer.Web.Components;

namespace EventExplorer.Tests.Web.Components;

public sealed class RoutesTests(DynaliteFixture dynalite) : IClassFixture<DynaliteFixture>
{
    [Fact]
    public async Task OpeningAPage_PutsTheFocusAtTheTopSoTabReachesSkipToContentFirst()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await bed.AddManyAsync("order-1", 3);
        await using var ctx = new BunitContext();
        ctx.AddExplorer(bed);
        ctx.Navigation().NavigateTo("/aggregates/order-1");

        var app = ctx.Render<Routes>();

        app.WaitForAssertion(() => Assert.Equal(3, app.FindAll("tr.commit-row").Count));
        // The framework focuses what FocusOnNavigate selects: the top of the page, not the heading.
        var focus = Assert.Single(ctx.JSInterop.Invocations, i => i.Identifier.EndsWith("focusBySelector", StringComparison.Ordinal));
        Assert.Equal("#page-top", focus.Arguments[0]);
        var top = app.Find("#page-top");
        Assert.Equal("-1", top.GetAttribute("tabindex"));
        // Nothing that Tab reaches comes between it and "Skip to content".
        var tabbable = app.FindAll("a[href], button, input, select, textarea, [tabindex]:not([tabindex='-1'])");
        Assert.Equal("Skip to content", tabbable[0].TextContent.Trim());
        Assert.True(top.CompareDocumentPosition(tabbable[0]).HasFlag(AngleSharp.Dom.DocumentPositions.Following));
    }

    [Fact]
    public async Task NavigatingToAnotherPage_MovesTheFocusToTheTopAgain()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await bed.AddManyAsync("order-1", 3);
        await using var ctx = new BunitContext();
        ctx.AddExplorer(bed);
        ctx.Navigation().NavigateTo("/aggregates/order-1");
        var app = ctx.Render<Routes>();
        app.WaitForAssertion(() => Assert.Equal(3, app.FindAll("tr.commit-row").Count));

        ctx.Navigation().NavigateTo("/feed");

        app.WaitForAssertion(() => Assert.Equal(2, ctx.JSInterop.Invocations.Count(i => i.Identifier.EndsWith("focusBySelector", StringComparison.Ordinal))));
        Assert.All(ctx.JSInterop.Invocations.Where(i => i.Identifier.EndsWith("focusBySelector", StringComparison.Ordinal)), i => Assert.Equal("#page-top", i.Arguments[0]));
    }
}
