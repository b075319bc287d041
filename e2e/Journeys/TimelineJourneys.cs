using System.Text.RegularExpressions;
using EventExplorer.Data.Demo;
using EventExplorer.Data.Model;
using EventExplorer.E2E.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EventExplorer.E2E.Journeys;

/// <summary>Finding an aggregate and reading its timeline: paging, jumping, filtering, expanding, copying, the keyboard.</summary>
[Collection(DemoStoreCollection.Name)]
public sealed class TimelineJourneys(DemoStoreFixture store)
{
    private const string Ledger = DemoAggregates.LongLedger;
    private const long Head = DemoStoreFixture.LedgerCommits - 1;
    private const string Pages = "Timeline pages";

    [Fact]
    public Task AnAggregateIsFoundByExactIdAndByPrefix() => store.RunAsync(async page =>
    {
        await page.OpenAsync("/aggregates");
        await page.GetByLabel("Exact aggregate id").FillAsync(Ledger);
        await page.GetByRole(AriaRole.Button, new() { Name = "Open", Exact = true }).ClickAsync();

        await Expect(page).ToHaveURLAsync(store.BaseUrl + "/aggregates/" + Ledger);
        await Expect(page.Locator("#aggregate-id")).ToHaveTextAsync(Ledger);
        await Expect(page.TimelineVersions().First).ToHaveTextAsync(Head.ToString());

        await page.OpenAsync("/aggregates");
        await page.GetByLabel("Exact aggregate id").FillAsync("no-such-aggregate");
        await page.GetByRole(AriaRole.Button, new() { Name = "Open", Exact = true }).ClickAsync();
        await Expect(page.GetByText("No aggregate with id \"no-such-aggregate\".")).ToBeVisibleAsync();
        await Expect(page).ToHaveURLAsync(store.BaseUrl + "/aggregates");

        // The three malformed-order stories share this prefix; no ordinary order does.
        await page.GetByLabel("Id starts with").FillAsync("order-2024-9000");
        await page.GetByRole(AriaRole.Button, new() { Name = "Scan", Exact = true }).ClickAsync();
        var results = page.GetByRole(AriaRole.Region, new() { Name = "Search the whole table by id prefix" });
        await Expect(results.GetByText("whole table read")).ToBeVisibleAsync();
        await Expect(results.Locator("table a")).ToHaveTextAsync(
            [DemoAggregates.EventsNotJson, DemoAggregates.EventsNotArray, DemoAggregates.MalformedSnapshot], new() { Timeout = 20_000 });
        await Expect(page).ToHaveURLAsync(store.BaseUrl + "/aggregates?prefix=order-2024-9000");

        await results.GetByRole(AriaRole.Link, new() { Name = DemoAggregates.EventsNotArray, Exact = true }).ClickAsync();
        await Expect(page.Locator("#aggregate-id")).ToHaveTextAsync(DemoAggregates.EventsNotArray);
        await Expect(page.TimelineVersions()).ToHaveTextAsync(["0"]);
    });

    [Fact]
    public Task AnAggregateOfThousandsOfCommitsPagesOlderNewerOldestNewest() => store.RunAsync(async page =>
    {
        await page.OpenAsync("/aggregates/" + Ledger);
        await Expect(page.TimelineVersions()).ToHaveTextAsync(Ui.Descending(Head, Head - 24));
        await Expect(page.Pager(Pages).GetByText("« Newest")).ToHaveAttributeAsync("aria-disabled", "true");

        await page.PagerLink(Pages, "Older").ClickAsync();
        await Expect(page.TimelineVersions()).ToHaveTextAsync(Ui.Descending(Head - 25, Head - 49));

        await page.PagerLink(Pages, "Older").ClickAsync();
        await Expect(page.TimelineVersions()).ToHaveTextAsync(Ui.Descending(Head - 50, Head - 74));

        await page.PagerLink(Pages, "Newer").ClickAsync();
        await Expect(page.TimelineVersions()).ToHaveTextAsync(Ui.Descending(Head - 25, Head - 49));

        await page.PagerLink(Pages, "Oldest").ClickAsync();
        await Expect(page.TimelineVersions()).ToHaveTextAsync(Ui.Descending(24, 0));
        await Expect(page.Pager(Pages).GetByText("Oldest »")).ToHaveAttributeAsync("aria-disabled", "true");
        await Expect(page.Pager(Pages).GetByText("Older ›")).ToHaveAttributeAsync("aria-disabled", "true");

        await page.PagerLink(Pages, "Newer").ClickAsync();
        await Expect(page.TimelineVersions()).ToHaveTextAsync(Ui.Descending(49, 25));

        await page.PagerLink(Pages, "Newest").ClickAsync();
        await Expect(page.TimelineVersions()).ToHaveTextAsync(Ui.Descending(Head, Head - 24));
    });

