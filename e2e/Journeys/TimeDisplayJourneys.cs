using System.Globalization;
using System.Text.RegularExpressions;
using EventExplorer.Data.Demo;
using EventExplorer.E2E.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EventExplorer.E2E.Journeys;

/// <summary>Times: one line each, in UTC or the browser's zone (a switch in the app bar, remembered), how long ago on hover.</summary>
[Collection(DemoStoreCollection.Name)]
public sealed class TimeDisplayJourneys(DemoStoreFixture store)
{
    private const string Zone = "Europe/Berlin";

    [Fact]
    public Task TimesAreOneLineEachAndSwitchBetweenUtcAndTheBrowsersZone() => store.RunAsync(async page =>
    {
        await page.OpenAsync("/aggregates/" + DemoAggregates.LongLedger);
        var switcher = page.GetByRole(AriaRole.Group, new() { Name = "Show times in" });
        var utc = switcher.GetByRole(AriaRole.Checkbox, new() { Name = "UTC", Exact = true });
        var local = switcher.GetByRole(AriaRole.Checkbox, new() { Name = "Local", Exact = true });
        await Expect(utc).ToBeCheckedAsync();

        var time = page.CommitRows().First.Locator("td.time-cell time");
        var at = DateTimeOffset.Parse(await time.GetAttributeAsync("datetime") ?? "", CultureInfo.InvariantCulture);
        var inUtc = at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture);
        var inBerlin = TimeZoneInfo.ConvertTime(at, TimeZoneInfo.FindSystemTimeZoneById(Zone)).ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture);
        Assert.NotEqual(inUtc, inBerlin);

        // One line: the cell holds the one time, nothing else, and the column says which zone.
        await Expect(page.CommitRows().First.Locator("td.time-cell")).ToHaveTextAsync(inUtc);
        Assert.True(await IsOneLineAsync(time), "The time wraps onto a second line.");
        await Expect(page.GetByRole(AriaRole.Columnheader, new() { Name = "Committed (UTC)" })).ToBeVisibleAsync();
        // How long ago, on hover.
        await Expect(time).ToHaveAttributeAsync("title", new Regex(@"^(\d+ (minute|hour|day|month|year)s? ago|just now) · UTC · " + Regex.Escape(inBerlin) + " " + Regex.Escape(Zone)));

        await local.ClickAsync();
        await Expect(local).ToBeCheckedAsync();
        await Expect(time).ToHaveTextAsync(inBerlin);
        await Expect(page.GetByRole(AriaRole.Columnheader, new() { Name = "Committed (local)" })).ToBeVisibleAsync();
        await Expect(time).ToHaveAttributeAsync("title", new Regex(@"(ago|just now) · " + Regex.Escape(Zone) + @" \(UTC\+0[12]:00\) · " + Regex.Escape(inUtc) + " UTC$"));
        // Every time on the page follows, the header's too.
        await Expect(page.Locator("p.subhead time").Last).Not.ToHaveTextAsync(new Regex("^" + Regex.Escape(await LastCommitUtcAsync(page))));

        // Remembered: a reload (and the server's first response) shows local times.
        await page.ReloadAndWaitAsync();
        await Expect(local).ToBeCheckedAsync();
        await Expect(time).ToHaveTextAsync(inBerlin);
        var first = await (await page.APIRequest.GetAsync("/aggregates/" + DemoAggregates.LongLedger)).TextAsync();
        Assert.Contains(inBerlin, first);

        await utc.ClickAsync();
        await Expect(time).ToHaveTextAsync(inUtc);
    }, new Browsing { TimezoneId = Zone });

    private static Task<bool> IsOneLineAsync(ILocator element) => element.EvaluateAsync<bool>("""
        e => {
          const lineHeight = parseFloat(getComputedStyle(e).lineHeight) || parseFloat(getComputedStyle(e).fontSize) * 1.6;
          return e.getClientRects().length === 1 && e.getBoundingClientRect().height < lineHeight * 1.5;
        }
        """);

    /// <summary>The header's "last commit" time in UTC, from its datetime attribute.</summary>
    private static async Task<string> LastCommitUtcAsync(IPage page)
    {
        var iso = await page.Locator("p.subhead time").Last.GetAttributeAsync("datetime") ?? "";
        return DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture);
    }
}
