using EventExplorer.Data.Demo;
using EventExplorer.Data.Model;
using EventExplorer.E2E.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EventExplorer.E2E.Journeys;

/// <summary>Data other programs wrote badly or maliciously: flagged and shown as text, never fatal, never executed.</summary>
[Collection(DemoStoreCollection.Name)]
public sealed class StoredDataJourneys(DemoStoreFixture store)
{
    [Fact]
    public Task MalformedItemsAreShownFlaggedAndThePagesStillWork() => store.RunAsync(async page =>
    {
        // Events that are not valid JSON: the commit is flagged, its text shown exactly as stored.
        await page.OpenAsync("/aggregates/" + DemoAggregates.EventsNotJson);
        await Expect(page.TimelineVersions()).ToHaveTextAsync(["1", "0"]);
        var broken = page.Locator("table.commits tr.commit-row").First;
        await Expect(broken.GetByText("malformed", new() { Exact = true })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Expand version 1", Exact = true }).ClickAsync();
        var details = page.Locator("#events-1");
        await Expect(details.GetByRole(AriaRole.Note)).ToContainTextAsync("Malformed item");
        await Expect(details.Locator("pre.json")).ToHaveTextAsync("""[{"type":"paymentAuthorized","amount":42.5,"provider":"card",""");
        // The well-formed commit beside it reads normally.
        await page.GetByRole(AriaRole.Button, new() { Name = "Expand version 0", Exact = true }).ClickAsync();
        await Expect(page.Locator("#events-0")).ToContainTextAsync("orderPlaced");
        await Expect(page.Locator("#events-0").GetByRole(AriaRole.Note)).ToHaveCountAsync(0);

        // Events that are an object instead of an array.
        await page.OpenAsync("/aggregates/" + DemoAggregates.EventsNotArray + "?expand=0");
        await Expect(page.Locator("#events-0").GetByRole(AriaRole.Note)).ToContainTextAsync("Malformed item");
        await Expect(page.Locator("#events-0 pre.json")).ToHaveTextAsync("""{"type":"orderPlaced","total":12.5,"currency":"EUR"}""");

        // No committedAt: flagged, the rest of the row still there.
        await page.OpenAsync("/aggregates/" + DemoAggregates.MissingCommittedAt);
        await Expect(page.TimelineVersions()).ToHaveTextAsync(["1", "0"]);
        await Expect(page.Locator("table.commits tr.commit-row").First.GetByText("malformed", new() { Exact = true })).ToBeVisibleAsync();
        await Expect(page.Locator("table.commits tr.commit-row").First).ToContainTextAsync("emailChanged");

        // Versions that start at 1 and skip 4 are listed as they are.
        await page.OpenAsync("/aggregates/" + DemoAggregates.SkippedVersions);
        await Expect(page.TimelineVersions()).ToHaveTextAsync(["5", "3", "2", "1"]);

        // A snapshot whose state is not JSON.
        await page.OpenAsync("/snapshots/" + DemoAggregates.MalformedSnapshot);
        await Expect(page.GetByRole(AriaRole.Note)).ToContainTextAsync("Malformed item");
        await Expect(page.GetByText("Not valid JSON", new() { Exact = true })).ToBeVisibleAsync();
        await Expect(page.Locator("pre.json-raw")).ToHaveTextAsync("""{"status": shipped, "total": 19.90""");

        // The feed page holding the broken commit renders it flagged among the others and still pages.
        var brokenCommit = (await store.Store.ReadTimelineAsync(
            new TimelineQuery { AggregateId = DemoAggregates.EventsNotJson, PageSize = 1 }, CancellationToken.None)).Items.Single();
        await page.OpenAsync("/feed?from=" + brokenCommit.CommitId!.Value.Text);
        var feedRow = page.Locator("table.feed tr.commit-row").Last;
        await Expect(feedRow).ToContainTextAsync(DemoAggregates.EventsNotJson);
        await Expect(feedRow.GetByText("malformed", new() { Exact = true })).ToBeVisibleAsync();
        await Expect(page.FeedCommitIds()).ToHaveCountAsync(50);
        await page.PagerLink("Feed pages", "Older").ClickAsync();
        await Expect(page.FeedCommitIds()).ToHaveCountAsync(50);
        await Expect(page.FeedCommitIds()).Not.ToContainTextAsync([brokenCommit.CommitId!.Value.Text]);
    });

    [Fact]
    public Task EventJsonHoldingScriptAndHtmlIsShownAsTextAndRunsNothing() => store.RunAsync(async page =>
    {
        var dialogs = new List<string>();
        page.Dialog += async (_, dialog) =>
        {
            lock (dialogs) dialogs.Add(dialog.Message);
            await dialog.DismissAsync();
        };

        await page.OpenAsync("/aggregates/" + DemoAggregates.Markup);
        await Expect(page.TimelineVersions()).ToHaveTextAsync(["2", "1", "0"]);
        await page.GetByRole(AriaRole.Button, new() { Name = "Expand all" }).ClickAsync();
        var events = page.Locator(".commit-events");
        await Expect(events).ToHaveCountAsync(3);

        await Expect(page.Locator("#events-0")).ToContainTextAsync("Checkout button broken <script>alert(1)</script>");
        await Expect(page.Locator("#events-0")).ToContainTextAsync("<img src=x onerror=");
        await Expect(page.Locator("#events-1")).ToContainTextAsync("<a href=\"javascript:alert(2)\">Click here</a> &amp; try again <i>please</i>");
        // A value that closes the table's own elements does not break the table.
        await Expect(page.Locator("#events-2")).ToContainTextAsync("fixed in release 4.2 </td></tr></table>");
        await Expect(page.TimelineVersions()).ToHaveCountAsync(3);
        // The snapshot panel shows the stored state as text too.
        await Expect(page.GetByRole(AriaRole.Complementary)).ToContainTextAsync("<script>alert(1)</script>");

        // Nothing from the data became an element.
        var injected = page.Locator("main script, main img, main b, main i, main a[href^='javascript:'], main p:has-text('the Pay now')");
        await Expect(injected).ToHaveCountAsync(0);

        // The same event in the feed and in the snapshot viewer.
        var first = (await store.Store.ReadTimelineAsync(
            new TimelineQuery { AggregateId = DemoAggregates.Markup, FromVersion = 0, PageSize = 1 }, CancellationToken.None)).Items.Single();
        await page.OpenAsync("/feed?from=" + first.CommitId!.Value.Text);
        await page.GetByRole(AriaRole.Button, new() { Name = "Expand commit " + first.CommitId, Exact = true }).ClickAsync();
        await Expect(page.Locator("table.feed .commit-events")).ToContainTextAsync("<script>alert(1)</script>");
        await page.OpenAsync("/snapshots/" + DemoAggregates.Markup);
        await Expect(page.Locator(".json-viewer")).ToContainTextAsync("<script>alert(1)</script>");
        await Expect(injected).ToHaveCountAsync(0);

        Assert.Empty(dialogs);
        Assert.False(await page.EvaluateAsync<bool>("() => document.querySelectorAll('img[src=\"x\"]').length > 0"));
    });
}
