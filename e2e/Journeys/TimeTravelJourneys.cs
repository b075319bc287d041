using System.Globalization;
using System.Text.RegularExpressions;
using EventExplorer.Data.Demo;
using EventExplorer.Data.Model;
using EventExplorer.E2E.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EventExplorer.E2E.Journeys;

/// <summary>"Go to date and time" on a long timeline and on the feed: where it lands, what it cost, links that survive a reload.</summary>
[Collection(DemoStoreCollection.Name)]
public sealed class TimeTravelJourneys(DemoStoreFixture store)
{
    private const string Ledger = DemoAggregates.LongLedger;

    private static string Typed(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture);

    /// <summary>The time the page's link carries (at=…Z).</summary>
    private static DateTimeOffset? AtInUrl(string url) =>
        Regex.Match(url, "[?&]at=([^&]+)") is { Success: true } m
            ? DateTimeOffset.Parse(Uri.UnescapeDataString(m.Groups[1].Value), CultureInfo.InvariantCulture)
            : null;

    private static string Shown(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture);

    [Fact]
    public Task ATimelineGoesToTheFirstCommitAtOrAfterATimeAndHighlightsIt() => store.RunAsync(async page =>
    {
        // A commit in the middle of the ledger, and a moment just after the one before it.
        var around = await store.Store.ReadTimelineAsync(new TimelineQuery { AggregateId = Ledger, FromVersion = 1233, PageSize = 2, Order = ReadOrder.OldestFirst }, CancellationToken.None);
        var (before, target) = (around.Items[0], around.Items[1]);
        Assert.Equal(1234, target.Version);
        Assert.True(before.CommittedAt < target.CommittedAt);
        var at = before.CommittedAt!.Value.AddMilliseconds(1);

        await page.OpenAsync($"/aggregates/{Ledger}");
        await page.TextBox("Go to date and time (UTC)").FillAsync(Typed(at));
        await page.GetByRole(AriaRole.Form, new() { Name = "Go to a date and time" }).GetByRole(AriaRole.Button, new() { Name = "Go", Exact = true }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("[?&]at=[^&]*Z(&|$)"));
        Assert.Equal(at, AtInUrl(page.Url));
        var landed = page.Locator("tr.commit-row.is-target td.version");
        await Expect(landed).ToHaveTextAsync("1234");
        Assert.True(await page.Locator("tr.commit-row.is-target").IsInViewportAsync());
        // The landed commit sits mid-page, newest first: the moments after it above, those before it below.
        var versions = await page.TimelineVersions().AllTextContentsAsync();
        var at1234 = versions.ToList().IndexOf("1234");
        Assert.Equal(["1236", "1235"], versions.Take(at1234).TakeLast(2));
        Assert.Equal(["1233", "1232"], versions.Skip(at1234 + 1).Take(2));
        var note = page.Locator(".time-travel-note");
        await Expect(note).ToContainTextAsync($"The first commit at or after {Shown(at)} is version 1234");
        await Expect(note).ToContainTextAsync(new Regex(@"Found in \d+ requests? \(at most \d+ for [\d,]+ positions\)"));

        // A reload (or the link pasted elsewhere) lands on the same commit.
        await page.ReloadAndWaitAsync();
        await Expect(page.Locator("tr.commit-row.is-target td.version")).ToHaveTextAsync("1234");
        await Expect(page.TextBox("Go to date and time (UTC)")).ToHaveValueAsync(Typed(at));
    });

    [Fact]
    public Task TheFeedGoesToATimeAndLandsOnTheCommitTheStoreFinds() => store.RunAsync(async page =>
    {
        var middle = await store.Store.ReadFeedAsync(new FeedQuery { FromCommitId = "3000", PageSize = 2, Order = ReadOrder.OldestFirst }, CancellationToken.None);
        var target = middle.Items[1];
        var at = target.CommittedAt!.Value;
        var expected = await store.Store.FindFirstAtOrAfterAsync(new TimeTravelQuery { At = at }, CancellationToken.None);
        Assert.True(expected.Commit!.CommittedAt >= at);

        await page.OpenAsync("/feed");
        await page.TextBox("Go to date and time (UTC)").FillAsync(Typed(at));
        await page.GetByRole(AriaRole.Form, new() { Name = "Go to a date and time" }).GetByRole(AriaRole.Button, new() { Name = "Go", Exact = true }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("[?&]at="));
        var landed = page.Locator("tr.commit-row.is-target td.commit-id-cell a");
        await Expect(landed).ToHaveTextAsync(expected.Position!);
        await Expect(page.Locator(".time-travel-note")).ToContainTextAsync($"is commit id {expected.Position}");

        // Paging on from the landing keeps the feed's view and leaves the time behind.
        await page.PagerLink("Feed pages", "Older").ClickAsync();
        await Expect(page).Not.ToHaveURLAsync(new Regex("[?&]at="));
        await Expect(page.Locator(".time-travel-note")).ToHaveCountAsync(0);
    });

    [Fact]
    public Task ATimeInLocalTimeIsReadInTheBrowsersZone() => store.RunAsync(async page =>
    {
        var around = await store.Store.ReadTimelineAsync(new TimelineQuery { AggregateId = Ledger, FromVersion = 100, PageSize = 1 }, CancellationToken.None);
        var at = around.Items[0].CommittedAt!.Value;
        var local = TimeZoneInfo.ConvertTime(at, TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo"));

        await page.OpenAsync($"/aggregates/{Ledger}");
        await page.GetByRole(AriaRole.Group, new() { Name = "Show times in" }).GetByRole(AriaRole.Checkbox, new() { Name = "Local", Exact = true }).ClickAsync();
        var box = page.TextBox("Go to date and time (local)");
        await box.FillAsync(local.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture));
        await page.GetByRole(AriaRole.Form, new() { Name = "Go to a date and time" }).GetByRole(AriaRole.Button, new() { Name = "Go", Exact = true }).ClickAsync();

        // The link carries UTC.
        await Expect(page).ToHaveURLAsync(new Regex("[?&]at=[^&]*Z(&|$)"));
        Assert.Equal(at, AtInUrl(page.Url));
        await Expect(page.Locator("tr.commit-row.is-target td.version")).ToHaveTextAsync("100");
    }, new Browsing { TimezoneId = "Asia/Tokyo" });

    [Fact]
    public Task ALinkWithATimeWithoutAZoneSaysWhyAndShowsTheLatestCommits() => store.RunAsync(async page =>
    {
        await page.OpenAsync("/feed?at=2026-10-02T14:34");

        await Expect(page.MessageBar()).ToContainTextAsync("The time to go to '2026-10-02T14:34' is not a date and time like 2026-10-02T14:34Z");
        await Expect(page.CommitRows().First).ToBeVisibleAsync();
        await Expect(page.Locator(".time-travel-note")).ToHaveCountAsync(0);

        await page.OpenAsync($"/aggregates/{Ledger}?at=2099-01-01T00:00Z");
        await Expect(page.Locator(".time-travel-note")).ToContainTextAsync("No commit is at or after 2099-01-01 00:00:00.000: showing the newest commits.");
        await Expect(page.TimelineVersions().First).ToHaveTextAsync((DemoStoreFixture.LedgerCommits - 1).ToString(CultureInfo.InvariantCulture));
    });
}
