using Bunit;
using EventExplorer.Tests.Infrastructure;
using EventExplorer.Web.Components.Pages.Aggregates;
using Microsoft.AspNetCore.Components;

namespace EventExplorer.Tests.Web.Components.Pages;

/// <summary>The aggregates page over the real store on dynalite.</summary>
public sealed class AggregatesPageTests(DynaliteFixture dynalite) : IClassFixture<DynaliteFixture>
{
    private static async Task TypeAndSubmitAsync(IRenderedComponent<Aggregates> page, string selector, string text)
    {
        await page.Find(selector).InputAsync(new ChangeEventArgs { Value = text });
        await page.Find(selector).Closest("form")!.SubmitAsync();
    }

    [Fact]
    public async Task Lookup_PastedIdWithSpacesAround_OpensTheTrimmedId()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await bed.AddManyAsync("order-1", 1);
        await using var ctx = new BunitContext();
        ctx.AddExplorer(bed);
        var page = ctx.RenderPage<Aggregates>("/aggregates");
        page.WaitForAssertion(() => Assert.Single(page.FindAll(".recent-table tbody tr")));

        await TypeAndSubmitAsync(page, "#lookup-id", "  order-1 ");

        page.WaitForAssertion(() => Assert.Equal("/aggregates/order-1", ctx.Location()));
    }

    [Fact]
    public async Task Lookup_NotFoundEvenAsTyped_SaysTheSpacesWereRemovedAndShowsTheTrimmedId()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await bed.AddManyAsync("order-1", 1);
        await using var ctx = new BunitContext();
        ctx.AddExplorer(bed);
        var page = ctx.RenderPage<Aggregates>("/aggregates");
        page.WaitForAssertion(() => Assert.Single(page.FindAll(".recent-table tbody tr")));

        await TypeAndSubmitAsync(page, "#lookup-id", " ghost ");

        page.WaitForAssertion(() => Assert.Contains(
            "No aggregate with id \"ghost\" (spaces around the pasted id were removed; it was not found with them either).",
            page.Find(".mud-alert").TextContent, StringComparison.Ordinal));
        Assert.Equal("/aggregates", ctx.Location());
        Assert.Equal("ghost", page.Find("#lookup-id").GetAttribute("value"));
    }

    [Fact]
    public async Task RecentlyActive_ListsAggregatesWithLinksAndHeadVersions()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await bed.AddManyAsync("tenant/1", 3);
        await bed.AddManyAsync("order 2", 1);
        await using var ctx = new BunitContext();
        ctx.AddExplorer(bed);

        var page = ctx.RenderPage<Aggregates>("/aggregates");

        page.WaitForAssertion(() => Assert.Equal(["order 2", "tenant/1"], page.FindAll(".recent-table tbody tr").Select(r => r.QuerySelector("a")!.TextContent)));
        var rows = page.FindAll(".recent-table tbody tr");
        Assert.Equal("/aggregates/tenant%2F1", rows[1].QuerySelector("a")!.GetAttribute("href"));
        Assert.Equal("2", rows[1].QuerySelectorAll("td")[1].TextContent.Trim());
        Assert.Contains("From the newest 4 commits of the feed.", page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PrefixFromTheLink_PrefillsTheSearchAndSaysWhatItWillReadBeforeScanning()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await bed.AddManyAsync("order-1", 3);
        await bed.ReportCommitTableFiguresAsync(itemCount: 3, sizeBytes: 300);
        await using var ctx = new BunitContext();
        ctx.AddExplorer(bed);

        var page = ctx.RenderPage<Aggregates>("/aggregates?prefix=order-");

        page.WaitForAssertion(() => Assert.Contains("This reads all ~3 items", page.Find("#scan-plan").TextContent, StringComparison.Ordinal));
        Assert.Equal("order-", page.Find("#scan-prefix").GetAttribute("value"));
        Assert.Equal(0, bed.Proxy.Count("Scan"));
    }

    [Fact]
    public async Task Scan_ListsMatchesAndSaysExactlyWhatItRead_AndPutsThePrefixInTheAddress()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await bed.AddManyAsync("order-1", 2);
        await bed.AddManyAsync("invoice-1", 3);
        await bed.AddManyAsync("order-2", 1);
        await using var ctx = new BunitContext();
        ctx.AddExplorer(bed);
        var page = ctx.RenderPage<Aggregates>("/aggregates");
        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll(".recent-table tbody tr").Count));

        await TypeAndSubmitAsync(page, "#scan-prefix", "order-");

        Assert.Equal("/aggregates?prefix=order-", ctx.Location());
        page.WaitForAssertion(() => Assert.Equal(["order-1", "order-2"], page.FindAll(".found-table tbody tr a").Select(a => a.TextContent)));
        page.WaitForAssertion(() => Assert.Contains("whole table read", page.Find(".scan-status").TextContent, StringComparison.Ordinal));
        var status = page.Find(".scan-status").TextContent;
        Assert.Contains("Scanned 6 items, matched 3 commits of 2 aggregates", System.Text.RegularExpressions.Regex.Replace(status, @"\s+", " "), StringComparison.Ordinal);
    }
}
