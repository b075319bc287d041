namespace EventExplorer.Web.Hosting;

/// <summary>
/// How large a message the browser may send over the Blazor circuit, and the two senders that
/// need the most: the append page's JSON editor and the prerendered page's hand-over.
/// </summary>
public static class CircuitLimits
{
    /// <summary>
    /// What the JSON editor sends at most, measured as it crosses the circuit: the text inside the
    /// JSON of a .NET call, so quotes, backslashes and line breaks count twice. A commit holds at most
    /// 400 KB as DynamoDB stores it (compact); 640 KB leaves room for the same events typed with
    /// indentation and line breaks, as people paste them.
    /// </summary>
    public const int MaxEditorPayloadBytes = 640 * 1024;

    /// <summary>
    /// SignalR's limit for one message from the browser (its default is 32 KB). The largest
    /// legitimate message is the editor's: <see cref="MaxEditorPayloadBytes"/> plus the call around
    /// it (call id, method name, object id: well under 1 KB), so 32 KB of headroom is plenty. Every
    /// other message is far smaller: clicks, keystrokes, JS interop results (at most a few KB), and
    /// the circuit's first message, which carries the prerendered page's hand-over, capped at
    /// <see cref="Model.Loading.HandOver.MaxStateBytes"/>. A larger message closes the connection.
    /// </summary>
    public const int MaxReceiveMessageBytes = MaxEditorPayloadBytes + 32 * 1024;
}
