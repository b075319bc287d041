using Bunit;
using EventExplorer.Data.Errors;
using EventExplorer.Data.Model;
using EventExplorer.Tests.Infrastructure;
using EventExplorer.Web.Components.Shared;
using EventExplorer.Web.Model;
using EventExplorer.Web.Model.Loading;
using EventExplorer.Web.Model.Preferences;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace EventExplorer.Tests.Web.Components.Shared;

public sealed class SharedComponentsTests
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    private static IRenderedComponent<CascadingValue<UserPreferences>> TimeIn(BunitContext ctx, UserPreferences preferences, DateTimeOffset? value) =>
        ctx.Render<CascadingValue<UserPreferences>>(p => p
            .Add(c => c.Value, preferences)
            .AddChildContent<TimeText>(t => t.Add(x => x.Value, value)));

    [Fact]
    public async Task TimeText_Utc_IsOneLineWithTheRelativeTimeAndTheLocalTimeInTheTooltip()
    {
        await using var ctx = new BunitContext();
        ctx.AddExplorerWithoutStores();

        var time = TimeIn(ctx, new UserPreferences { TimeZone = "Europe/Berlin" }, StoreBed.Epoch).Find("time");

        Assert.Equal("2026-11-21 06:00:00.000", time.TextContent);
        Assert.Equal("3 hours ago · UTC · 2026-11-21 07:00:00.000 Europe/Berlin", time.GetAttribute("title"));
    }

    [Fact]
    public async Task TimeText_Local_ShowsTheBrowsersZoneAndTheUtcTimeInTheTooltip()
    {
        await using var ctx = new BunitContext();
        ctx.AddExplorerWithoutStores();

        var time = TimeIn(ctx, new UserPreferences { Time = TimeDisplay.Local, TimeZone = "Europe/Berlin" }, StoreBed.Epoch).Find("time");

        Assert.Equal("2026-11-21 07:00:00.000", time.TextContent);
        Assert.Equal("3 hours ago · Europe/Berlin (UTC+01:00) · 2026-11-21 06:00:00.000 UTC", time.GetAttribute("title"));
        Assert.Equal("2026-11-21T06:00:00.0000000Z", time.GetAttribute("datetime"));
    }

    [Fact]
    public async Task TimeText_Missing_IsADashThatSaysWhy()
    {
        await using var ctx = new BunitContext();
        ctx.AddExplorerWithoutStores();

        var rendered = ctx.Render<TimeText>(p => p.Add(t => t.Value, null).Add(t => t.MissingTitle, "The commit has no committedAt"));

        Assert.Equal("—", rendered.Find("span.muted").TextContent);
        Assert.Equal("The commit has no committedAt", rendered.Find("span.muted").GetAttribute("title"));
    }

    [Fact]
    public async Task CursorPager_LinksWhereThereIsAPageAndDisablesTheRest()
    {
        await using var ctx = new BunitContext();
        ctx.AddExplorerWithoutStores();

        var pager = ctx.Render<CursorPager>(p => p
            .Add(c => c.Label, "Pages")
            .Add(c => c.NewestUrl, "/feed")
            .Add(c => c.NewerUrl, "/feed?after=9")
            .Add(c => c.OlderUrl, null)
            .Add(c => c.OldestUrl, null));

        Assert.Equal(["/feed", "/feed?after=9"], pager.FindAll("a").Select(a => a.GetAttribute("href")));
        Assert.Equal(["Older ›", "Oldest »"], pager.FindAll("button[disabled]").Select(b => b.TextContent.Trim()));
    }

    [Fact]
    public async Task MessageBar_TransientError_OffersRetryThatCallsThePage()
    {
        await using var ctx = new BunitContext();
        ctx.AddExplorerWithoutStores();
        var retried = 0;
        var bar = ctx.Render<MessageBar>(p => p
            .Add(m => m.Error, LoadError.From(new StoreThrottledException("http://fake")))
            .Add(m => m.OnRetry, () => retried++));

        bar.FindAll("button").Single(b => b.TextContent.Trim() == "Retry").Click();

        Assert.Equal(1, retried);
        Assert.Contains("Throttled", bar.Find(".message-kind").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MessageBar_LinkProblems_AreWarningsNamedLink()
    {
        await using var ctx = new BunitContext();
        ctx.AddExplorerWithoutStores();

        var bar = ctx.Render<MessageBar>(p => p.Add(m => m.Warnings, ["Page size '0' is not a whole number from 1 to 1000; showing 25 per page."]));

        Assert.Equal("Link Page size '0' is not a whole number from 1 to 1000; showing 25 per page.", bar.Find(".message-line").TextContent.Trim());
        Assert.Empty(bar.FindAll("button"));
    }

    [Fact]
    public async Task MessageBar_NothingToSay_RendersNothing()
    {
        await using var ctx = new BunitContext();
        ctx.AddExplorerWithoutStores();

        Assert.Empty(ctx.Render<MessageBar>().Markup.Trim());
    }

    [Fact]
    public async Task CommitTable_MarksGapsTargetsArrivalsAndMalformedItems()
    {
        await using var ctx = new BunitContext();
        ctx.AddExplorerWithoutStores();
        var good = StoreBed.CommitFrom("a", 2, CommitId.FromNumber(7), StoreBed.Epoch, """[{"type":"Placed"}]""");
        var bad = StoreBed.CommitFrom("a", 0, CommitId.FromNumber(3), null, "{oops");
        IReadOnlyList<CommitRow> rows =
        [
            new CommitRow(good, null, IsTarget: true, Arrived: true),
            new CommitRow(null, new SequenceGap(0, 2)),
            new CommitRow(bad, null),
        ];

        var table = ctx.RenderWithPopovers<CommitTable>(p => p
            .Add(t => t.Rows, rows)
            .Add(t => t.Label, "Commits")
            .Add(t => t.Columns, [CommitColumn.Version, CommitColumn.CommitId, CommitColumn.Committed, CommitColumn.Events]));

        var trs = table.FindAll("tbody tr");
        Assert.Equal(["commit-row is-target arrived", "gap-row", "commit-row malformed"], trs.Select(r => string.Join(' ', r.ClassList.Where(c => c != "mud-table-row"))));
        Assert.Equal("new", trs[0].QuerySelector(".chip.new")!.TextContent);
        Assert.Equal("version 1 missing", trs[1].TextContent.Trim());
        Assert.Equal("4", trs[1].QuerySelector("td")!.GetAttribute("colspan"));
        Assert.Equal("malformed", trs[2].QuerySelector(".chip.bad")!.TextContent);
        Assert.Contains("events is not valid JSON: line 1, column 2", trs[2].QuerySelector(".chip.bad")!.GetAttribute("title"), StringComparison.Ordinal);
        Assert.Equal("—", trs[2].QuerySelector(".time-cell")!.TextContent.Trim());
    }

    [Fact]
    public async Task CommitTable_MalformedItemOpened_IsShownRawWithItsProblems()
    {
        await using var ctx = new BunitContext();
        ctx.AddExplorerWithoutStores();
        var bad = StoreBed.CommitFrom("a", 0, CommitId.FromNumber(3), StoreBed.Epoch, "{\"x\": <b>}");

        var table = ctx.RenderWithPopovers<CommitTable>(p => p
            .Add(t => t.Rows, [new CommitRow(bad, null)])
            .Add(t => t.Label, "Commits")
            .Add(t => t.Columns, [CommitColumn.Version])
            .Add(t => t.IsExpanded, _ => true)
            .Add(t => t.OnToggle, (Commit _) => { }));

        var details = table.Find("tr.detail-row");
        Assert.Equal("{\"x\": <b>}", details.QuerySelector("pre.json-raw")!.TextContent);
        Assert.Empty(details.QuerySelectorAll("pre b"));
        Assert.Contains("events is not valid JSON: line 1, column 7", details.QuerySelector(".malformed-note")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CopyButton_CopiesAndSaysSo()
    {
        await using var ctx = new BunitContext();
        ctx.AddExplorerWithoutStores();
        ctx.JSInterop.Setup<bool>("eventExplorer.copy", "tenant/1").SetResult(true);
        var snackbars = ctx.Render<MudSnackbarProvider>();
        var button = ctx.RenderWithPopovers<CopyButton>(p => p.Add(c => c.Text, "tenant/1").Add(c => c.What, "aggregate id").Add(c => c.Label, "Copy"));

        button.Find("button").Click();

        snackbars.WaitForAssertion(() => Assert.Contains("Copied the aggregate id.", snackbars.Markup, StringComparison.Ordinal));
    }

    [Fact]
    public async Task CopyButton_LongText_BrowserRefuses_SaysSo()
    {
        await using var ctx = new BunitContext();
        ctx.AddExplorerWithoutStores();
        ctx.JSInterop.Setup<bool>("eventExplorer.copy", "[1,2]").SetResult(false);
        var snackbars = ctx.Render<MudSnackbarProvider>();
        var button = ctx.RenderWithPopovers<CopyButton>(p => p.Add(c => c.Text, "[1,2]").Add(c => c.What, "events").Add(c => c.Label, "Copy all"));

        button.Find("button").Click();

        snackbars.WaitForAssertion(() => Assert.Contains("The browser did not allow copying the events.", snackbars.Markup, StringComparison.Ordinal));
    }

    [Fact]
    public async Task CopyButton_ShortText_IsCopiedByTheBrowserFromTheButtonItself()
    {
        await using var ctx = new BunitContext();
        ctx.AddExplorerWithoutStores();

        var button = ctx.RenderWithPopovers<CopyButton>(p => p.Add(c => c.Text, "<id & 1>").Add(c => c.What, "commit id"));

        var element = button.Find("button[aria-label='Copy commit id']");
        Assert.Equal("<id & 1>", element.GetAttribute("data-copy"));
        Assert.Equal("commit id", element.GetAttribute("data-copy-what"));
        Assert.DoesNotContain(ctx.JSInterop.Invocations, i => i.Identifier == "eventExplorer.copy");
    }
}
