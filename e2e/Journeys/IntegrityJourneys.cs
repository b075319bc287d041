using EventExplorer.Data.Demo;
using EventExplorer.E2E.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EventExplorer.E2E.Journeys;

/// <summary>
/// The whole-table integrity check (<c>/integrity</c>) over the demo data, which holds the damage other programs
/// leave (events that are not JSON, skipped versions, lost commit ids): run it from the drawer, read the counts,
/// follow a place to its commit, download the CSV; axe and the window's width at 800 and 1,440 px.
/// </summary>
[Collection(DemoStoreCollection.Name)]
public sealed class IntegrityJourneys(DemoStoreFixture store)
{
    private static ILocator Count(IPage page, string kind) => page.Locator($"tr[data-kind='{kind}'] td.count");

    private static ILocator Places(IPage page, string kind) => page.Locator($"section[data-kind='{kind}'] a.place-link");

    [Fact]
    public Task TheCheckRunsFromTheDrawer_CountsTheDamage_LeadsToACommit_AndDownloadsEveryPlace() => store.RunAsync(async page =>
    {
        await page.OpenAsync("/");
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Integrity check" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(store.BaseUrl + "/integrity");
        await Expect(page.GetByText("Nothing checked yet.")).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Run the check" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(store.BaseUrl + "/integrity?run=true");
        await Expect(page.Locator(".read-state")).ToHaveTextAsync("Done", new() { Timeout = 60_000 });
        await Expect(Count(page, "events-not-json")).Not.ToHaveTextAsync("0");
        await Expect(Count(page, "version-gap")).Not.ToHaveTextAsync("0");
        await Expect(Count(page, "repeated-commit-id")).ToHaveTextAsync("0");
        await Expect(Count(page, "snapshot-matches-no-state")).ToHaveTextAsync("not checked");
        await Expect(Places(page, "version-gap").Filter(new() { HasText = DemoAggregates.SkippedVersions })).Not.ToHaveCountAsync(0);

        // A kind's title goes to its places on this page: the browser scrolls, the check does not run again.
        await page.GetByRole(AriaRole.Link, new() { Name = "Events text that is not JSON" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(store.BaseUrl + "/integrity?run=true#kind-events-not-json");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Events text that is not JSON" })).ToBeInViewportAsync();
        await Expect(page.Locator(".read-state")).ToHaveTextAsync("Done");

        var export = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Export places (CSV)" }).ClickAsync());
        var csv = await File.ReadAllTextAsync(await export.PathAsync());
        Assert.StartsWith("kind,table,id,version,commitId,detail\n", csv, StringComparison.Ordinal);
        Assert.Contains("events-not-json,commits," + DemoAggregates.EventsNotJson + ",", csv, StringComparison.Ordinal);
        Assert.Contains("version-gap,commits," + DemoAggregates.SkippedVersions + ",", csv, StringComparison.Ordinal);
        Assert.DoesNotContain("\n#", csv, StringComparison.Ordinal);

        await Places(page, "events-not-json").Filter(new() { HasText = DemoAggregates.EventsNotJson }).First.ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/commit\\?aggregate=" + DemoAggregates.EventsNotJson + "&version=\\d+$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync(DemoAggregates.EventsNotJson);
    });

    [Theory]
    [InlineData(800, "light")]
    [InlineData(1440, "light")]
    [InlineData(1440, "dark")]
    public Task ThePageFitsTheWindow_AndHasNoSeriousAccessibilityViolations_BeforeAndAfterARun(int width, string theme) => store.RunAsync(async page =>
    {
        var violations = new List<string>();
        await page.OpenAsync("/integrity");
        await Expect(page.GetByText("Nothing checked yet.")).ToBeVisibleAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("data-theme", theme);
        violations.AddRange(await page.SeriousViolationsAsync($"integrity, before a run, {width} px, {theme}"));

        await page.OpenAsync("/integrity?segments=2&run=true");
        await Expect(page.Locator(".read-state")).ToHaveTextAsync("Done", new() { Timeout = 60_000 });
        violations.AddRange(await page.SeriousViolationsAsync($"integrity, after a run, {width} px, {theme}"));
        Assert.True(violations.Count == 0, string.Join("\n", violations));
        var sideways = await page.EvaluateAsync<string[]>(WindowWidthJourneys.SidewaysScrolling);
        Assert.True(sideways.Length == 0, $"At {width} px:\n" + string.Join("\n", sideways));
    }, new Browsing
    {
        Width = width,
        Height = 900,
        Theme = theme,
        ColorScheme = theme == "dark" ? ColorScheme.Dark : ColorScheme.Light,
        EvidenceSuffix = $".{width}.{theme}",
    });
}
