using System.Text.RegularExpressions;
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
        var broken = page.CommitRows().First;
        await Expect(broken.GetByText("malformed", new() { Exact = true })).ToBeVisibleAsync();
        await page.OpenVersionButton(1).ClickAsync();
        var details = page.VersionDetails(1);
        await Expect(details.GetByRole(AriaRole.Note)).ToContainTextAsync("Malformed item");
        // Where the JSON breaks, in a person's terms: line and column counted from 1.
        await Expect(details.GetByRole(AriaRole.Note)).ToContainTextAsync("line 1, column 61");
        await Expect(details.Locator("pre.json-raw")).ToHaveTextAsync("""[{"type":"paymentAuthorized","amount":42.5,"provider":"card",""");
        // The well-formed commit beside it reads normally.
        await page.OpenVersionButton(0).ClickAsync();
        await Expect(page.VersionDetails(0)).ToContainTextAsync("orderPlaced");
        await Expect(page.VersionDetails(0).GetByRole(AriaRole.Note)).ToHaveCountAsync(0);

        // Events that are an object instead of an array.
        await page.OpenAsync("/aggregates/" + DemoAggregates.EventsNotArray + "?expand=0");
        await Expect(page.VersionDetails(0).GetByRole(AriaRole.Note)).ToContainTextAsync("Malformed item");
        await Expect(page.VersionDetails(0).Locator("pre.json-raw")).ToHaveTextAsync("""{"type":"orderPlaced","total":12.5,"currency":"EUR"}""");

        // No committedAt: flagged, the rest of the row still there.
        await page.OpenAsync("/aggregates/" + DemoAggregates.MissingCommittedAt);
        await Expect(page.TimelineVersions()).ToHaveTextAsync(["1", "0"]);
        await Expect(page.CommitRows().First.GetByText("malformed", new() { Exact = true })).ToBeVisibleAsync();
        await Expect(page.CommitRows().First).ToContainTextAsync("emailChanged");

        // Versions that start at 1 and skip 4 are listed as they are (and the gaps marked: LinkedCommitJourneys).
        await page.OpenAsync("/aggregates/" + DemoAggregates.SkippedVersions);
        await Expect(page.TimelineVersions()).ToHaveTextAsync(["5", "3", "2", "1"]);

        // A snapshot whose state is not JSON: flagged once, with where it breaks, and shown as stored.
        await page.OpenAsync("/snapshots/" + DemoAggregates.MalformedSnapshot);
        await Expect(page.GetByRole(AriaRole.Note)).ToContainTextAsync("Malformed item");
        await Expect(page.GetByRole(AriaRole.Note)).ToContainTextAsync("line 1, column 12");
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "State" }).Locator("pre.json-raw")).ToHaveTextAsync("""{"status": shipped, "total": 19.90""");
        var main = await page.Locator("main").InnerTextAsync();
        Assert.Equal(1, Regex.Count(main, @"line \d+, column \d+"));
        Assert.DoesNotContain("LineNumber", main);
        Assert.DoesNotContain("BytePositionInLine", main);

        // The feed page holding the broken commit renders it flagged among the others and still pages.
        var brokenCommit = (await store.Store.ReadTimelineAsync(
            new TimelineQuery { AggregateId = DemoAggregates.EventsNotJson, PageSize = 1 }, CancellationToken.None)).Items.Single();
        await page.OpenAsync("/feed?from=" + brokenCommit.CommitId!.Value.Text);
        var feedRow = page.CommitRows().Last;
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
        await page.GetByRole(AriaRole.Button, new() { Name = "Open all" }).ClickAsync();
        var events = page.Locator(".commit-events");
        await Expect(events).ToHaveCountAsync(3);

        await Expect(page.VersionDetails(0)).ToContainTextAsync("Checkout button broken <script>alert(1)</script>");
        await Expect(page.VersionDetails(0)).ToContainTextAsync("<img src=x onerror=");
        await Expect(page.VersionDetails(1)).ToContainTextAsync("<a href=\"javascript:alert(2)\">Click here</a> &amp; try again <i>please</i>");
        // A value that closes the table's own elements does not break the table.
        await Expect(page.VersionDetails(2)).ToContainTextAsync("fixed in release 4.2 </td></tr></table>");
        await Expect(page.TimelineVersions()).ToHaveCountAsync(3);
        // The snapshot panel shows the stored state as text too.
        await Expect(page.GetByRole(AriaRole.Complementary, new() { Name = "Snapshot" })).ToContainTextAsync("<script>alert(1)</script>");

        // Nothing from the data became an element.
        var injected = page.Locator("main script, main img, main b, main i, main a[href^='javascript:'], main p:has-text('the Pay now')");
        await Expect(injected).ToHaveCountAsync(0);

        // The same event in the feed and in the snapshot viewer.
        var first = (await store.Store.ReadTimelineAsync(
            new TimelineQuery { AggregateId = DemoAggregates.Markup, FromVersion = 0, PageSize = 1 }, CancellationToken.None)).Items.Single();
        await page.OpenAsync("/feed?from=" + first.CommitId!.Value.Text);
        var commitId = first.CommitId!.Value.Text;
        await page.GetByRole(AriaRole.Button, new() { Name = "Open commit " + commitId, Exact = true }).ClickAsync();
        await Expect(page.CommitDetails(commitId)).ToContainTextAsync("<script>alert(1)</script>");
        await page.OpenAsync("/snapshots/" + DemoAggregates.Markup);
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "State" })).ToContainTextAsync("<script>alert(1)</script>");
        await Expect(injected).ToHaveCountAsync(0);

        Assert.Empty(dialogs);
        Assert.False(await page.EvaluateAsync<bool>("() => document.querySelectorAll('img[src=\"x\"]').length > 0"));
    });
}
