using System.Text.Json;

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
    /// first message, which SignalR limits (<see cref="Hosting.CircuitLimits.MaxReceiveMessageBytes"/>).
    /// A page whose hand-over would take more than this is read again by the circuit instead: one more
    /// read is cheaper than a page twice as heavy, and a first message over the limit would close the
    /// connection (the page would never become interactive).
    /// </summary>
    public const int MaxStateBytes = 256 * 1024;

    // As Blazor serialises persisted state: web defaults, whose encoder writes quotes, '<', '>' and
    // non-ASCII as \uXXXX, so stored JSON (kept as text and again per event) grows several times over.
    private static readonly JsonSerializerOptions StateJson = new(JsonSerializerDefaults.Web);

    /// <summary>The hand-over of <paramref name="data"/>, or null when its state would be over <see cref="MaxStateBytes"/>.</summary>
    public static Prerendered<T>? IfSmall<T>(string url, T? data, LoadError? error)
    {
        var handed = new Prerendered<T>(url, data, error);
        return StateBytes(handed) <= MaxStateBytes ? handed : null;
    }

    /// <summary>
    /// About the size of <paramref name="value"/> as persisted component state: its JSON, base64 inside
    /// the data-protected payload (whose header and MAC add about 100 bytes), and base64 again for the page.
    /// </summary>
    internal static long StateBytes<T>(T value)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(value, StateJson).LongLength;
        return ((json + 2) / 3 * 4 + 128 + 2) / 3 * 4;
    }
}
