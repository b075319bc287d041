using EventExplorer.Web;

namespace EventExplorer.Tests.Web;

public sealed class SnapshotUrlsTests
{
    [Theory]
    [InlineData("plain")]
    [InlineData("tenant/acme:user 42")]
    [InlineData("注文:2024/0001")]
    [InlineData("100%25 literal % and + and ?q=1#x")]
    [InlineData("trailing/")]
    public void SnapshotIdFromUrl_ReadsBackTheIdASnapshotLinkWasBuiltFrom(string id)
    {
        var link = ExplorerUrls.Snapshot(id);

        Assert.Equal(id, ExplorerUrls.SnapshotIdFromUrl("http://localhost:5080" + link));
        Assert.Equal(id, ExplorerUrls.SnapshotIdFromUrl(link + "?from=diff#top"));
    }

    [Theory]
    [InlineData("/snapshots")]
    [InlineData("/snapshots/")]
    [InlineData("/aggregates/x")]
    public void SnapshotIdFromUrl_NotASnapshotUrl_IsNull(string url)
    {
        Assert.Null(ExplorerUrls.SnapshotIdFromUrl(url));
    }

    [Fact]
    public void SnapshotDiff_KeepsBothIdsEscapedInTheQuery()
    {
        Assert.Equal("/snapshots/diff?left=a%2Fb&right=c%20d%3F", ExplorerUrls.SnapshotDiff("a/b", "c d?"));
    }
}
