using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using EventExplorer.Data.Demo;
using EventExplorer.Data.Model;
using EventExplorer.E2E.Infrastructure;
using EventExplorer.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EventExplorer.E2E.Journeys;

/// <summary>
/// Search, field history, summary and export over the demo store. Expected values come from the demo
/// commits themselves (read through the data layer), so the journeys follow the seeder.
/// </summary>
[Collection(DemoStoreCollection.Name)]
public sealed class SearchJourneys(DemoStoreFixture store)
{
    private const string Order = "order-2024-000100";

    // The app's links as ExplorerUrls writes them (this project does not reference the web assembly).
    internal static string SearchUrl(string query, string? aggregateId = null) =>
        "/search?q=" + Uri.EscapeDataString(query) + (aggregateId is null ? "" : "&aggregate=" + Uri.EscapeDataString(aggregateId));

    private static ILocator Matches(IPage page) => page.Locator("li.search-match");

    private static ILocator Progress(IPage page) => page.Locator(".read-progress");

    private async Task<JsonElement> FirstEventAsync(string aggregateId)
    {
        var commit = await store.Store.ReadCommitAsync(aggregateId, 0, CancellationToken.None);
        return JsonDocument.Parse(commit!.Events[0].Json).RootElement.Clone();
    }

    [Fact]
    public Task SearchingOneAggregateByTextAndByPathValue_AndThePastedLinkRunsItAgain() => store.RunAsync(async page =>
    {
        var placed = await FirstEventAsync(Order);
        var sku = placed.GetProperty("lines")[0].GetProperty("sku").GetString()!;
        var customer = placed.GetProperty("customerId").GetString()!;

        await page.OpenAsync("/search");
        await page.TextBox("Search for").FillAsync(sku);
        await page.TextBox("Aggregate id").FillAsync(Order);
        await page.GetByRole(AriaRole.Button, new() { Name = "Search", Exact = true }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex($"/search\\?q={sku}&aggregate={Order}$"));
        await Expect(Progress(page)).ToContainTextAsync("Done");
        await Expect(Matches(page).First).ToContainTextAsync(Order);
        await Expect(Matches(page).First.Locator("mark.match-path").First).ToHaveTextAsync("$.lines[0].sku");

        // path = value: the customer who placed it, in the same aggregate; the first commit only.
        await page.TextBox("Search for").FillAsync($"customerId = \"{customer}\"");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search", Exact = true }).ClickAsync();
        await Expect(Matches(page)).ToHaveCountAsync(1);
        await Expect(Matches(page).Locator(".match-version")).ToHaveTextAsync("0");
        await Expect(Matches(page).Locator("mark.match-path")).ToHaveTextAsync("$.customerId");

        // The link is the search: opened afresh, it shows the same.
        var url = page.Url;
        var other = await page.Context.NewPageAsync();
        await other.OpenAsync(url);
        await Expect(Progress(other)).ToContainTextAsync("Done");
        await Expect(Matches(other)).ToHaveCountAsync(1);
        await Expect(other.TextBox("Search for")).ToHaveValueAsync($"customerId = \"{customer}\"");

        // The event is shown with the matched place marked; its links open the timeline there and the commit.
        await Matches(page).GetByRole(AriaRole.Button, new() { Name = "Show events" }).ClickAsync();
        await Expect(page.Locator("mark.json-match")).ToHaveTextAsync(new Regex($"\"customerId\": \"{customer}\""));
        await Matches(page).Locator("a.match-aggregate").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/aggregates/{Order}\\?from=0&expand=0$"));
    });

