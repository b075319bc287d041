using EventExplorer.Data.Demo;
using EventExplorer.E2E.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EventExplorer.E2E.Journeys;

/// <summary>
/// Every page, as a user opens it, checked by axe-core in the light and the dark theme: no serious
/// or critical violation. And every page loads all it asks for (no 404 in the console, the favicon).
/// </summary>
[Collection(DemoStoreCollection.Name)]
public sealed class AccessibilityJourneys(DemoStoreFixture store)
{
    private const string Ledger = DemoAggregates.LongLedger;

    /// <summary>Each page, and what shows that it has rendered its content.</summary>
    private static readonly (string Name, string Url, Func<IPage, ILocator> Ready)[] Pages =
    [
        ("overview", "/", p => p.GetByRole(AriaRole.Region, new() { Name = "Store" })),
        ("aggregates", "/aggregates", p => p.GetByRole(AriaRole.Columnheader, new() { Name = "Last commit" })),
        ("timeline with an opened commit", $"/aggregates/{Ledger}?from=2000&expand=2000", p => p.VersionDetails(2000)),
        ("feed", "/feed", p => p.FeedCommitIds().First),
        ("snapshot list", "/snapshots", p => p.SnapshotListLinks().First),
        ("snapshot", "/snapshots/" + Ledger, p => p.GetByRole(AriaRole.List, new() { Name = "JSON tree" })),
        ("diff, changes by path", $"/snapshots/diff?left={DemoStoreFixture.LeftSnapshot}&right={DemoStoreFixture.RightSnapshot}", p => p.Locator(".json-diff-table")),
        ("diff, side by side", $"/snapshots/diff?left={DemoStoreFixture.LeftSnapshot}&right={DemoStoreFixture.RightSnapshot}&view=lines", p => p.Locator("table.json-lines")),
        ("append", $"/append?aggregate={Ledger}", p => p.TextBox("Version")),
        ("not found", "/no/such/page", p => p.GetByRole(AriaRole.Heading, new() { Name = "Not found" })),
    ];

    [Theory]
    [InlineData("light")]
    [InlineData("dark")]
    public Task EveryPageHasNoSeriousAccessibilityViolations(string theme) => store.RunAsync(async page =>
    {
        var violations = new List<string>();
        foreach (var (name, url, ready) in Pages)
        {
            await page.OpenAsync(url);
            await Expect(ready(page)).ToBeVisibleAsync();
            await Expect(page.Locator("html")).ToHaveAttributeAsync("data-theme", theme);
            violations.AddRange(await page.SeriousViolationsAsync($"{name} ({theme}, {url})"));
        }
        Assert.True(violations.Count == 0, $"{violations.Count} serious or critical accessibility violations:\n" + string.Join("\n", violations));
    }, new Browsing { Theme = theme, ColorScheme = theme == "dark" ? ColorScheme.Dark : ColorScheme.Light, EvidenceSuffix = "." + theme });

    [Fact]
    public Task TabFromAFreshPageAndAfterANavigationReachesSkipToContentFirst() => store.RunAsync(async page =>
    {
        await page.OpenAsync($"/aggregates/{Ledger}");
        await Expect(page.CommitRows().First).ToBeVisibleAsync();
        // The page puts the focus at its top, not on its heading (from where Tab would skip the link and the navigation).
        await Expect(page.Locator("#page-top")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Skip to content", Exact = true })).ToBeFocusedAsync();

        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Feed", Exact = true }).ClickAsync();
        await Expect(page.FeedCommitIds().First).ToBeVisibleAsync();
        await Expect(page.Locator("#page-top")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Skip to content", Exact = true })).ToBeFocusedAsync();
    });

    [Fact]
    public Task EveryPageLoadsEverythingItAsksFor() => store.RunAsync(async page =>
    {
        var failures = new List<string>();
        page.Response += (_, response) =>
        {
            // The not-found page is a 404 on purpose; anything else it or another page asks for is not.
            if (response.Status >= 400 && !(response.Request.ResourceType == "document" && response.Url.EndsWith("/no/such/page", StringComparison.Ordinal)))
            {
                lock (failures) failures.Add($"{response.Status} {response.Url} ({response.Request.ResourceType})");
            }
        };
        page.Console += (_, message) =>
        {
            if (message.Type != "error") return;
            var expected = page.Url.EndsWith("/no/such/page", StringComparison.Ordinal) && message.Text.Contains("404 (Not Found)", StringComparison.Ordinal);
            if (!expected) lock (failures) failures.Add($"console error on {page.Url}: {message.Text}");
        };

        foreach (var (_, url, ready) in Pages)
        {
            await page.OpenAsync(url);
            await Expect(ready(page)).ToBeVisibleAsync();
            // The icon the page names is there (headless Chromium does not fetch icons by itself).
            var icon = await page.EvaluateAsync<string?>("() => document.querySelector('head link[rel~=icon]')?.href ?? null");
            Assert.False(string.IsNullOrEmpty(icon), $"{url} names no favicon.");
            var fetched = await page.APIRequest.GetAsync(icon);
            Assert.True(fetched.Status == 200, $"The favicon of {url} ({icon}) answers {fetched.Status}.");
            Assert.StartsWith("image/", fetched.Headers["content-type"]);
        }
        lock (failures) Assert.True(failures.Count == 0, "Failed requests or console errors:\n" + string.Join("\n", failures));
    });
}
