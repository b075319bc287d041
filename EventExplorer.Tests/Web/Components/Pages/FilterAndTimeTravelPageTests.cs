using System.Text.RegularExpressions;
using Amazon.DynamoDBv2.Model;
using AngleSharp.Dom;
using Bunit;
using EventExplorer.Data.Model;
using EventExplorer.Tests.Infrastructure;
using EventExplorer.Web.Components.Pages.Feed;
using EventExplorer.Web.Components.Pages.Timeline;
using EventExplorer.Web.Model.Preferences;
using Microsoft.AspNetCore.Components;

namespace EventExplorer.Tests.Web.Components.Pages;

/// <summary>The filter bar, "go to date and time", the row actions and the links to other views, on the timeline and the feed.</summary>
public sealed class FilterAndTimeTravelPageTests(DynaliteFixture dynalite) : IClassFixture<DynaliteFixture>
{
    private static string Text(IElement element) => Regex.Replace(element.TextContent, @"\s+", " ").Trim();

    private static List<string> Versions(IRenderedComponent<Timeline> page) =>
        page.FindAll("tbody tr.commit-row td.version").Select(c => c.TextContent.Trim()).ToList();

    /// <summary>30 commits of order-1, one a second from the bed's epoch; Refunded at versions 3, 17 and 28 only.</summary>
    private static async Task AddOrderWithRareRefundsAsync(StoreBed bed)
    {
        for (var v = 0; v < 30; v++) await bed.AddTypedAsync("order-1", v is 3 or 17 or 28 ? "Refunded" : "Placed");
    }

    [Fact]
    public async Task TimelineFilter_PagesOnWithTheFilterAndClearingItShowsEverything()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await using var ctx = new BunitContext();
        ctx.AddExplorer(bed);
        await AddOrderWithRareRefundsAsync(bed);
        var page = ctx.RenderPage<Timeline>("/aggregates/order-1?size=2&type=Refunded");
        page.WaitForAssertion(() => Assert.Equal(["28", "17"], Versions(page)));
        // A filtered page's first request asks for at least 100 items (most fail a filter): here the whole aggregate.
        Assert.Contains("Read 30 items, shown 2", Text(page.Find(".status-line")), StringComparison.Ordinal);

        ctx.Navigation().NavigateTo(page.FindAll("nav[aria-label='Timeline pages'] a").Single(a => a.TextContent.Contains("Older", StringComparison.Ordinal)).GetAttribute("href")!);

