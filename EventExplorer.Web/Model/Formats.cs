using System.Globalization;
using EventExplorer.Data.Model;

namespace EventExplorer.Web.Model;

/// <summary>Small display formats shared by the pages.</summary>
public static class Formats
{
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