    [Fact]
    public Task JumpingToAVersionShowsThePageThatStartsThere() => store.RunAsync(async page =>
    {
        await page.OpenAsync("/aggregates/" + Ledger);
        await page.GetByLabel("Jump to version").FillAsync("1234");
        await page.GetByRole(AriaRole.Toolbar, new() { Name = "Timeline" }).GetByRole(AriaRole.Button, new() { Name = "Go", Exact = true }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("[?&]from=1234(&|$)"));
        await Expect(page.TimelineVersions()).ToHaveTextAsync(Ui.Descending(1258, 1234));

        await page.PagerLink(Pages, "Older").ClickAsync();
        await Expect(page.TimelineVersions()).ToHaveTextAsync(Ui.Descending(1233, 1209));
    });

    [Fact]
    public Task FilteringByEventTypeShowsOnlyCommitsWithThatEvent() => store.RunAsync(async page =>
    {
        var newest = await store.Store.ReadTimelineAsync(new TimelineQuery { AggregateId = Ledger, PageSize = 25 }, CancellationToken.None);
        var reserved = newest.Items.Where(c => c.Events.Any(e => e.Type == "stockReserved")).Select(c => c.Version!.Value.ToString()).ToArray();
        Assert.InRange(reserved.Length, 1, 24);

        await page.OpenAsync("/aggregates/" + Ledger);
        await Expect(page.TimelineVersions()).ToHaveCountAsync(25);
        await page.GetByLabel("Event type").SelectOptionAsync("stockReserved");

        await Expect(page).ToHaveURLAsync(new Regex("[?&]type=stockReserved(&|$)"));
        await Expect(page.TimelineVersions()).ToHaveTextAsync(reserved);
        await Expect(page.GetByText($"Showing {reserved.Length} of 25 commits read")).ToBeVisibleAsync();
        foreach (var row in await page.Locator("table.commits tr.commit-row").AllAsync())
        {
            await Expect(row.Locator(".event-types")).ToContainTextAsync("stockReserved");
        }

        await page.GetByRole(AriaRole.Link, new() { Name = "Clear filter" }).ClickAsync();
        await Expect(page.TimelineVersions()).ToHaveCountAsync(25);
    });

