using EventExplorer.E2E.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EventExplorer.E2E.Journeys;

/// <summary>Light and dark theme: toggled, remembered across reloads.</summary>
[Collection(DemoStoreCollection.Name)]
public sealed class ThemeJourneys(DemoStoreFixture store)
{
    private const string LightBackground = "rgb(247, 248, 250)";
    private const string DarkBackground = "rgb(21, 23, 27)";

    [Fact]
    public Task TheThemeTogglesBetweenLightAndDarkAndIsRemembered() => store.RunAsync(async page =>
    {
        await page.OpenAsync("/aggregates/" + Data.Demo.DemoAggregates.LongLedger);
        var html = page.Locator("html");
        await Expect(html).ToHaveAttributeAsync("data-theme", "light");
        Assert.Equal(LightBackground, await BackgroundAsync(page));

        await page.GetByRole(AriaRole.Button, new() { Name = "Switch to dark theme" }).ClickAsync();
        await Expect(html).ToHaveAttributeAsync("data-theme", "dark");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Switch to light theme" })).ToBeVisibleAsync();
        Assert.Equal(DarkBackground, await BackgroundAsync(page));

        await page.ReloadAndWaitAsync();
        await Expect(html).ToHaveAttributeAsync("data-theme", "dark");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Switch to light theme" })).ToBeVisibleAsync();
        Assert.Equal(DarkBackground, await BackgroundAsync(page));

        await page.GetByRole(AriaRole.Button, new() { Name = "Switch to light theme" }).ClickAsync();
        await Expect(html).ToHaveAttributeAsync("data-theme", "light");
        Assert.Equal(LightBackground, await BackgroundAsync(page));
    });

    [Fact]
    public Task ABrowserThatPrefersDarkStartsDark() => store.RunAsync(async page =>
    {
        await page.OpenAsync("/");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("data-theme", "dark");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Switch to light theme" })).ToBeVisibleAsync();
        Assert.Equal(DarkBackground, await BackgroundAsync(page));
    }, ColorScheme.Dark);

    private static Task<string> BackgroundAsync(IPage page) =>
        page.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor");
}
