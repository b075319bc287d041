using EventExplorer.Web.Model.Feed;
using EventExplorer.Web.Model.Preferences;
using EventExplorer.Web.Model.Timeline;
using EventExplorer.Web.Model.Urls;

namespace EventExplorer.Tests.Web.Model.Timeline;

/// <summary>The filter and the time to go to, as the timeline's and the feed's links carry them.</summary>
public sealed class FilterAndTimeTravelStateTests
{
    private static readonly DateTimeOffset Moment = new(2026, 10, 2, 14, 34, 0, TimeSpan.Zero);

    [Fact]
    public void TimelineState_WithFilterAndTime_RoundTripsThroughItsUrl()
    {
        var state = new TimelineState { AggregateId = "tenant/7", EventType = "Order Placed/v2", TravelTime = Moment, PageSize = 10 };

        var url = state.ToUrl();
        var parsed = TimelineState.Parse(url, out var problems);

        Assert.Equal("/aggregates/tenant%2F7?size=10&type=Order%20Placed%2Fv2&at=2026-10-02T14%3A34Z", url);
        Assert.Equal(state, parsed);
        Assert.Empty(problems);
    }

    [Fact]
    public void FeedState_WithTypePrefixAndTime_RoundTripsThroughItsUrl()
    {
        var state = new FeedState { EventType = "Paid", Prefix = "order-", TravelTime = Moment.AddSeconds(5.25), Live = true };

        var url = state.ToUrl();
        var parsed = FeedState.Parse(url, out var problems);

        Assert.Equal("/feed?type=Paid&prefix=order-&at=2026-10-02T14%3A34%3A05.25Z&live=1", url);
        Assert.Equal(state, parsed);
        Assert.Empty(problems);
    }

    [Fact]
    public void ToQuery_WithAFilter_AsksTheStoreToFilter()
    {
        var timeline = TimelineState.Parse("/aggregates/order-1?type=Paid", out _).ToQuery();
        var feed = FeedState.Parse("/feed?type=Paid&prefix=order-", out _).ToQuery();
        var unfiltered = FeedState.Parse("/feed", out _).ToQuery();

        Assert.Equal("Paid", timeline.Filter?.EventType);
        Assert.Null(timeline.Filter?.AggregateIdPrefix);
        Assert.Equal(("Paid", "order-"), (feed.Filter?.EventType, feed.Filter?.AggregateIdPrefix));
        Assert.Null(unfiltered.Filter);
    }

