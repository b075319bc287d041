namespace EventExplorer.Web.Model;

/// <summary>
/// The browser's time zone for this circuit. The server renders times, so it needs the zone: the
/// layout asks the browser once (Intl's IANA name) and every <c>LocalTime</c> re-renders when it arrives.
/// Using the zone (not a fixed offset) keeps daylight-saving dates right.
/// </summary>
public sealed class BrowserTime
{
    public TimeZoneInfo? Zone { get; private set; }

    public event Action? Changed;

    /// <summary>Accepts an IANA zone name from the browser; unknown or empty names keep UTC only.</summary>
    public void SetZone(string? ianaName)
    {
        if (string.IsNullOrWhiteSpace(ianaName)) return;
        try
        {
            Zone = TimeZoneInfo.FindSystemTimeZoneById(ianaName);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return;
        }
        Changed?.Invoke();
    }

    /// <summary>The local rendering of <paramref name="value"/>, or null while the zone is unknown.</summary>
    public string? FormatLocal(DateTimeOffset value) =>
        Zone is null ? null : TimeZoneInfo.ConvertTime(value, Zone).ToString("yyyy-MM-dd HH:mm:ss.fff zzz", System.Globalization.CultureInfo.InvariantCulture);

    public static string FormatUtc(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
