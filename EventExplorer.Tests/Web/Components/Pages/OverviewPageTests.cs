using Bunit;
using EventExplorer.Data.Errors;
using OverviewPage = EventExplorer.Web.Components.Pages.Overview.Overview;

namespace EventExplorer.Tests.Web.Components.Pages;

public sealed class OverviewPageTests
{
    [Fact]
    public async Task Overview_ShowsTheStoreItsLayoutAndModeAndTheLatestCommits()
    {
        await using var ctx = new BunitContext();
        var fakes = ctx.AddExplorer();
        for (var i = 0; i < 3; i++) fakes.Events.AddTyped("order-" + i, "Placed");

        var page = ctx.RenderPage<OverviewPage>("/");

        var facts = page.Find("dl.facts").TextContent;
        Assert.Contains("http://fake.local:8000", facts, StringComparison.Ordinal);
        Assert.Contains("Layout A (numeric commit ids from a counter table)", facts, StringComparison.Ordinal);
        Assert.Contains("Writable", facts, StringComparison.Ordinal);
        Assert.Equal(["3", "2", "1"], page.FindAll("[aria-label='Latest commits'] tbody tr.commit-row .commit-id a").Select(a => a.TextContent));
    }

    [Fact]
    public async Task Overview_DatabaseDown_ShowsTheMessageInsteadOfFailing()
    {
        await using var ctx = new BunitContext();
        var fakes = ctx.AddExplorer();
        fakes.Events.FailWith = new StoreUnavailableException("http://fake.local:8000", "connection refused");

        var page = ctx.RenderPage<OverviewPage>("/");

        Assert.Contains("DynamoDB at http://fake.local:8000 is unavailable: connection refused", page.Find(".message-bar").TextContent, StringComparison.Ordinal);
        Assert.Contains(page.FindAll(".message-bar button"), b => b.TextContent.Trim() == "Retry");
    }

    [Fact]
    public async Task Overview_AccessDenied_OffersNoRetry()
    {
        await using var ctx = new BunitContext();
        var fakes = ctx.AddExplorer();
        fakes.Events.FailWith = new StoreAccessDeniedException("http://fake.local:8000", "no credentials");

        var page = ctx.RenderPage<OverviewPage>("/");

        Assert.Contains("Access denied", page.Find(".message-bar").TextContent, StringComparison.Ordinal);
        Assert.Empty(page.FindAll(".message-bar button"));
    }
}
