using EventExplorer.E2E.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EventExplorer.E2E;

public sealed class HarnessTests(ExplorerFixture explorer) : IClassFixture<ExplorerFixture>
{
    [Fact]
    public Task App_StartedAgainstFreshDynalite_ServesInteractiveBlazor() => explorer.RunAsync(async page =>
    {
        var response = await page.GotoAsync("/");
        Assert.Equal(200, response!.Status);

        // The interactive circuit needs the Blazor script from the self-contained .NET 9 framework.
        var script = await page.APIRequest.GetAsync("/_framework/blazor.web.js");
        Assert.Equal(200, script.Status);
        await Expect(page.Locator("h1").First).ToBeVisibleAsync();
    });
}