    [Fact]
    public Task SearchingTheFeedByPathValue_FindsEveryOrderOfTheCustomer() => store.RunAsync(async page =>
    {
        var customer = (await FirstEventAsync(Order)).GetProperty("customerId").GetString()!;
        var query = PayloadQuery.Parse($"customerId = \"{customer}\"");
        var expected = new List<string>();
        await foreach (var update in store.Store.SearchAsync(new SearchRequest { Range = CommitRange.Feed(), Query = query }, CancellationToken.None))
        {
            expected.AddRange(update.NewMatches.Select(m => m.Commit.AggregateId));
        }
        Assert.Contains(Order, expected);

        await page.OpenAsync(SearchUrl($"customerId = \"{customer}\""));

        await Expect(Progress(page)).ToContainTextAsync("Done");
        await Expect(Matches(page).Locator("a.match-aggregate")).ToHaveTextAsync(expected.ToArray());
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "matching commit" }))
            .ToContainTextAsync($"{expected.Count} matching commit");
    });

    [Theory]
    [InlineData("light")]
    [InlineData("dark")]
    public Task TheLongReadPagesHaveNoSeriousAccessibilityViolations(string theme) => store.RunAsync(async page =>
    {
        var violations = new List<string>();
        foreach (var url in new[] { SearchUrl("SKU-1001"), "/search", "/fields?aggregate=" + Order + "&path=sku", "/summary?aggregate=" + Order })
        {
            await page.OpenAsync(url);
            await Expect(page.Locator(".read-progress, .empty-state").First).ToBeVisibleAsync();
            if (url != "/search") await Expect(Progress(page)).ToContainTextAsync("Done");
            violations.AddRange(await page.SeriousViolationsAsync($"{url} ({theme})"));
        }
        Assert.True(violations.Count == 0, $"{violations.Count} serious or critical accessibility violations:\n" + string.Join("\n", violations));
    }, new Browsing { Theme = theme, ColorScheme = theme == "dark" ? ColorScheme.Dark : ColorScheme.Light, EvidenceSuffix = "." + theme });

    [Fact]
    public Task ASearchStoppedAtTheResultLimitContinuesAfterItsLastMatch() => store.RunAsync(async page =>
    {
        // Every ledger commit names a sku: more than one search shows.
        await page.OpenAsync(SearchUrl("sku", DemoAggregates.LongLedger));

        await Expect(Progress(page)).ToContainTextAsync("Stopped: result limit reached");
        await Expect(Matches(page)).ToHaveCountAsync(500);
        var firstShown = await Matches(page).First.Locator(".match-version").TextContentAsync();
        var last = await Matches(page).Last.Locator(".match-version").TextContentAsync();
        await Progress(page).GetByRole(AriaRole.Link, new() { Name = "Continue after the last result" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex($"[?&]after={last}(&|$)"));
        await Expect(Matches(page).First.Locator(".match-version")).Not.ToHaveTextAsync(firstShown!);
        await Expect(Progress(page)).ToContainTextAsync("Stopped: result limit reached");
        var first = long.Parse((await Matches(page).First.Locator(".match-version").TextContentAsync())!, CultureInfo.InvariantCulture);
        Assert.True(first > long.Parse(last!, CultureInfo.InvariantCulture));
    });

    [Fact]
    public Task ABadQueryIsShownAtTheBox() => store.RunAsync(async page =>
    {
        await page.OpenAsync("/search?q=" + Uri.EscapeDataString("orderId ="));

        await Expect(page.GetByText("Nothing follows '='")).ToBeVisibleAsync();
        await Expect(Matches(page)).ToHaveCountAsync(0);
    });

    [Fact]
    public Task FieldHistoryOfADemoEmail_ListsEachChangeWithOldAndNewValues() => store.RunAsync(async page =>
    {
        // An account whose email was changed: found through the data layer, then asked of the page.
        string? account = null;
        await foreach (var update in store.Store.SearchAsync(new SearchRequest { Range = CommitRange.Feed(), Query = PayloadQuery.Parse("type = \"emailChanged\""), MaxMatches = 1 }, CancellationToken.None))
        {
            account ??= update.NewMatches.FirstOrDefault()?.Commit.AggregateId;
        }
        Assert.NotNull(account);
        var created = await FirstEventAsync(account);
        var firstEmail = created.GetProperty("email").GetString()!;

        await page.OpenAsync("/fields?aggregate=" + Uri.EscapeDataString(account) + "&path=email");

        await Expect(Progress(page)).ToContainTextAsync("Done");
        var rows = page.Locator("tr.field-row");
        await Expect(rows.First.Locator("td").Nth(5)).ToContainTextAsync(firstEmail);
        await Expect(rows.Nth(1).Locator("td").Nth(4)).ToContainTextAsync(firstEmail);
        await Expect(rows.Nth(1).Locator("td").Nth(2)).ToContainTextAsync("emailChanged");
        await rows.First.Locator("td").First.GetByRole(AriaRole.Link).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(Regex.Escape("/commit?aggregate=" + Uri.EscapeDataString(account) + "&version=0") + "$"));
    });

    [Fact]
    public Task TheSummaryOfTheAggregateWithSkippedVersions_ListsItsGapsAndTypes() => store.RunAsync(async page =>
    {
        await page.OpenAsync("/summary?aggregate=" + DemoAggregates.SkippedVersions);

        await Expect(Progress(page)).ToContainTextAsync("Done");
        var facts = page.Locator(".summary-facts");
        await Expect(facts).ToContainTextAsync("Missing versions");
        await Expect(page.Locator(".gap-list a")).Not.ToHaveCountAsync(0);
        var type = page.Locator(".type-table a").First;
        var name = await type.TextContentAsync();
        await type.ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/aggregates/{DemoAggregates.SkippedVersions}\\?type={name}$"));
    });

    [Fact]
    public Task TheExportButtonDownloadsTheMatchingCommitsAsJsonLines() => store.RunAsync(async page =>
    {
        var sku = (await FirstEventAsync(Order)).GetProperty("lines")[0].GetProperty("sku").GetString()!;
        await page.OpenAsync(SearchUrl(sku, Order));
        await Expect(Progress(page)).ToContainTextAsync("Done");
        var shown = await Matches(page).CountAsync();

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Export JSONL" }).ClickAsync());

        Assert.Equal($"{Order}-matches-first-last.jsonl", download.SuggestedFilename);
        var path = await download.PathAsync();
        var lines = (await File.ReadAllLinesAsync(path)).Where(l => l.Length > 0).ToList();
        Assert.Equal(shown, lines.Count);
        Assert.All(lines, l => Assert.Equal(Order, JsonDocument.Parse(l).RootElement.GetProperty("aggregateId").GetString()));
        Assert.Contains(sku, lines[0], StringComparison.Ordinal);

        // CSV: one row per event, the header first.
        var csv = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Export CSV" }).ClickAsync());
        var rows = await File.ReadAllLinesAsync(await csv.PathAsync());
        Assert.Equal("aggregateId,version,commitId,committedAt,committedAtRaw,eventIndex,eventType,payload,problems", rows[0]);
        Assert.StartsWith(Order + ",0,", rows[1], StringComparison.Ordinal);
    });
}

