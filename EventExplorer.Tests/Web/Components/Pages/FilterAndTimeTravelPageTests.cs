using System.Text.RegularExpressions;
using AngleSharp.Dom;
using Bunit;
using EventExplorer.Data.Model;
using EventExplorer.Tests.Fakes;
using EventExplorer.Web.Components.Pages.Feed;
using EventExplorer.Web.Components.Pages.Timeline;
using EventExplorer.Web.Model.Preferences;
using Microsoft.AspNetCore.Components;

namespace EventExplorer.Tests.Web.Components.Pages;

/// <summary>The filter bar, "go to date and time", the row actions and the links to other views, on the timeline and the feed.</summary>
public sealed class FilterAndTimeTravelPageTests
{
    private static string Text(IElement element) => Regex.Replace(element.TextContent, @"\s+", " ").Trim();

    private static List<string> Versions(IRenderedComponent<Timeline> page) =>
        page.FindAll("tbody tr.commit-row td.version").Select(c => c.TextContent.Trim()).ToList();

    /// <summary>30 commits of order-1, one a second from the fake's epoch; Refunded at versions 3, 17 and 28 only.</summary>
    private static void AddOrderWithRareRefunds(FakeEventStore store)
    {
        for (var v = 0; v < 30; v++) store.AddTyped("order-1", v is 3 or 17 or 28 ? "Refunded" : "Placed");
    }

