using Bunit;
using EventExplorer.Tests.Infrastructure;
using EventExplorer.Web.Components.Layout;
using EventExplorer.Web.Components.Shared;
using EventExplorer.Web.Model.Preferences;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace EventExplorer.Tests.Web.Components.Layout;

/// <summary>The layout over the real store on dynalite: the app bar says what the store says.</summary>
public sealed class MainLayoutTests(DynaliteFixture dynalite) : IClassFixture<DynaliteFixture>
{
    private static readonly RenderFragment TimesBody = builder =>
    {
        builder.OpenComponent<TimeHeader>(0);
        builder.CloseComponent();
        builder.OpenComponent<TimeText>(1);
        builder.AddComponentParameter(2, nameof(TimeText.Value), (DateTimeOffset?)StoreBed.Epoch);
        builder.CloseComponent();
    };

    private static IRenderedComponent<MainLayout> RenderLayout(BunitContext ctx, RenderFragment body) =>
        ctx.Render<MainLayout>(p => p.Add(l => l.Body, body));

    [Fact]
    public async Task TimeSwitch_Local_ChangesEveryTimeOnThePageToTheBrowsersZone()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await using var ctx = new BunitContext();
        ctx.AddExplorer(bed);
        ctx.JSInterop.Setup<string?>("eventExplorer.timeZone").SetResult("Europe/Berlin");
        var layout = RenderLayout(ctx, TimesBody);
        Assert.Equal("2026-11-21 06:00:00.000", layout.Find("main time").TextContent);
        Assert.Contains("(UTC)", layout.Find("main").TextContent, StringComparison.Ordinal);

        layout.FindAll(".time-switch [role=checkbox]").Single(t => t.TextContent.Trim() == "Local").Click();

