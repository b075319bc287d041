using System.Globalization;

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

    public static string Layout(EventExplorer.Data.Model.EventStoreLayout layout) => layout switch
    {
        EventExplorer.Data.Model.EventStoreLayout.CounterCommitIds => "Layout A (numeric commit ids, counter table)",
        _ => "Layout B (timestamp commit ids)",
    };

    public static string LayoutShort(EventExplorer.Data.Model.EventStoreLayout layout) =>
        layout == EventExplorer.Data.Model.EventStoreLayout.CounterCommitIds ? "Layout A" : "Layout B";
}