        page.WaitForAssertion(() => Assert.Equal(["3"], Versions(page)));
        Assert.Contains("type=Refunded", ctx.Location(), StringComparison.Ordinal);
        Assert.Equal("Refunded", page.Find("#filter-type").GetAttribute("value"));
        ctx.Navigation().NavigateTo(page.FindAll("a").Single(a => a.TextContent.Trim() == "Clear filter").GetAttribute("href")!);
        page.WaitForAssertion(() => Assert.Equal(["29", "28"], Versions(page)));
    }

    [Fact]
    public async Task TimelineFilter_ThatMatchesNothing_SaysSoPlainly()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await using var ctx = new BunitContext();
        ctx.AddExplorer(bed);
        await AddOrderWithRareRefundsAsync(bed);

        var page = ctx.RenderPage<Timeline>("/aggregates/order-1?type=refunded");

        page.WaitForAssertion(() => Assert.Contains("No commit with a refunded event in this aggregate.", page.Markup, StringComparison.Ordinal));
        Assert.Contains("case-sensitive", page.Markup, StringComparison.Ordinal);
        Assert.Contains("Read 30 items, shown 0", Text(page.Find(".status-line")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TimelineFilter_StoppedByItsBudget_OffersToReadFurther()
    {
        // The budget's read takes one request of about 1 MB, longer than the fault tests' 1 s on a busy machine: the app's own timeouts.
        await using var bed = await StoreBed.CreateAsync(dynalite, requestTimeout: TimeSpan.FromSeconds(4), operationTimeout: TimeSpan.FromSeconds(10));
        await using var ctx = new BunitContext();
        ctx.AddExplorer(bed);
        await bed.AddTypedAsync("order-1", "Refunded");
        // Placed and Shipped by turns: none of them a refund.
        await bed.AddManyAsync("order-1", (int)ReadBudget.Page.MaxItems + 10);
        var page = ctx.RenderPage<Timeline>("/aggregates/order-1?type=Refunded");

        var note = page.WaitForElement(".budget-stop");
        Assert.Contains("The read stopped at its budget (10,000 items or 20 requests per page) before the page was full.", Text(note), StringComparison.Ordinal);
        ctx.Navigation().NavigateTo(note.QuerySelector("a.read-further")!.GetAttribute("href")!);

        page.WaitForAssertion(() => Assert.Equal(["0"], Versions(page)));
        Assert.Equal("/aggregates/order-1?before=11&type=Refunded", ctx.Location());
    }

    [Fact]
    public async Task TimeTravel_TypedInUtc_LandsOnTheCommitMidPageHighlightsItAndSaysWhatItCost()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await using var ctx = new BunitContext();
        ctx.AddExplorer(bed);
        await AddOrderWithRareRefundsAsync(bed);
        var page = ctx.RenderPage<Timeline>("/aggregates/order-1?size=5");
        page.WaitForAssertion(() => Assert.Equal(["29", "28", "27", "26", "25"], Versions(page)));

        await page.Find("#time-travel").InputAsync(new ChangeEventArgs { Value = "2026-11-21 06:00:11.5" });
        await page.Find("form[aria-label='Go to a date and time']").SubmitAsync();

        Assert.Equal("/aggregates/order-1?size=5&at=2026-11-21T06%3A00%3A11.5Z", ctx.Location());
        // Newest first, the landed commit sits mid-page: the moments after it above, before it below.
        page.WaitForAssertion(() => Assert.Equal(["14", "13", "12", "11", "10"], Versions(page)));
        Assert.Equal("12", page.Find("tr.is-target td.version").TextContent.Trim());
        var note = Text(page.Find(".time-travel-note"));
        Assert.Contains("The first commit at or after 2026-11-21 06:00:11.500 is version 12", note, StringComparison.Ordinal);
        Assert.Matches(@"Found in \d+ requests? \(at most \d+ for 30 positions\)", note);
    }

    [Fact]
    public async Task TimeTravel_TypedInLocalTime_PutsUtcInTheLink()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await using var ctx = new BunitContext();
        ctx.AddExplorer(bed);
        await AddOrderWithRareRefundsAsync(bed);
        var berlin = new UserPreferences { Time = TimeDisplay.Local, TimeZone = "Europe/Berlin" };
        ctx.Navigation().NavigateTo("/aggregates/order-1");
        ctx.Popovers();
        var host = ctx.Render<CascadingValue<UserPreferences>>(p => p.Add(c => c.Value, berlin).AddChildContent<Timeline>(t => t.Add(x => x.AggregatePath, "order-1")));

        host.WaitForAssertion(() => Assert.Contains("Go to date and time (local)", host.Markup, StringComparison.Ordinal));
        await host.Find("#time-travel").InputAsync(new ChangeEventArgs { Value = "2026-11-21 07:00:20" });
        await host.Find("form[aria-label='Go to a date and time']").SubmitAsync();

        Assert.Equal("/aggregates/order-1?at=2026-11-21T06%3A00%3A20Z", ctx.Location());
    }

    [Fact]
    public async Task TimeTravel_NotATime_IsRefusedInTheBoxWithoutLeavingThePage()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await using var ctx = new BunitContext();
        ctx.AddExplorer(bed);
        await AddOrderWithRareRefundsAsync(bed);
        var page = ctx.RenderPage<Timeline>("/aggregates/order-1");
        page.WaitForAssertion(() => Assert.Equal(25, Versions(page).Count));

        await page.Find("#time-travel").InputAsync(new ChangeEventArgs { Value = "next tuesday" });
        await page.Find("form[aria-label='Go to a date and time']").SubmitAsync();

        Assert.Equal("/aggregates/order-1", ctx.Location());
        Assert.Contains("'next tuesday' is not a date and time like 2026-10-02 14:34 (UTC).", page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TimeTravel_ALinkWithATimeWithoutZone_SaysWhyAndShowsTheNewestPage()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await using var ctx = new BunitContext();
        ctx.AddExplorer(bed);
        await AddOrderWithRareRefundsAsync(bed);

        var page = ctx.RenderPage<Timeline>("/aggregates/order-1?size=2&at=2026-11-21T06:00:10");

        page.WaitForAssertion(() => Assert.Equal(["29", "28"], Versions(page)));
        Assert.Contains("The time to go to '2026-11-21T06:00:10' is not a date and time like 2026-10-02T14:34Z", Text(page.Find(".message-bar")), StringComparison.Ordinal);
        Assert.Empty(page.FindAll(".time-travel-note"));
    }

    [Fact]
    public async Task TimeTravel_PastTheLastCommit_SaysNothingIsThere()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await using var ctx = new BunitContext();
        ctx.AddExplorer(bed);
        await AddOrderWithRareRefundsAsync(bed);

        var page = ctx.RenderPage<Timeline>("/aggregates/order-1?size=2&at=2030-01-01T00:00Z");

        Assert.Contains("No commit is at or after 2030-01-01 00:00:00.000: showing the newest commits.", Text(page.WaitForElement(".time-travel-note")), StringComparison.Ordinal);
        Assert.Equal(["29", "28"], Versions(page));
    }

    [Fact]
    public async Task TimeTravel_WhereCommittedAtIsMissing_WarnsThatTheLandingMayBeOff()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await using var ctx = new BunitContext();
        ctx.AddExplorer(bed);
        // Version 0 as another program wrote it, without committedAt: it may belong at or after the time gone to.
        await bed.PutRawAsync(new()
        {
            ["aggregateId"] = new AttributeValue { S = "legacy" },
            ["version"] = new AttributeValue { N = "0" },
            ["commitId"] = new AttributeValue { N = "900" },
            ["events"] = new AttributeValue { S = "[]" },
            ["active"] = new AttributeValue { S = "t" },
        });
        for (var v = 1; v < 4; v++) await bed.AddAtAsync("legacy", v, """[{"type":"A"}]""");

        var page = ctx.RenderPage<Timeline>("/aggregates/legacy?at=2026-11-21T06:00:00Z");

        page.WaitForElement("tr.is-target");
        var warning = page.FindAll("[role=note]").Single(n => n.TextContent.Contains("The landing may be off", StringComparison.Ordinal));
        Assert.Contains("committedAt is missing on version 0 just before the answer", warning.TextContent, StringComparison.Ordinal);
        Assert.Equal("1", page.Find("tr.is-target td.version").TextContent.Trim());
    }

    [Fact]
    public async Task TimelineRows_OpenTheCommitPageAndCompareWithThePreviousVersion()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await using var ctx = new BunitContext();
        ctx.AddExplorer(bed);
        await bed.AddManyAsync("tenant/1", 2);

        var page = ctx.RenderPage<Timeline>("/aggregates/tenant%2F1");

        Assert.Equal("/commit?aggregate=tenant%2F1&version=1", page.WaitForElement("a[aria-label='Open commit version 1']").GetAttribute("href"));
        Assert.Equal("/compare?aggregate=tenant%2F1&left=0&right=1", page.Find("a[aria-label='Compare version 1 with the previous version']").GetAttribute("href"));
        Assert.Equal("Compare with previous", page.Find("a[aria-label='Compare version 1 with the previous version']").GetAttribute("title"));
        Assert.Empty(page.FindAll("a[aria-label='Compare version 0 with the previous version']"));
    }

    [Fact]
    public async Task TimelineToolbar_LinksToTheAggregatesSummaryFieldsSearchAndExportWithTheFilter()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await using var ctx = new BunitContext();
        ctx.AddExplorer(bed);
        await AddOrderWithRareRefundsAsync(bed);

        var page = ctx.RenderPage<Timeline>("/aggregates/order-1?type=Refunded");

        page.WaitForAssertion(() => Assert.Equal(["28", "17", "3"], Versions(page)));
        var links = page.Find("nav[aria-label='This aggregate']").QuerySelectorAll("a").ToDictionary(a => Text(a), a => a.GetAttribute("href"));
        Assert.Equal("/summary?aggregate=order-1", links["Summary"]);
        Assert.Equal("/fields?aggregate=order-1", links["Field history"]);
        Assert.Equal("/search?aggregate=order-1", links["Search in this aggregate"]);
        Assert.Equal("/export?aggregate=order-1&type=Refunded&format=jsonl", links["Export JSONL"]);
        Assert.Equal("/export?aggregate=order-1&type=Refunded&format=csv", links["Export CSV"]);
    }

    [Fact]
    public async Task FeedFilter_ByPrefix_ShowsOnlyThoseAggregatesAndOpensTheirCommits()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await using var ctx = new BunitContext();
        ctx.AddExplorer(bed);
        for (var i = 0; i < 5; i++)
        {
            await bed.AddTypedAsync("order-" + i, "Placed");
            await bed.AddTypedAsync("invoice-" + i, "Paid");
        }
        var page = ctx.RenderPage<Feed>("/feed");
        page.WaitForAssertion(() => Assert.Equal(10, page.FindAll("tr.commit-row").Count));

        await page.Find("#filter-prefix").InputAsync(new ChangeEventArgs { Value = "invoice-" });
        await page.Find("form[aria-label='Filter']").SubmitAsync();

        Assert.Equal("/feed?prefix=invoice-", ctx.Location());
        page.WaitForAssertion(() => Assert.Equal(5, page.FindAll("tr.commit-row").Count));
        Assert.All(page.FindAll("td.aggregate-cell"), c => Assert.StartsWith("invoice-", c.TextContent.Trim(), StringComparison.Ordinal));
        Assert.Contains("Read 10 items, shown 5 (commits whose aggregate id starts with \"invoice-\")", Text(page.Find(".status-line")), StringComparison.Ordinal);
        Assert.Equal("/commit?aggregate=invoice-4&version=0", page.Find("a[aria-label='Open commit commit 10']").GetAttribute("href"));
        Assert.Empty(page.FindAll("a.compare-previous"));
        var links = page.Find("nav[aria-label='The feed elsewhere']").QuerySelectorAll("a").ToDictionary(a => Text(a), a => a.GetAttribute("href"));
        Assert.Equal("/search", links["Search"]);
        Assert.Equal("/export?from=2&prefix=invoice-&format=csv", links["Export CSV"]);
    }

    [Fact]
    public async Task FeedTimeTravel_LandsOnTheCommitAndCanBeReloaded()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await using var ctx = new BunitContext();
        ctx.AddExplorer(bed);
        for (var i = 0; i < 10; i++) await bed.AddTypedAsync("order-" + i, "Placed");
        var page = ctx.RenderPage<Feed>("/feed?size=3");
        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("tr.commit-row").Count));

        await page.Find("#time-travel").InputAsync(new ChangeEventArgs { Value = "2026-11-21T06:00:04Z" });
        await page.Find("form[aria-label='Go to a date and time']").SubmitAsync();

        Assert.Equal("/feed?size=3&at=2026-11-21T06%3A00%3A04Z", ctx.Location());
        page.WaitForAssertion(() => Assert.Equal("order-4", page.Find("tr.is-target td.aggregate-cell").TextContent.Trim()));
        Assert.Contains("is commit id 5 (order-4 v0)", Text(page.Find(".time-travel-note")), StringComparison.Ordinal);
        Assert.Equal("2026-11-21 06:00:04", page.Find("#time-travel").GetAttribute("value"));
    }
}
