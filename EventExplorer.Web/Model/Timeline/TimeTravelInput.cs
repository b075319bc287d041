using System.Globalization;
using EventExplorer.Web.Model.Preferences;

namespace EventExplorer.Web.Model.Timeline;

/// <summary>
/// What a user typed into "Go to date and time", read in the zone the app shows times in (UTC, or the
/// browser's zone when the user chose local times and the browser has said its zone). A time with
/// its own zone (<c>Z</c>, <c>+02:00</c>) is taken as it says. Links always carry UTC.
/// </summary>
public static class TimeTravelInput
{
    private static readonly string[] LocalForms =
    [
        "yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm:ss.FFFFFFF",
        "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF",
        "yyyy-MM-dd",
    ];

    /// <summary>The zone typed times are read in, for the field's label: "UTC" or "Europe/Berlin (UTC+01:00)".</summary>
    public static string ZoneLabel(UserPreferences preferences) => TimeFormat.ZoneLabel(preferences.Time, preferences.Zone);

    /// <summary>Reads <paramref name="text"/>; false with a sentence saying why when it is not a time.</summary>
    public static bool TryRead(string? text, UserPreferences preferences, out DateTimeOffset at, out string? problem)
    {
        at = default;
        problem = null;
        var trimmed = text?.Trim() ?? "";
        if (trimmed.Length == 0)
        {
            problem = "Enter a date and time, e.g. 2026-10-02 14:34.";
            return false;
        }
        if (Formats.TryParseUrlTime(trimmed, out at) && trimmed.Contains('T', StringComparison.OrdinalIgnoreCase)) return true;
        if (!DateTime.TryParseExact(trimmed, LocalForms, CultureInfo.InvariantCulture, DateTimeStyles.None, out var typed))
        {
            problem = $"'{trimmed}' is not a date and time like 2026-10-02 14:34 ({ZoneLabel(preferences)}).";
            return false;
        }
        var zone = preferences.Time == TimeDisplay.Local ? preferences.Zone : null;
        if (zone is null)
        {
            at = new DateTimeOffset(DateTime.SpecifyKind(typed, DateTimeKind.Unspecified), TimeSpan.Zero);
            return true;
        }
        if (zone.IsInvalidTime(typed))
        {
            problem = $"{typed:yyyy-MM-dd HH:mm} does not exist in {zone.Id} (the clocks went forward); enter a time after the change.";
            return false;
        }
        // An ambiguous time (the clocks went back) is read with the standard offset: the later of the two.
        at = new DateTimeOffset(typed, zone.GetUtcOffset(typed)).ToUniversalTime();
        return true;
    }
}
