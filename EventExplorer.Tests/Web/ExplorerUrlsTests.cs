using EventExplorer.Web;

namespace EventExplorer.Tests.Web;

public sealed class ExplorerUrlsTests
{
    [Theory]
    [InlineData("order-1")]
    [InlineData("tenant/42/order 7")]
    [InlineData("urn:order:äöü-订单")]
    [InlineData("100%+sure?#")]
    public void Timeline_OddIds_ComeBackFromTheUrl(string id)
    {
        Assert.Equal(id, ExplorerUrls.AggregateIdFromUrl(ExplorerUrls.Timeline(id)));
        Assert.Equal(id, ExplorerUrls.AggregateIdFromUrl("https://explorer.example" + ExplorerUrls.Timeline(id, 3)));
    }

    [Fact]
    public void AggregateIdFromUrl_UnescapedSlashFromTheCatchAllRoute_KeepsTheWholeRest()
    {
        Assert.Equal("tenant/42/order", ExplorerUrls.AggregateIdFromUrl("/aggregates/tenant/42/order?size=10"));
    }

    [Theory]
    [InlineData("/aggregates")]
    [InlineData("/aggregates/")]
    [InlineData("/feed")]
    [InlineData("/snapshots/x")]
    public void AggregateIdFromUrl_NotATimeline_IsNull(string url)
    {
        Assert.Null(ExplorerUrls.AggregateIdFromUrl(url));
    }

    [Fact]
    public void Commit_IsThePermalinkThatOpensTheCommit()
    {
        Assert.Equal("/aggregates/order%201?from=4&expand=4", ExplorerUrls.Commit("order 1", 4));
    }

    [Fact]
    public void Timeline_WithVersion_IsAPlainJump()
    {
        Assert.Equal("/aggregates/order-1?from=12", ExplorerUrls.Timeline("order-1", 12));
    }

    [Fact]
    public void Feed_FromCommitIdAndLive_ArePlainQueryValues()
    {
        Assert.Equal("/feed?from=1042", ExplorerUrls.Feed("1042"));
        Assert.Equal("/feed?live=1", ExplorerUrls.Feed(live: true));
    }

    [Theory]
    [InlineData("snap-1")]
    [InlineData("tenant/42/snap 7")]
    [InlineData("urn:ä:订单")]
    public void Snapshot_OddIds_ComeBackFromTheUrl(string id)
    {
        Assert.Equal(id, ExplorerUrls.SnapshotIdFromUrl(ExplorerUrls.Snapshot(id)));
    }

    [Theory]
    [InlineData("/snapshots")]
    [InlineData("/snapshots/diff")]
    [InlineData("/snapshots/diff?left=a")]
    [InlineData("/aggregates/a")]
    public void SnapshotIdFromUrl_NotASnapshotPage_IsNull(string url)
    {
        Assert.Null(ExplorerUrls.SnapshotIdFromUrl(url));
    }

    [Fact]
    public void Append_AggregateAndVersion_AreEscapedQueryValues()
    {
        Assert.Equal("/append?aggregate=a%2Fb&version=0", ExplorerUrls.Append("a/b", 0));
    }

    [Fact]
    public void PathOf_AbsoluteOrRelative_IsTheEscapedPathWithoutQuery()
    {
        Assert.Equal("/aggregates/a%2Fb", ExplorerUrls.PathOf("http://localhost:5000/aggregates/a%2Fb?from=1#x"));
        Assert.Equal("/feed", ExplorerUrls.PathOf("/feed?live=1"));
        Assert.Equal("/", ExplorerUrls.PathOf("http://localhost"));
    }
}
