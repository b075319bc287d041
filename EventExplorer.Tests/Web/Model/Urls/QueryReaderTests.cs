using EventExplorer.Web.Model.Urls;

namespace EventExplorer.Tests.Web.Model.Urls;

public sealed class QueryReaderTests
{
    [Fact]
    public void Text_PlusAndPercentEscapes_AreDecoded()
    {
        var query = QueryReader.FromUrl("http://localhost/x?a=one+two&b=%C3%A4%2F%3A%2B");

        Assert.Equal("one two", query.Text("a"));
        Assert.Equal("ä/:+", query.Text("b"));
    }

    [Fact]
    public void Text_RepeatedName_TheFirstValueWins()
    {
        Assert.Equal("1", QueryReader.FromUrl("/x?a=1&a=2").Text("a"));
    }

    [Fact]
    public void Text_EmptyOrAbsentValue_IsNull()
    {
        var query = QueryReader.FromUrl("/x?a=&b");

        Assert.Null(query.Text("a"));
        Assert.Null(query.Text("b"));
        Assert.Null(query.Text("c"));
    }

    [Fact]
    public void FromUrl_Fragment_IsNotPartOfTheQuery()
    {
        Assert.Equal("1", QueryReader.FromUrl("/x?a=1#row-3").Text("a"));
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("1.5")]
    [InlineData("1e3")]
    [InlineData("99999999999999999999")]
    public void WholeNumber_NotAWholeNumberOfZeroOrMore_IsNullAndReported(string text)
    {
        var query = QueryReader.FromUrl("/x?v=" + Uri.EscapeDataString(text));

        Assert.Null(query.WholeNumber("v", "The version"));
        Assert.Equal([$"The version '{text}' is not a whole number of 0 or more; it was ignored."], query.Problems);
    }

    [Fact]
    public void PageSize_OutOfRange_FallsBackAndSaysWhatIsShown()
    {
        var query = QueryReader.FromUrl("/x?size=0");

        Assert.Equal(25, query.PageSize("size", 25, 1000));
        Assert.Equal(["Page size '0' is not a whole number from 1 to 1000; showing 25 per page."], query.Problems);
    }

    [Fact]
    public void QueryBuilder_EmptyValuesAreLeftOutAndEveryValueIsEscaped()
    {
        var url = new QueryBuilder("/p").Add("a", "x y/z").Add("b", (string?)null).Add("c", 0).Add("d", false).Add("e", true).ToString();

        Assert.Equal("/p?a=x%20y%2Fz&c=0&e=1", url);
    }
}
