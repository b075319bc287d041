using Bunit;
using EventExplorer.Testing;
using EventExplorer.Tests.Infrastructure;
using OverviewPage = EventExplorer.Web.Components.Pages.Overview.Overview;

namespace EventExplorer.Tests.Web.Components.Pages;

/// <summary>The overview page over the real store on dynalite, with faults from the proxy.</summary>
public sealed class OverviewPageTests(DynaliteFixture dynalite) : IClassFixture<DynaliteFixture>
{
    [Fact]
    public async Task Overview_ShowsTheStoreItsLayoutAndModeAndTheLatestCommits()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        for (var i = 0; i < 3; i++) await bed.AddTypedAsync("order-" + i, "Placed");
        await using var ctx = new BunitContext();
        ctx.AddExplorer(bed);

        var page = ctx.RenderPage<OverviewPage>("/");

        page.WaitForAssertion(() => Assert.Equal(["3", "2", "1"],
            page.FindAll("[aria-label='Latest commits'] tbody tr.commit-row .commit-id a").Select(a => a.TextContent)));
        var facts = page.Find("dl.facts").TextContent;
        Assert.Contains(bed.Proxy.Url, facts, StringComparison.Ordinal);
        Assert.Contains("Layout A (numeric commit ids from a counter table)", facts, StringComparison.Ordinal);
        Assert.Contains("Writable", facts, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Overview_DatabaseDown_ShowsTheMessageInsteadOfFailing()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        bed.GoDown();
        await using var ctx = new BunitContext();
        ctx.AddExplorer(bed);

        var page = ctx.RenderPage<OverviewPage>("/");

        page.WaitForAssertion(() => Assert.Contains($"DynamoDB at {bed.Proxy.Url} is unavailable: Internal server error",
            page.Find(".message-bar").TextContent, StringComparison.Ordinal));
        Assert.Contains(page.FindAll(".message-bar button"), b => b.TextContent.Trim() == "Retry");
    }

    [Fact]
    public async Task Overview_AccessDenied_OffersNoRetry()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        bed.Proxy.Inject(ProxyFault.Error(400, "com.amazon.coral.service#AccessDeniedException",
            "User: arn:aws:sts::123456789012:assumed-role/SupportRead/alice is not authorized to perform: dynamodb:DescribeTable"));
        await using var ctx = new BunitContext();
        ctx.AddExplorer(bed);

        var page = ctx.RenderPage<OverviewPage>("/");

        page.WaitForAssertion(() => Assert.Contains("Access denied", page.Find(".message-bar").TextContent, StringComparison.Ordinal));
        Assert.Empty(page.FindAll(".message-bar button"));
    }
}