        layout.WaitForAssertion(() => Assert.Equal("2026-11-21 07:00:00.000", layout.Find("main time").TextContent));
        Assert.Contains("(local)", layout.Find("main").TextContent, StringComparison.Ordinal);
        Assert.Equal("3 hours ago · Europe/Berlin (UTC+01:00) · 2026-11-21 06:00:00.000 UTC", layout.Find("main time").GetAttribute("title"));
        Assert.Contains(ctx.JSInterop.Invocations, i => i.Identifier == "eventExplorer.preferences.save" && Equals(i.Arguments[1], "local"));
    }

    [Fact]
    public async Task TimeSwitch_BackToUtc_ShowsUtcAgain()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await using var ctx = new BunitContext();
        ctx.AddExplorer(bed);
        ctx.Services.GetRequiredService<PreferencesState>().Initialize(new UserPreferences { Time = TimeDisplay.Local, TimeZone = "Europe/Berlin" });
        var layout = RenderLayout(ctx, TimesBody);
        Assert.Equal("2026-11-21 07:00:00.000", layout.Find("main time").TextContent);

        layout.FindAll(".time-switch [role=checkbox]").Single(t => t.TextContent.Trim() == "UTC").Click();

        layout.WaitForAssertion(() => Assert.Equal("2026-11-21 06:00:00.000", layout.Find("main time").TextContent));
    }

    [Fact]
    public async Task ReadOnlyStore_SaysSoAndHidesAppend()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite, readOnly: true);
        await using var ctx = new BunitContext();
        ctx.AddExplorer(bed);

        var layout = RenderLayout(ctx, _ => { });

        layout.WaitForAssertion(() => Assert.Contains(bed.Proxy.Url, layout.Find(".connection").TextContent, StringComparison.Ordinal));
        Assert.Contains("READ-ONLY", layout.Find(".connection").TextContent, StringComparison.Ordinal);
        Assert.Contains(bed.Tables.Commits, layout.Find(".connection").TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(layout.FindAll("nav a"), a => a.GetAttribute("href") == "/append");
    }

    [Fact]
    public async Task WritableStore_OffersAppendInTheNavigation()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await using var ctx = new BunitContext();
        ctx.AddExplorer(bed);

        var layout = RenderLayout(ctx, _ => { });

        layout.WaitForAssertion(() => Assert.Contains(bed.Proxy.Url, layout.Find(".connection").TextContent, StringComparison.Ordinal));
        Assert.Contains("WRITABLE", layout.Find(".connection").TextContent, StringComparison.Ordinal);
        Assert.Contains(layout.FindAll("nav a"), a => a.GetAttribute("href") == "/append");
    }

    [Fact]
    public async Task StoreNotReachable_TheAppBarSaysNotConnected()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        bed.GoDown();
        await using var ctx = new BunitContext();
        ctx.AddExplorer(bed);

        var layout = RenderLayout(ctx, _ => { });

        layout.WaitForAssertion(() => Assert.Equal("Not connected", layout.Find(".connection .not-connected").TextContent));
        Assert.Contains($"DynamoDB at {bed.Proxy.Url} is unavailable", layout.Find(".connection .not-connected").GetAttribute("title"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ViewThrowsUnexpectedly_TheRestOfTheAppKeepsWorkingAndSaysSo()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await using var ctx = new BunitContext();
        ctx.AddExplorer(bed);

        var layout = RenderLayout(ctx, builder =>
        {
            builder.OpenComponent<Thrower>(0);
            builder.CloseComponent();
        });

        Assert.Contains("Something went wrong", layout.Find("main").TextContent, StringComparison.Ordinal);
        Assert.Contains("the rest of the app still works", layout.Find("main").TextContent, StringComparison.Ordinal);
        Assert.NotEmpty(layout.FindAll("nav a"));
    }

    [Theory]
    [InlineData("/", "Overview")]
    [InlineData("/aggregates/order-1?before=20", "Aggregates")]
    [InlineData("/feed?from=1042", "Feed")]
    [InlineData("/snapshots", "Snapshots")]
    [InlineData("/snapshots/diff?left=a", "Compare snapshots")]
    [InlineData("/snapshots/check?prefix=order-&run=true", "Check snapshots")]
    [InlineData("/integrity?segments=2&run=true", "Integrity check")]
    [InlineData("/compare?aggregate=order-1&left=1&right=2", "Compare commits")]
    [InlineData("/state?aggregate=order-1&version=2", "State")]
    [InlineData("/commit?aggregate=order-1&version=2", null)]
    public async Task Drawer_MarksTheEntryOfTheCurrentPageOnly(string url, string? current)
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await using var ctx = new BunitContext();
        ctx.AddExplorer(bed);
        ctx.Services.GetRequiredService<NavigationManager>().NavigateTo(url);
        var layout = RenderLayout(ctx, TimesBody);

        var marked = layout.FindAll("nav[aria-label=Main] a[aria-current=page]").Select(a => a.TextContent.Trim()).ToList();

        Assert.Equal(current is null ? [] : [current], marked);
        Assert.Equal(marked, layout.FindAll("nav[aria-label=Main] a.active").Select(a => a.TextContent.Trim()));
    }

    [Fact]
    public async Task Drawer_OffersComparingCommitsBesideComparingSnapshots()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await using var ctx = new BunitContext();
        ctx.AddExplorer(bed);

        var layout = RenderLayout(ctx, _ => { });

        var entries = layout.FindAll("nav[aria-label=Main] a").ToDictionary(a => a.TextContent.Trim(), a => a.GetAttribute("href"));
        Assert.Equal("/compare", entries["Compare commits"]);
        Assert.Equal("/snapshots/diff", entries["Compare snapshots"]);
    }

    [Fact]
    public async Task AppBar_TimeSwitch_IsALabelledGroupWithTheCurrentChoiceChecked()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await using var ctx = new BunitContext();
        ctx.AddExplorer(bed);

        var layout = RenderLayout(ctx, _ => { });

        var group = layout.Find("[role=group][aria-label='Show times in']");
        Assert.Equal([("UTC", "true"), ("Local", "false")],
            group.QuerySelectorAll("[role=checkbox]").Select(c => (c.TextContent.Trim(), c.GetAttribute("aria-checked"))));
    }

    private sealed class Thrower : ComponentBase
    {
        protected override void OnInitialized() => throw new InvalidOperationException("bug");
    }

}
