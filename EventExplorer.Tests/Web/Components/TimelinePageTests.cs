using EventExplorer.Data.Errors;
using EventExplorer.Tests.Fakes;
using EventExplorer.Web;
using EventExplorer.Web.Components.Pages.Timeline;

namespace EventExplorer.Tests.Web.Components;

public sealed class TimelinePageTests
{
    private static Dictionary<string, object?> Path(string id) => new() { ["AggregatePath"] = id };

    [Fact]
    public async Task Timeline_RendersOneRowPerCommit_NewestFirst_WithFeedLinks()
    {
        await using var renderer = new ComponentRenderer();
        for (var i = 0; i < 3; i++) renderer.Events.AddTyped("order-1", "Placed", "Paid");

        var doc = await renderer.RenderAsync<Timeline>(ExplorerUrls.Aggregate("order-1"), Path("order-1"));

        var rows = doc.QuerySelectorAll("tr.commit-row");
        Assert.Equal(3, rows.Length);
        Assert.Equal(["2", "1", "0"], rows.Select(r => r.QuerySelector("td.version")!.TextContent.Trim()));
        Assert.Equal("/feed?from=3", rows[0].QuerySelector("a.commit-id")!.GetAttribute("href"));
        Assert.Equal(["Placed", "Paid"], rows[0].QuerySelectorAll(".event-types .chip").Select(c => c.TextContent));
        Assert.Equal("order-1", doc.QuerySelector("#aggregate-id")!.TextContent);
    }

    [Fact]
    public async Task Timeline_LayoutB_ShowsTimestampPartOfCommitIdAndKeepsWholeIdInLink()
    {
        await using var renderer = new ComponentRenderer(new FakeEventStore(EventExplorer.Data.Model.EventStoreLayout.TimestampCommitIds));
        var commit = renderer.Events.AddTyped("a/b", "E");

        var doc = await renderer.RenderAsync<Timeline>(ExplorerUrls.Aggregate("a/b"), Path("a/b"));

        var link = doc.QuerySelector("a.commit-id")!;
        Assert.Equal("20000101000000000:…", link.TextContent);
        Assert.EndsWith(commit.CommitId!, link.GetAttribute("title"));
        Assert.Equal(ExplorerUrls.Feed(fromCommitId: "20000101000000000:a/b"), link.GetAttribute("href"));
    }

    [Fact]
    public async Task Timeline_EventJsonWithScriptTag_IsShownAsInertText()
    {
        await using var renderer = new ComponentRenderer();
        renderer.Events.Add("xss", """{"type":"Note","text":"<script>alert('x')</script><img src=x onerror=alert(1)>"}""");

        var doc = await renderer.RenderAsync<Timeline>(ExplorerUrls.Aggregate("xss", expand: 0), Path("xss"));

        Assert.Empty(doc.QuerySelectorAll("script"));
        Assert.Empty(doc.QuerySelectorAll("img"));
        var json = doc.QuerySelector(".commit-events .json-viewer")!.TextContent;
        Assert.Contains("<script>alert('x')</script>", json);
    }

    [Fact]
    public async Task Timeline_OddIdFromUrl_IsReadOnceDecoded()
    {
        await using var renderer = new ComponentRenderer();
        const string id = "tenant/42: Müller 50%";
        renderer.Events.AddTyped(id, "Created");

        var doc = await renderer.RenderAsync<Timeline>(ExplorerUrls.Aggregate(id), Path("tenant%2F42: Müller 50%"));

        Assert.Equal(id, doc.QuerySelector("#aggregate-id")!.TextContent);
        Assert.Single(doc.QuerySelectorAll("tr.commit-row"));
    }

    [Fact]
    public async Task Timeline_UnknownAggregate_ShowsEmptyStateSayingSo()
    {
        await using var renderer = new ComponentRenderer();
        renderer.Events.AddTyped("other", "E");

        var doc = await renderer.RenderAsync<Timeline>(ExplorerUrls.Aggregate("ghost"), Path("ghost"));

        Assert.Contains("No aggregate with id \"ghost\"", doc.QuerySelector(".empty-state")!.TextContent);
        Assert.Empty(doc.QuerySelectorAll("tr.commit-row"));
        Assert.Null(doc.QuerySelector(".message-bar"));
    }

    [Fact]
    public async Task Timeline_DatabaseDown_ShowsBannerWithRetry()
    {
        await using var renderer = new ComponentRenderer();
        renderer.Events.FailWith = new StoreUnavailableException("http://fake.local:8000", "connection refused");

        var doc = await renderer.RenderAsync<Timeline>(ExplorerUrls.Aggregate("a"), Path("a"));

        var bar = doc.QuerySelector(".message-bar.error")!;
        Assert.Contains("unavailable", bar.TextContent);
        Assert.Contains("connection refused", bar.TextContent);
        Assert.Contains(bar.QuerySelectorAll("button"), b => b.TextContent == "Retry");
    }

