using EventExplorer.Data.Demo;
using EventExplorer.E2E.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EventExplorer.E2E.Journeys;

/// <summary>The state page over the demo data, with the reducers that ship with the repo.</summary>
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
}
