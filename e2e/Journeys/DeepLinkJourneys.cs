using System.Globalization;
using EventExplorer.Data.Demo;
using EventExplorer.E2E.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EventExplorer.E2E.Journeys;

/// <summary>The URL owns the view: a reload or a link pasted into another browser shows the same thing.</summary>
[Collection(DemoStoreCollection.Name)]
public sealed class DeepLinkJourneys(DemoStoreFixture store)
{
    private const string Ledger = DemoAggregates.LongLedger;
    private const long Head = DemoStoreFixture.LedgerCommits - 1;

    [Fact]
    public Task AReloadOrAPastedLinkRestoresTheSameTimelineView() => store.RunAsync(async page =>
    {
        await page.OpenAsync("/aggregates/" + Ledger);
        await page.Choice("Per page", "10").ClickAsync();
        await Expect(page.TimelineVersions()).ToHaveTextAsync(Ui.Descending(Head, Head - 9));
        await page.PagerLink("Timeline pages", "Older").ClickAsync();
        await Expect(page.TimelineVersions()).ToHaveTextAsync(Ui.Descending(Head - 10, Head - 19));
        await page.Choice("Order", "Oldest first").ClickAsync();
        var view = Ui.Ascending(Head - 19, Head - 10);
        await Expect(page.TimelineVersions()).ToHaveTextAsync(view);
        var url = page.Url;
        Assert.Contains("size=10", url);
        Assert.Contains("order=asc", url);

        await page.ReloadAndWaitAsync();
        await Expect(page.TimelineVersions()).ToHaveTextAsync(view);
        await page.ExpectChosenAsync("Per page", "10");
        await page.ExpectChosenAsync("Order", "Oldest first");

        // Pasted into a fresh browser (no shared state at all), and the next page from there.
        await using var other = await store.NewContextAsync();
        var pasted = await other.NewPageAsync();
        await pasted.OpenAsync(url);
        await Expect(pasted.TimelineVersions()).ToHaveTextAsync(view);
        await pasted.PagerLink("Timeline pages", "Older").ClickAsync();
        await Expect(pasted.TimelineVersions()).ToHaveTextAsync(Ui.Ascending(Head - 29, Head - 20));

        // A link that expands a commit and filters by type.
        await pasted.OpenAsync($"/aggregates/{Ledger}?from=0&type=ledgerOpened&expand=0");
        await Expect(pasted.TimelineVersions()).ToHaveTextAsync(["0"]);
        await Expect(pasted.VersionDetails(0)).ToContainTextAsync("FRA-1");
        await Expect(pasted.TextBox("Event type")).ToHaveValueAsync("ledgerOpened");
    });

    [Fact]
    public Task ATamperedOrMistypedLinkSaysWhatIsWrongAndOffersAWayOut() => store.RunAsync(async page =>
    {
        await page.OpenAsync($"/aggregates/{Ledger}?cursor=not-a-real-cursor");
        await Expect(page.MessageBar()).ToContainTextAsync("Invalid link");
        await page.MessageBar().GetByRole(AriaRole.Link, new() { Name = "Newest page" }).ClickAsync();
        await Expect(page.TimelineVersions()).ToHaveTextAsync(Ui.Descending(Head, Head - 24));
        await Expect(page.MessageBar()).ToHaveCountAsync(0);

        // A bad page size is replaced by the default and said so; the page still works.
        await page.OpenAsync($"/aggregates/{Ledger}?size=lots");
        await Expect(page.MessageBar()).ToContainTextAsync("Page size 'lots' is not a whole number");
        await Expect(page.TimelineVersions()).ToHaveCountAsync(25);

        await page.OpenAsync("/feed?cursor=garbage");
        await Expect(page.MessageBar()).ToContainTextAsync("Invalid link");
        await page.MessageBar().GetByRole(AriaRole.Link, new() { Name = "Latest commits" }).ClickAsync();
        await Expect(page.FeedCommitIds()).ToHaveCountAsync(50);
    });

