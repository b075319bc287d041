using System.Text.RegularExpressions;
using Bunit;
using EventExplorer.Tests.Infrastructure;
using EventExplorer.Web;
using EventExplorer.Web.Components.Pages.Snapshots;
using EventExplorer.Web.Components.Shared.Json;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;

namespace EventExplorer.Tests.Web.Components.Pages;

/// <summary>The snapshot pages over the real snapshot store on dynalite.</summary>
public sealed class SnapshotPagesTests(DynaliteFixture dynalite) : IClassFixture<DynaliteFixture>
{
    [Theory]
    [InlineData("snap-1")]
    [InlineData("tenant/42/snap 7")]
    [InlineData("urn:snap:äöü-订单")]
    public async Task Detail_IdWithSlashColonSpaceOrNonAscii_IsReadFromItsLink(string id)
    {
        await using var ctx = new BunitContext();
        await using var bed = ctx.AddExplorer(await StoreBed.CreateAsync(dynalite));
        await bed.PutSnapshotAsync(id, """{"balance":42,"owner":{"name":"Zoë"}}""");

        var page = ctx.RenderPage<SnapshotDetail>(ExplorerUrls.Snapshot(id));

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".json-tree")));
        Assert.Equal(id, page.Find("#snapshot-id").TextContent);
        Assert.Equal(["balance", "owner", "name"], page.FindAll(".json-key").Select(k => k.TextContent));
        Assert.Contains("\"Zoë\"", page.Find(".json-tree").TextContent, StringComparison.Ordinal);
        Assert.Equal(ExplorerUrls.Timeline(id), page.FindAll(".page-actions a")[0].GetAttribute("href"));
    }

    [Fact]
    public async Task Detail_MalformedState_SaysWhereTheJsonBreaksOnceAndShowsTheTextAsStored()
    {
        await using var ctx = new BunitContext();
        await using var bed = ctx.AddExplorer(await StoreBed.CreateAsync(dynalite));
        await bed.PutSnapshotAsync("bad", "{\"a\": tru}");

        var page = ctx.RenderPage<SnapshotDetail>("/snapshots/bad");
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("pre.json-raw")));

        var text = string.Concat(page.Nodes.Select(n => n.TextContent));
        Assert.Contains("Malformed item", text, StringComparison.Ordinal);
        Assert.Contains("'state' is not valid JSON: line 1, column 10: 'tru}' is an invalid JSON literal. Expected the literal 'true'.", text, StringComparison.Ordinal);
        Assert.Single(Regex.Matches(page.Markup, "line 1"));
        Assert.DoesNotContain("LineNumber", page.Markup, StringComparison.Ordinal);
        Assert.Contains("Not valid JSON: shown exactly as stored.", page.Find(".json-invalid").TextContent, StringComparison.Ordinal);
        Assert.Equal("{\"a\": tru}", page.Find("pre.json-raw").TextContent);
    }

    [Fact]
    public async Task Detail_UnknownId_SaysSoAndOffersAPrefixSearch()
    {
        await using var ctx = new BunitContext();
        await using var bed = ctx.AddExplorer(await StoreBed.CreateAsync(dynalite));

        var page = ctx.RenderPage<SnapshotDetail>("/snapshots/nope");

        page.WaitForAssertion(() => Assert.Contains("No snapshot with id \"nope\".", page.Find(".empty-state").TextContent, StringComparison.Ordinal));
        Assert.Equal("/snapshots?prefix=nope", page.Find(".empty-state a").GetAttribute("href"));
    }

    [Fact]
    public async Task Detail_MarkupInTheState_IsText()
    {
        await using var ctx = new BunitContext();
        await using var bed = ctx.AddExplorer(await StoreBed.CreateAsync(dynalite));
        await bed.PutSnapshotAsync("x", """{"<i>key</i>":"<script>alert(1)</script>"}""");

        var page = ctx.RenderPage<SnapshotDetail>("/snapshots/x");

        page.WaitForAssertion(() => Assert.Equal("<i>key</i>", page.Find(".json-key").TextContent));
        Assert.Equal("\"<script>alert(1)</script>\"", page.Find(".json-string").TextContent);
        Assert.Empty(page.FindAll("script"));
        Assert.Empty(page.FindAll(".json-tree i"));
    }

    [Fact]
    public async Task List_ShowsMatchingSnapshotsWithLinksAndWhatTheScanRead()
    {
        await using var ctx = new BunitContext();
        await using var bed = ctx.AddExplorer(await StoreBed.CreateAsync(dynalite));
        await bed.PutSnapshotAsync("order-1", "{}");
        await bed.PutSnapshotAsync("invoice-1", "{}");
        await bed.PutSnapshotAsync("order/2", "{}");

        var page = ctx.RenderPage<SnapshotList>("/snapshots?prefix=order");

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll(".snapshot-list tbody td.aggregate-cell a").Count));
        var links = page.FindAll(".snapshot-list tbody td.aggregate-cell a");
        // A scan lists the table in its own order, not by id.
        Assert.Equal(["order-1", "order/2"], links.Select(a => a.TextContent).Order(StringComparer.Ordinal));
        Assert.Equal("/snapshots/order%2F2", links.Single(a => a.TextContent == "order/2").GetAttribute("href"));
        var status = Regex.Replace(page.Find(".scan-status").TextContent, @"\s+", " ");
        Assert.Contains("This page scanned 3 items and matched 2 for \"order\"", status, StringComparison.Ordinal);
        Assert.Contains("end of table", status, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_OpenExactId_GoesToTheSnapshotWithoutSpacesAround()
    {
        await using var ctx = new BunitContext();
        await using var bed = ctx.AddExplorer(await StoreBed.CreateAsync(dynalite));
        var page = ctx.RenderPage<SnapshotList>("/snapshots");
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".scan-status")));

        // Awaited: MudBlazor's input hands the text to the page after an await of its own.
        await page.Find("#snapshot-search").InputAsync(new ChangeEventArgs { Value = "  snap 1 " });
        await page.FindAll("form button").Single(b => b.TextContent.Trim() == "Open exact id").ClickAsync(new MouseEventArgs());

        Assert.Equal("/snapshots/snap%201", ctx.Location());
    }

    [Fact]
    public async Task List_NextPage_IsALinkThatKeepsThePrefix()
    {
        await using var ctx = new BunitContext();
        await using var bed = ctx.AddExplorer(await StoreBed.CreateAsync(dynalite));
        for (var i = 0; i < 55; i++) await bed.PutSnapshotAsync($"s{i:00}", "{}");

        var page = ctx.RenderPage<SnapshotList>("/snapshots?prefix=s");

        page.WaitForAssertion(() => Assert.Contains(page.FindAll(".scan-pager a"), a => a.TextContent.Trim() == "Next page"));
        var next = page.FindAll(".scan-pager a").Single(a => a.TextContent.Trim() == "Next page").GetAttribute("href")!;
        Assert.StartsWith("/snapshots?prefix=s&cursor=", next, StringComparison.Ordinal);
        ctx.Navigation().NavigateTo(next);
        page.WaitForAssertion(() => Assert.Equal(5, page.FindAll(".snapshot-list tbody tr").Count));
        Assert.Equal("/snapshots?prefix=s", page.FindAll(".scan-pager a").Single(a => a.TextContent.Trim() == "First page").GetAttribute("href"));
    }

    [Fact]
    public async Task List_StoreDown_SaysSoWithRetry()
    {
        await using var ctx = new BunitContext();
        await using var bed = ctx.AddExplorer(await StoreBed.CreateAsync(dynalite));
        bed.GoDown();

        var page = ctx.RenderPage<SnapshotList>("/snapshots");

        page.WaitForAssertion(() => Assert.Contains("Database unavailable", page.Find(".message-bar").TextContent, StringComparison.Ordinal));
        Assert.Contains(page.FindAll(".message-bar button"), b => b.TextContent.Trim() == "Retry");
    }

    [Fact]
    public async Task Diff_TwoStoredSnapshots_ListsTheirDifferencesByPath()
    {
        await using var ctx = new BunitContext();
        await using var bed = ctx.AddExplorer(await StoreBed.CreateAsync(dynalite));
        await bed.PutSnapshotAsync("a", """{"n":1,"gone":true}""");
        await bed.PutSnapshotAsync("b", """{"n":2,"new":"x"}""");

        var page = ctx.RenderPage<SnapshotDiff>("/snapshots/diff?left=a&right=b");

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".json-diff-summary")));
        Assert.Equal(["$.n", "$.gone", "$.new"], page.FindAll(".json-diff-table .json-diff-path").Select(c => c.TextContent));
        Assert.Contains("3 differences", page.Find(".json-diff-summary").TextContent, StringComparison.Ordinal);
        Assert.Equal("/snapshots/diff?left=b&right=a", page.FindAll("a").Single(a => a.TextContent.Contains("Swap sides", StringComparison.Ordinal)).GetAttribute("href"));
    }

    [Fact]
    public async Task Diff_OpeningTheSideBySideView_PutsItInTheUrl()
    {
        await using var ctx = new BunitContext();
        await using var bed = ctx.AddExplorer(await StoreBed.CreateAsync(dynalite));
        await bed.PutSnapshotAsync("a", """{"n":1}""");
        await bed.PutSnapshotAsync("b", """{"n":2}""");
        var page = ctx.RenderPage<SnapshotDiff>("/snapshots/diff?left=a&right=b");
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".json-diff-summary")));
        var reads = bed.Requests;

        // Found and clicked in one step on the renderer: MudTabs renders its headers again after the first render.
        await page.InvokeAsync(() => page.FindAll(".mud-tab").Single(t => t.TextContent.Trim() == "Side by side").Click());

        page.WaitForAssertion(() => Assert.Equal("/snapshots/diff?left=a&right=b&view=lines", ctx.Location()));
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("table.json-lines tr.row-changed")));
        Assert.Equal(reads, bed.Requests);
    }

    [Fact]
    public async Task Diff_LinkWithTheLinesView_OpensOnIt()
    {
        await using var ctx = new BunitContext();
        await using var bed = ctx.AddExplorer(await StoreBed.CreateAsync(dynalite));
        await bed.PutSnapshotAsync("a", """{"n":1}""");
        await bed.PutSnapshotAsync("b", """{"n":2}""");

        var page = ctx.RenderPage<SnapshotDiff>("/snapshots/diff?left=a&right=b&view=lines");

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("tr.row-changed td.json-text")));
        Assert.Equal("Side by side", page.Find(".mud-tab.mud-tab-active").TextContent.Trim());
        Assert.Equal(["  \"n\": 1", "  \"n\": 2"], page.FindAll("tr.row-changed td.json-text").Select(c => Regex.Replace(c.TextContent, "^changed: ", "")));
    }

    [Fact]
    public async Task Diff_OneSideUnknown_SaysWhichAndComparesNothing()
    {
        await using var ctx = new BunitContext();
        await using var bed = ctx.AddExplorer(await StoreBed.CreateAsync(dynalite));
        await bed.PutSnapshotAsync("a", "{}");

        var page = ctx.RenderPage<SnapshotDiff>("/snapshots/diff?left=a&right=ghost");

        page.WaitForAssertion(() => Assert.Contains("There is no snapshot with the id \"ghost\".", Regex.Replace(page.Markup, "<[^>]+>", ""), StringComparison.Ordinal));
        Assert.Empty(page.FindAll(".json-diff"));
    }

    [Fact]
    public async Task Diff_NoRightId_ComparesWithPastedJson()
    {
        await using var ctx = new BunitContext();
        await using var bed = ctx.AddExplorer(await StoreBed.CreateAsync(dynalite));
        await bed.PutSnapshotAsync("a", """{"n":1}""");
        var page = ctx.RenderPage<SnapshotDiff>("/snapshots/diff?left=a");
        page.WaitForAssertion(() => Assert.Contains(page.FindAll("button"), b => b.TextContent.Trim() == "Start from the left snapshot's JSON"));
        Assert.Contains("Right: pasted JSON (below)", page.Markup, StringComparison.Ordinal);

        page.FindAll("button").Single(b => b.TextContent.Trim() == "Start from the left snapshot's JSON").Click();

        page.WaitForAssertion(() => Assert.Contains("The two documents are equal.", page.Find(".json-diff-summary").TextContent, StringComparison.Ordinal));

        var editor = page.FindComponent<JsonEditor>();
        await editor.InvokeAsync(() => editor.Instance.OnTextInputAsync("""{"n":5}"""));

        page.WaitForAssertion(() => Assert.Equal(["$.n"], page.FindAll(".json-diff-path").Select(c => c.TextContent)));
    }

    [Fact]
    public async Task Diff_PickingTwoIds_ComparesThemThroughTheUrl()
    {
        await using var ctx = new BunitContext();
        await using var bed = ctx.AddExplorer(await StoreBed.CreateAsync(dynalite));
        await bed.PutSnapshotAsync("a b", "{}");
        await bed.PutSnapshotAsync("c", "{}");
        var page = ctx.RenderPage<SnapshotDiff>("/snapshots/diff?left=x&right=y");
        page.WaitForAssertion(() => Assert.Contains("There is no snapshot with the id \"y\".", Regex.Replace(page.Markup, "<[^>]+>", ""), StringComparison.Ordinal));

        // Awaited: MudBlazor's input hands the text to the page after an await of its own.
        await page.Find("#diff-left").InputAsync(new ChangeEventArgs { Value = " a b " });
        await page.Find("#diff-right").InputAsync(new ChangeEventArgs { Value = "c" });
        await page.Find("form.diff-picker").SubmitAsync();

        Assert.Equal("/snapshots/diff?left=a%20b&right=c", ctx.Location());
        page.WaitForAssertion(() => Assert.Contains("The two documents are equal.", page.Find(".json-diff-summary").TextContent, StringComparison.Ordinal));
    }
}
