using EventExplorer.Web;
using EventExplorer.Web.Model;
using EventExplorer.Web.Model.Urls;

namespace EventExplorer.Tests.Web.Model.Urls;

public sealed class UrlTimeTests
{
    [Theory]
    [InlineData("2026-10-02T14:34:00Z", "2026-10-02T14:34Z")]
    [InlineData("2026-10-02T14:34:05Z", "2026-10-02T14:34:05Z")]
    [InlineData("2026-10-02T14:34:05.123Z", "2026-10-02T14:34:05.123Z")]
    [InlineData("2026-10-02T16:34:00+02:00", "2026-10-02T14:34Z")]
    public void UrlTime_IsUtcAndAsShortAsIsExact(string time, string expected)
    {
        Assert.Equal(expected, Formats.UrlTime(DateTimeOffset.Parse(time, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Theory]
    [InlineData("2026-10-02T14:34Z", "2026-10-02T14:34:00Z")]
    [InlineData("2026-10-02T14:34:05.5Z", "2026-10-02T14:34:05.5Z")]
    [InlineData("2026-10-02T16:34+02:00", "2026-10-02T14:34:00Z")]
    [InlineData("2026-10-02T16:34+0200", "2026-10-02T14:34:00Z")]
    [InlineData("2026-10-02", "2026-10-02T00:00:00Z")]
    public void TryParseUrlTime_ReadsUtcOffsetsAndDates(string text, string expected)
    {
        Assert.True(Formats.TryParseUrlTime(text, out var time));
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), time);
    }

    [Theory]
    [InlineData("2026-10-02T14:34")]
    [InlineData("yesterday")]
    [InlineData("2026-13-02T14:34Z")]
    [InlineData("14:34Z")]
    public void TryParseUrlTime_RefusesTimesWithoutAZoneAndNonsense(string text)
    {
        Assert.False(Formats.TryParseUrlTime(text, out _));
    }

    [Fact]
    public void QueryReader_Time_SaysWhatWasWrong()
    {
        var query = QueryReader.FromUrl("/feed?at=2026-10-02T14:34");
        Assert.Null(query.Time("at", "The time to go to"));
        var problem = Assert.Single(query.Problems);
        Assert.Contains("The time to go to '2026-10-02T14:34' is not a date and time", problem);
    }

    [Fact]
    public void SearchLink_CarriesItsWindowInUtc()
    {
        var since = new DateTimeOffset(2026, 10, 2, 15, 34, 0, TimeSpan.FromHours(1));
        Assert.Equal("/search?q=orderId%20%3D%20%224711%22&since=2026-10-02T14%3A34Z",
            ExplorerUrls.Search("orderId = \"4711\"", since: since));
    }

    [Fact]
    public void FindAnythingLinks_EscapeOddIds()
    {
        Assert.Equal("/fields?aggregate=tenant%2F42%20x&path=%24.customer.email", ExplorerUrls.FieldHistory("tenant/42 x", "$.customer.email"));
        Assert.Equal("/commit?aggregate=a%26b&version=2.5&view=raw", ExplorerUrls.CommitPage("a&b", "2.5", raw: true));
        Assert.Equal("/compare?aggregate=o&left=3&snapshot=o", ExplorerUrls.CompareWithSnapshot("o", 3, "o"));
        Assert.Equal("/export?aggregate=o&from=1&to=9&format=csv", ExplorerUrls.ExportTimeline("o", 1, 9, "csv"));
    }
}
