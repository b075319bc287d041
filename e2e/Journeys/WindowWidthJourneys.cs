using EventExplorer.Data.Demo;
using EventExplorer.E2E.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EventExplorer.E2E.Journeys;

/// <summary>
/// The app in a window of 800, 1,024 and 1,440 px, with the demo store: every page fits without
/// scrolling sideways (tables turn their rows into cards rather than clip columns), the app bar keeps
/// the UTC/Local switch whole, and the filter's fields look alike.
/// </summary>
[Collection(DemoStoreCollection.Name)]
public sealed class WindowWidthJourneys(DemoStoreFixture store)
{
    private const string Ledger = DemoAggregates.LongLedger;
    private const string Order = "order-2024-000100";

    /// <summary>Each page, and what shows that it has rendered its content.</summary>
    private static readonly (string Name, string Url, Func<IPage, ILocator> Ready)[] Pages =
    [
        ("overview", "/", p => p.GetByRole(AriaRole.Region, new() { Name = "Store" })),
        ("aggregates", "/aggregates", p => p.GetByRole(AriaRole.Columnheader, new() { Name = "Last commit" })),
        ("timeline", $"/aggregates/{Ledger}", p => p.CommitRows().First),
        ("timeline with an opened commit", $"/aggregates/{Ledger}?from=2000&expand=2000", p => p.VersionDetails(2000)),
        ("feed", "/feed", p => p.FeedCommitIds().First),
        ("search", SearchJourneys.SearchUrl("total", Order), p => p.Locator("li.search-match").First),
        ("snapshot list", "/snapshots", p => p.SnapshotListLinks().First),
        ("snapshot", "/snapshots/" + Ledger, p => p.GetByRole(AriaRole.List, new() { Name = "JSON tree" })),
        ("snapshot diff", $"/snapshots/diff?left={DemoStoreFixture.LeftSnapshot}&right={DemoStoreFixture.RightSnapshot}", p => p.Locator(".json-diff-table")),
        ("compare commits", $"/compare?aggregate={Order}&left=0&right=1", p => p.Locator(".compare-columns")),
        ("commit", $"/commit?aggregate={Order}&version=0", p => p.MainHeading()),
        ("summary", "/summary?aggregate=" + DemoAggregates.SkippedVersions, p => p.Locator(".summary-facts")),
        ("field history", $"/fields?aggregate={Order}&path=total", p => p.Locator(".read-progress").GetByText("Done")),
        ("state", $"/state?aggregate={Order}", p => p.Locator(".state-json")),
        ("append", $"/append?aggregate={Ledger}", p => p.TextBox("Version")),
    ];

    /// <summary>
    /// What scrolls sideways: the document, and any element of the page whose content is wider than
    /// it and that scrolls (a table in a panel clips its last columns that way while the page fits).
    /// Text cut with an ellipsis on purpose (long ids, with the whole id in the tooltip) does not count.
    /// </summary>
    internal const string SidewaysScrolling = """
        () => {
          const found = [];
          const root = document.documentElement;
          if (root.scrollWidth > root.clientWidth) found.push(`the page is ${root.scrollWidth} px wide in a ${root.clientWidth} px window`);
          for (const e of document.querySelectorAll('header *, main *')) {
            const style = getComputedStyle(e);
            if (!['auto', 'scroll'].includes(style.overflowX) || style.textOverflow === 'ellipsis') continue;
            if (e.scrollWidth > e.clientWidth + 1) found.push(`${e.tagName.toLowerCase()}.${[...e.classList].join('.')} scrolls: ${e.scrollWidth} px of content in ${e.clientWidth} px`);
          }
          return found;
        }
        """;

    [Theory]
    [InlineData(800)]
    [InlineData(1024)]
    [InlineData(1440)]
    public Task EveryPageFitsTheWindowWithoutScrollingSideways(int width) => store.RunAsync(async page =>
    {
        var problems = new List<string>();
        foreach (var (name, url, ready) in Pages)
        {
            await page.OpenAsync(url);
            await Expect(ready(page)).ToBeVisibleAsync();
            try
            {
                // The circuit renders the page again after its prerendered first paint: wait for the layout that stays.
                await page.WaitForFunctionAsync($"() => ({SidewaysScrolling})().length === 0", null, new() { Timeout = 5_000, PollingInterval = 100 });
            }
            catch (TimeoutException)
            {
                problems.AddRange((await page.EvaluateAsync<string[]>(SidewaysScrolling)).Select(p => $"{name} ({url}): {p}"));
            }
        }
        Assert.True(problems.Count == 0, $"At {width} px:\n" + string.Join("\n", problems));
    }, new Browsing { Width = width, Height = 900, EvidenceSuffix = "." + width });

