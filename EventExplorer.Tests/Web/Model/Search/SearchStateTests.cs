using EventExplorer.Data.Errors;
using EventExplorer.Data.Model;
using EventExplorer.Web;
using EventExplorer.Web.Model.Search;

namespace EventExplorer.Tests.Web.Model.Search;

public sealed class SearchStateTests
{
    public static TheoryData<SearchState> States => new()
    {
        new SearchState { Query = "orderId = \"order-2024-004711\"", AggregateId = "tenant/42/order 7", From = "3", To = "90", EventType = "orderPlaced" },
        new SearchState { Query = "Jöhn & co", IgnoreCase = true, From = "2026112106", To = "2026112107", AggregatePrefix = "order-" },
        new SearchState { Query = "sku", Since = new DateTimeOffset(2026, 10, 2, 14, 34, 0, TimeSpan.Zero), Until = new DateTimeOffset(2026, 10, 3, 0, 0, 0, TimeSpan.Zero) },
        new SearchState { Query = "x", AggregateId = "a", After = new PageLink(PageLinkKind.After, "41") },
        new SearchState { Query = "x", After = new PageLink(PageLinkKind.Cursor, "abc_-") },
    };

    [Theory]
    [MemberData(nameof(States))]
    public void ToUrl_ThenParse_GivesBackTheSameSearch(SearchState state)
    {
        var parsed = SearchState.Parse(state.ToUrl(), out var problems);

        Assert.Equal(state, parsed);
        Assert.Empty(problems);
    }

    [Fact]
    public void ExplorerUrlsSearch_IsReadBackByTheSearchPage()
    {
        var since = new DateTimeOffset(2026, 10, 2, 14, 34, 0, TimeSpan.Zero);

        var state = SearchState.Parse(ExplorerUrls.Search("email", since: since), out var problems);

        Assert.Equal(new SearchState { Query = "email", Since = since }, state);
        Assert.Empty(problems);
    }

    [Fact]
    public void ExplorerUrlsSearch_WithVersionsOfOneAggregate_IsReadBackAsItsRange()
    {
        var url = ExplorerUrls.Search("x", "tenant/1", from: "3", to: "9");

        Assert.Equal("/search?q=x&aggregate=tenant%2F1&from=3&to=9", url);
        var range = SearchState.Parse(url, out _).ToRange();
        Assert.Equal((3L, 9L), (range.FromVersion!.Value, range.ToVersion!.Value));
    }

    [Fact]
    public void Parse_AVersionThatIsNoNumber_IsDroppedWithAProblem()
    {
        var state = SearchState.Parse("/search?q=x&aggregate=a&from=seven", out var problems);

        Assert.Null(state.From);
        Assert.Contains("From version 'seven'", Assert.Single(problems), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ATimeWindowWithinOneAggregate_IsIgnoredSayingWhy()
    {
        var state = SearchState.Parse("/search?q=x&aggregate=a&since=2026-10-02", out var problems);

        Assert.Null(state.Since);
        Assert.Contains("time window", Assert.Single(problems), StringComparison.Ordinal);
    }

    [Fact]
    public void ToRange_OfAnAggregate_IsItsVersionRangeContinuedAfterWhereItStopped()
    {
        var state = new SearchState { Query = "x", AggregateId = "a", From = "3", To = "9", After = new PageLink(PageLinkKind.After, "5") };

        var range = state.ToRange();

        Assert.Equal("a", range.AggregateId);
        Assert.Equal(3, range.FromVersion);
        Assert.Equal(9, range.ToVersion);
        Assert.Equal(new PageLink(PageLinkKind.After, "5"), range.After);
    }

    [Fact]
    public void ParseQuery_AnEmptyPathValue_SaysWhatIsMissing()
    {
        var state = new SearchState { Query = "orderId =" };

        var error = Assert.Throws<InvalidQueryException>(state.ParseQuery);

        Assert.Contains("Nothing follows '='", error.Message, StringComparison.Ordinal);
    }
}