    [Fact]
    public Task AnExpandedCommitShowsItsEventsAndCopiesThemAndItsId() => store.RunAsync(async page =>
    {
        var newest = await store.Store.ReadTimelineAsync(new TimelineQuery { AggregateId = Ledger, PageSize = 1 }, CancellationToken.None);
        var head = Assert.Single(newest.Items);
        var stored = Assert.Single(head.Events);

        await page.OpenAsync("/aggregates/" + Ledger);
        var toggle = page.GetByRole(AriaRole.Button, new() { Name = $"Expand version {Head}", Exact = true });
        await toggle.ClickAsync();
        var collapse = page.GetByRole(AriaRole.Button, new() { Name = $"Collapse version {Head}", Exact = true });
        await Expect(collapse).ToHaveAttributeAsync("aria-expanded", "true");

        var details = page.Locator($"#events-{Head}");
        await Expect(details).ToContainTextAsync("1 event");
        await Expect(details.Locator("summary")).ToContainTextAsync(stored.Type!);
        // The event opens as a tree; the raw view is the JSON text.
        await Expect(details.Locator(".json-viewer")).ToContainTextAsync(stored.Type!);
        await details.GetByRole(AriaRole.Button, new() { Name = "Raw", Exact = true }).ClickAsync();
        Ui.JsonEqual(stored.Json, await details.Locator("pre.json-raw").InnerTextAsync());

        var copyEvent = details.GetByRole(AriaRole.Button, new() { Name = "Copy event #0 as JSON" });
        await copyEvent.ClickAsync();
        await page.ExpectClipboardAsync(stored.Json);

        var copyId = page.GetByRole(AriaRole.Heading, new() { Level = 1 }).GetByRole(AriaRole.Button, new() { Name = "Copy aggregate id" });
        await copyId.ClickAsync();
        await page.ExpectClipboardAsync(Ledger);

        // The commit's own id, copied from its row (layout B shows it shortened, so copying is the way to get it whole).
        var row = page.Locator("table.commits tr.commit-row").First;
        await row.GetByRole(AriaRole.Button, new() { Name = "Copy commit id" }).ClickAsync();
        await page.ExpectClipboardAsync(head.CommitId!);

        await collapse.ClickAsync();
        await Expect(details).ToHaveCountAsync(0);
        await Expect(toggle).ToHaveAttributeAsync("aria-expanded", "false");
    });

    [Fact]
    public Task TheTimelineWorksFromTheKeyboard() => store.RunAsync(async page =>
    {
        await page.OpenAsync("/aggregates/" + Ledger);
        await Expect(page.TimelineVersions()).ToHaveCountAsync(25);

        // Tab from the start of the content reaches a row's toggle; Enter and Space open and close it.
        var toggle = page.GetByRole(AriaRole.Button, new() { Name = $"Expand version {Head}", Exact = true });
        await TabUntilFocusedAsync(page, toggle, 40);
        Assert.NotEqual("none", await toggle.EvaluateAsync<string>("e => getComputedStyle(e).outlineStyle"));
        await page.Keyboard.PressAsync("Enter");
        var collapse = page.GetByRole(AriaRole.Button, new() { Name = $"Collapse version {Head}", Exact = true });
        await Expect(collapse).ToHaveAttributeAsync("aria-expanded", "true");
        await Expect(collapse).ToBeFocusedAsync();
        await Expect(page.Locator($"#events-{Head}")).ToBeVisibleAsync();
        await page.Keyboard.PressAsync("Space");
        await Expect(page.Locator($"#events-{Head}")).ToHaveCountAsync(0);

        // The pager is made of links: Enter on "Older" pages.
        var older = page.PagerLink(Pages, "Older");
        await older.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.TimelineVersions()).ToHaveTextAsync(Ui.Descending(Head - 25, Head - 49));
    });

    [Fact]
    public Task TheSkipLinkMovesTheFocusToTheContentOfTheSamePage() => store.RunAsync(async page =>
    {
        await page.OpenAsync("/aggregates/" + Ledger);
        await Expect(page.TimelineVersions()).ToHaveCountAsync(25);

        // The skip link (first in the tab order) takes the focus past the header and navigation,
        // staying on this page.
        var skip = page.GetByRole(AriaRole.Link, new() { Name = "Skip to content" });
        await skip.FocusAsync();
        await Expect(skip).ToBeVisibleAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page).ToHaveURLAsync(new Regex(
            "^" + Regex.Escape(store.BaseUrl + "/aggregates/" + Ledger) + "(#main)?$"));
        await page.Keyboard.PressAsync("Tab");
        Assert.True(await page.EvaluateAsync<bool>("() => document.getElementById('main').contains(document.activeElement)"),
            "After the skip link, Tab should move into the main content.");
        await Expect(page.TimelineVersions()).ToHaveCountAsync(25);
    });

    private static async Task TabUntilFocusedAsync(IPage page, ILocator target, int maxTabs)
    {
        for (var i = 0; i < maxTabs; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            if (await target.EvaluateAsync<bool>("e => e === document.activeElement")) return;
        }
        Assert.Fail($"The element was not reached within {maxTabs} Tab presses.");
    }
}
