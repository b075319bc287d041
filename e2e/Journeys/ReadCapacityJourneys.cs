using System.Text.RegularExpressions;
using EventExplorer.E2E.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EventExplorer.E2E.Journeys;

/// <summary>A search behind the instance's read-capacity budget, in an 800 px window.</summary>
public sealed class ReadCapacityJourneys(ReadCapacityFixture store) : IClassFixture<ReadCapacityFixture>
{
    [Fact]
    public Task ASearchBehindTheBudget_SaysItWaitsForReadCapacity_ThenShowsItsMatch() => store.RunAsync(async page =>
    {
        await page.OpenAsync(SearchJourneys.SearchUrl(ReadCapacityFixture.Needle, ReadCapacityFixture.Aggregate));

        // The first 1 MB page spent the budget for seconds: the next one waits, and the progress says so.
        var progress = page.Locator(".read-progress");
        var waiting = progress.Locator(".capacity-waiting");
        await Expect(waiting).ToHaveTextAsync(new Regex($@"^Waiting for read capacity \(budget {ReadCapacityFixture.PerSecond} RCU/s, used by \d+ reads?\)\.$"));
        await Expect(progress).ToContainTextAsync("Reading…");
        await Expect(progress).ToHaveAttributeAsync("role", "status");
        await Expect(progress).ToHaveAttributeAsync("aria-live", "polite");
        var violations = await page.SeriousViolationsAsync("search waiting for read capacity");
        var width = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]");
        Assert.True(width[0] <= width[1], $"The page is {width[0]} px wide in a {width[1]} px window.");

        // The budget pays back and the search reads on to the last commit, where the needle is.
        await Expect(progress).ToContainTextAsync("Done", new() { Timeout = 60_000 });
        await Expect(page.Locator("li.search-match")).ToHaveCountAsync(1);
        await Expect(page.Locator("li.search-match .match-version")).ToHaveTextAsync($"{ReadCapacityFixture.Commits - 1}");
        await Expect(page.Locator(".capacity-line")).ToHaveCountAsync(0);
        Assert.True(violations.Count == 0, string.Join("\n", violations));
    }, new Browsing { Width = 800, Height = 900 });
}
