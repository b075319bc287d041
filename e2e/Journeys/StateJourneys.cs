using EventExplorer.Data.Demo;
using EventExplorer.E2E.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EventExplorer.E2E.Journeys;

/// <summary>The state page, the state diff and the history of a state field over the demo data, with the reducers that ship with the repo.</summary>
[Collection(DemoStoreCollection.Name)]
public sealed class StateJourneys(DemoStoreFixture store)
{
    private const string Order = "order-2024-000100";

    [Fact]
    public Task TheStateOfAnOrder_IsFoldedByTheOrdersReducer_AndTheFormGoesToAnotherVersion() => store.RunAsync(async page =>
    {
        await page.OpenAsync("/aggregates/" + Order);
        await page.GetByRole(AriaRole.Navigation, new() { Name = "This aggregate" }).GetByRole(AriaRole.Link, new() { Name = "State", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(store.BaseUrl + "/state?aggregate=" + Order);

        await Expect(page.Locator(".status-line")).ToContainTextAsync("events folded up to version");
        await Expect(page.Locator(".reducer-description")).ToContainTextAsync("JavaScript reducer \"orders\"");
        var tree = page.Locator(".state-json").GetByRole(AriaRole.List, new() { Name = "JSON tree" });
        await Expect(tree).ToContainTextAsync("customerId");
        await Expect(tree).ToContainTextAsync("status");
        Assert.Empty(await page.SeriousViolationsAsync("state page"));

        await page.Locator("#state-version").FillAsync("0");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show state" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(store.BaseUrl + "/state?aggregate=" + Order + "&version=0");
        await Expect(page.Locator(".status-line")).ToContainTextAsync("1 commit and 1 event folded up to version 0");
        await Expect(tree).ToContainTextAsync("\"placed\"");
    });

    [Fact]
    public Task AHistoryThatCannotBeFolded_SaysWhereInWords() => store.RunAsync(async page =>
    {
        await page.OpenAsync("/state?aggregate=" + DemoAggregates.EventsNotArray);

        await Expect(page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "Reducer \"orders\" failed at v" }))
            .ToContainTextAsync("its events are not a JSON array");
    });

    [Fact]
    public Task TheStateDiffOfTheFirstCommit_LeadsToTheHistoryOfAStateField_AndBack() => store.RunAsync(async page =>
    {
        // What "State before / after this commit" on a timeline row opens for version 0.
        await page.OpenAsync($"/state/diff?aggregate={Order}&left=-1&right=0");

        await Expect(page.Locator(".status-line")).ToContainTextAsync("1 commit and 1 event folded up to version 0");
        await Expect(page.Locator(".reducer-description")).ToContainTextAsync("JavaScript reducer \"orders\"");
        await Expect(page.Locator(".diff-sides-notes")).ToContainTextAsync("the reducer's initial state, before the first commit");
        var status = page.Locator(".json-change").Filter(new() { HasText = "$.status" });
        await Expect(status.Locator(".json-diff-value").First).ToHaveTextAsync("\"new\"");
        await Expect(status.Locator(".json-diff-value").Last).ToHaveTextAsync("\"placed\"");
        Assert.Empty(await page.SeriousViolationsAsync("state diff page"));

        await status.GetByRole(AriaRole.Link, new() { Name = "history of this field" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(store.BaseUrl + $"/fields?aggregate={Order}&path=%24.status&of=state");
        var first = page.Locator(".state-field-table tbody tr").First;
        await Expect(first).ToContainTextAsync("orderPlaced");
        await Expect(first.Locator(".value").First).ToHaveTextAsync("\"new\"");
        await Expect(first.Locator(".value").Last).ToHaveTextAsync("\"placed\"");
        await Expect(page.Locator(".state-field-count")).ToContainTextAsync("in the state of " + Order);
        Assert.Empty(await page.SeriousViolationsAsync("state field history page"));

        await first.GetByRole(AriaRole.Link, new() { Name = "before / after v0" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(store.BaseUrl + $"/state/diff?aggregate={Order}&left=-1&right=0");
        await Expect(page.Locator(".json-change").Filter(new() { HasText = "$.status" })).ToBeVisibleAsync();
    });

    [Fact]
    public Task AnAuthorsTypedReducer_FoldsTheState_AndAnEndlessLoopIsSaidInWords() => store.RunAsync(async page =>
    {
        await page.OpenAsync($"/state?aggregate={Order}&version=0");
        await Expect(page.Locator(".status-line")).ToContainTextAsync("folded up to version 0");

        await page.GetByText("Try a reducer of your own").ClickAsync();
        var script = page.Locator("#typed-reducer");
        await script.FillAsync("when({ orderPlaced: (s, e) => ({ doubled: e.total * 2 }) });");
        await page.GetByRole(AriaRole.Button, new() { Name = "Run this reducer" }).ClickAsync();
        await Expect(page.Locator(".reducer-description")).ToContainTextAsync("A reducer typed into this page");
        await Expect(page.Locator(".state-json")).ToContainTextAsync("doubled");
        await Expect(page).ToHaveURLAsync(store.BaseUrl + $"/state?aggregate={Order}&version=0");
        Assert.Empty(await page.SeriousViolationsAsync("state page with a typed reducer"));

        await script.FillAsync("when({ orderPlaced: (s) => { while (true) {} } });");
        await page.GetByRole(AriaRole.Button, new() { Name = "Run this reducer" }).ClickAsync();
        await Expect(page.Locator(".reducer-error")).ToHaveTextAsync("Reducer \"typed\" failed at v0, event 0 (orderPlaced): a handler ran more than 100,000 statements (an endless loop?)");

        await page.GetByRole(AriaRole.Button, new() { Name = "Use the configured reducers again" }).ClickAsync();
        await Expect(page.Locator(".reducer-description")).ToContainTextAsync("JavaScript reducer \"orders\"");
        await Expect(page.Locator(".state-json")).ToContainTextAsync("placed");
    });
}