    [Theory]
    [InlineData(800)]
    [InlineData(1024)]
    public Task TheAppBarShowsTheTimeSwitchWhole(int width) => store.RunAsync(async page =>
    {
        await page.OpenAsync("/feed");
        var choices = page.GetByRole(AriaRole.Group, new() { Name = "Show times in" }).GetByRole(AriaRole.Checkbox);

        await Expect(choices).ToHaveTextAsync(["UTC", "Local"]);
        foreach (var choice in await choices.AllAsync())
        {
            // Squeezed, the buttons cut their words ("JTC", "oca"): the text is wider than the button.
            var text = (await choice.InnerTextAsync()).Trim();
            var cut = await choice.EvaluateAsync<bool>("b => b.scrollWidth > b.clientWidth");
            Assert.False(cut, $"'{text}' is cut off at {width} px.");
            Assert.True(await choice.IsInViewportAsync(), $"'{text}' is outside the window at {width} px.");
        }
        var bar = await page.Locator("header").EvaluateAsync<int[]>("h => [h.scrollWidth, h.clientWidth]");
        Assert.True(bar[0] <= bar[1], $"The app bar's content is {bar[0]} px wide in {bar[1]} px.");
    }, new Browsing { Width = width, Height = 900, EvidenceSuffix = "." + width });

    [Fact]
    public Task TheFeedsFilterFieldsLookAlike() => store.RunAsync(async page =>
    {
        await page.OpenAsync("/feed");
        await Expect(page.GetByRole(AriaRole.Textbox, new() { Name = "Aggregate id starts with" })).ToBeVisibleAsync();

        await Expect(page.FeedCommitIds().First).ToBeVisibleAsync();

        // One measurement of all four boxes: the page may still move as a whole (a status line arriving), never one field alone.
        var boxes = await page.EvaluateAsync<double[]>("""
            () => ['#filter-type', '#filter-prefix', 'label[for=filter-type]', 'label[for=filter-prefix]']
              .map(s => document.querySelector(s).getBoundingClientRect()).flatMap(r => [r.top, r.height])
            """);
        Assert.Equal(boxes[0], boxes[2], 1);
        Assert.Equal(boxes[1], boxes[3], 1);
        // Both labels sit on the field's border (an empty field without a hint shows its label inside, in another size).
        Assert.Equal(boxes[4], boxes[6], 1);
        Assert.Equal(boxes[5], boxes[7], 1);
    }, new Browsing { Width = 800, Height = 900 });
}

/// <summary>A commit whose event types are long: its row keeps its action icons in sight at every width.</summary>
[Collection(WritableStoreCollection.Name)]
public sealed class WindowWidthWritableJourneys(WritableStoreFixture store)
{
    private const string Aggregate = "e2e-long-event-types";

    [Theory]
    [InlineData(800)]
    [InlineData(1024)]
    [InlineData(1440)]
    public async Task LongEventTypes_WrapInsteadOfPushingTheRowsActionsOut(int width)
    {
        if ((await store.ReadAllAsync(Aggregate)).Count == 0)
        {
            var type = "customerShippingAddressChangedAfterTheOrderWasPlacedAndVerifiedByTheWarehouse";
            await store.AppendAsync(Aggregate, 0, $$"""[{"type":"{{type}}1"},{"type":"{{type}}2"},{"type":"{{type}}3"},{"type":"{{type}}4"}]""");
        }

        await store.RunAsync(async page =>
        {
            foreach (var url in new[] { "/aggregates/" + Aggregate, "/feed" })
            {
                await page.OpenAsync(url);
                var row = page.CommitRows().Filter(new() { HasText = "VerifiedByTheWarehouse1" });
                await Expect(row).ToBeVisibleAsync();
                foreach (var action in await row.Locator("td.actions-col > :is(a, button)").AllAsync())
                {
                    // Within the table's box and the window, side to side (the row may be below the fold).
                    var inside = await action.EvaluateAsync<bool>("""
                        a => { const r = a.getBoundingClientRect(), t = a.closest('.commit-table').getBoundingClientRect();
                               return r.width > 0 && r.left >= t.left && r.right <= t.right && r.right <= document.documentElement.clientWidth; }
                        """);
                    Assert.True(inside, $"At {width} px on {url}, a row action is out of sight: {await action.GetAttributeAsync("aria-label")}");
                }
                var scrolls = await page.Locator(".commit-table .mud-table-container").EvaluateAsync<bool>("c => c.scrollWidth > c.clientWidth + 1");
                Assert.False(scrolls, $"At {width} px on {url}, the commit table scrolls sideways.");
            }
        }, new Browsing { Width = width, Height = 900, EvidenceSuffix = "." + width });
    }
}
