using EventExplorer.Web.Components.Shared.Json;

namespace EventExplorer.Tests.Web.Components.Json;

public sealed class JsonEditorTests
{
    [Fact]
    public async Task InvalidText_ShowsTheErrorLineAndKeepsTheText()
    {
        await using var renderer = new ComponentRenderer();
        var text = "[\n  {\"type\": \"A\"},\n  {\"type\": }\n]";

        var document = await renderer.RenderAsync<JsonEditor>(parameters: new Dictionary<string, object?> { ["Value"] = text });

        Assert.Equal(text, document.QuerySelector("textarea")?.TextContent);
        Assert.Equal("true", document.QuerySelector("textarea")?.GetAttribute("aria-invalid"));
        Assert.Contains("line 3", document.QuerySelector(".json-editor-error")?.TextContent);
        Assert.Equal("Go to line 3", document.QuerySelector(".json-editor-link")?.TextContent);
    }

    [Fact]
    public async Task Rule_IsAppliedToValidJson()
    {
        await using var renderer = new ComponentRenderer();
        Func<System.Text.Json.JsonElement, string?> mustBeArray = e => e.ValueKind == System.Text.Json.JsonValueKind.Array ? null : "The events must be a JSON array.";

        var document = await renderer.RenderAsync<JsonEditor>(parameters: new Dictionary<string, object?>
        {
            ["Value"] = """{"type":"A"}""",
            ["Rule"] = mustBeArray,
        });

        Assert.Equal("The events must be a JSON array.", document.QuerySelector(".json-editor-error")?.TextContent);
        Assert.Null(document.QuerySelector(".json-editor-foot button[disabled]"));
    }

    [Fact]
    public async Task ByteCounter_ComparesTheTextWithTheItemLimit()
    {
        await using var renderer = new ComponentRenderer();
        var big = "[\"" + new string('a', 420 * 1024) + "\"]";

        var document = await renderer.RenderAsync<JsonEditor>(parameters: new Dictionary<string, object?> { ["Value"] = big });

        var counter = document.QuerySelector(".json-editor-bytes")!;
        Assert.Equal("420 KB of 400 KB", counter.TextContent.Trim());
        Assert.Contains("over", counter.ClassList);
        Assert.Contains("Above DynamoDB's 400 KB item limit.", document.QuerySelector(".json-editor-status")?.TextContent);
    }
}
