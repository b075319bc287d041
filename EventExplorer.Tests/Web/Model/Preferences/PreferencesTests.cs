using EventExplorer.Web.Model.Preferences;

namespace EventExplorer.Tests.Web.Model.Preferences;

public sealed class PreferencesTests
{
    private static readonly DateTimeOffset Winter = new(2026, 11, 21, 6, 0, 0, 123, TimeSpan.Zero);
    private static readonly DateTimeOffset Summer = new(2026, 7, 1, 6, 0, 0, TimeSpan.Zero);
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    [Fact]
    public void Format_Utc_IsOneLineWithMilliseconds()
    {
        Assert.Equal("2026-11-21 06:00:00.123", TimeFormat.Format(Winter, TimeDisplay.Utc, Berlin));
    }

    [Fact]
    public void Format_Local_FollowsTheZonesDaylightSavingPerDate()
    {
        Assert.Equal("2026-11-21 07:00:00.123", TimeFormat.Format(Winter, TimeDisplay.Local, Berlin));
        Assert.Equal("2026-07-01 08:00:00.000", TimeFormat.Format(Summer, TimeDisplay.Local, Berlin));
    }

    [Fact]
    public void Format_LocalBeforeTheBrowserSaidItsZone_IsUtc()
    {
        Assert.Equal("2026-11-21 06:00:00.123", TimeFormat.Format(Winter, TimeDisplay.Local, null));
        Assert.Equal("UTC", TimeFormat.ZoneLabel(TimeDisplay.Local, null));
    }

    [Fact]
    public void ZoneLabel_NamesTheZoneAndItsOffsetAtThatMoment()
    {
        Assert.Equal("UTC", TimeFormat.ZoneLabel(TimeDisplay.Utc, Berlin, Winter));
        Assert.Equal("Europe/Berlin (UTC+01:00)", TimeFormat.ZoneLabel(TimeDisplay.Local, Berlin, Winter));
        Assert.Equal("Europe/Berlin (UTC+02:00)", TimeFormat.ZoneLabel(TimeDisplay.Local, Berlin, Summer));
    }

    [Theory]
    [InlineData(10, "just now")]
    [InlineData(-10, "just now")]
    [InlineData(60, "1 minute ago")]
    [InlineData(-120, "in 2 minutes")]
    [InlineData(3 * 3600, "3 hours ago")]
    [InlineData(2 * 86400, "2 days ago")]
    [InlineData(61 * 86400, "2 months ago")]
    [InlineData(800 * 86400, "2 years ago")]
    public void Relative_SaysHowLongAgoInWords(int secondsAgo, string expected)
    {
        Assert.Equal(expected, TimeFormat.Relative(Winter.AddSeconds(-secondsAgo), Winter));
    }

    [Fact]
    public void FromCookies_KnownValues_AreTaken()
    {
        var cookies = new Dictionary<string, string>
        {
            [UserPreferences.ThemeCookie] = "dark",
            [UserPreferences.TimeCookie] = "local",
            [UserPreferences.ZoneCookie] = "Europe/Berlin",
        };

        var preferences = UserPreferences.FromCookies(cookies.GetValueOrDefault);

        Assert.Equal(new UserPreferences { Theme = ThemeChoice.Dark, Time = TimeDisplay.Local, TimeZone = "Europe/Berlin" }, preferences);
        Assert.True(preferences.IsDark);
        Assert.Equal("Europe/Berlin", preferences.Zone?.Id);
    }

    [Fact]
    public void FromCookies_TamperedValues_KeepTheDefaults()
    {
        var cookies = new Dictionary<string, string>
        {
            [UserPreferences.ThemeCookie] = "42",
            [UserPreferences.TimeCookie] = "<script>",
            [UserPreferences.ZoneCookie] = "Mars/Olympus_Mons",
        };

        Assert.Equal(UserPreferences.Default, UserPreferences.FromCookies(cookies.GetValueOrDefault));
    }

    [Fact]
    public void IsDark_SystemTheme_FollowsWhatTheBrowserLastReported()
    {
        Assert.True(new UserPreferences { Theme = ThemeChoice.System, SystemDark = true }.IsDark);
        Assert.False(new UserPreferences { Theme = ThemeChoice.Light, SystemDark = true }.IsDark);
    }

    [Fact]
    public void PreferencesState_Update_TellsSubscribersOnlyOfARealChange()
    {
        var state = new PreferencesState();
        var changes = 0;
        state.Changed += () => changes++;

        state.Update(UserPreferences.Default);
        state.Update(UserPreferences.Default with { Time = TimeDisplay.Local });

        Assert.Equal(1, changes);
        Assert.Equal(TimeDisplay.Local, state.Current.Time);
    }
}
