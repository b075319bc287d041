using System.Text.Json;
using EventExplorer.Data.Json;

namespace EventExplorer.Tests.Data.Json;

/// <summary>
/// JSON that names half of a character (<c>"\ud800"</c>, a lone surrogate: Node's JSON.stringify writes it for a
/// string cut inside an emoji). System.Text.Json parses it and throws on every read of the string; StoredJson
/// reads it, shows it as its escape, writes it back as stored and says where it is.
/// </summary>
public sealed class HalfCharacterTests
{
    private const string CutEmoji = """[{"type":"x","s":"\ud800"}]""";

    private static JsonElement Parse(string json)
    {
        using var document = StoredJson.Parse(json);
        return document.RootElement.Clone();
    }

    [Theory]
    [InlineData("\"\\ud800\"", "\\ud800")]
    [InlineData("\"caf\\u00e9 \\uD800!\"", "café \\uD800!")]
    [InlineData("\"\\ude00\\ud83d\"", "\\ude00\\ud83d")]
    [InlineData("\"\\ud83d\\ude00 \\ud83d\"", "😀 \\ud83d")]
    [InlineData("\"a\\\\ud800\\n\\\"\"", "a\\ud800\n\"")]
    [InlineData("\"plain\"", "plain")]
    public void GetString_ShowsHalfACharacterAsItsEscapeAndEverythingElseAsText(string json, string shown)
    {
        Assert.Equal(shown, StoredJson.GetString(Parse(json)));
    }

    [Fact]
    public void GetName_TryGetProperty_AndEventType_ReadPastANameWithHalfACharacter()
    {
        // System.Text.Json's TryGetProperty throws here: it reads every name after the one it looks for.
        var element = Parse("""{"type":"first","\udc00k":1,"type":"last"}""");

        Assert.Equal(["type", "\\udc00k", "type"], element.EnumerateObject().Select(StoredJson.GetName));
        Assert.True(StoredJson.TryGetProperty(element, "\\udc00k", out var value));
        Assert.Equal(1, value.GetInt32());
        Assert.Equal("last", StoredJson.EventType(element));
        Assert.False(StoredJson.TryGetProperty(element, "missing", out _));
        Assert.Null(StoredJson.EventType(Parse("[1]")));
    }

    [Fact]
    public void HasLoneSurrogate_SeesItAnywhereInside_ButNotInAWholeCharacterOrAnEscapedBackslash()
    {
        Assert.True(StoredJson.HasLoneSurrogate(Parse(CutEmoji)));
        Assert.True(StoredJson.HasLoneSurrogate(Parse("""{"\ud800":1}""")));
        Assert.False(StoredJson.HasLoneSurrogate(Parse("""["\ud83d\ude00", "\\ud800", "😀"]""")));
    }

    [Fact]
    public void WriteCompactAndIndented_KeepTheEscape_AndWriteTheRestAsSystemTextJsonDoes()
    {
        const string stored = "{\"a\":[1,{\"b\":\"caf\\u00e9\\n<x>\"}],\"\\ud800\":\"\\uD800\",\"e\":{},\"f\":[],\"n\":1.50e3}";

        Assert.Equal("{\"a\":[1,{\"b\":\"café\\n<x>\"}],\"\\ud800\":\"\\ud800\",\"e\":{},\"f\":[],\"n\":1.50e3}", StoredJson.WriteCompact(Parse(stored)));
        Assert.Equal(
            "{\n  \"a\": [\n    1,\n    {\n      \"b\": \"café\\n<x>\"\n    }\n  ],\n  \"\\ud800\": \"\\ud800\",\n  \"e\": {},\n  \"f\": [],\n  \"n\": 1.50e3\n}",
            StoredJson.WriteIndented(Parse(stored)));
        // The same document without the half character, written by System.Text.Json itself, has the same shape.
        var whole = stored.Replace("\\ud800", "k", StringComparison.Ordinal).Replace("\\uD800", "v", StringComparison.Ordinal);
        Assert.Equal(StoredJson.WriteIndented(Parse(stored)).Replace("\\ud800\": \"\\ud800", "k\": \"v", StringComparison.Ordinal), StoredJson.WriteIndented(Parse(whole)));
    }

    [Fact]
    public void ValueEquals_ComparesTextExactly_AndNumbersByValue()
    {
        Assert.True(StoredJson.ValueEquals(Parse("\"\\ud800\""), Parse("\"\\uD800\"")));
        Assert.False(StoredJson.ValueEquals(Parse("\"\\ud800\""), Parse("\"\\\\ud800\"")));
        Assert.False(StoredJson.ValueEquals(Parse("\"\\ud800\""), Parse("\"\\udc00\"")));
        Assert.True(StoredJson.ValueEquals(Parse("""{"a":1,"\ud800":[1.0,"x"]}"""), Parse("""{"\ud800":[1e0,"x"],"a":1.00}""")));
        Assert.True(StoredJson.ValueEquals(Parse("""{"a":1,"a":2}"""), Parse("""{"a":2}""")));
        Assert.False(StoredJson.ValueEquals(Parse("1e400"), Parse("1e500")));
        Assert.True(StoredJson.ValueEquals(Parse("123456789012345678901234567890123"), Parse("1.23456789012345678901234567890123e32")));
        Assert.False(StoredJson.ValueEquals(Parse("[1]"), Parse("[1,2]")));
    }

    [Fact]
    public void FindLoneSurrogate_SaysWhereAsLineAndCharacter()
    {
        var found = StoredJson.FindLoneSurrogate("[\n  {\"type\":\"x\",\"s\":\"ab\\ud800\"}]");

        Assert.NotNull(found);
        Assert.Equal((2, 22), (found.Line, found.Column));
        Assert.StartsWith("\\ud800 is half of a character (a lone surrogate", found.Reason, StringComparison.Ordinal);
        Assert.Null(StoredJson.FindLoneSurrogate("""["\\ud800", "\ud83d\ude00"]"""));
        Assert.Null(StoredJson.FindError(CutEmoji));
        Assert.Contains("cannot be stored as UTF-8 faithfully", StoredJson.FindErrorForStoring(CutEmoji)!.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_TextWithALoneSurrogateCharacter_IsNotJsonAndSaysWhere()
    {
        // Not an escape: the .NET string itself holds half a character, which cannot become UTF-8.
        var text = "[\"ok\",\n \"a\uD800\"]";

        Assert.Throws<JsonException>(() => StoredJson.Parse(text));
        var error = StoredJson.FindError(text);
        Assert.NotNull(error);
        Assert.Equal((2, 4), (error.Line, error.Column));
        Assert.Contains("half of a character", error.Reason, StringComparison.Ordinal);
    }
}
