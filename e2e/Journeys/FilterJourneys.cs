using System.Globalization;
using System.Text.RegularExpressions;
using EventExplorer.Data.Demo;
using EventExplorer.Data.Model;
using EventExplorer.E2E.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EventExplorer.E2E.Journeys;

/// <summary>Filters the store applies across pages: a rare event type on a long timeline, an aggregate id prefix on the feed.</summary>
[Collection(DemoStoreCollection.Name)]
public sealed class FilterJourneys(DemoStoreFixture store)
{
    private const string Ledger = DemoAggregates.LongLedger;

    /// <summary>Every commit of the ledger, newest first, read straight from the store.</summary>
    private async Task<List<Commit>> LedgerNewestFirstAsync()
    {
        var all = new List<Commit>();
        PageLink? older = null;
        do
        {
            var page = await store.Store.ReadTimelineAsync(new TimelineQuery { AggregateId = Ledger, PageSize = 1000, Position = older }, CancellationToken.None);
            all.AddRange(page.Items);
            older = page.Older;
        }
        while (older is not null);
        return all;
    }

    [Fact]
    public Task ARareEventTypeIsFoundAcrossPagesWithWhatEachPageRead() => store.RunAsync(async page =>
    {
        var ledger = await LedgerNewestFirstAsync();
        // The rarest type that still fills two pages of two.
        var rare = ledger.SelectMany(c => c.Events.Select(e => e.Type)).OfType<string>()
            .GroupBy(t => t).Where(g => ledger.Count(c => c.Events.Any(e => e.Type == g.Key)) >= 4)
            .OrderBy(g => g.Count()).First().Key;
        var matches = ledger.Where(c => c.Events.Any(e => e.Type == rare)).Select(c => c.Version!.Value.ToString(CultureInfo.InvariantCulture)).ToArray();
        Assert.True(matches.Length < ledger.Count / 4, $"{rare} is not rare: {matches.Length} of {ledger.Count}");

        await page.OpenAsync($"/aggregates/{Ledger}?size=2");
        await page.TextBox("Event type").FillAsync(rare);
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter", Exact = true }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex($"[?&]type={rare}(&|$)"));
        await Expect(page.TimelineVersions()).ToHaveTextAsync(matches[..2]);
        await Expect(page.Locator(".status-line")).ToContainTextAsync(new Regex($@"Read [\d,]+ items, shown 2 \(commits with an? {rare} event\)"));
        var firstRead = ReadCount(await page.Locator(".status-line").TextContentAsync());
        // Everything from the head down to the second match was read (DynamoDB charges for it all).
        var secondMatch = ledger.FindIndex(c => c.Version!.Value.ToString(CultureInfo.InvariantCulture) == matches[1]);
        Assert.InRange(firstRead, secondMatch + 1, ledger.Count);

        await page.PagerLink("Timeline pages", "Older").ClickAsync();
        await Expect(page.TimelineVersions()).ToHaveTextAsync(matches[2..4]);
        await Expect(page).ToHaveURLAsync(new Regex($"[?&]type={rare}(&|$)"));
        foreach (var row in await page.CommitRows().AllAsync())
        {
            await Expect(row.Locator(".event-types")).ToContainTextAsync(rare);
        }

        // The link is the view: a reload shows the same filtered page.
        await page.ReloadAndWaitAsync();
        await Expect(page.TimelineVersions()).ToHaveTextAsync(matches[2..4]);
        await Expect(page.TextBox("Event type")).ToHaveValueAsync(rare);

        await page.GetByRole(AriaRole.Link, new() { Name = "Clear filter" }).ClickAsync();
        await Expect(page).Not.ToHaveURLAsync(new Regex("[?&]type="));
        await Expect(page.TimelineVersions()).ToHaveCountAsync(2);
    });

    [Fact]
    public Task AFilterThatMatchesNothingSaysSoAndOffersToClearIt() => store.RunAsync(async page =>
    {
        await page.OpenAsync($"/aggregates/{Ledger}?type=StockReserved");

        await Expect(page.GetByText("No commit with a StockReserved event")).ToBeVisibleAsync();
        await Expect(page.GetByText("Event types are exact and case-sensitive.")).ToBeVisibleAsync();
        await Expect(page.CommitRows()).ToHaveCountAsync(0);
    });

    [Fact]
    public Task TheFeedFilteredByAnAggregatePrefixShowsOnlyThoseAggregates() => store.RunAsync(async page =>
    {
        const string prefix = "order-2024-9000";
        await page.OpenAsync("/feed?size=10");
        await page.TextBox("Aggregate id starts with").FillAsync(prefix);
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter", Exact = true }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex($"[?&]prefix={prefix}(&|$)"));
        // The filtered page is in once its status says what it read.
        await Expect(page.Locator(".status-line")).ToContainTextAsync(new Regex($@"Read [\d,]+ items, shown \d+ \(commits whose aggregate id starts with ""{prefix}""\)"));
        await Expect(page.CommitRows().First).ToBeVisibleAsync();
        foreach (var cell in await page.CommitRows().Locator("td.aggregate-cell").AllAsync())
        {
            await Expect(cell).ToHaveTextAsync(new Regex("^" + prefix));
        }
        var shown = await page.CommitRows().CountAsync();

        await page.ReloadAndWaitAsync();
        await Expect(page.CommitRows()).ToHaveCountAsync(shown);
        await Expect(page.TextBox("Aggregate id starts with")).ToHaveValueAsync(prefix);
        // The export link carries the filter.
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Export CSV" })).ToHaveAttributeAsync("href", new Regex($"prefix={prefix}.*format=csv"));
    });

    [Theory]
    [InlineData("light")]
    [InlineData("dark")]
    public Task FilteredAndTimeTravelledPagesHaveNoSeriousAccessibilityViolations(string theme) => store.RunAsync(async page =>
    {
        var violations = new List<string>();
        foreach (var url in (string[])[$"/aggregates/{Ledger}?type=ledgerOpened&at=2000-01-01T00:00Z", "/feed?prefix=order-2024-9000&type=orderPlaced&size=10"])
        {
            await page.OpenAsync(url);
            await Expect(page.Locator(".status-line")).ToContainTextAsync("Read ");
            await Expect(page.CommitRows().First).ToBeVisibleAsync();
            violations.AddRange(await page.SeriousViolationsAsync($"{url} ({theme})"));
        }
        Assert.True(violations.Count == 0, string.Join("\n", violations));
    }, new Browsing { Theme = theme, ColorScheme = theme == "dark" ? ColorScheme.Dark : ColorScheme.Light, EvidenceSuffix = "." + theme });

    private static long ReadCount(string? status) =>
        long.Parse(Regex.Match(status ?? "", @"Read ([\d,]+) items").Groups[1].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
}
