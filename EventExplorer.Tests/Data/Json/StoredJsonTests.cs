using EventExplorer.Data.Json;

namespace EventExplorer.Tests.Data.Json;

/// <summary>Where stored JSON is broken, said the way a person counts: lines and characters from 1.</summary>
public sealed class StoredJsonTests
{
    [Fact]
    public void FindError_AfterMultiByteLettersOnALaterLine_GivesTheCharacterColumnOnce()
    {
        var error = StoredJson.FindError("[\n  \"Zoë Müller\" x]");

        Assert.NotNull(error);
        Assert.Equal((2, 16), (error.Line, error.Column));
        Assert.StartsWith("line 2, column 16: ", error.ToString());
        Assert.DoesNotContain("LineNumber", error.ToString());
        Assert.DoesNotContain("BytePositionInLine", error.ToString());
    }

    [Fact]
    public void FindError_ValidJsonOfAnyKindAndDeepNesting_IsNull()
    {
        Assert.Null(StoredJson.FindError("\"just a string\""));
        Assert.Null(StoredJson.FindError(new string('[', 200) + new string(']', 200)));
        Assert.NotNull(StoredJson.FindError(new string('[', 300) + new string(']', 300)));
    }

    [Theory]
    [InlineData("[1, 2,]", "a comma after the last element")]
    [InlineData("{\"a\": 1,}", "a comma after the last element")]
    [InlineData("   ", "no JSON value")]
    public void FindError_ParserSettingsAreNotBlamed_TheTextIs(string text, string expected)
    {
        var error = StoredJson.FindError(text);

        Assert.NotNull(error);
        Assert.Contains(expected, error.Reason);
        Assert.DoesNotContain("reader options", error.Reason);
        Assert.DoesNotContain("isFinalBlock", error.Reason);
    }
}
