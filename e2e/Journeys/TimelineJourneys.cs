using System.Globalization;
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
        await page.TextBox("Exact aggregate id").FillAsync(Ledger);
        await page.GetByRole(AriaRole.Button, new() { Name = "Open", Exact = true }).ClickAsync();

        await Expect(page).ToHaveURLAsync(store.BaseUrl + "/aggregates/" + Ledger);
        await Expect(page.AggregateHeading()).ToHaveTextAsync(Ledger);
        await Expect(page.TimelineVersions().First).ToHaveTextAsync(Head.ToString(CultureInfo.InvariantCulture));

        await page.OpenAsync("/aggregates");
        await page.TextBox("Exact aggregate id").FillAsync("no-such-aggregate");
        await page.GetByRole(AriaRole.Button, new() { Name = "Open", Exact = true }).ClickAsync();
        await Expect(page.GetByText("No aggregate with id \"no-such-aggregate\".")).ToBeVisibleAsync();
        await Expect(page).ToHaveURLAsync(store.BaseUrl + "/aggregates");

        // The three malformed-order stories share this prefix; no ordinary order does.
        await page.TextBox("Id starts with").FillAsync("order-2024-9000");
        await page.GetByRole(AriaRole.Button, new() { Name = "Scan", Exact = true }).ClickAsync();
        var results = page.GetByRole(AriaRole.Region, new() { Name = "Search the whole table by id prefix" });
        await Expect(results.GetByText("whole table read")).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await Expect(results.GetByRole(AriaRole.Table).GetByRole(AriaRole.Link)).ToHaveTextAsync(
            [DemoAggregates.EventsNotJson, DemoAggregates.EventsNotArray, DemoAggregates.MalformedSnapshot]);
        await Expect(page).ToHaveURLAsync(store.BaseUrl + "/aggregates?prefix=order-2024-9000");

        await results.GetByRole(AriaRole.Link, new() { Name = DemoAggregates.EventsNotArray, Exact = true }).ClickAsync();
        await Expect(page.AggregateHeading()).ToHaveTextAsync(DemoAggregates.EventsNotArray);
        await Expect(page.TimelineVersions()).ToHaveTextAsync(["0"]);
    });

    [Fact]
    public Task AnAggregateOfThousandsOfCommitsPagesOlderNewerOldestNewest() => store.RunAsync(async page =>
    {
        await page.OpenAsync("/aggregates/" + Ledger);
        await Expect(page.TimelineVersions()).ToHaveTextAsync(Ui.Descending(Head, Head - 24));
        await Expect(page.PagerDisabled(Pages, "Newest")).ToBeDisabledAsync();
        await Expect(page.PagerDisabled(Pages, "Newer")).ToBeDisabledAsync();

        await page.PagerLink(Pages, "Older").ClickAsync();
        await Expect(page.TimelineVersions()).ToHaveTextAsync(Ui.Descending(Head - 25, Head - 49));

        await page.PagerLink(Pages, "Older").ClickAsync();
        await Expect(page.TimelineVersions()).ToHaveTextAsync(Ui.Descending(Head - 50, Head - 74));

        await page.PagerLink(Pages, "Newer").ClickAsync();
        await Expect(page.TimelineVersions()).ToHaveTextAsync(Ui.Descending(Head - 25, Head - 49));

        await page.PagerLink(Pages, "Oldest").ClickAsync();
        await Expect(page.TimelineVersions()).ToHaveTextAsync(Ui.Descending(24, 0));
        await Expect(page.PagerDisabled(Pages, "Oldest")).ToBeDisabledAsync();
        await Expect(page.PagerDisabled(Pages, "Older")).ToBeDisabledAsync();

        await page.PagerLink(Pages, "Newer").ClickAsync();
        await Expect(page.TimelineVersions()).ToHaveTextAsync(Ui.Descending(49, 25));

        await page.PagerLink(Pages, "Newest").ClickAsync();
        await Expect(page.TimelineVersions()).ToHaveTextAsync(Ui.Descending(Head, Head - 24));
    });

    [Fact]
    public Task JumpingToAVersionShowsThePageThatStartsThereAndKeepsTheVersionInTheBox() => store.RunAsync(async page =>
    {
        await page.OpenAsync("/aggregates/" + Ledger);
        var box = page.TextBox("Jump to version");
        var go = page.GetByRole(AriaRole.Toolbar, new() { Name = "Timeline" }).GetByRole(AriaRole.Button, new() { Name = "Go", Exact = true });
        await box.FillAsync("1234");
        await go.ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("[?&]from=1234(&|$)"));
        await Expect(page.TimelineVersions()).ToHaveTextAsync(Ui.Descending(1258, 1234));
        // The box still says where the user jumped to, so the next jump is an edit, not a retype.
        await Expect(box).ToHaveValueAsync("1234");

        await page.PagerLink(Pages, "Older").ClickAsync();
        await Expect(page.TimelineVersions()).ToHaveTextAsync(Ui.Descending(1233, 1209));

        // A negative version is said to be wrong, and nothing moves.
        var url = page.Url;
        await box.FillAsync("-5");
        await go.ClickAsync();
        await Expect(page.GetByText("Versions start at 0.")).ToBeVisibleAsync();
        await Expect(box).ToHaveAttributeAsync("aria-invalid", "true");
        Assert.Equal(url, page.Url);
        await Expect(page.TimelineVersions()).ToHaveTextAsync(Ui.Descending(1233, 1209));
    });

    [Fact]
    public Task FilteringByEventTypeShowsOnlyCommitsWithThatEvent() => store.RunAsync(async page =>
    {
        var newest = await store.Store.ReadTimelineAsync(new TimelineQuery { AggregateId = Ledger, PageSize = 1000 }, CancellationToken.None);
        var reserved = newest.Items.Where(c => c.Events.Any(e => e.Type == "stockReserved")).Select(c => c.Version!.Value.ToString(CultureInfo.InvariantCulture)).Take(25).ToArray();
        Assert.Equal(25, reserved.Length);

        await page.OpenAsync("/aggregates/" + Ledger);
        await Expect(page.TimelineVersions()).ToHaveCountAsync(25);
        await page.TextBox("Event type").FillAsync("stockReserved");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter", Exact = true }).ClickAsync();

        // The store fills the page: 25 commits with the event, however many it had to read.
        await Expect(page).ToHaveURLAsync(new Regex("[?&]type=stockReserved(&|$)"));
        await Expect(page.TimelineVersions()).ToHaveTextAsync(reserved);
        await Expect(page.Locator(".status-line")).ToContainTextAsync(new Regex(@"Read \d+ items, shown 25 \(commits with a stockReserved event\)"));
        foreach (var row in await page.CommitRows().AllAsync())
        {
            await Expect(row.Locator(".event-types")).ToContainTextAsync("stockReserved");
        }

        await page.GetByRole(AriaRole.Link, new() { Name = "Clear filter" }).ClickAsync();
        await Expect(page.TimelineVersions()).ToHaveTextAsync(Ui.Descending(Head, Head - 24));
        await Expect(page.TextBox("Event type")).ToHaveValueAsync("");
    });

    [Fact]
    public Task AnOpenedCommitShowsItsEventsAndCopiesThemAndItsId() => store.RunAsync(async page =>
    {
        var newest = await store.Store.ReadTimelineAsync(new TimelineQuery { AggregateId = Ledger, PageSize = 1 }, CancellationToken.None);
        var head = Assert.Single(newest.Items);
        var stored = Assert.Single(head.Events);

        await page.OpenAsync("/aggregates/" + Ledger);
        var open = page.OpenVersionButton(Head);
        await Expect(open).ToHaveAttributeAsync("aria-expanded", "false");
        await open.ClickAsync();
        var close = page.CloseVersionButton(Head);
        await Expect(close).ToHaveAttributeAsync("aria-expanded", "true");

        var details = page.VersionDetails(Head);
        await Expect(details).ToContainTextAsync("1 event");
        await Expect(details.Locator("details.event summary")).ToContainTextAsync(stored.Type!);
        // The event opens as a tree; the raw view is the JSON text.
        await Expect(details.GetByRole(AriaRole.List, new() { Name = "JSON tree" })).ToContainTextAsync(stored.Type!);
        await details.JsonMode("Raw").ClickAsync();
        Ui.JsonEqual(stored.Json, await details.Locator("pre.json-raw").InnerTextAsync());

        await details.Locator("details.event").GetByRole(AriaRole.Button, new() { Name = "Copy JSON", Exact = true }).ClickAsync();
        await page.ExpectClipboardAsync(stored.Json);

        await page.MainHeading().GetByRole(AriaRole.Button, new() { Name = "Copy aggregate id" }).ClickAsync();
        await page.ExpectClipboardAsync(Ledger);

        // The commit's own id, copied from its row (layout B shows it shortened, so copying is the way to get it whole).
        await page.VersionRow(Head).GetByRole(AriaRole.Button, new() { Name = "Copy commit id" }).ClickAsync();
        await page.ExpectClipboardAsync(head.CommitId!.Value.Text);

        await close.ClickAsync();
        await Expect(details).ToHaveCountAsync(0);
        await Expect(open).ToHaveAttributeAsync("aria-expanded", "false");
    });

    [Fact]
    public Task TheTimelineWorksFromTheKeyboard() => store.RunAsync(async page =>
    {
        await page.OpenAsync("/aggregates/" + Ledger);
        await Expect(page.TimelineVersions()).ToHaveCountAsync(25);

        // Tab from the start of the page reaches a row's toggle; Enter and Space open and close it.
        var open = page.OpenVersionButton(Head);
        await TabUntilFocusedAsync(page, open, 60);
        Assert.True(await HasVisibleFocusAsync(open), "The focused row toggle shows no focus indicator.");
        await page.Keyboard.PressAsync("Enter");
        var close = page.CloseVersionButton(Head);
        await Expect(close).ToHaveAttributeAsync("aria-expanded", "true");
        await Expect(close).ToBeFocusedAsync();
        await Expect(page.VersionDetails(Head)).ToBeVisibleAsync();
        await page.Keyboard.PressAsync("Space");
        await Expect(page.VersionDetails(Head)).ToHaveCountAsync(0);

        // The pager is made of links: Enter on "Older" pages.
        await page.PagerLink(Pages, "Older").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.TimelineVersions()).ToHaveTextAsync(Ui.Descending(Head - 25, Head - 49));
    });

    [Fact]
    public Task TheSkipLinkMovesTheFocusToTheContentOfTheSamePage() => store.RunAsync(async page =>
    {
        await page.OpenAsync("/aggregates/" + Ledger);
        await Expect(page.TimelineVersions()).ToHaveCountAsync(25);

        // The skip link is first in the tab order; focused, it shows, and it takes the focus past the
        // app bar and navigation, staying on this page.
        var skip = page.GetByRole(AriaRole.Link, new() { Name = "Skip to content" });
        Assert.True(await skip.EvaluateAsync<bool>("""
            e => [...document.querySelectorAll('a[href], button, input, select, textarea, summary, [tabindex]')]
              .find(x => x.tabIndex >= 0 && !x.disabled) === e
            """), "The skip link is not the first stop of the tab order.");
        await skip.FocusAsync();
        await Expect(skip).ToBeVisibleAsync();
        Assert.True(await skip.IsInViewportAsync(), "The focused skip link is off screen.");
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

    /// <summary>An outline, a ring (box-shadow) or a changed background: anything that tells the focused element from itself unfocused.</summary>
    private static Task<bool> HasVisibleFocusAsync(ILocator element) => element.EvaluateAsync<bool>("""
        e => {
          const focused = getComputedStyle(e);
          const look = s => [s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0, s.boxShadow, s.backgroundColor].join('|');
          const withFocus = look(focused);
          const probe = e.cloneNode(true);
          e.parentNode.insertBefore(probe, e);
          const without = look(getComputedStyle(probe));
          probe.remove();
          return (focused.outlineStyle !== 'none' && parseFloat(focused.outlineWidth) > 0) || withFocus !== without;
        }
        """);
}
