using EventExplorer.Web;
using EventExplorer.Web.Components.Pages.Snapshots;

namespace EventExplorer.Tests.Web.Components.Snapshots;

public sealed class SnapshotPagesTests
{
    [Fact]
    public async Task Detail_UnknownId_SaysSoInAnEmptyState()
    {
        await using var renderer = new ComponentRenderer();

        var document = await renderer.RenderAsync<SnapshotDetail>(ExplorerUrls.Snapshot("nope"));

        Assert.Equal("No snapshot with id \"nope\".", document.QuerySelector(".empty-state .empty-title")?.TextContent);
        Assert.Null(document.QuerySelector(".json-viewer"));
    }

    [Theory]
    [InlineData("order/42")]
    [InlineData("tenant:a b")]
    [InlineData("Zoë-ünïcode-日本")]
    [InlineData("100%/x")]
    public async Task Detail_IdWithSlashColonSpaceOrNonAscii_IsReadFromItsLink(string id)
    {
        await using var renderer = new ComponentRenderer();
        renderer.Snapshots.Put(id, """{"ok":true}""");

        var document = await renderer.RenderAsync<SnapshotDetail>(ExplorerUrls.Snapshot(id));

        Assert.Equal(id, document.QuerySelector("#snapshot-id")?.TextContent);
        Assert.NotNull(document.QuerySelector(".json-viewer .json-tree"));
        Assert.Equal(ExplorerUrls.Aggregate(id), document.QuerySelector(".snapshot-facts a")?.GetAttribute("href"));
    }

    [Fact]
    public async Task Detail_MalformedState_IsFlaggedAndShownAsText()
    {
        await using var renderer = new ComponentRenderer();
        renderer.Snapshots.Put("bad", "{\"a\": <script>alert(1)</script>");

        var document = await renderer.RenderAsync<SnapshotDetail>(ExplorerUrls.Snapshot("bad"));

        Assert.Contains("Malformed item", document.QuerySelector(".malformed-note")?.TextContent);
        Assert.Contains("'state' is not valid JSON.", document.QuerySelector(".malformed-note")?.TextContent);
        Assert.Equal("{\"a\": <script>alert(1)</script>", document.QuerySelector("pre.json-raw")?.TextContent);
        Assert.Empty(document.QuerySelectorAll("script"));
    }

    [Fact]
    public async Task List_ShowsMatchingSnapshotsWithLinksAndScanCounts()
    {
        await using var renderer = new ComponentRenderer();
        renderer.Snapshots.Put("a/1", "{}");
        renderer.Snapshots.Put("b", "{}");

        var document = await renderer.RenderAsync<SnapshotList>(ExplorerUrls.Snapshots(prefix: "a/"));

        var link = Assert.Single(document.QuerySelectorAll(".snapshot-list tbody td a[title]"));
        Assert.Equal("/snapshots/a%2F1", link.GetAttribute("href"));
        Assert.Contains("scanned 2 items and matched 1", System.Text.RegularExpressions.Regex.Replace(document.QuerySelector(".scan-status")?.TextContent ?? "", @"\s+", " "));
    }

    [Fact]
    public async Task Diff_TwoStoredSnapshots_ListsTheirDifferences()
    {
        await using var renderer = new ComponentRenderer();
        renderer.Snapshots.Put("left", """{"items":[{"price":1}]}""");
        renderer.Snapshots.Put("right", """{"items":[{"price":2}]}""");

        var document = await renderer.RenderAsync<SnapshotDiff>(ExplorerUrls.SnapshotDiff("left", "right"));

        Assert.Equal("$.items[0].price", document.QuerySelector(".json-diff-table tbody td")?.TextContent);
        Assert.Equal("left", (document.QuerySelector("#diff-left") as AngleSharp.Html.Dom.IHtmlInputElement)?.Value);
    }

    [Fact]
    public async Task Diff_NoRightId_OffersAnEditorForPastedJson()
    {
        await using var renderer = new ComponentRenderer();
        renderer.Snapshots.Put("left", "{}");

        var document = await renderer.RenderAsync<SnapshotDiff>(ExplorerUrls.SnapshotDiff("left"));

        Assert.NotNull(document.QuerySelector("textarea#diff-paste"));
        Assert.Null(document.QuerySelector(".json-diff"));
    }
}
