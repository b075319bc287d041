using System.Globalization;
using EventExplorer.Data.Demo;
using EventExplorer.E2E.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EventExplorer.E2E.Journeys;

/// <summary>The aggregates page: a pasted id, the recently active table at laptop widths, and what a full scan says it read.</summary>
[Collection(DemoStoreCollection.Name)]
public sealed class AggregateSearchJourneys(DemoStoreFixture store)
{
    [Fact]
    public Task AnIdPastedWithSpacesAroundItIsFound() => store.RunAsync(async page =>
    {
        await page.OpenAsync("/aggregates");
        await page.TextBox("Exact aggregate id").FillAsync("  " + DemoAggregates.LongLedger + " \t");
        await page.GetByRole(AriaRole.Button, new() { Name = "Open", Exact = true }).ClickAsync();

        await Expect(page).ToHaveURLAsync(store.BaseUrl + "/aggregates/" + DemoAggregates.LongLedger);
        await Expect(page.AggregateHeading()).ToHaveTextAsync(DemoAggregates.LongLedger);
        await Expect(page.TimelineVersions()).ToHaveCountAsync(25);

        // Not found either way: the message says the spaces were taken off.
        await page.OpenAsync("/aggregates");
        await page.TextBox("Exact aggregate id").FillAsync(" no-such-aggregate ");
        await page.GetByRole(AriaRole.Button, new() { Name = "Open", Exact = true }).ClickAsync();
        await Expect(page.GetByText("No aggregate with id \"no-such-aggregate\" (spaces around the pasted id were removed")).ToBeVisibleAsync();
        await Expect(page.TextBox("Exact aggregate id")).ToHaveValueAsync("no-such-aggregate");
    });

    [Theory]
    [InlineData(1280)]
    [InlineData(1440)]
    public Task TheRecentlyActiveTableIsNotClippedOnALaptopScreen(int width) => store.RunAsync(async page =>
    {
        await page.OpenAsync("/aggregates");
        var table = page.GetByRole(AriaRole.Table).Filter(new() { Has = page.GetByRole(AriaRole.Columnheader, new() { Name = "Last commit" }) });
        var copies = table.GetByRole(AriaRole.Button, new() { Name = "Copy aggregate id", Exact = true });
        await Expect(copies.First).ToBeVisibleAsync();
        Assert.True(await copies.CountAsync() > 3);

        // Every row's Copy button lies inside the window and inside the panel around the table, and
        // nothing of the table is hidden behind a horizontal scroll.
        foreach (var copy in await copies.AllAsync())
        {
            var fits = await copy.EvaluateAsync<string>("""
                button => {
                  const b = button.getBoundingClientRect();
                  const panel = button.closest('.panel').getBoundingClientRect();
                  const problems = [];
                  if (b.right > window.innerWidth) problems.push(`right edge ${b.right} beyond the window (${window.innerWidth})`);
                  if (b.right > panel.right) problems.push(`right edge ${b.right} beyond the panel (${panel.right})`);
                  if (b.width === 0) problems.push('no width');
                  return problems.join('; ');
                }
                """);
            Assert.True(fits.Length == 0, $"At {width} px the Copy button is clipped: {fits}");
        }
        var overflow = await table.EvaluateAsync<string>("""
            t => {
              for (let e = t; e && e !== document.body; e = e.parentElement) {
                if (e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== 'visible')
                  return `${e.className}: ${e.scrollWidth} px of content in ${e.clientWidth} px`;
              }
              return '';
            }
            """);
        Assert.True(overflow.Length == 0, $"At {width} px the recently-active table overflows its container: {overflow}");
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), $"At {width} px the page scrolls sideways.");
    }, new Browsing { Width = width, Height = 900, EvidenceSuffix = "." + width });

    [Fact]
    public Task AFullScanReportsExactlyTheItemsTheTableHolds() => store.RunAsync(async page =>
    {
        await page.OpenAsync("/aggregates");
        var region = page.GetByRole(AriaRole.Region, new() { Name = "Search the whole table by id prefix" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Scan", Exact = true }).ClickAsync();

        // Page after page until the whole table is read; each item counts once, however the pages fall.
        var done = region.GetByText("whole table read");
        var more = region.GetByRole(AriaRole.Button, new() { Name = "Continue scanning" });
        for (var pages = 1; ; pages++)
        {
            await Expect(done.Or(more)).ToBeVisibleAsync(new() { Timeout = 30_000 });
            if (await done.IsVisibleAsync()) break;
            Assert.True(pages < 200, "The scan did not end.");
            await more.ClickAsync();
        }

        var items = store.Seeded.Commits.ToString("N0", CultureInfo.InvariantCulture);
        var status = region.GetByRole(AriaRole.Status);
        await Expect(status).ToContainTextAsync($"Scanned {items} items");
        await Expect(status).ToContainTextAsync($"matched {items} commits");
        await Expect(status).ToContainTextAsync($"of {store.Seeded.Aggregates.ToString("N0", CultureInfo.InvariantCulture)} aggregates");
    });
}
