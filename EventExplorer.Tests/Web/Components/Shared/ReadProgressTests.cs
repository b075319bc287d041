using Bunit;
using EventExplorer.Data.Model;
using EventExplorer.Web.Components.Shared;
using Microsoft.AspNetCore.Components;

namespace EventExplorer.Tests.Web.Components.Shared;

public sealed class ReadProgressTests
{
    [Fact]
    public async Task Running_WithAnEstimate_ShowsHowMuchOfItWasReadAndACancelButton()
    {
        await using var ctx = new BunitContext();
        ctx.AddExplorerWithoutStores();
        var cancelled = false;

        var progress = ctx.RenderWithPopovers<ReadProgress>(p => p
            .Add(x => x.Running, true)
            .Add(x => x.Cost, new ReadCost { ItemsRead = 1200, CapacityUnits = 30, Requests = 2 })
            .Add(x => x.EstimatedItems, 4800)
            .Add(x => x.OnCancel, EventCallback.Factory.Create(this, () => cancelled = true)));

        var text = progress.Find(".read-line").TextContent;
        Assert.Contains("Reading…", text, StringComparison.Ordinal);
        Assert.Contains("read 1,200 of ~4,800 items", text, StringComparison.Ordinal);
        Assert.Contains("30.0 RCU", text, StringComparison.Ordinal);
        Assert.Contains("~120 RCU at the rate so far", progress.Find(".read-estimate").TextContent, StringComparison.Ordinal);
        Assert.Equal("25", progress.Find("[role=progressbar]").GetAttribute("aria-valuenow"));
        await progress.FindAll("button").Single(b => b.TextContent.Contains("Cancel", StringComparison.Ordinal)).ClickAsync(new());
        Assert.True(cancelled);
    }

    [Fact]
    public async Task Running_WithoutAnEstimate_IsIndeterminateWithTheCount()
    {
        await using var ctx = new BunitContext();
        ctx.AddExplorerWithoutStores();

        var progress = ctx.RenderWithPopovers<ReadProgress>(p => p.Add(x => x.Running, true).Add(x => x.Cost, new ReadCost { ItemsRead = 1 }));

        Assert.Contains("read 1 item", progress.Find(".read-line").TextContent, StringComparison.Ordinal);
        Assert.Contains("mud-progress-indeterminate", progress.Find(".mud-progress-linear").ClassName, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StoppedByTheBudget_OffersToContinueAndNoCancel()
    {
        await using var ctx = new BunitContext();
        ctx.AddExplorerWithoutStores();

        var progress = ctx.RenderWithPopovers<ReadProgress>(p => p
            .Add(x => x.State, ReadState.BudgetExhausted)
            .Add(x => x.Cost, new ReadCost { ItemsRead = 250_000 })
            .Add(x => x.ContinueUrl, "/search?q=x&after=41")
            .Add(x => x.OnCancel, EventCallback.Factory.Create(this, () => { })));

        Assert.Contains("Stopped: read budget reached", progress.Markup, StringComparison.Ordinal);
        var link = progress.Find("a.read-continue");
        Assert.Equal("Budget reached: continue", link.TextContent.Trim());
        Assert.Equal("/search?q=x&after=41", link.GetAttribute("href"));
        Assert.Empty(progress.FindAll("button"));
        Assert.Empty(progress.FindAll(".mud-progress-linear"));
    }

    [Fact]
    public async Task EndedPartWay_SaysStoppedNotDone()
    {
        await using var ctx = new BunitContext();
        ctx.AddExplorerWithoutStores();

        var progress = ctx.RenderWithPopovers<ReadProgress>(p => p.Add(x => x.State, ReadState.Reading).Add(x => x.Cost, new ReadCost { ItemsRead = 10 }));

        Assert.StartsWith("Stopped", progress.Find(".read-state").TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("Done", progress.Markup, StringComparison.Ordinal);
    }
}
