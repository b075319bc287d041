using EventExplorer.Web.Model.Json;

namespace EventExplorer.Tests.Web.Model.Json;

public sealed class JsonTextTests
{
    [Fact]
    public void Check_SyntaxErrorOnThirdLine_GivesLineAndCharacterColumn()
    {
        var text = "{\n  \"ä\": 1,\n  \"é\": @\n}";

        var check = JsonText.Check(text);

        Assert.False(check.IsValid);
        Assert.False(check.IsJson);
        Assert.Equal(3, check.Line);
        // Column counts characters, not UTF-8 bytes: "  "é": " is 7 characters (8 bytes).
        Assert.Equal(8, check.Column);
        Assert.StartsWith("Not valid JSON at line 3, column 8:", check.Error);
        Assert.DoesNotContain("BytePositionInLine", check.Error);
    }

    [Fact]
    public void Check_ValidJsonFailingTheRule_ReportsTheRuleMessage()
    {
        var check = JsonText.Check("""{"type":"x"}""", e => e.ValueKind == System.Text.Json.JsonValueKind.Array ? null : "Must be an array.");

        Assert.True(check.IsJson);
        Assert.Equal("Must be an array.", check.Error);
        Assert.Null(check.Line);
    }

    [Fact]
    public void Check_CountsUtf8Bytes()
    {
        var check = JsonText.Check("\"é€\"");

        Assert.True(check.IsValid);
        Assert.Equal(1 + 2 + 3 + 1, check.ByteCount);
    }

    [Fact]
    public void Check_EmptyText_IsAnError()
    {
        Assert.Equal("Empty: enter a JSON value.", JsonText.Check("   ").Error);
    }

    [Fact]
    public void TryPretty_IndentsAndKeepsNonAsciiAndMarkupReadable()
    {
        var pretty = JsonText.TryPretty("""{"name":"Zoë","html":"<script>x</script>","n":[1,2]}""");

        Assert.Equal(
            "{\n  \"name\": \"Zoë\",\n  \"html\": \"<script>x</script>\",\n  \"n\": [\n    1,\n    2\n  ]\n}",
            pretty?.Replace("\r\n", "\n"));
    }

    [Fact]
    public void TryPretty_InvalidJson_IsNull_AndPrettyKeepsItAsStored()
    {
        Assert.Null(JsonText.TryPretty("{not json"));
        Assert.Equal("{not json", JsonText.Pretty("{not json"));
    }

    [Fact]
    public void Check_ErrorOnTheFirstLine_SaysLineOneAndTheCharacterColumnOnce()
    {
        var check = JsonText.Check("[" + new string(' ', 59) + "x]");

        Assert.Equal("Not valid JSON at line 1, column 61: 'x' is an invalid start of a value.", check.Error);
        Assert.Equal((1, 61), (check.Line, check.Column));
    }

    [Fact]
    public void Check_DeeperThanSystemTextJsonsDefault_IsStillJson()
    {
        var deep = new string('[', 200) + new string(']', 200);

        Assert.True(JsonText.Check(deep).IsValid);
    }
}
