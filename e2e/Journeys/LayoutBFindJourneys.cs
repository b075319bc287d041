using EventExplorer.E2E.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using B = EventExplorer.E2E.Infrastructure.LayoutBStoreFixture;

namespace EventExplorer.E2E.Journeys;

/// <summary>
/// The find-anything pages on tables as dynamodb-event-store 2.x writes them (string commit ids that start
/// with the commit time): time travel by commit-id prefix, a feed search in a time window, a filtered
/// timeline, and the raw item with its string commit id.
/// </summary>
public sealed class LayoutBFindJourneys(B store) : IClassFixture<B>
{
    [Fact]
    public Task TheFeedGoesToATimeByItsCommitIdPrefix() => store.RunAsync(async page =>
    {
        await page.OpenAsync("/feed?at=2024-01-01T12:00:10Z");

        var landed = page.Locator("tr.commit-row.is-target td.commit-id-cell a");
        await landed.ExpectCommitIdAsync(B.CommitId(B.OrdersStart.AddSeconds(10), B.Orders));
        // Layout B reads the moment straight from the commit ids: one request, no binary search.
        await Expect(page.Locator(".time-travel-note")).ToContainTextAsync("Found in 1 request");
    });

    [Fact]
    public Task AFeedSearchInATimeWindowFindsOnlyTheCommitsInIt() => store.RunAsync(async page =>
    {
        await page.OpenAsync("/search?q=" + Uri.EscapeDataString("type = \"lineAdded\"") + "&since=2024-01-01T12:00:05Z&until=2024-01-01T12:00:08Z");

        await Expect(page.Locator(".read-progress")).ToContainTextAsync("Done");
        var matches = page.Locator("li.search-match");
        await Expect(matches.Locator(".match-version")).ToHaveTextAsync(["5", "6", "7"]);
        await Expect(matches.First).ToContainTextAsync(B.Orders);
    });

    [Fact]
    public Task ATimelineFilteredByTypeShowsOnlyThatType() => store.RunAsync(async page =>
    {
        await page.OpenAsync($"/aggregates/{B.Orders}?type=orderPlaced");

        await Expect(page.TimelineVersions()).ToHaveTextAsync(["0"]);
        await Expect(page.Locator("body")).ToContainTextAsync($"shown 1");
    });

    [Fact]
    public Task TheRawItemShowsTheStringCommitId() => store.RunAsync(async page =>
    {
        await page.OpenAsync($"/commit?aggregate={B.Orders}&version=3&view=raw");

        var commitId = page.Locator(".raw-table tr").Filter(new() { HasText = "commitId" });
        await Expect(commitId.Locator(".raw-type")).ToHaveTextAsync("S");
        await Expect(commitId).ToContainTextAsync(B.CommitId(B.OrdersStart.AddSeconds(3), B.Orders));
    });
}
