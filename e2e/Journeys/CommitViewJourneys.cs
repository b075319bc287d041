using EventExplorer.Data.Demo;
using EventExplorer.E2E.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EventExplorer.E2E.Journeys;

/// <summary>One commit on its own page: its events, its raw item, a comparison with the version before, and a value's actions.</summary>
[Collection(DemoStoreCollection.Name)]
public sealed class CommitViewJourneys(DemoStoreFixture store)
{
    private const string Aggregate = DemoAggregates.SkippedVersions;

    [Fact]
    public Task ADemoCommitIsOpenedAndItsRawItemCopied() => store.RunAsync(async page =>
    {
        await page.OpenAsync($"/commit?aggregate={Aggregate}&version=2");
        await Expect(page.Locator("#commit-aggregate")).ToHaveTextAsync(Aggregate);
        await Expect(page.Locator(".commit-events")).ToContainTextAsync("legacyImported");

        await page.GetByRole(AriaRole.Tab, new() { Name = "Raw item" }).ClickAsync();
        await Expect(page).ToHaveURLAsync($"{store.BaseUrl}/commit?aggregate={Aggregate}&version=2&view=raw");
        var names = page.Locator(".raw-table .raw-name");
        await Expect(names.First).ToHaveTextAsync("aggregateId");
        await Expect(page.Locator(".raw-table tr").Filter(new() { HasText = "version" }).Locator(".raw-type")).ToHaveTextAsync("N");

        var json = await page.Locator("pre.raw-json").InnerTextAsync();
        Assert.Contains($$"""{"aggregateId":{"S":"{{Aggregate}}"}""", json, StringComparison.Ordinal);
        await page.GetByRole(AriaRole.Button, new() { Name = "Copy as DynamoDB JSON" }).ClickAsync();
        await page.ExpectClipboardAsync(json);

        // The tab is in the link: a reload shows the raw item again.
        await page.ReloadAndWaitAsync();
        await Expect(page.GetByRole(AriaRole.Tab, new() { Name = "Raw item" })).ToHaveAttributeAsync("aria-selected", "true");
    });

    [Fact]
    public Task ACommitIsComparedWithThePreviousVersion() => store.RunAsync(async page =>
    {
        await page.OpenAsync($"/commit?aggregate={Aggregate}&version=3");
        await page.GetByRole(AriaRole.Link, new() { Name = "Compare with previous" }).ClickAsync();

        await Expect(page).ToHaveURLAsync($"{store.BaseUrl}/compare?aggregate={Aggregate}&left=2&right=3");
        await Expect(page.Locator(".json-diff-summary")).ToContainTextAsync("1 difference");
        await Expect(page.Locator(".json-diff-table tbody tr")).ToContainTextAsync("$[0].batch");

        await page.GetByRole(AriaRole.Link, new() { Name = "Swap sides" }).ClickAsync();
        await Expect(page).ToHaveURLAsync($"{store.BaseUrl}/compare?aggregate={Aggregate}&left=3&right=2");

        // Version 4 was never written: that side says so, the other is still shown.
        await page.TextBox("Right: version").FillAsync("4");
        await page.GetByRole(AriaRole.Button, new() { Name = "Compare", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync($"{store.BaseUrl}/compare?aggregate={Aggregate}&left=3&right=4");
        await Expect(page.Locator(".diff-side-status").Nth(1)).ToContainTextAsync("There is no commit at version 4.");
        await Expect(page.Locator(".compare-column h2")).ToHaveTextAsync("Left: version 3");
    });

    [Fact]
    public Task AValueLeadsToItsFieldHistory() => store.RunAsync(async page =>
    {
        await page.OpenAsync($"/commit?aggregate={Aggregate}&version=2");
        var value = page.Locator(".json-line").Filter(new() { HasText = "batch" });
        await value.HoverAsync();
        await value.GetByRole(AriaRole.Button, new() { Name = "Actions for the value at $.batch" }).ClickAsync();
        await page.GetByRole(AriaRole.Menuitem, new() { Name = "History of this field" }).ClickAsync();

        await Expect(page).ToHaveURLAsync($"{store.BaseUrl}/fields?aggregate={Aggregate}&path=%24.batch");
    });

    [Fact]
    public Task AValueLeadsToAFeedSearchAroundItsTimeByKeyboard() => store.RunAsync(async page =>
    {
        // The menu opens on Enter and the arrow keys reach its items.
        await page.OpenAsync($"/commit?aggregate={Aggregate}&version=2");
        await page.GetByRole(AriaRole.Button, new() { Name = "Actions for the value at $.batch" }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Menuitem, new() { Name = "Find this value in the feed around this time" })).ToBeVisibleAsync();
        // The plain button is replaced by the menu's own, which takes the focus once rendered.
        await Expect(page.Locator("button.json-value-button:focus")).ToHaveCountAsync(1);
        await page.Keyboard.PressAsync("ArrowDown");
        await Expect(page.GetByRole(AriaRole.Menuitem, new() { Name = "History of this field" })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("ArrowDown");
        await Expect(page.GetByRole(AriaRole.Menuitem, new() { Name = "Find this value in the feed around this time" })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(@"/search\?q=%24\.batch%20%3D%202&since=.+&until=.+$"));
    });

    [Fact]
    public Task TheCommitAndComparePagesHaveNoSeriousAccessibilityProblems() => store.RunAsync(async page =>
    {
        var violations = new List<string>();
        await page.OpenAsync($"/commit?aggregate={Aggregate}&version=2");
        await Expect(page.Locator(".commit-events")).ToBeVisibleAsync();
        violations.AddRange(await page.SeriousViolationsAsync("commit, events"));
        await page.OpenAsync($"/commit?aggregate={Aggregate}&version=2&view=raw");
        await Expect(page.Locator(".raw-table")).ToBeVisibleAsync();
        violations.AddRange(await page.SeriousViolationsAsync("commit, raw item"));
        await page.OpenAsync($"/compare?aggregate={Aggregate}&left=2&right=3");
        await Expect(page.Locator(".json-diff-summary")).ToBeVisibleAsync();
        violations.AddRange(await page.SeriousViolationsAsync("compare"));

        Assert.True(violations.Count == 0, string.Join("\n", violations));
    });
}