    [Fact]
    public async Task Timeline_TamperedCursor_SaysWhatIsWrongAndOffersNewestAndOldest()
    {
        await using var renderer = new ComponentRenderer();
        renderer.Events.AddTyped("a", "E");

        var doc = await renderer.RenderAsync<Timeline>(ExplorerUrls.Aggregate("a", cursor: "tampered"), Path("a"));

        var bar = doc.QuerySelector(".message-bar.error")!;
        Assert.Contains("paging link is not valid", bar.TextContent);
        Assert.Empty(bar.QuerySelectorAll("button"));
        Assert.Equal(["/aggregates/a", "/aggregates/a?start=oldest"], bar.QuerySelectorAll("a").Select(a => a.GetAttribute("href")));
    }

    [Fact]
    public async Task Timeline_BadPageSize_WarnsAndStillShowsTheCommits()
    {
        await using var renderer = new ComponentRenderer();
        renderer.Events.AddTyped("a", "E");

        var doc = await renderer.RenderAsync<Timeline>("/aggregates/a?size=lots", Path("a"));

        Assert.Contains("Page size 'lots'", doc.QuerySelector(".message-bar.warning")!.TextContent);
        Assert.Single(doc.QuerySelectorAll("tr.commit-row"));
    }

    [Fact]
    public async Task Timeline_MalformedCommit_IsFlaggedAndShownRaw()
    {
        await using var renderer = new ComponentRenderer();
        renderer.Events.AddAt("m", 0, "[{\"type\":\"Ok\"},");

        var doc = await renderer.RenderAsync<Timeline>(ExplorerUrls.Aggregate("m", expand: 0), Path("m"));

        Assert.NotNull(doc.QuerySelector("tr.commit-row.malformed .chip.bad"));
        Assert.Contains("not valid JSON", doc.QuerySelector(".malformed-note")!.TextContent);
        Assert.Equal("[{\"type\":\"Ok\"},", doc.QuerySelector("pre.json.raw")!.TextContent);
    }

    [Fact]
    public async Task Timeline_Writable_LinksAppendNext_ReadOnly_DoesNot()
    {
        await using var writable = new ComponentRenderer();
        writable.Events.AddTyped("a", "E");
        writable.Events.AddTyped("a", "E");
        var doc = await writable.RenderAsync<Timeline>(ExplorerUrls.Aggregate("a"), Path("a"));
        Assert.Contains(doc.QuerySelectorAll("a"), a => a.GetAttribute("href") == "/append?aggregate=a&version=2");

        await using var readOnly = new ComponentRenderer(new FakeEventStore(readOnly: true));
        readOnly.Events.AddTyped("a", "E");
        var readOnlyDoc = await readOnly.RenderAsync<Timeline>(ExplorerUrls.Aggregate("a"), Path("a"));
        Assert.DoesNotContain(readOnlyDoc.QuerySelectorAll("a"), a => a.GetAttribute("href")!.StartsWith("/append", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Timeline_Snapshot_IsShownBesideTheCommits()
    {
        await using var renderer = new ComponentRenderer();
        renderer.Events.AddTyped("a", "E");
        renderer.Snapshots.Put("a", """{"count":1,"note":"<b>bold?</b>"}""");

        var doc = await renderer.RenderAsync<Timeline>(ExplorerUrls.Aggregate("a"), Path("a"));

        var panel = doc.QuerySelector(".snapshot-panel")!;
        var values = panel.QuerySelectorAll(".json-viewer .json-leaf").Select(l => l.TextContent.Trim()).ToList();
        Assert.Contains(values, v => v.StartsWith("count", StringComparison.Ordinal) && v.EndsWith('1'));
        Assert.Contains(values, v => v.Contains("<b>bold?</b>", StringComparison.Ordinal));
        Assert.Empty(panel.QuerySelectorAll("b"));
    }

    [Fact]
    public async Task Timeline_TypeFilter_SaysHowManyWereReadAndShown()
    {
        await using var renderer = new ComponentRenderer();
        renderer.Events.AddTyped("a", "Placed");
        renderer.Events.AddTyped("a", "Shipped");
        renderer.Events.AddTyped("a", "Placed");

        var doc = await renderer.RenderAsync<Timeline>(ExplorerUrls.Aggregate("a", eventType: "Shipped"), Path("a"));

        Assert.Single(doc.QuerySelectorAll("tr.commit-row"));
        Assert.Contains("Showing 1 of 3 commits read", doc.QuerySelector(".status-line")!.TextContent);
    }
}