    [Fact]
    public async Task TimelineFilter_PagesOnWithTheFilterAndClearingItShowsEverything()
    {
        await using var ctx = new BunitContext();
        var fakes = ctx.AddExplorer();
        AddOrderWithRareRefunds(fakes.Events);
        var page = ctx.RenderPage<Timeline>("/aggregates/order-1?size=2&type=Refunded");
        Assert.Equal(["28", "17"], Versions(page));
        Assert.Contains("Read 13 items, shown 2", Text(page.Find(".status-line")), StringComparison.Ordinal);

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
        await using var ctx = new BunitContext();
        var fakes = ctx.AddExplorer();
        AddOrderWithRareRefunds(fakes.Events);

        var page = ctx.RenderPage<Timeline>("/aggregates/order-1?type=refunded");

        Assert.Contains("No commit with a refunded event in this aggregate.", page.Markup, StringComparison.Ordinal);
        Assert.Contains("case-sensitive", page.Markup, StringComparison.Ordinal);
        Assert.Contains("Read 30 items, shown 0", Text(page.Find(".status-line")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TimelineFilter_StoppedByItsBudget_OffersToReadFurther()
    {
        await using var ctx = new BunitContext();
        var fakes = ctx.AddExplorer();
        fakes.Events.AddTyped("order-1", "Refunded");
        for (var v = 1; v <= ReadBudget.Page.MaxItems + 10; v++) fakes.Events.AddTyped("order-1", "Placed");
        var page = ctx.RenderPage<Timeline>("/aggregates/order-1?type=Refunded");

        var note = page.Find(".budget-stop");
        Assert.Contains("The read stopped at its budget (10,000 items or 20 requests per page) before the page was full.", Text(note), StringComparison.Ordinal);
        ctx.Navigation().NavigateTo(note.QuerySelector("a.read-further")!.GetAttribute("href")!);

        page.WaitForAssertion(() => Assert.Equal(["0"], Versions(page)));
        Assert.Equal("/aggregates/order-1?before=11&type=Refunded", ctx.Location());
    }

    [Fact]
    public async Task TimeTravel_TypedInUtc_LandsOnTheCommitMidPageHighlightsItAndSaysWhatItCost()
    {
        await using var ctx = new BunitContext();
        var fakes = ctx.AddExplorer();
        AddOrderWithRareRefunds(fakes.Events);
        var page = ctx.RenderPage<Timeline>("/aggregates/order-1?size=5");

        page.Find("#time-travel").Input("2026-11-21 06:00:11.5");
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
        await using var ctx = new BunitContext();
        var fakes = ctx.AddExplorer();
        AddOrderWithRareRefunds(fakes.Events);
        var berlin = new UserPreferences { Time = TimeDisplay.Local, TimeZone = "Europe/Berlin" };
        ctx.Navigation().NavigateTo("/aggregates/order-1");
        ctx.Popovers();
        var host = ctx.Render<CascadingValue<UserPreferences>>(p => p.Add(c => c.Value, berlin).AddChildContent<Timeline>(t => t.Add(x => x.AggregatePath, "order-1")));

        Assert.Contains("Go to date and time (local)", host.Markup, StringComparison.Ordinal);
        host.Find("#time-travel").Input("2026-11-21 07:00:20");
        await host.Find("form[aria-label='Go to a date and time']").SubmitAsync();

        Assert.Equal("/aggregates/order-1?at=2026-11-21T06%3A00%3A20Z", ctx.Location());
    }

    [Fact]
    public async Task TimeTravel_NotATime_IsRefusedInTheBoxWithoutLeavingThePage()
    {
        await using var ctx = new BunitContext();
        var fakes = ctx.AddExplorer();
        AddOrderWithRareRefunds(fakes.Events);
        var page = ctx.RenderPage<Timeline>("/aggregates/order-1");

        page.Find("#time-travel").Input("next tuesday");
        await page.Find("form[aria-label='Go to a date and time']").SubmitAsync();

        Assert.Equal("/aggregates/order-1", ctx.Location());
        Assert.Contains("'next tuesday' is not a date and time like 2026-10-02 14:34 (UTC).", page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TimeTravel_ALinkWithATimeWithoutZone_SaysWhyAndShowsTheNewestPage()
    {
        await using var ctx = new BunitContext();
        var fakes = ctx.AddExplorer();
        AddOrderWithRareRefunds(fakes.Events);

        var page = ctx.RenderPage<Timeline>("/aggregates/order-1?size=2&at=2026-11-21T06:00:10");

        Assert.Contains("The time to go to '2026-11-21T06:00:10' is not a date and time like 2026-10-02T14:34Z", Text(page.Find(".message-bar")), StringComparison.Ordinal);
        Assert.Equal(["29", "28"], Versions(page));
        Assert.Empty(page.FindAll(".time-travel-note"));
    }

    [Fact]
    public async Task TimeTravel_PastTheLastCommit_SaysNothingIsThere()
    {
        await using var ctx = new BunitContext();
        var fakes = ctx.AddExplorer();
        AddOrderWithRareRefunds(fakes.Events);

        var page = ctx.RenderPage<Timeline>("/aggregates/order-1?size=2&at=2030-01-01T00:00Z");

        Assert.Contains("No commit is at or after 2030-01-01 00:00:00.000: showing the newest commits.", Text(page.Find(".time-travel-note")), StringComparison.Ordinal);
        Assert.Equal(["29", "28"], Versions(page));
    }

    [Fact]
    public async Task TimeTravel_WhereCommittedAtIsMissing_WarnsThatTheLandingMayBeOff()
    {
        await using var ctx = new BunitContext();
        var fakes = ctx.AddExplorer();
        fakes.Events.AddRaw(new Commit { AggregateId = "legacy", Version = 0, CommitId = CommitId.FromNumber(900), CommittedAt = null, EventsJson = "[]", Events = [] });
        for (var v = 1; v < 4; v++) fakes.Events.AddAt("legacy", v, """[{"type":"A"}]""");

        var page = ctx.RenderPage<Timeline>("/aggregates/legacy?at=2026-11-21T06:00:01Z");

        var warning = page.FindAll("[role=note]").Single(n => n.TextContent.Contains("The landing may be off", StringComparison.Ordinal));
        Assert.Contains("committedAt is missing", warning.TextContent, StringComparison.Ordinal);
        Assert.Equal("2", page.Find("tr.is-target td.version").TextContent.Trim());
    }

    [Fact]
    public async Task TimelineRows_OpenTheCommitPageAndCompareWithThePreviousVersion()
    {
        await using var ctx = new BunitContext();
        var fakes = ctx.AddExplorer();
        fakes.Events.AddMany("tenant/1", 2);

        var page = ctx.RenderPage<Timeline>("/aggregates/tenant%2F1");

        Assert.Equal("/commit?aggregate=tenant%2F1&version=1", page.Find("a[aria-label='Open commit version 1']").GetAttribute("href"));
        Assert.Equal("/compare?aggregate=tenant%2F1&left=0&right=1", page.Find("a[aria-label='Compare version 1 with the previous version']").GetAttribute("href"));
        Assert.Equal("Compare with previous", page.Find("a[aria-label='Compare version 1 with the previous version']").GetAttribute("title"));
        Assert.Empty(page.FindAll("a[aria-label='Compare version 0 with the previous version']"));
    }

    [Fact]
    public async Task TimelineToolbar_LinksToTheAggregatesSummaryFieldsSearchAndExportWithTheFilter()
    {
        await using var ctx = new BunitContext();
        var fakes = ctx.AddExplorer();
        AddOrderWithRareRefunds(fakes.Events);

        var page = ctx.RenderPage<Timeline>("/aggregates/order-1?type=Refunded");

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
        await using var ctx = new BunitContext();
        var fakes = ctx.AddExplorer();
        for (var i = 0; i < 5; i++)
        {
            fakes.Events.AddTyped("order-" + i, "Placed");
            fakes.Events.AddTyped("invoice-" + i, "Paid");
        }
        var page = ctx.RenderPage<Feed>("/feed");

        page.Find("#filter-prefix").Input("invoice-");
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
        await using var ctx = new BunitContext();
        var fakes = ctx.AddExplorer();
        for (var i = 0; i < 10; i++) fakes.Events.AddTyped("order-" + i, "Placed");
        var page = ctx.RenderPage<Feed>("/feed?size=3");

        page.Find("#time-travel").Input("2026-11-21T06:00:04Z");
        await page.Find("form[aria-label='Go to a date and time']").SubmitAsync();

        Assert.Equal("/feed?size=3&at=2026-11-21T06%3A00%3A04Z", ctx.Location());
        page.WaitForAssertion(() => Assert.Equal("order-4", page.Find("tr.is-target td.aggregate-cell").TextContent.Trim()));
        Assert.Contains("is commit id 5 (order-4 v0)", Text(page.Find(".time-travel-note")), StringComparison.Ordinal);
        Assert.Equal("2026-11-21 06:00:04", page.Find("#time-travel").GetAttribute("value"));
    }
}
