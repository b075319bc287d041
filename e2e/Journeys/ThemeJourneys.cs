using EventExplorer.E2E.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EventExplorer.E2E.Journeys;

/// <summary>Light, dark or the system's theme: chosen in the app bar, remembered, and right from the first response.</summary>
[Collection(DemoStoreCollection.Name)]
public sealed class ThemeJourneys(DemoStoreFixture store)
{
    private const string LightBackground = "rgb(246, 247, 249)";
    private const string DarkBackground = "rgb(15, 19, 24)";

    private static ILocator ThemeMenu(IPage page, string current) =>
        page.GetByRole(AriaRole.Button, new() { Name = $"Theme: {current}. Change the theme", Exact = true });

    private static async Task ChooseThemeAsync(IPage page, string current, string choice)
    {
        await ThemeMenu(page, current).ClickAsync();
        await page.GetByRole(AriaRole.Menuitem, new() { Name = choice, Exact = true }).ClickAsync();
        await Expect(ThemeMenu(page, choice)).ToBeVisibleAsync();
    }

    [Fact]
    public Task TheThemeIsChosenInTheAppBarAndRemembered() => store.RunAsync(async page =>
    {
        await page.OpenAsync("/aggregates/" + Data.Demo.DemoAggregates.LongLedger);
        var html = page.Locator("html");
        await Expect(html).ToHaveAttributeAsync("data-theme", "light");
        Assert.Equal(LightBackground, await BackgroundAsync(page));

        await ChooseThemeAsync(page, "Follow the system", "Dark");
        await Expect(html).ToHaveAttributeAsync("data-theme", "dark");
        await ExpectBackgroundAsync(page, DarkBackground);

        // Remembered, and the server paints the very first response dark (no light flash).
        var first = await (await page.APIRequest.GetAsync("/aggregates/" + Data.Demo.DemoAggregates.LongLedger)).TextAsync();
        Assert.Contains("data-theme=\"dark\"", first);
        await page.ReloadAndWaitAsync();
        await Expect(html).ToHaveAttributeAsync("data-theme", "dark");
        await Expect(ThemeMenu(page, "Dark")).ToBeVisibleAsync();
        Assert.Equal(DarkBackground, await BackgroundAsync(page));

        await ChooseThemeAsync(page, "Dark", "Light");
        await Expect(html).ToHaveAttributeAsync("data-theme", "light");
        await ExpectBackgroundAsync(page, LightBackground);
        await page.ReloadAndWaitAsync();
        await Expect(ThemeMenu(page, "Light")).ToBeVisibleAsync();
        Assert.Equal(LightBackground, await BackgroundAsync(page));
    });

    [Fact]
    public Task ABrowserThatPrefersDarkStartsDark() => store.RunAsync(async page =>
    {
        await page.OpenAsync("/");
        await Expect(ThemeMenu(page, "Follow the system")).ToBeVisibleAsync();
        // The page's own colours follow the palette, even on a first visit the server could not guess.
        await Expect(page.Locator("html")).ToHaveAttributeAsync("data-theme", "dark");
        await ExpectBackgroundAsync(page, DarkBackground);

        // Light chosen explicitly wins over the system.
        await ChooseThemeAsync(page, "Follow the system", "Light");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("data-theme", "light");
        await ExpectBackgroundAsync(page, LightBackground);
    }, ColorScheme.Dark);

    private static Task<string> BackgroundAsync(IPage page) =>
        page.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor");

    private static Task ExpectBackgroundAsync(IPage page, string colour) =>
        page.WaitForFunctionAsync("c => getComputedStyle(document.body).backgroundColor === c", colour, new() { Timeout = 10_000 });
}
