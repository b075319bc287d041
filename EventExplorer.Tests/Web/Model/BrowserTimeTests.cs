using EventExplorer.Web.Model;

namespace EventExplorer.Tests.Web.Model;

public sealed class BrowserTimeTests
{
    private static readonly DateTimeOffset Summer = new(2026, 7, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Winter = new(2026, 1, 15, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void FormatLocal_BrowserZone_FollowsDaylightSavingPerDate()
    {
        var time = new BrowserTime();
        time.SetZone("Europe/Berlin");

        Assert.Equal("2026-07-01 14:00:00.000 +02:00", time.FormatLocal(Summer));
        Assert.Equal("2026-01-15 13:00:00.000 +01:00", time.FormatLocal(Winter));
    }

    [Fact]
    public void FormatLocal_BeforeTheBrowserAnswered_IsNullAndUtcStillShows()
    {
        var time = new BrowserTime();

        Assert.Null(time.FormatLocal(Summer));
        Assert.Equal("2026-07-01 12:00:00.000Z", BrowserTime.FormatUtc(Summer));
    }

    [Theory]
    [InlineData("Not/AZone")]
    [InlineData("")]
    [InlineData(null)]
    public void SetZone_UnknownName_KeepsUtcOnlyAndRaisesNothing(string? name)
    {
        var time = new BrowserTime();
        var raised = false;
        time.Changed += () => raised = true;

        time.SetZone(name);

        Assert.Null(time.Zone);
        Assert.False(raised);
    }

    [Fact]
    public void SetZone_KnownName_TellsSubscribers()
    {
        var time = new BrowserTime();
        var raised = false;
        time.Changed += () => raised = true;

        time.SetZone("America/New_York");

        Assert.True(raised);
        Assert.Equal("2026-07-01 08:00:00.000 -04:00", time.FormatLocal(Summer));
    }
}
