using AngleSharp.Dom;
using Bunit;
using EventExplorer.Tests.Infrastructure;
using EventExplorer.Web.Components.Pages.Timeline;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace EventExplorer.Tests.Web.Components.Pages;

/// <summary>The timeline page over the real stores on dynalite: every read is real I/O, so each test waits for what it checks.</summary>
public sealed class TimelinePageTests(DynaliteFixture dynalite) : IClassFixture<DynaliteFixture>
{
    private static List<string> RowTexts(IRenderedComponent<Timeline> page) =>
        page.FindAll("tbody tr.commit-row, tbody tr.gap-row")
            .Select(r => r.ClassList.Contains("gap-row") ? r.TextContent.Trim() : r.QuerySelector("td.version")!.TextContent.Trim())
            .ToList();

    private static string Href(IRenderedComponent<Timeline> page, string pager, string label) =>
        page.FindAll($"nav[aria-label='{pager}'] a").Single(a => a.TextContent.Contains(label, StringComparison.Ordinal)).GetAttribute("href")!;

    [Fact]
    public async Task Timeline_ShowsOneRowPerCommitNewestFirstWithPermalinksAndFeedLinks()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await using var ctx = new BunitContext();
        ctx.AddExplorer(bed);
        for (var i = 0; i < 3; i++) await bed.AddTypedAsync("order-1", "Placed", "Paid");

        var page = ctx.RenderPage<Timeline>("/aggregates/order-1");

        page.WaitForAssertion(() => Assert.Equal(["2", "1", "0"], RowTexts(page)));
        var newest = page.FindAll("tr.commit-row")[0];
        Assert.Equal("/aggregates/order-1?from=2&expand=2", newest.QuerySelector("td.version a")!.GetAttribute("href"));
        Assert.Equal("/feed?from=3", newest.QuerySelector(".commit-id a")!.GetAttribute("href"));
        Assert.Equal(["Placed", "Paid"], newest.QuerySelectorAll(".event-types .chip").Select(c => c.TextContent));
        Assert.Equal("order-1", page.Find("#aggregate-id").TextContent);
        Assert.Contains("3 commits on this page, versions 0–2, newest first.", page.Find(".status-line").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VersionGaps_AndAFirstVersionOtherThanZero_AreGapRowsInTheTimeline()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await using var ctx = new BunitContext();
        ctx.AddExplorer(bed);
        foreach (var version in new long[] { 1, 2, 3, 5 }) await bed.AddAtAsync("account-legacy-0007", version, """[{"type":"Deposited"}]""");

        var page = ctx.RenderPage<Timeline>("/aggregates/account-legacy-0007");

        page.WaitForAssertion(() => Assert.Equal(["5", "version 4 missing", "3", "2", "1", "version 0 missing: the first commit is version 1, not 0"], RowTexts(page)));
        Assert.Contains("2 versions missing on this page.", page.Find(".gap-note").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JumpLink_HighlightsTheTargetRowAndScrollsItIntoView()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await using var ctx = new BunitContext();
        ctx.AddExplorer(bed);
        await bed.AddManyAsync("order-1", 30);

        var page = ctx.RenderPage<Timeline>("/aggregates/order-1?from=12&size=5");

        page.WaitForElement("tr.is-target");
        // The page asks the browser to scroll right after the render that shows the rows, in the same turn of the
        // renderer: once the renderer has taken the next turn, it has asked.
        await page.InvokeAsync(() => { });
        var target = Assert.Single(page.FindAll("tr.is-target"));
        Assert.Equal("12", target.QuerySelector("td.version")!.TextContent.Trim());
        Assert.Contains(ctx.JSInterop.Invocations, i => i.Identifier == "eventExplorer.scrollToTarget");
        Assert.Equal("12", page.Find("#jump-version").GetAttribute("value"));
    }

    [Fact]
    public async Task Permalink_HighlightsTheCommitAndOpensItsEvents()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await using var ctx = new BunitContext();
        ctx.AddExplorer(bed);
        await bed.AddManyAsync("order-1", 10);
        await bed.AddAtAsync("order-1", 10, """[{"type":"Refunded","amount":12.5}]""");

        var page = ctx.RenderPage<Timeline>("/aggregates/order-1?from=10&expand=10");

        page.WaitForElement("tr.is-target");
        var target = Assert.Single(page.FindAll("tr.is-target"));
        Assert.Equal("true", target.QuerySelector("button[aria-expanded]")!.GetAttribute("aria-expanded"));
        var details = Assert.Single(page.FindAll("tr.detail-row"));
        Assert.Contains("Refunded", details.TextContent, StringComparison.Ordinal);
        Assert.Contains("12.5", details.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CopyLink_CopiesTheCommitsAbsolutePermalink()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await using var ctx = new BunitContext();
        ctx.AddExplorer(bed);
        await bed.AddManyAsync("tenant/1", 3);
        var page = ctx.RenderPage<Timeline>("/aggregates/tenant%2F1?size=10");

        // The browser copies it (app.js reads data-copy): no round trip, and it works before the circuit starts.
        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("tr.commit-row").Count));
        var button = page.FindAll("tr.commit-row")[1].QuerySelector("button[aria-label='Copy link to this commit']")!;

