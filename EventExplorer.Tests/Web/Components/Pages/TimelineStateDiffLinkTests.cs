using Bunit;
using EventExplorer.Tests.Infrastructure;
using EventExplorer.Web.Components.Pages.Timeline;

namespace EventExplorer.Tests.Web.Components.Pages;

/// <summary>Issue 18 §2: every timeline commit leads to the aggregate's state before and after it.</summary>
public sealed class TimelineStateDiffLinkTests(DynaliteFixture dynalite) : IClassFixture<DynaliteFixture>
{
    [Fact]
    public async Task AnOpenedCommit_LinksToTheStateBeforeAndAfterIt_TheFirstFromBeforeAnyCommit()
    {
        await using var ctx = new BunitContext();
        await using var bed = ctx.AddExplorer(await StoreBed.CreateAsync(dynalite));
        await bed.AddManyAsync("order-1", 3);

        var page = ctx.RenderPage<Timeline>("/aggregates/order-1");
        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("tr.commit-row").Count));
        await page.Find("button[aria-label='Open version 2']").ClickAsync(new Microsoft.AspNetCore.Components.Web.MouseEventArgs());
        await page.Find("button[aria-label='Open version 0']").ClickAsync(new Microsoft.AspNetCore.Components.Web.MouseEventArgs());

        var links = page.FindAll("tr.detail-row a").Where(a => a.TextContent.Contains("State before / after this commit", StringComparison.Ordinal))
            .Select(a => a.GetAttribute("href")).ToList();
        Assert.Equal(["/state/diff?aggregate=order-1&left=1&right=2", "/state/diff?aggregate=order-1&left=-1&right=0"], links);
    }

    [Fact]
    public async Task AClosedCommit_HasNoStateLinkYet()
    {
        await using var ctx = new BunitContext();
        await using var bed = ctx.AddExplorer(await StoreBed.CreateAsync(dynalite));
        await bed.AddManyAsync("order-1", 3);

        var page = ctx.RenderPage<Timeline>("/aggregates/order-1");

        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("tr.commit-row").Count));
        Assert.DoesNotContain(page.FindAll("a"), a => a.TextContent.Contains("State before", StringComparison.Ordinal));
    }
}
