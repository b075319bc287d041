using EventExplorer.Web;

namespace EventExplorer.Tests.Web;

public sealed class ExplorerUrlsTests
{
    [Theory]
    [InlineData("plain-id")]
    [InlineData("orders/2024/17")]
    [InlineData("tenant:42:order")]
    [InlineData("with space")]
    [InlineData("Bestellung-Müller-日本")]
    [InlineData("50%off")]
    [InlineData("q?x=1&y=2#frag")]
    [InlineData("%2F-literal")]
    public void Aggregate_OddIds_RoundTripThroughAggregateIdFromUrl(string id)
    {
        var url = ExplorerUrls.Aggregate(id, pageSize: 10);

        Assert.Equal(id, ExplorerUrls.AggregateIdFromUrl(url));
        Assert.Equal(id, ExplorerUrls.AggregateIdFromUrl("https://explorer.example:8443" + url));
    }

    [Fact]
    public void Aggregate_IdWithSlash_StaysOnePathSegment()
    {
        var url = ExplorerUrls.Aggregate("a/b c");

        Assert.Equal("/aggregates/a%2Fb%20c", url);
    }

    [Fact]
    public void AggregateIdFromUrl_UnescapedSlashFromTheCatchAllRoute_KeepsWholeRest()
    {
        Assert.Equal("a/b", ExplorerUrls.AggregateIdFromUrl("/aggregates/a/b?size=10"));
    }

    [Theory]
    [InlineData("/aggregates")]
    [InlineData("/aggregates/")]
    [InlineData("/feed")]
    [InlineData("http://localhost/snapshots/x")]
    public void AggregateIdFromUrl_NotATimelineUrl_ReturnsNull(string url)
    {
        Assert.Null(ExplorerUrls.AggregateIdFromUrl(url));
    }

    [Fact]
    public void Aggregate_AllOptions_BuildsEscapedQueryInOneOrder()
    {
        var url = ExplorerUrls.Aggregate("x", cursor: "ab+/=", fromVersion: 7, pageSize: 100, eventType: "Order Placed", expand: 8, oldestFirst: true);

        Assert.Equal("/aggregates/x?cursor=ab%2B%2F%3D&from=7&size=100&type=Order%20Placed&expand=8&order=asc", url);
    }

    [Fact]
    public void Aggregate_NoOptions_IsJustThePath()
    {
        Assert.Equal("/aggregates/x", ExplorerUrls.Aggregate("x"));
        Assert.Equal("/aggregates/x?start=oldest", ExplorerUrls.Aggregate("x", oldest: true));
    }

    [Fact]
    public void Feed_LiveAndPosition_AreQueryValues()
    {
        Assert.Equal("/feed", ExplorerUrls.Feed());
        Assert.Equal("/feed?from=20000101000000000%3Aabc&live=1", ExplorerUrls.Feed(fromCommitId: "20000101000000000:abc", live: true));
        Assert.Equal("/feed?start=oldest&size=10&order=asc", ExplorerUrls.Feed(oldest: true, pageSize: 10, oldestFirst: true));
    }

    [Fact]
    public void Append_AggregateAndVersion_AreEscapedQueryValues()
    {
        Assert.Equal("/append?aggregate=a%2Fb&version=3", ExplorerUrls.Append("a/b", 3));
        Assert.Equal("/append", ExplorerUrls.Append());
    }

    [Fact]
    public void Aggregates_Prefix_IsEscaped()
    {
        Assert.Equal("/aggregates?prefix=t%C3%A9%20st", ExplorerUrls.Aggregates("té st"));
        Assert.Equal("/aggregates", ExplorerUrls.Aggregates(""));
    }
}
