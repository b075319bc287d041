namespace EventExplorer.Web.Model.Loading;

/// <summary>
/// What a page read while it was prerendered, handed to its interactive copy through persisted
/// component state, so that the circuit shows the same data without reading DynamoDB again.
/// It names the URL it belongs to: a different URL (the user moved on) reads afresh.
/// </summary>
public sealed record Prerendered<T>(string Url, T? Data, LoadError? Error);

/// <summary>When handing over is worth it.</summary>
public static class HandOver
{
    /// <summary>
    /// The hand-over travels twice: in the page's HTML and back from the browser in the circuit's
    /// first message, which SignalR limits. A page holding more stored data than this (a few commits
    /// near DynamoDB's 400 KB item limit) is read again by the circuit instead.
    /// </summary>
    public const int MaxStoredBytes = 192 * 1024;

    /// <summary>The hand-over of <paramref name="data"/>, or null when its stored size is over the limit.</summary>
    public static Prerendered<T>? IfSmall<T>(string url, T? data, LoadError? error, long storedBytes) =>
        storedBytes <= MaxStoredBytes ? new Prerendered<T>(url, data, error) : null;
}