/// <summary>Cancelling a search that hangs on the database: it stops at once and frees the user's scan place.</summary>
public sealed class SearchCancelJourneys(SlowStoreFixture store) : IClassFixture<SlowStoreFixture>
{
    [Fact]
    public Task CancellingAHungSearchStopsItAndAnotherCanRun() => store.RunAsync(async page =>
    {
        await page.OpenAsync("/search");
        store.Faults.Inject(ProxyFault.Stall.On("Query"));
        try
        {
            await page.TextBox("Search for").FillAsync("counted");
            await page.TextBox("Aggregate id").FillAsync(SlowStoreFixture.Aggregate);
            await page.GetByRole(AriaRole.Button, new() { Name = "Search", Exact = true }).ClickAsync();
            await Expect(page.Locator(".read-progress")).ToContainTextAsync("Reading…");
            await page.Locator(".read-progress").GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
            await Expect(page.Locator(".read-progress")).ToContainTextAsync("Cancelled");
        }
        finally
        {
            store.Faults.Heal();
        }

        // One scan place per user here: the cancelled search gave its place back.
        await page.OpenAsync(SearchJourneys.SearchUrl("counted", SlowStoreFixture.Aggregate));
        await Expect(page.Locator(".read-progress")).ToContainTextAsync("Done");
        await Expect(page.Locator("li.search-match")).ToHaveCountAsync(3);
        await Expect(page.MessageBar()).ToHaveCountAsync(0);
    });
}
