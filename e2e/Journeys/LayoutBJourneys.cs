using EventExplorer.E2E.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using B = EventExplorer.E2E.Infrastructure.LayoutBStoreFixture;

namespace EventExplorer.E2E.Journeys;

/// <summary>Tables of dynamodb-event-store 2.x (string commit ids) and a snapshot table keyed aggregateId.</summary>
public sealed class LayoutBJourneys(B store) : IClassFixture<B>
{
    [Fact]
    public Task TheStoreIsDetectedAsLayoutBWithItsSnapshotKey() => store.RunAsync(async page =>
    {
        await page.OpenAsync("/");
        await Expect(page.GetByRole(AriaRole.Banner).GetByRole(AriaRole.Group, new() { Name = "Connection" })).ToContainTextAsync("Layout B");
        var facts = page.GetByRole(AriaRole.Region, new() { Name = "Store" });
        await Expect(facts).ToContainTextAsync("Layout B (timestamp commit ids)");
        await Expect(facts).ToContainTextAsync("commitsByAggregateIdAndVersion");
        await Expect(facts).ToContainTextAsync("commitsByCommitId");
        await Expect(facts.Locator("dt:text-is('Snapshot table') + dd")).ToContainTextAsync("aggregateId");
    });

    [Fact]
    public Task ATimelineShowsVersionsAndStringCommitIdsAndPages() => store.RunAsync(async page =>
    {
        await page.OpenAsync("/aggregates/" + B.Orders);
        await Expect(page.TimelineVersions()).ToHaveTextAsync(Ui.Descending(B.OrderCommits - 1, B.OrderCommits - 25));
        var top = page.CommitRows().First;
        var idLink = top.Locator("td.commit-id-cell a");
        await idLink.ExpectCommitIdAsync(B.CommitId(B.OrdersStart.AddSeconds(B.OrderCommits - 1), B.Orders));
        await Expect(idLink).ToContainTextAsync("20240101120029000");
        // The link shows the timestamp part; a screen reader hears the whole id.
        var fullId = B.CommitId(B.OrdersStart.AddSeconds(B.OrderCommits - 1), B.Orders);
        await Expect(top.GetByRole(AriaRole.Link, new() { Name = fullId, Exact = true })).ToBeVisibleAsync();
        await Expect(top).ToContainTextAsync("lineAdded");

        await page.PagerLink("Timeline pages", "Older").ClickAsync();
        await Expect(page.TimelineVersions()).ToHaveTextAsync(Ui.Descending(B.OrderCommits - 26, 0));
        await page.OpenVersionButton(0).ClickAsync();
        await Expect(page.VersionDetails(0)).ToContainTextAsync("orderPlaced");
    });

    [Fact]
    public Task TheFeedIsInCommitIdOrderAndStartsFromAStringCommitId() => store.RunAsync(async page =>
    {
        await page.OpenAsync("/feed");
        // Newest first: the two same-millisecond commits (ordered by aggregate id), then the orders.
        await page.FeedCommitIds().Nth(0).ExpectCommitIdAsync(B.CommitId(B.SameMillisecond, B.Beta));
        await page.FeedCommitIds().Nth(1).ExpectCommitIdAsync(B.CommitId(B.SameMillisecond, B.Alpha));
        await page.FeedCommitIds().Nth(2).ExpectCommitIdAsync(B.CommitId(B.OrdersStart.AddSeconds(B.OrderCommits - 1), B.Orders));
        await page.FeedCommitIds().Last.ExpectCommitIdAsync(B.CommitId(DateTimeOffset.FromUnixTimeMilliseconds(946684800000), B.SeedAggregate));
        await Expect(page.GapRows()).ToHaveCountAsync(0);

        var from = B.CommitId(B.OrdersStart.AddSeconds(10), B.Orders);
        await page.TextBox("From commit id").FillAsync(from);
        await page.GetByRole(AriaRole.Toolbar, new() { Name = "Feed" }).GetByRole(AriaRole.Button, new() { Name = "Go", Exact = true }).ClickAsync();
        await page.FeedCommitIds().Last.ExpectCommitIdAsync(from);
        await Expect(page.FeedCommitIds()).ToHaveCountAsync(B.OrderCommits - 10 + 2);

        await page.PagerLink("Feed pages", "Older").ClickAsync();
        await page.FeedCommitIds().First.ExpectCommitIdAsync(B.CommitId(B.OrdersStart.AddSeconds(9), B.Orders));
        await page.FeedCommitIds().Last.ExpectCommitIdAsync(B.CommitId(DateTimeOffset.FromUnixTimeMilliseconds(946684800000), B.SeedAggregate));
    });

    [Fact]
    public Task ASnapshotKeyedAggregateIdIsListedOpenedAndShownBesideItsTimeline() => store.RunAsync(async page =>
    {
        await page.OpenAsync("/snapshots");
        await Expect(page.SnapshotListLinks()).ToHaveTextAsync([B.Alpha]);
        await page.GetByRole(AriaRole.Link, new() { Name = B.Alpha, Exact = true }).ClickAsync();
        await Expect(page.SnapshotHeading()).ToHaveTextAsync(B.Alpha);
        await Expect(page.GetByRole(AriaRole.List, new() { Name = "JSON tree" })).ToContainTextAsync("\"alpha\"");

        await page.GetByRole(AriaRole.Link, new() { Name = "Aggregate timeline" }).ClickAsync();
        await Expect(page.AggregateHeading()).ToHaveTextAsync(B.Alpha);
        await Expect(page.TimelineVersions()).ToHaveTextAsync(["0"]);
        await Expect(page.GetByRole(AriaRole.Complementary, new() { Name = "Snapshot" })).ToContainTextAsync("\"alpha\"");
    });
}
