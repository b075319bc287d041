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
        await page.TextBox("Snapshot id or prefix").FillAsync("e2e-compare-");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search prefix" }).ClickAsync();
        // A scan returns ids in hash order: the two, in any order.
        var found = page.SnapshotListLinks();
        await Expect(found).ToHaveCountAsync(2);
        Assert.Equal([Left, Right], (await found.AllInnerTextsAsync()).Order(StringComparer.Ordinal));
        await Expect(page.GetByText("end of table")).ToBeVisibleAsync();

        await page.TextBox("Snapshot id or prefix").FillAsync(Left);
        await page.GetByRole(AriaRole.Button, new() { Name = "Open exact id" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(store.BaseUrl + "/snapshots/" + Left);
        await Expect(page.SnapshotHeading()).ToHaveTextAsync(Left);

        var state = page.GetByRole(AriaRole.Region, new() { Name = "State" });
        var tree = state.GetByRole(AriaRole.List, new() { Name = "JSON tree" });
        await Expect(tree).ToContainTextAsync("status");
        await Expect(tree).ToContainTextAsync("\"open\"");
        await state.JsonMode("Raw").ClickAsync();
        Ui.JsonEqual(DemoStoreFixture.LeftState, await state.Locator("pre.json-raw").InnerTextAsync());

        await state.GetByRole(AriaRole.Button, new() { Name = "Copy JSON", Exact = true }).ClickAsync();
        await page.ExpectClipboardAsync(DemoStoreFixture.LeftState);
    });

    [Fact]
    public Task TwoStoredSnapshotsAreCompared() => store.RunAsync(async page =>
    {
        await page.OpenAsync("/snapshots/diff");
        await page.TextBox("Left: snapshot id").FillAsync(Left);
        // The right side starts as pasted JSON; a stored snapshot is one click away.
        await page.GetByRole(AriaRole.Button, new() { Name = "Use a stored snapshot instead" }).ClickAsync();
        await page.TextBox("Right: snapshot id").FillAsync(Right);
        await page.GetByRole(AriaRole.Button, new() { Name = "Compare", Exact = true }).ClickAsync();

        await Expect(page).ToHaveURLAsync($"{store.BaseUrl}/snapshots/diff?left={Left}&right={Right}");
        var summary = page.Locator(".json-diff-summary");
        await Expect(summary).ToContainTextAsync("2 differences");
        await Expect(summary).ToContainTextAsync("1 added");
        await Expect(summary).ToContainTextAsync("1 changed");
        var changes = page.Locator(".json-diff-table tbody tr");
        await Expect(changes).ToHaveCountAsync(2);
        await Expect(changes.Filter(new() { HasText = "status" })).ToContainTextAsync("\"closed\"");
        await Expect(changes.Filter(new() { HasText = "lines" })).ToContainTextAsync("\"SKU-1002\"");

        // The open tab is part of the link: a reload (or the link sent to someone) shows the same view.
        await page.GetByRole(AriaRole.Tab, new() { Name = "Side by side" }).ClickAsync();
        await Expect(page).ToHaveURLAsync($"{store.BaseUrl}/snapshots/diff?left={Left}&right={Right}&view=lines");
        var rightLines = page.Locator("table.json-lines td.json-text.right");
        await Expect(rightLines.Filter(new() { HasText = "closed" })).ToHaveCountAsync(1);
        await page.ReloadAndWaitAsync();
        await Expect(page.GetByRole(AriaRole.Tab, new() { Name = "Side by side" })).ToHaveAttributeAsync("aria-selected", "true");
        await Expect(rightLines.Filter(new() { HasText = "closed" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Tab, new() { Name = "Changes by path" }).ClickAsync();
        await Expect(page).ToHaveURLAsync($"{store.BaseUrl}/snapshots/diff?left={Left}&right={Right}");
        await Expect(changes).ToHaveCountAsync(2);

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
        await page.TextBox("Left: snapshot id").FillAsync(left);
        await page.GetByRole(AriaRole.Button, new() { Name = "Use a stored snapshot instead" }).ClickAsync();
        await page.TextBox("Right: snapshot id").FillAsync(right);
        await page.GetByRole(AriaRole.Button, new() { Name = "Compare", Exact = true }).ClickAsync();

        var sides = page.Locator(".diff-sides");
        await Expect(sides.GetByRole(AriaRole.Link, new() { Name = left, Exact = true })).ToBeVisibleAsync();
        await Expect(sides.GetByRole(AriaRole.Link, new() { Name = right, Exact = true })).ToBeVisibleAsync();
        await Expect(page.Locator(".json-diff-summary")).ToContainTextAsync("differences");

        await page.ReloadAndWaitAsync();
        await Expect(page.TextBox("Left: snapshot id")).ToHaveValueAsync(left);
        await Expect(page.TextBox("Right: snapshot id")).ToHaveValueAsync(right);
        await Expect(sides.GetByRole(AriaRole.Link, new() { Name = right, Exact = true })).ToBeVisibleAsync();

        await sides.GetByRole(AriaRole.Link, new() { Name = right, Exact = true }).ClickAsync();
        await Expect(page.SnapshotHeading()).ToHaveTextAsync(right);
    });

    [Fact]
    public Task ASnapshotIsComparedWithPastedJson() => store.RunAsync(async page =>
    {
        await page.OpenAsync($"/snapshots/diff?left={Left}");
        await page.FillJsonEditorAsync("Right: pasted JSON", """{"status":"open","total":11,"lines":["SKU-1001"],"owner":{"name":"Jane"}}""", "Valid JSON; compared below.");
        var summary = page.Locator(".json-diff-summary");
        await Expect(summary).ToContainTextAsync("1 difference");
        await Expect(page.Locator(".json-diff-table tbody tr")).ToContainTextAsync("total");

        // Broken paste: the editor says why, nothing crashes, the text stays.
        await page.GetByLabel("Right: pasted JSON").FillAsync("""{"status": "open", """);
        await Expect(page.JsonEditorStatus("Right: pasted JSON")).ToContainTextAsync("Not valid JSON at line 1, column");
        await Expect(page.GetByLabel("Right: pasted JSON")).ToHaveValueAsync("""{"status": "open", """);
        await Expect(page.MessageBar()).ToHaveCountAsync(0);

        // Equal documents, formatted differently, are equal.
        await page.GetByLabel("Right: pasted JSON").FillAsync(DemoStoreFixture.LeftState.Replace(",", ",\n  "));
        await Expect(summary).ToContainTextAsync("The two documents are equal.");
    });
}
