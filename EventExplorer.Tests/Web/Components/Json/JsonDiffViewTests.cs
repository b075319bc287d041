using EventExplorer.Web.Components.Shared.Json;

namespace EventExplorer.Tests.Web.Components.Json;

public sealed class JsonDiffViewTests
{
    [Fact]
    public async Task Differences_AreListedByPathWithTheirKind()
    {
        await using var renderer = new ComponentRenderer();

        var document = await renderer.RenderAsync<JsonDiffView>(parameters: new Dictionary<string, object?>
        {
            ["Left"] = """{"items":[{"price":1}],"old":true,"name":"<b>a</b>"}""",
            ["Right"] = """{"items":[{"price":2}],"new":1,"name":"<script>b</script>"}""",
        });

        var rows = document.QuerySelectorAll(".json-diff-table tbody tr")
            .Select(r => (Path: r.Children[0].TextContent, Kind: r.Children[1].TextContent))
            .ToList();
        Assert.Equal(
            [("$.items[0].price", "changed"), ("$.old", "removed"), ("$.name", "changed"), ("$.new", "added")],
            rows);
        Assert.Empty(document.QuerySelectorAll("script, b"));
        Assert.Contains("arrays are compared by index", document.QuerySelector(".json-diff-note")?.TextContent);
    }

    [Fact]
    public async Task EqualDocuments_SayTheyAreEqual()
    {
        await using var renderer = new ComponentRenderer();

        var document = await renderer.RenderAsync<JsonDiffView>(parameters: new Dictionary<string, object?>
        {
            ["Left"] = """{"a":1,"b":2}""",
            ["Right"] = """{"b":2,"a":1.0}""",
        });

        Assert.Contains("The two documents are equal.", document.QuerySelector(".json-diff-summary")?.TextContent);
    }

    [Fact]
    public async Task OneSideNotJson_FallsBackToTheLineView()
    {
        await using var renderer = new ComponentRenderer();

        var document = await renderer.RenderAsync<JsonDiffView>(parameters: new Dictionary<string, object?>
        {
            ["Left"] = "{\"a\":1}",
            ["Right"] = "{not json",
            ["RightLabel"] = "Pasted",
        });

        Assert.Contains("Pasted: Not valid JSON", document.QuerySelector(".json-diff-summary")?.TextContent);
        var right = document.QuerySelectorAll(".json-lines .json-text.right")[0];
        Assert.Equal("changed: {not json", right.TextContent);
        Assert.Equal("changed: ", right.QuerySelector(".visually-hidden")?.TextContent);
    }
}
