namespace EventExplorer.Data.Writes;

/// <summary>The <c>EventExplorer:Audit</c> settings.</summary>
public sealed class AuditOptions
{
    /// <summary>
    /// The JSON-lines file every write attempt and outcome is appended to (and flushed to disk)
    /// before the write is sent. Relative paths are relative to the working directory. On a
    /// machine that keeps nothing, point it at persistent storage.
    /// </summary>
    public string Path { get; set; } = "audit.jsonl";
}
