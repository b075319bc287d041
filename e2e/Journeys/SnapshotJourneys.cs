using EventExplorer.E2E.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EventExplorer.E2E.Journeys;

/// <summary>Snapshots: find and open one, compare two stored ones, compare one with pasted JSON.</summary>
[Collection(DemoStoreCollection.Name)]
public sealed class SnapshotJourneys(DemoStoreFixture store)
{
    private const string Left = DemoStoreFixture.LeftSnapshot;
    private const string Right = DemoStoreFixture.RightSnapshot;

    [Fact]
    public Task ASnapshotIsFoundByPrefixAndOpened() => store.RunAsync(async page =>
    {
        await page.OpenAsync("/snapshots");
        await page.GetByLabel("Snapshot id or prefix").FillAsync("e2e-compare-");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search prefix" }).ClickAsync();
        // A scan returns ids in hash order: the two, in any order.
        var found = page.Locator("table.snapshot-list tbody tr td:first-child a");
        await Expect(found).ToHaveCountAsync(2);
        Assert.Equal([Left, Right], (await found.AllInnerTextsAsync()).Order(StringComparer.Ordinal));
        await Expect(page.GetByText("end of table")).ToBeVisibleAsync();

        await page.GetByLabel("Snapshot id or prefix").FillAsync(Left);
        await page.GetByRole(AriaRole.Button, new() { Name = "Open exact id" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(store.BaseUrl + "/snapshots/" + Left);
        await Expect(page.Locator("#snapshot-id")).ToHaveTextAsync(Left);

        var viewer = page.Locator(".json-viewer");
        await Expect(viewer).ToContainTextAsync("status");
        await Expect(viewer).ToContainTextAsync("\"open\"");
        await viewer.GetByRole(AriaRole.Button, new() { Name = "Raw", Exact = true }).ClickAsync();
        Ui.JsonEqual(DemoStoreFixture.LeftState, await viewer.Locator("pre.json-raw").InnerTextAsync());

        await viewer.GetByRole(AriaRole.Button, new() { Name = "Copy the snapshot state" }).ClickAsync();
        await page.ExpectClipboardAsync(DemoStoreFixture.LeftState);
    });

    [Fact]
    public Task TwoStoredSnapshotsAreCompared() => store.RunAsync(async page =>
    {
        await page.OpenAsync("/snapshots/diff");
        await page.GetByLabel("Left: snapshot id").FillAsync(Left);
        // The right side starts as pasted JSON; a stored snapshot is one click away.
        await page.GetByRole(AriaRole.Button, new() { Name = "Use a stored snapshot instead" }).ClickAsync();
        await page.GetByLabel("Right: snapshot id").FillAsync(Right);
        await page.GetByRole(AriaRole.Button, new() { Name = "Compare", Exact = true }).ClickAsync();

        await Expect(page).ToHaveURLAsync($"{store.BaseUrl}/snapshots/diff?left={Left}&right={Right}");
        var summary = page.Locator(".json-diff-summary");
        await Expect(summary).ToContainTextAsync("2 differences");
        await Expect(summary).ToContainTextAsync("1 added");
        await Expect(summary).ToContainTextAsync("1 changed");
        var changes = page.Locator("table.json-diff-table tbody tr");
        await Expect(changes).ToHaveCountAsync(2);
        await Expect(changes.Filter(new() { HasText = "status" })).ToContainTextAsync("\"closed\"");
        await Expect(changes.Filter(new() { HasText = "lines" })).ToContainTextAsync("\"SKU-1002\"");

        await page.GetByRole(AriaRole.Button, new() { Name = "Side by side" }).ClickAsync();
        await Expect(page.Locator("table.json-lines td.json-text.right").Filter(new() { HasText = "closed" })).ToHaveCountAsync(1);

        await page.GetByRole(AriaRole.Link, new() { Name = "Swap sides" }).ClickAsync();
        await Expect(page).ToHaveURLAsync($"{store.BaseUrl}/snapshots/diff?left={Right}&right={Left}");
        await Expect(summary).ToContainTextAsync("1 removed");
    });

    [Fact]
    public Task SnapshotsWithOddIdsAreComparedAndTheLinkSurvivesAReload() => store.RunAsync(async page =>
    {
        var left = Data.Demo.DemoAggregates.OddIds[0];
        var right = Data.Demo.DemoAggregates.OddIds[1];
        await page.OpenAsync("/snapshots/diff");
        await page.GetByLabel("Left: snapshot id").FillAsync(left);
        await page.GetByRole(AriaRole.Button, new() { Name = "Use a stored snapshot instead" }).ClickAsync();
        await page.GetByLabel("Right: snapshot id").FillAsync(right);
        await page.GetByRole(AriaRole.Button, new() { Name = "Compare", Exact = true }).ClickAsync();

        var sides = page.Locator(".diff-sides");
        await Expect(sides.GetByRole(AriaRole.Link, new() { Name = left, Exact = true })).ToBeVisibleAsync();
        await Expect(sides.GetByRole(AriaRole.Link, new() { Name = right, Exact = true })).ToBeVisibleAsync();
        await Expect(page.Locator(".json-diff-summary")).ToContainTextAsync("differences");

        await page.ReloadAndWaitAsync();
        await Expect(page.GetByLabel("Left: snapshot id")).ToHaveValueAsync(left);
        await Expect(page.GetByLabel("Right: snapshot id")).ToHaveValueAsync(right);
        await Expect(sides.GetByRole(AriaRole.Link, new() { Name = right, Exact = true })).ToBeVisibleAsync();

        await sides.GetByRole(AriaRole.Link, new() { Name = right, Exact = true }).ClickAsync();
        await Expect(page.Locator("#snapshot-id")).ToHaveTextAsync(right);
    });

    [Fact]
    public Task ASnapshotIsComparedWithPastedJson() => store.RunAsync(async page =>
    {
        await page.OpenAsync($"/snapshots/diff?left={Left}");
        await page.FillJsonEditorAsync("Right: pasted JSON", """{"status":"open","total":11,"lines":["SKU-1001"],"owner":{"name":"Jane"}}""", "Valid JSON; compared below.");
        var summary = page.Locator(".json-diff-summary");
        await Expect(summary).ToContainTextAsync("1 difference");
        await Expect(page.Locator("table.json-diff-table tbody tr")).ToContainTextAsync("total");

        // Broken paste: the editor says why, nothing crashes, the text stays.
        await page.GetByLabel("Right: pasted JSON").FillAsync("""{"status": "open", """);
        await Expect(page.Locator(".json-editor-error").First).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Right: pasted JSON")).ToHaveValueAsync("""{"status": "open", """);
        await Expect(page.MessageBar()).ToHaveCountAsync(0);

        // Equal documents, formatted differently, are equal.
        await page.GetByLabel("Right: pasted JSON").FillAsync(DemoStoreFixture.LeftState.Replace(",", ",\n  "));
        await Expect(summary).ToContainTextAsync("The two documents are equal.");
    });
}
