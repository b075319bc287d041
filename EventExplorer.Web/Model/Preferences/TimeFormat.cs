using System.Globalization;

namespace EventExplorer.Web.Model.Preferences;

/// <summary>How times are written: one line each, in UTC or the browser's zone, with a relative form for tooltips.</summary>
public static class TimeFormat
{
    private const string Pattern = "yyyy-MM-dd HH:mm:ss.fff";

    /// <summary>"2026-10-01 06:00:00.123" in the chosen zone (UTC when the browser's zone is not known yet).</summary>
    public static string Format(DateTimeOffset value, TimeDisplay display, TimeZoneInfo? zone) =>
        (display == TimeDisplay.Local && zone is not null ? TimeZoneInfo.ConvertTime(value, zone) : value.ToUniversalTime())
            .ToString(Pattern, CultureInfo.InvariantCulture);

    /// <summary>The zone's label for headers and tooltips: "UTC", or "Europe/Berlin (UTC+01:00)".</summary>
    public static string ZoneLabel(TimeDisplay display, TimeZoneInfo? zone, DateTimeOffset? at = null)
    {
        if (display == TimeDisplay.Utc || zone is null) return "UTC";
        var offset = zone.GetUtcOffset(at ?? DateTimeOffset.UtcNow);
        var sign = offset < TimeSpan.Zero ? "-" : "+";
        return string.Create(CultureInfo.InvariantCulture, $"{zone.Id} (UTC{sign}{offset.Duration():hh\\:mm})");
    }

    /// <summary>"3 hours ago", "in 2 minutes", "just now".</summary>
    public static string Relative(DateTimeOffset value, DateTimeOffset now)
    {
        var span = now - value;
        var future = span < TimeSpan.Zero;
        var size = span.Duration();
        string text;
        if (size < TimeSpan.FromSeconds(45)) return "just now";
        if (size < TimeSpan.FromMinutes(90)) text = Count((int)Math.Round(size.TotalMinutes), "minute");
        else if (size < TimeSpan.FromHours(36)) text = Count((int)Math.Round(size.TotalHours), "hour");
        else if (size < TimeSpan.FromDays(45)) text = Count((int)Math.Round(size.TotalDays), "day");
        else if (size < TimeSpan.FromDays(548)) text = Count((int)Math.Round(size.TotalDays / 30.44), "month");
        else text = Count((int)Math.Round(size.TotalDays / 365.25), "year");
        return future ? "in " + text : text + " ago";
    }

    private static string Count(int n, string unit) => n == 1 ? $"1 {unit}" : string.Create(CultureInfo.InvariantCulture, $"{n} {unit}s");
}