    [Theory]
    [InlineData("2026-10-02T14:34")]
    [InlineData("2026-10-02 14:34")]
    [InlineData("yesterday")]
    public void Parse_ATimeWithoutZoneOrNotATime_IsRefusedAndSaysWhichValue(string at)
    {
        var timeline = TimelineState.Parse("/aggregates/order-1?at=" + Uri.EscapeDataString(at), out var timelineProblems);
        var feed = FeedState.Parse("/feed?at=" + Uri.EscapeDataString(at), out var feedProblems);

        Assert.Null(timeline.TravelTime);
        Assert.Null(feed.TravelTime);
        Assert.Contains(timelineProblems, p => p.Contains(at, StringComparison.Ordinal) && p.Contains("UTC", StringComparison.Ordinal));
        Assert.Contains(feedProblems, p => p.Contains(at, StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_ATimeAndAPosition_GoesToTheTimeAndSaysSo()
    {
        var state = TimelineState.Parse("/aggregates/order-1?from=4&at=2026-10-02T14:34Z", out var problems);

        Assert.Equal(Moment, state.TravelTime);
        Assert.Equal(PagePosition.Newest, state.Position);
        Assert.Contains(problems, p => p.Contains("from 4", StringComparison.Ordinal) && p.Contains("goes to the time", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_ATimeWithAnOffset_IsKeptAsTheSameMomentAndWrittenInUtc()
    {
        var state = FeedState.Parse("/feed?at=2026-10-02T16:34%2B02:00", out var problems);

        Assert.Equal(Moment, state.TravelTime);
        Assert.Empty(problems);
        Assert.Equal("/feed?at=2026-10-02T14%3A34Z", state.ToUrl());
    }

    [Theory]
    [InlineData("before=40", "/aggregates/order-1?type=Paid")]
    [InlineData("cursor=abc", "/aggregates/order-1?type=Paid")]
    [InlineData("after=3&expand=4", "/aggregates/order-1?type=Paid")]
    [InlineData("from=12", "/aggregates/order-1?from=12&type=Paid")]
    [InlineData("start=oldest&order=asc", "/aggregates/order-1?start=oldest&type=Paid&order=asc")]
    public void Filtered_DropsAPageLinkButKeepsWhereAViewStarts(string query, string expected)
    {
        var state = TimelineState.Parse("/aggregates/order-1?" + query, out _);

        Assert.Equal(expected, state.Filtered(" Paid ").ToUrl());
    }

    [Fact]
    public void Feed_Filtered_KeepsTheLiveSwitchAndDropsTheCursor()
    {
        var state = FeedState.Parse("/feed?before=1042&live=1", out _);

        Assert.Equal("/feed?prefix=order-&live=1", state.Filtered("", "order-").ToUrl());
        Assert.Equal("/feed?live=1", state.Filtered(null, null).ToUrl());
    }

    [Fact]
    public void PagingFromATimeTravelledPage_KeepsTheFilterAndLeavesTheTime()
    {
        var state = new TimelineState { AggregateId = "order-1", EventType = "Paid" }.TravelTo(Moment);

        var older = state.At(new PagePosition(PositionKind.Before, "12"));

        Assert.Equal("/aggregates/order-1?type=Paid&at=2026-10-02T14%3A34Z", state.ToUrl());
        Assert.Equal("/aggregates/order-1?before=12&type=Paid", older.ToUrl());
    }

    [Fact]
    public void TravelTo_StartsFromTheTimeNotFromTheOldPosition()
    {
        var state = FeedState.Parse("/feed?before=77&type=Paid&expand=80", out _);

        Assert.Equal("/feed?type=Paid&at=2026-10-02T14%3A34Z", state.TravelTo(Moment).ToUrl());
    }
}

/// <summary>What a user types into "Go to date and time", read in the zone the app shows times in.</summary>
public sealed class TimeTravelInputTests
{
    private static readonly UserPreferences Utc = UserPreferences.Default;
    private static readonly UserPreferences Berlin = new() { Time = TimeDisplay.Local, TimeZone = "Europe/Berlin" };

    [Theory]
    [InlineData("2026-10-02 14:34", "2026-10-02T14:34:00Z")]
    [InlineData("2026-10-02T14:34:05", "2026-10-02T14:34:05Z")]
    [InlineData(" 2026-10-02 14:34:05.250 ", "2026-10-02T14:34:05.25Z")]
    [InlineData("2026-10-02", "2026-10-02T00:00:00Z")]
    public void TryRead_WithUtcTimes_ReadsTheTextAsUtc(string text, string expected)
    {
        Assert.True(TimeTravelInput.TryRead(text, Utc, out var at, out var problem));

        Assert.Null(problem);
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), at);
    }

    [Fact]
    public void TryRead_WithLocalTimes_ReadsTheTextInTheBrowsersZone()
    {
        Assert.True(TimeTravelInput.TryRead("2026-10-02 16:34", Berlin, out var summer, out _));
        Assert.True(TimeTravelInput.TryRead("2026-12-02 16:34", Berlin, out var winter, out _));

        Assert.Equal(new DateTimeOffset(2026, 10, 2, 14, 34, 0, TimeSpan.Zero), summer);
        Assert.Equal(new DateTimeOffset(2026, 12, 2, 15, 34, 0, TimeSpan.Zero), winter);
    }

    [Fact]
    public void TryRead_ATimeWithItsOwnZone_IsTakenAsItSays()
    {
        Assert.True(TimeTravelInput.TryRead("2026-10-02T14:34Z", Berlin, out var at, out _));

        Assert.Equal(new DateTimeOffset(2026, 10, 2, 14, 34, 0, TimeSpan.Zero), at);
    }

    [Fact]
    public void TryRead_ATimeTheClocksSkipped_IsRefusedWithWhy()
    {
        Assert.False(TimeTravelInput.TryRead("2026-03-29 02:30", Berlin, out _, out var problem));

        Assert.Contains("does not exist in Europe/Berlin", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("2 October")]
    [InlineData("2026-13-02 10:00")]
    public void TryRead_NotATime_SaysWhatItExpects(string text)
    {
        Assert.False(TimeTravelInput.TryRead(text, Utc, out _, out var problem));

        Assert.Contains("2026-10-02 14:34", problem, StringComparison.Ordinal);
    }
}