    [Fact]
    public Task APastedAddressThatIsNoPageShowsTheAppsNotFoundPage() => store.RunAsync(async page =>
    {
        var response = await page.GotoAsync("/aggregate/" + Ledger);
        Assert.Equal(404, response!.Status);
        await page.WaitForCircuitAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Not found" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Go to the overview" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Overview", Level = 1 })).ToBeVisibleAsync();
    });

    [Fact]
    public Task OddAggregateIdsSurviveLinksReloadsAndPastedUrls() => store.RunAsync(async page =>
    {
        foreach (var id in DemoAggregates.OddIds)
        {
            // Typed into the lookup: the app builds the link.
            await page.OpenAsync("/aggregates");
            await page.TextBox("Exact aggregate id").FillAsync(id);
            await page.GetByRole(AriaRole.Button, new() { Name = "Open", Exact = true }).ClickAsync();
            await Expect(page.AggregateHeading()).ToHaveTextAsync(id);
            await Expect(page.TimelineVersions().Last).ToHaveTextAsync("0");
            var rows = await page.TimelineVersions().CountAsync();

            await page.ReloadAndWaitAsync();
            await Expect(page.AggregateHeading()).ToHaveTextAsync(id);
            await Expect(page.TimelineVersions()).ToHaveCountAsync(rows);

            // Pasted escaped, and pasted as a person would type it (the browser escapes what it must).
            await page.OpenAsync("/aggregates/" + Uri.EscapeDataString(id));
            await Expect(page.AggregateHeading()).ToHaveTextAsync(id);
            await Expect(page.TimelineVersions()).ToHaveCountAsync(rows);
            await page.OpenAsync("/aggregates/" + id);
            await Expect(page.AggregateHeading()).ToHaveTextAsync(id);
            await Expect(page.TimelineVersions()).ToHaveCountAsync(rows);

            // Its snapshot, through the timeline's link.
            await page.GetByRole(AriaRole.Complementary, new() { Name = "Snapshot" }).GetByRole(AriaRole.Link, new() { Name = "Open the snapshot", Exact = true }).ClickAsync();
            await Expect(page.SnapshotHeading()).ToHaveTextAsync(id);
            await Expect(page.GetByRole(AriaRole.List, new() { Name = "JSON tree" })).ToContainTextAsync("username");
            await page.ReloadAndWaitAsync();
            await Expect(page.SnapshotHeading()).ToHaveTextAsync(id);
        }
    });

    [Fact]
    public Task FeedAndComparisonLinksRestoreTheirViews() => store.RunAsync(async page =>
    {
        var from = store.Seeded.MissingCommitIds[0] - 3;
        await page.OpenAsync($"/feed?from={from}&size=10&order=asc");
        var ids = Enumerable.Range(0, 11).Select(i => from + i).Where(i => !store.Seeded.MissingCommitIds.Contains(i)).Take(10).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray();
        await Expect(page.FeedCommitIds()).ToHaveTextAsync(ids);
        await page.ReloadAndWaitAsync();
        await Expect(page.FeedCommitIds()).ToHaveTextAsync(ids);
        await page.ExpectChosenAsync("Order", "Oldest first");
        await page.ExpectChosenAsync("Per page", "10");

        await page.OpenAsync($"/snapshots/diff?left={DemoStoreFixture.LeftSnapshot}&right={DemoStoreFixture.RightSnapshot}");
        await Expect(page.Locator(".json-diff-summary")).ToContainTextAsync("2 differences");
        await page.ReloadAndWaitAsync();
        await Expect(page.Locator(".json-diff-summary")).ToContainTextAsync("2 differences");
        await Expect(page.TextBox("Left: snapshot id")).ToHaveValueAsync(DemoStoreFixture.LeftSnapshot);
        await Expect(page.TextBox("Right: snapshot id")).ToHaveValueAsync(DemoStoreFixture.RightSnapshot);
    });
}
