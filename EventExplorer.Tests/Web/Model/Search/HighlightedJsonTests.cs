using EventExplorer.Web.Model.Search;

namespace EventExplorer.Tests.Web.Model.Search;

public sealed class HighlightedJsonTests
{
    [Fact]
    public void Lines_MarkTheMatchedPlaceAndEverythingInsideIt()
    {
        var lines = HighlightedJson.Lines("""{"type":"x","customer":{"email":"a@b"},"lines":[{"sku":"S-1"}]}""", ["$.customer", "$.lines[0].sku"]);

        var marked = lines.Where(l => l.Matched).Select(l => l.Text.Trim()).ToList();
        Assert.Equal(["\"customer\": {", "\"email\": \"a@b\"", "},", "\"sku\": \"S-1\""], marked);
        Assert.Equal("\"type\": \"x\",", lines[1].Text.Trim());
    }

    [Fact]
    public void Lines_KeepValuesExactlyAsStored()
    {
        var lines = HighlightedJson.Lines("""{"amount":10.50,"name":"Chloé"}""", []);

        Assert.Equal(["{", "  \"amount\": 10.50,", "  \"name\": \"Chloé\"", "}"], lines.Select(l => l.Text));
    }

    [Fact]
    public void Lines_OfTextThatIsNotJson_IsTheTextUnmarked()
    {
        var line = Assert.Single(HighlightedJson.Lines("{not json", ["$"]));

        Assert.Equal("{not json", line.Text);
        Assert.False(line.Matched);
    }
}
