using AngleSharp.Dom;
using Bunit;
using EventExplorer.Web.Components.Pages.Aggregates;

namespace EventExplorer.Tests.Web.Components.Pages;

public sealed class AggregatesPageTests
{
    [Fact]
    public async Task Lookup_PastedIdWithSpacesAround_OpensTheTrimmedId()
    {
        await using var ctx = new BunitContext();
        var fakes = ctx.AddExplorer();
        fakes.Events.AddMany("order-1", 1);
        var page = ctx.RenderPage<Aggregates>("/aggregates");

        page.Find("#lookup-id").Input("  order-1 ");
        await page.Find("#lookup-id").Closest("form")!.SubmitAsync();

        Assert.Equal("/aggregates/order-1", ctx.Location());
    }

    [Fact]
    public async Task Lookup_NotFoundEvenAsTyped_SaysTheSpacesWereRemovedAndShowsTheTrimmedId()
    {
        await using var ctx = new BunitContext();
        var fakes = ctx.AddExplorer();
        fakes.Events.AddMany("order-1", 1);
        var page = ctx.RenderPage<Aggregates>("/aggregates");

        page.Find("#lookup-id").Input(" ghost ");
        await page.Find("#lookup-id").Closest("form")!.SubmitAsync();

        Assert.Equal("/aggregates", ctx.Location());
        page.WaitForAssertion(() => Assert.Contains(
            "No aggregate with id \"ghost\" (spaces around the pasted id were removed; it was not found with them either).",
            page.Find(".mud-alert").TextContent, StringComparison.Ordinal));
        Assert.Equal("ghost", page.Find("#lookup-id").GetAttribute("value"));
    }

    [Fact]
    public async Task RecentlyActive_ListsAggregatesWithLinksAndHeadVersions()
    {
        await using var ctx = new BunitContext();
        var fakes = ctx.AddExplorer();
        fakes.Events.AddMany("tenant/1", 3);
        fakes.Events.AddMany("order 2", 1);

        var page = ctx.RenderPage<Aggregates>("/aggregates");

        var rows = page.FindAll(".recent-table tbody tr");
        Assert.Equal(["order 2", "tenant/1"], rows.Select(r => r.QuerySelector("a")!.TextContent));
        Assert.Equal("/aggregates/tenant%2F1", rows[1].QuerySelector("a")!.GetAttribute("href"));
        Assert.Equal("2", rows[1].QuerySelectorAll("td")[1].TextContent.Trim());
        Assert.Contains("From the newest 4 commits of the feed.", page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PrefixFromTheLink_PrefillsTheSearchAndSaysWhatItWillReadBeforeScanning()
    {
        await using var ctx = new BunitContext();
        var fakes = ctx.AddExplorer();
        fakes.Events.AddMany("order-1", 3);

        var page = ctx.RenderPage<Aggregates>("/aggregates?prefix=order-");

        Assert.Equal("order-", page.Find("#scan-prefix").GetAttribute("value"));
        Assert.Contains("This reads all ~3 items", page.Find("#scan-plan").TextContent, StringComparison.Ordinal);
        Assert.Equal(0, fakes.Events.CallsTo("ScanAggregatesAsync"));
    }

    [Fact]
    public async Task Scan_ListsMatchesAndSaysExactlyWhatItRead_AndPutsThePrefixInTheAddress()
    {
        await using var ctx = new BunitContext();
        var fakes = ctx.AddExplorer();
        fakes.Events.AddMany("order-1", 2);
        fakes.Events.AddMany("invoice-1", 3);
        fakes.Events.AddMany("order-2", 1);
        var page = ctx.RenderPage<Aggregates>("/aggregates");

        page.Find("#scan-prefix").Input("order-");
        await page.Find("#scan-prefix").Closest("form")!.SubmitAsync();

        Assert.Equal("/aggregates?prefix=order-", ctx.Location());
        page.WaitForAssertion(() => Assert.Equal(["order-1", "order-2"], page.FindAll(".found-table tbody tr a").Select(a => a.TextContent)));
        var status = page.Find(".scan-status").TextContent;
        Assert.Contains("Scanned 6 items, matched 3 commits of 2 aggregates", System.Text.RegularExpressions.Regex.Replace(status, @"\s+", " "), StringComparison.Ordinal);
        Assert.Contains("whole table read", status, StringComparison.Ordinal);
    }
}
