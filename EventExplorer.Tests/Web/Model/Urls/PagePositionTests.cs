using EventExplorer.Data.Model;
using EventExplorer.Web.Model.Urls;

namespace EventExplorer.Tests.Web.Model.Urls;

public sealed class PagePositionTests
{
    [Theory]
    [InlineData(PageLinkKind.Before, "9975", "?before=9975")]
    [InlineData(PageLinkKind.After, "20261121060000123:order-1", "?after=20261121060000123%3Aorder-1")]
    [InlineData(PageLinkKind.Cursor, "eyJ2IjoyfQ", "?cursor=eyJ2IjoyfQ")]
    public void Of_StoreLink_IsWrittenAsTheStoreSaidIt(PageLinkKind kind, string value, string expected)
    {
        var link = new PageLink(kind, value);
        var query = new QueryBuilder("");

        var position = PagePosition.Of(link);
        position.Write(query);

        Assert.Equal(expected, query.ToString());
        Assert.Equal(link, position.ToLink());
    }

    [Fact]
    public void ToLink_FromOldestOrNewest_IsNoLink()
    {
        Assert.Null(PagePosition.From("3").ToLink());
        Assert.Null(PagePosition.Oldest.ToLink());
        Assert.Null(PagePosition.Newest.ToLink());
    }

    [Theory]
    [InlineData(PositionKind.Newest, null, "the newest page")]
    [InlineData(PositionKind.Oldest, null, "the oldest page")]
    [InlineData(PositionKind.From, "7", "from 7")]
    [InlineData(PositionKind.Before, "7", "before 7")]
    [InlineData(PositionKind.After, "7", "after 7")]
    [InlineData(PositionKind.Cursor, "abc", "a saved position")]
    public void Describe_SaysThePositionInWords(PositionKind kind, string? value, string expected)
    {
        Assert.Equal(expected, new PagePosition(kind, value).Describe());
    }

    [Fact]
    public void Read_ValueTheCheckRefuses_IsReportedWithItsNameAndIgnored()
    {
        var query = QueryReader.FromUrl("/x?before=oops");

        var position = PagePosition.Read(query, "timeline", text => text == "oops" ? "not a version" : null);

        Assert.Equal(PagePosition.Newest, position);
        Assert.Equal(["'before=oops': not a version; it was ignored."], query.Problems);
    }
}