        Assert.Equal("http://localhost/aggregates/tenant%2F1?from=1&size=10&expand=1", button.GetAttribute("data-copy"));
        Assert.Equal("link to this commit", button.GetAttribute("data-copy-what"));
    }

    [Fact]
    public async Task PagingLinks_SayThePositionPlainlyAndLeadToTheNextPage()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await using var ctx = new BunitContext();
        ctx.AddExplorer(bed);
        await bed.AddManyAsync("order-1", 30);
        var page = ctx.RenderPage<Timeline>("/aggregates/order-1?size=10");
        page.WaitForAssertion(() => Assert.Equal("/aggregates/order-1?before=20&size=10", Href(page, "Timeline pages", "Older")));
        Assert.Equal("/aggregates/order-1?start=oldest&size=10", Href(page, "Timeline pages", "Oldest"));
        Assert.DoesNotContain(page.FindAll("nav[aria-label='Timeline pages'] a"), a => a.TextContent.Trim() is "Newer" or "Newest");

        ctx.Navigation().NavigateTo(Href(page, "Timeline pages", "Older"));

        page.WaitForAssertion(() => Assert.Equal("19", RowTexts(page)[0]));
        Assert.Equal(["19", "18", "17", "16", "15", "14", "13", "12", "11", "10"], RowTexts(page));
        Assert.Equal("/aggregates/order-1?after=19&size=10", Href(page, "Timeline pages", "Newer"));
        Assert.Equal("/aggregates/order-1?before=10&size=10", Href(page, "Timeline pages (bottom)", "Older"));
    }

    [Fact]
    public async Task JumpBox_GoesToTheVersionAndKeepsIt()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await using var ctx = new BunitContext();
        ctx.AddExplorer(bed);
        await bed.AddManyAsync("order-1", 30);
        var page = ctx.RenderPage<Timeline>("/aggregates/order-1");
        page.WaitForAssertion(() => Assert.Equal("29", RowTexts(page)[0]));

        await page.Find("#jump-version").InputAsync(new ChangeEventArgs { Value = " 7 " });
        await page.Find("form[aria-label='Jump to a version']").SubmitAsync();

        Assert.Equal("/aggregates/order-1?from=7", ctx.Location());
        page.WaitForAssertion(() => Assert.Equal("7", page.Find("tr.is-target td.version").TextContent.Trim()));
        Assert.Equal("7", page.Find("#jump-version").GetAttribute("value"));
    }

    [Theory]
    [InlineData("-3", "Versions start at 0.")]
    [InlineData("seven", "Enter a version number (0 or more).")]
    public async Task JumpBox_NotAVersion_SaysWhyAndStays(string typed, string message)
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await using var ctx = new BunitContext();
        ctx.AddExplorer(bed);
        await bed.AddManyAsync("order-1", 3);
        var page = ctx.RenderPage<Timeline>("/aggregates/order-1");
        page.WaitForAssertion(() => Assert.Equal(["2", "1", "0"], RowTexts(page)));

        await page.Find("#jump-version").InputAsync(new ChangeEventArgs { Value = typed });
        await page.Find("form[aria-label='Jump to a version']").SubmitAsync();

        Assert.Equal("/aggregates/order-1", ctx.Location());
        Assert.Contains(message, page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NegativeFromInTheLink_IsReportedAboveTheNewestPage()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await using var ctx = new BunitContext();
        ctx.AddExplorer(bed);
        await bed.AddManyAsync("order-1", 3);

        var page = ctx.RenderPage<Timeline>("/aggregates/order-1?from=-3");

        page.WaitForAssertion(() => Assert.Equal(["2", "1", "0"], RowTexts(page)));
        Assert.Contains("'from=-3': versions are whole numbers of 0 or more; it was ignored.", page.Find(".message-bar").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpeningARow_ShowsItsEvents()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await using var ctx = new BunitContext();
        ctx.AddExplorer(bed);
        await bed.AddManyAsync("order-1", 3);
        var page = ctx.RenderPage<Timeline>("/aggregates/order-1");
        page.WaitForAssertion(() => Assert.Equal(["2", "1", "0"], RowTexts(page)));
        Assert.Empty(page.FindAll("tr.detail-row"));

        await page.Find("button[aria-label='Open version 1']").ClickAsync(new MouseEventArgs());

        Assert.Contains("Shipped", Assert.Single(page.FindAll("tr.detail-row")).TextContent, StringComparison.Ordinal);
        Assert.Equal("true", page.Find("button[aria-label='Close version 1']").GetAttribute("aria-expanded"));
    }

    [Fact]
    public async Task EventTypeFilter_IsAppliedByTheStoreThroughTheUrl()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await using var ctx = new BunitContext();
        ctx.AddExplorer(bed);
        await bed.AddManyAsync("order-1", 4);
        var page = ctx.RenderPage<Timeline>("/aggregates/order-1");
        page.WaitForAssertion(() => Assert.Equal(["3", "2", "1", "0"], RowTexts(page)));

        await page.Find("#filter-type").InputAsync(new ChangeEventArgs { Value = "Shipped" });
        await page.Find("form[aria-label='Filter']").SubmitAsync();

        Assert.Equal("/aggregates/order-1?type=Shipped", ctx.Location());
        page.WaitForAssertion(() => Assert.Equal(["3", "1"], RowTexts(page)));
        Assert.Contains("Read 4 items, shown 2 (commits with a Shipped event)",
            System.Text.RegularExpressions.Regex.Replace(page.Find(".status-line").TextContent, @"\s+", " "), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PageSizeChoices_AreLinksThatKeepThePlainPosition()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await using var ctx = new BunitContext();
        ctx.AddExplorer(bed);
        await bed.AddManyAsync("order-1", 30);
        var page = ctx.RenderPage<Timeline>("/aggregates/order-1?before=20&size=10");
        page.WaitForAssertion(() => Assert.Equal("19", RowTexts(page)[0]));

        var choices = page.FindAll("[role=group][aria-label='Per page'] a");
        Assert.Equal(["10", "25", "50", "100", "250"], choices.Select(a => a.TextContent));
        Assert.Equal("10", Assert.Single(choices, a => a.GetAttribute("aria-current") == "true").TextContent);
        var fifty = choices.Single(a => a.TextContent == "50").GetAttribute("href")!;
        Assert.Equal("/aggregates/order-1?before=20&size=50", fifty);

        ctx.Services.GetRequiredService<NavigationManager>().NavigateTo(fifty);

        page.WaitForAssertion(() => Assert.Equal(20, RowTexts(page).Count));
        page.WaitForAssertion(() => Assert.Equal("50", page.Find("[role=group][aria-label='Per page'] a[aria-current=true]").TextContent));
    }

    [Fact]
    public async Task StoredMarkup_IsShownAsTextNeverAsMarkup()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await using var ctx = new BunitContext();
        ctx.AddExplorer(bed);
        const string script = "<script>alert(1)</script>";
        await bed.AddAtAsync("<b>x</b>", 0, """[{"type":"<script>alert(1)</script>","html":"<img src=x onerror=alert(2)>"}]""");

        var page = ctx.RenderPage<Timeline>("/aggregates/%3Cb%3Ex%3C%2Fb%3E?expand=0");

        page.WaitForAssertion(() => Assert.Single(page.FindAll("tr.detail-row")));
        Assert.Equal("<b>x</b>", page.Find("#aggregate-id").TextContent);
        Assert.Equal(script, page.Find(".event-types .chip").TextContent);
        Assert.Contains("&lt;script&gt;", page.Markup, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("script"));
        Assert.Empty(page.FindAll("img"));
        Assert.Empty(page.FindAll("#aggregate-id b"));
    }

    [Fact]
    public async Task DatabaseDown_SaysSoWithRetryWhichLoadsOnceItIsBack()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await using var ctx = new BunitContext();
        ctx.AddExplorer(bed);
        await bed.AddManyAsync("order-1", 3);
        bed.GoDown();
        var page = ctx.RenderPage<Timeline>("/aggregates/order-1");
        page.WaitForAssertion(() => Assert.Contains("Database unavailable", page.Find(".message-bar").TextContent, StringComparison.Ordinal));
        // What the database answered, as it said it.
        Assert.Contains("Internal server error", page.Find(".message-bar").TextContent, StringComparison.Ordinal);

        bed.ComeBack();
        await page.FindAll(".message-bar button").Single(b => b.TextContent.Trim() == "Retry").ClickAsync(new MouseEventArgs());

        page.WaitForAssertion(() => Assert.Equal(["2", "1", "0"], RowTexts(page)));
        Assert.Empty(page.FindAll(".message-bar"));
    }

    [Fact]
    public async Task TamperedCursor_SaysTheLinkIsInvalidAndOffersNewestAndOldest()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await using var ctx = new BunitContext();
        ctx.AddExplorer(bed);
        await bed.AddManyAsync("order-1", 3);

        var page = ctx.RenderPage<Timeline>("/aggregates/order-1?cursor=tampered!!");

        page.WaitForAssertion(() => Assert.Contains("Invalid link", page.Find(".message-bar").TextContent, StringComparison.Ordinal));
        var bar = page.Find(".message-bar");
        Assert.Equal(["/aggregates/order-1", "/aggregates/order-1?start=oldest"], bar.QuerySelectorAll("a").Select(a => a.GetAttribute("href")));
        Assert.DoesNotContain(bar.QuerySelectorAll("button"), b => b.TextContent.Trim() == "Retry");
    }

    [Fact]
    public async Task UnknownAggregate_SaysSoAndOffersAPrefixSearchAndItsFirstCommit()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await using var ctx = new BunitContext();
        ctx.AddExplorer(bed);
        await bed.AddManyAsync("order-1", 1);

        var page = ctx.RenderPage<Timeline>("/aggregates/nope");

        page.WaitForAssertion(() => Assert.Contains("No aggregate with id \"nope\".", page.Find(".empty-state").TextContent, StringComparison.Ordinal));
        var links = page.FindAll(".empty-state a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Equal(["/aggregates?prefix=nope", "/append?aggregate=nope&version=0"], links);
    }

    [Fact]
    public async Task ReadOnlyStore_OffersNoAppend()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite, readOnly: true);
        await using var ctx = new BunitContext();
        ctx.AddExplorer(bed);
        await bed.AddManyAsync("order-1", 1);

        var page = ctx.RenderPage<Timeline>("/aggregates/order-1");

        page.WaitForAssertion(() => Assert.Equal(["0"], RowTexts(page)));
        Assert.DoesNotContain(page.FindAll("a"), a => a.GetAttribute("href")?.StartsWith("/append", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task Snapshot_OlderThanTheNewestCommit_SaysSoBesideTheTimeline()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await using var ctx = new BunitContext();
        ctx.AddExplorer(bed);
        await bed.AddManyAsync("order-1", 5);
        await bed.PutSnapshotAsync("order-1", """{"total":1}""", createdAt: StoreBed.Epoch.AddSeconds(2.5));

        var page = ctx.RenderPage<Timeline>("/aggregates/order-1");

        var note = System.Text.RegularExpressions.Regex.Replace(page.WaitForElement(".snapshot-panel .snapshot-behind").TextContent, @"\s+", " ");
        Assert.Contains("Older than the newest commit", note, StringComparison.Ordinal);
        Assert.Contains("the last commit (version 4, 2026-11-21 06:00:04.000) came after this snapshot", note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Snapshot_TakenAfterTheNewestCommit_SaysNothingOfItsAge()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await using var ctx = new BunitContext();
        ctx.AddExplorer(bed);
        await bed.AddManyAsync("order-1", 5);
        await bed.PutSnapshotAsync("order-1", """{"total":1}""", createdAt: StoreBed.Epoch.AddSeconds(10));

        var page = ctx.RenderPage<Timeline>("/aggregates/order-1");

        page.WaitForAssertion(() => Assert.Contains("Open the snapshot", page.Find(".snapshot-panel").TextContent, StringComparison.Ordinal));
        Assert.Empty(page.FindAll(".snapshot-behind"));
    }

    [Fact]
    public async Task MalformedSnapshot_BesideTheTimeline_SaysWhereTheJsonBreaksOnce()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await using var ctx = new BunitContext();
        ctx.AddExplorer(bed);
        await bed.AddManyAsync("order-1", 1);
        await bed.PutSnapshotAsync("order-1", "{\"total\": tru}");

        var page = ctx.RenderPage<Timeline>("/aggregates/order-1");

        var panel = page.WaitForElement(".snapshot-panel").TextContent;
        Assert.Contains("Malformed snapshot", panel, StringComparison.Ordinal);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(panel, "line 1, column 14"));
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(panel, "column"));
        Assert.DoesNotContain("LineNumber", panel, StringComparison.Ordinal);
        Assert.Contains("{\"total\": tru}", panel, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Times_AreOneLineInUtcWithTheRelativeTimeInTheTooltip()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await using var ctx = new BunitContext();
        ctx.AddExplorer(bed);
        await bed.AddManyAsync("order-1", 1);

        var page = ctx.RenderPage<Timeline>("/aggregates/order-1");

        var time = page.WaitForElement("tr.commit-row time");
        Assert.Equal("2026-11-21 06:00:00.000", time.TextContent);
        Assert.Equal("3 hours ago · UTC", time.GetAttribute("title"));
        Assert.Equal("2026-11-21T06:00:00.0000000Z", time.GetAttribute("datetime"));
        Assert.Contains("Committed (UTC)", page.Find("thead").TextContent, StringComparison.Ordinal);
    }
}
