using EventExplorer.Data.Model;
using EventExplorer.Web.Model.Feed;
using EventExplorer.Web.Model.Urls;

namespace EventExplorer.Tests.Web.Model.Feed;

public sealed class FeedStateTests
{
    public static TheoryData<string> CommitIds => new()
    {
        "1042",
        "20261121060000123:order-1",
        "20261121060000123:tenant/42/order 7",
        "20261121060000123:urn:order:äöü-订单+x&y=z",
    };

    [Theory]
    [MemberData(nameof(CommitIds))]
    public void ToUrl_ThenParse_GivesBackTheSameStateForAnyCommitId(string commitId)
    {
        var state = new FeedState { Position = new PagePosition(PositionKind.After, commitId), PageSize = 25, OldestFirst = true, Expand = commitId };

        var parsed = FeedState.Parse(state.ToUrl(), out var problems);

        Assert.Equal(state, parsed);
        Assert.Empty(problems);
    }

    [Fact]
    public void ToUrl_LatestPage_IsJustThePath()
    {
        Assert.Equal("/feed", new FeedState().ToUrl());
    }

    [Fact]
    public void ToUrl_LayoutBCommitId_IsEscapedButReadable()
    {
        var url = new FeedState { Position = new PagePosition(PositionKind.Before, "20261121060000123:order 1") }.ToUrl();

        Assert.Equal("/feed?before=20261121060000123%3Aorder%201", url);
    }

    [Fact]
    public void Open_IsThePermalinkThatStartsAtTheCommitAndOpensIt_WithoutTheLiveTail()
    {
        var state = new FeedState { Live = true, PageSize = 10 };

        Assert.Equal("/feed?from=1042&size=10&expand=1042", state.Open("1042").ToUrl());
    }

    [Fact]
    public void At_AnotherPage_TurnsTheLiveTailOff()
    {
        var state = new FeedState { Live = true };

        var older = state.At(new PagePosition(PositionKind.Before, "1000"));

        Assert.False(older.Live);
        Assert.Equal("/feed?before=1000", older.ToUrl());
    }

    [Fact]
    public void Parse_LiveSwitch_IsPartOfTheLink()
    {
        var state = FeedState.Parse("/feed?live=1", out var problems);

        Assert.True(state.Live);
        Assert.Empty(problems);
        Assert.True(state.ReadsSameAs(new FeedState()));
    }

    [Theory]
    [InlineData("live=yes", "yes")]
    [InlineData("size=-1", "-1")]
    [InlineData("order=up", "up")]
    public void Parse_ValueThatDoesNotFit_FallsBackAndSaysWhichValue(string query, string named)
    {
        var state = FeedState.Parse("/feed?" + query, out var problems);

        Assert.Equal(new FeedState(), state);
        Assert.Contains(problems, p => p.Contains(named, StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_CommitIdLongerThanAnyCanBe_IsReported()
    {
        var state = FeedState.Parse("/feed?from=" + new string('9', 2000), out var problems);

        Assert.Equal(PositionKind.Newest, state.Position.Kind);
        Assert.Contains(problems, p => p.Contains("no commit id is that long", StringComparison.Ordinal));
    }

    [Fact]
    public void ToQuery_AlwaysReadsInReplayOrder_TheViewReversesForNewestFirst()
    {
        var query = FeedState.Parse("/feed?from=%201042%20", out _).ToQuery();

        Assert.Equal("1042", query.FromCommitId);
        Assert.Equal(ReadOrder.OldestFirst, query.Order);
    }

    [Fact]
    public void ToQuery_Cursor_IsHandedToTheStoreUntouched()
    {
        var query = FeedState.Parse("/feed?cursor=eyJ2IjoyfQ", out _).ToQuery();

        Assert.Equal(new PageLink(PageLinkKind.Cursor, "eyJ2IjoyfQ"), query.Position);
    }
}
