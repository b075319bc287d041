using System.Globalization;
using EventExplorer.Data.Model;

namespace EventExplorer.Web.Model;

/// <summary>Small display formats shared by the pages.</summary>
public static class Formats
{
    /// <summary>
    /// A time as links carry it: UTC, as short as is exact (<c>2026-10-02T14:34Z</c>,
    /// <c>2026-10-02T14:34:05Z</c>, <c>2026-10-02T14:34:05.123Z</c>).
    /// </summary>
    public static string UrlTime(DateTimeOffset time)
    {
        var utc = time.UtcDateTime;
        var format = utc.Ticks % TimeSpan.TicksPerSecond != 0 ? "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'"
            : utc.Second != 0 ? "yyyy-MM-dd'T'HH:mm:ss'Z'"
            : "yyyy-MM-dd'T'HH:mm'Z'";
        return utc.ToString(format, CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Reads <see cref="UrlTime"/>'s form, an ISO 8601 time with <c>Z</c> or an offset, or a date alone
    /// (midnight UTC). A time without a zone is not accepted: which zone was meant cannot be known.
    /// </summary>
    public static bool TryParseUrlTime(string text, out DateTimeOffset time)
    {
        time = default;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            time = new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            return true;
        }
        var hasZone = text.EndsWith('Z') || text.EndsWith('z') || System.Text.RegularExpressions.Regex.IsMatch(text, @"[+-]\d{2}:?\d{2}$");
        if (!hasZone || !text.Contains('T', StringComparison.OrdinalIgnoreCase)) return false;
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out time);
    }

    public static string Bytes(long bytes) => bytes switch
    {
        < 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes} B"),
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#} KB"),
        < 1024L * 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.#} MB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024 * 1024):0.##} GB"),
    };

    public static string Count(long count, string singular, string? plural = null) =>
        string.Create(CultureInfo.InvariantCulture, $"{count:N0} {(count == 1 ? singular : plural ?? singular + "s")}");

    public static string Layout(EventStoreLayout layout) => layout switch
    {
        EventStoreLayout.CounterCommitIds => "Layout A (numeric commit ids from a counter table)",
        _ => "Layout B (timestamp commit ids)",
    };

    public static string LayoutShort(EventStoreLayout layout) =>
        layout == EventStoreLayout.CounterCommitIds ? "Layout A" : "Layout B";

    /// <summary>"versions 4–6 missing" / "version 4 missing".</summary>
    public static string Missing(SequenceGap gap, string what) =>
        gap.MissingCount == 1
            ? string.Create(CultureInfo.InvariantCulture, $"{what} {gap.First} missing")
            : string.Create(CultureInfo.InvariantCulture, $"{what}s {gap.First}–{gap.Last} missing ({gap.MissingCount:N0})");
}
