using EventExplorer.Web.Components.Shared.Json;

namespace EventExplorer.Tests.Web.Components.Json;

public sealed class JsonViewerTests
{
    [Fact]
    public async Task ScriptInsideJson_IsRenderedAsInertText()
    {
        await using var renderer = new ComponentRenderer();
        var json = """{"name":"<script>alert('x')</script>","html":"<img src=x onerror=alert(1)>"}""";

        var document = await renderer.RenderAsync<JsonViewer>(parameters: new Dictionary<string, object?> { ["Json"] = json });

        Assert.Empty(document.QuerySelectorAll("script"));
        Assert.Empty(document.QuerySelectorAll("img"));
        var strings = document.QuerySelectorAll(".json-string").Select(e => e.TextContent).ToList();
        Assert.Contains("\"<script>alert('x')</script>\"", strings);
        Assert.Contains("\"<img src=x onerror=alert(1)>\"", strings);
    }

    [Fact]
    public async Task ValidJson_ShowsKeysAndTypedValues()
    {
        await using var renderer = new ComponentRenderer();

        var document = await renderer.RenderAsync<JsonViewer>(parameters: new Dictionary<string, object?>
        {
            ["Json"] = """{"count":3,"ok":true,"none":null,"tags":["a"]}""",
        });

        Assert.Equal(["count", "ok", "none", "tags"], document.QuerySelectorAll(".json-key").Select(e => e.TextContent));
        Assert.Equal("3", document.QuerySelector(".json-number")?.TextContent);
        Assert.Equal("true", document.QuerySelector(".json-bool")?.TextContent);
        Assert.Equal("null", document.QuerySelector(".json-null")?.TextContent);
        Assert.Null(document.QuerySelector(".json-invalid"));
    }

    [Fact]
    public async Task InvalidJson_IsFlaggedAndShownRawAsStored()
    {
        await using var renderer = new ComponentRenderer();
        var stored = "{\"a\": 1, <b>broken";

        var document = await renderer.RenderAsync<JsonViewer>(parameters: new Dictionary<string, object?> { ["Json"] = stored });

        Assert.Contains("Not valid JSON", document.QuerySelector(".json-invalid")?.TextContent);
        Assert.Equal(stored, document.QuerySelector("pre.json-raw")?.TextContent);
        Assert.Empty(document.QuerySelectorAll("b"));
    }

    [Fact]
    public async Task HugeArray_RendersOnlyTheFirstPageOfElements()
    {
        await using var renderer = new ComponentRenderer();
        var json = "[" + string.Join(",", Enumerable.Range(0, 5000).Select(i => "{\"n\":" + i + ",\"deep\":{\"x\":[1,2,3]}}")) + "]";

        var document = await renderer.RenderAsync<JsonViewer>(parameters: new Dictionary<string, object?> { ["Json"] = json });

        var root = document.QuerySelector(".json-root > .json-node > .json-tree")!;
        Assert.Equal(JsonNode.PageSize, root.Children.Length);
        Assert.Contains("4900 not shown", document.QuerySelector(".json-root .json-more")?.TextContent);
        // The elements themselves start collapsed: their children are not in the page at all.
        Assert.Empty(document.QuerySelectorAll(".json-key"));
        Assert.All(root.QuerySelectorAll(":scope > .json-node > .json-toggle"), b => Assert.Equal("false", b.GetAttribute("aria-expanded")));
    }

    [Fact]
    public async Task LongString_IsCutUntilAskedFor()
    {
        await using var renderer = new ComponentRenderer();
        var json = "{\"text\":\"" + new string('x', 2000) + "\"}";

        var document = await renderer.RenderAsync<JsonViewer>(parameters: new Dictionary<string, object?> { ["Json"] = json });

        Assert.True(document.QuerySelector(".json-string")!.TextContent.Length < 600);
        Assert.Contains("Show all 2000 characters", document.QuerySelector(".json-leaf .json-more")?.TextContent);
    }

    [Fact]
    public async Task RawMode_ShowsPrettyPrintedText()
    {
        await using var renderer = new ComponentRenderer();

        var document = await renderer.RenderAsync<JsonViewer>(parameters: new Dictionary<string, object?>
        {
            ["Json"] = """{"a":[1,"<x>"]}""",
            ["Raw"] = true,
        });

        Assert.Equal("{\n  \"a\": [\n    1,\n    \"<x>\"\n  ]\n}", document.QuerySelector("pre.json-raw")?.TextContent.Replace("\r\n", "\n"));
    }
}
