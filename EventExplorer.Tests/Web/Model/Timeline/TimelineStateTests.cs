using EventExplorer.Data.Model;
using EventExplorer.Web.Model.Timeline;
using EventExplorer.Web.Model.Urls;

namespace EventExplorer.Tests.Web.Model.Timeline;

public sealed class TimelineStateTests
{
    public static TheoryData<string> OddIds => new()
    {
        "order-1",
        "tenant/42/order 7",
        "urn:order:2026:äöü-订单",
        "a+b&c=d?e#f%20",
        " spaced ",
    };

    [Theory]
    [MemberData(nameof(OddIds))]
    public void ToUrl_ThenParse_GivesBackTheSameStateForAnyId(string id)
    {
        var state = new TimelineState
        {
            AggregateId = id,
            Position = new PagePosition(PositionKind.Before, "42"),
            PageSize = 100,
            EventType = "Order Placed/v2",
            OldestFirst = true,
        };

        var parsed = TimelineState.Parse(state.ToUrl(), out var problems);

        Assert.Equal(state, parsed);
        Assert.Empty(problems);
    }

    [Theory]
    [MemberData(nameof(OddIds))]
    public void ToUrl_KeepsTheIdInOnePathSegment(string id)
    {
        var url = new TimelineState { AggregateId = id }.ToUrl();

        Assert.StartsWith("/aggregates/", url, StringComparison.Ordinal);
        Assert.DoesNotContain('/', url["/aggregates/".Length..]);
        Assert.DoesNotContain(' ', url);
    }

    [Fact]
    public void ToUrl_DefaultView_IsJustThePath()
    {
        Assert.Equal("/aggregates/order-1", new TimelineState { AggregateId = "order-1" }.ToUrl());
    }

    [Theory]
    [InlineData(PositionKind.Before, "before=9975")]
    [InlineData(PositionKind.After, "after=9975")]
    [InlineData(PositionKind.From, "from=9975")]
    public void ToUrl_Position_IsSaidPlainly(PositionKind kind, string expected)
    {
        var url = new TimelineState { AggregateId = "order-1", Position = new PagePosition(kind, "9975") }.ToUrl();

        Assert.Equal("/aggregates/order-1?" + expected, url);
    }

    [Fact]
    public void Open_IsThePermalinkThatStartsAtTheCommitAndOpensIt()
    {
        var state = new TimelineState { AggregateId = "order-1", PageSize = 50, EventType = "Paid" };

        Assert.Equal("/aggregates/order-1?from=7&size=50&type=Paid&expand=7", state.Open(7).ToUrl());
    }

    [Fact]
    public void At_AnotherPage_KeepsSizeFilterAndOrderButClosesTheOpenedCommit()
    {
        var state = new TimelineState { AggregateId = "order-1", PageSize = 10, EventType = "Paid", OldestFirst = true }.Open(3);

        var older = state.At(new PagePosition(PositionKind.Before, "3"));

        Assert.Equal("/aggregates/order-1?before=3&size=10&type=Paid&order=asc", older.ToUrl());
    }

    [Fact]
    public void Parse_NegativeFromVersion_IsReportedNotSilentlyIgnored()
    {
        var state = TimelineState.Parse("/aggregates/order-1?from=-3", out var problems);

        Assert.Equal(PositionKind.Newest, state.Position.Kind);
        var problem = Assert.Single(problems);
        Assert.Contains("from=-3", problem, StringComparison.Ordinal);
        Assert.Contains("0 or more", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("before=abc", "before=abc")]
    [InlineData("after=1.5", "after=1.5")]
    [InlineData("expand=-1", "-1")]
    [InlineData("size=0", "0")]
    [InlineData("size=5000", "5000")]
    [InlineData("order=sideways", "sideways")]
    [InlineData("start=middle", "middle")]
    public void Parse_ValueThatDoesNotFit_FallsBackAndSaysWhichValue(string query, string named)
    {
        var state = TimelineState.Parse("/aggregates/order-1?" + query, out var problems);

        Assert.Contains(problems, p => p.Contains(named, StringComparison.Ordinal));
        Assert.Equal(new TimelineState { AggregateId = "order-1" }, state);
    }

    [Fact]
    public void Parse_TwoPositions_ShowsTheFirstAndSaysSo()
    {
        var state = TimelineState.Parse("/aggregates/order-1?after=4&from=9", out var problems);

        Assert.Equal(PagePosition.From("9"), state.Position);
        Assert.Contains(problems, p => p.Contains("2 positions", StringComparison.Ordinal) && p.Contains("from 9", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_SpacesAroundAVersion_AreTaken()
    {
        var state = TimelineState.Parse("/aggregates/order-1?from=%2012%20", out var problems);

        Assert.Equal(PagePosition.From("12"), state.Position);
        Assert.Empty(problems);
    }

    [Fact]
    public void ToQuery_Jump_ReadsUpwardsFromTheVersion()
    {
        var state = TimelineState.Parse("/aggregates/order-1?from=12&size=10&order=asc", out _);

        var query = state.ToQuery();

        Assert.Equal(12, query.FromVersion);
        Assert.Null(query.Position);
        Assert.Equal(10, query.PageSize);
        Assert.Equal(ReadOrder.OldestFirst, query.Order);
    }

    [Theory]
    [InlineData("before=9", PageLinkKind.Before, "9")]
    [InlineData("after=9", PageLinkKind.After, "9")]
    [InlineData("cursor=abc_-", PageLinkKind.Cursor, "abc_-")]
    public void ToQuery_PageLinkFromTheUrl_GoesToTheStoreAsGiven(string query, PageLinkKind kind, string value)
    {
        var state = TimelineState.Parse("/aggregates/order-1?" + query, out _);

        Assert.Equal(new PageLink(kind, value), state.ToQuery().Position);
    }

    [Fact]
    public void ToQuery_StartOldest_ReadsFromTheFirstCommit()
    {
        var query = TimelineState.Parse("/aggregates/order-1?start=oldest", out _).ToQuery();

        Assert.True(query.FromOldest);
        Assert.Null(query.FromVersion);
        Assert.Null(query.Position);
    }
}
