namespace EventExplorer.Web.Model.Preferences;

public enum ThemeChoice
{
    /// <summary>Follow the operating system's light or dark setting.</summary>
    System,
    Light,
    Dark,
}

public enum TimeDisplay
{
    Utc,

    /// <summary>The browser's time zone.</summary>
    Local,
}

/// <summary>
/// How a user likes to see the app, kept in cookies so that the server renders the first paint in
/// the right theme and time zone (no flash, no second render).
/// </summary>
public sealed record UserPreferences
{
    public const string ThemeCookie = "ee-theme";
    public const string TimeCookie = "ee-time";
    public const string ZoneCookie = "ee-tz";

    /// <summary>The system's scheme as the browser last reported it (app.js keeps it current): the server's guess for "system".</summary>
    public const string SystemDarkCookie = "ee-system-dark";

    public static readonly UserPreferences Default = new();

    public ThemeChoice Theme { get; init; } = ThemeChoice.System;
    public TimeDisplay Time { get; init; } = TimeDisplay.Utc;

    /// <summary>The browser's IANA time zone (e.g. Europe/Berlin); null until the browser has said it.</summary>
    public string? TimeZone { get; init; }

    /// <summary>Whether the system is dark, as far as the server can know (for <see cref="ThemeChoice.System"/>).</summary>
    public bool SystemDark { get; init; }

    public bool IsDark => Theme == ThemeChoice.Dark || (Theme == ThemeChoice.System && SystemDark);

    /// <summary>The browser's zone when the server knows it (null: times fall back to UTC).</summary>
    public TimeZoneInfo? Zone => TimeZone is { } id && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : null;

    /// <summary>Reads the cookies of a request; anything unknown keeps its default.</summary>
    public static UserPreferences FromCookies(Func<string, string?> cookie) => new()
    {
        Theme = Enum.TryParse<ThemeChoice>(cookie(ThemeCookie), ignoreCase: true, out var theme) && Enum.IsDefined(theme) ? theme : ThemeChoice.System,
        Time = Enum.TryParse<TimeDisplay>(cookie(TimeCookie), ignoreCase: true, out var time) && Enum.IsDefined(time) ? time : TimeDisplay.Utc,
        TimeZone = ValidZone(cookie(ZoneCookie)),
        SystemDark = cookie(SystemDarkCookie) == "1",
    };

    /// <summary>A zone name the server knows; anything else (a tampered cookie) is dropped.</summary>
    public static string? ValidZone(string? name)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > 64) return null;
        return TimeZoneInfo.TryFindSystemTimeZoneById(name, out _) ? name : null;
    }
}
