using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;

namespace EventExplorer.Data.Writes;

/// <summary>
/// The audit of writes: one JSON line per record, appended to a file and flushed to disk before the
/// call returns, and the same record in the log. Reading takes the file's tail only, so a large
/// audit file never has to be read whole.
/// </summary>
public sealed class AuditLog
{
    /// <summary>A line longer than this is not an audit record (ours are a few hundred bytes).</summary>
    private const int MaxLineBytes = 64 * 1024;

    /// <summary>Reading the tail stops after this much, however few records it found.</summary>
    private const int MaxTailBytes = 8 * 1024 * 1024;

    private const int Block = 64 * 1024;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    // One writer at a time in this process: concurrent appends must not interleave within a line.
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ILogger _logger;

    public AuditLog(string path, ILogger logger)
    {
        Path = System.IO.Path.GetFullPath(path);
        _logger = logger;
    }

    /// <summary>The audit file's full path.</summary>
    public string Path { get; }

    /// <summary>
    /// Logs the record and appends it to the file, flushed to disk. Throws <see cref="IOException"/>
    /// or <see cref="UnauthorizedAccessException"/> when the file cannot be written.
    /// </summary>
    public async Task WriteAsync(AuditRecord record, CancellationToken cancellationToken)
    {
        Log(record);
        var line = JsonSerializer.SerializeToUtf8Bytes(record, Json);
        var bytes = new byte[line.Length + 1];
        line.CopyTo(bytes, 0);
        bytes[^1] = (byte)'\n';

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (System.IO.Path.GetDirectoryName(Path) is { Length: > 0 } directory) Directory.CreateDirectory(directory);
            // Opened per record: another instance may append to the same file, and a rotated file is picked up.
            await using var stream = new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite, 4096, FileOptions.None);
            // Not cancellable once started: a record is written whole or not at all.
            await stream.WriteAsync(bytes, CancellationToken.None).ConfigureAwait(false);
            stream.Flush(flushToDisk: true);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The newest <paramref name="count"/> records, newest first, read from the end of the file.</summary>
    public async Task<AuditTail> ReadRecentAsync(int count, CancellationToken cancellationToken)
    {
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), count, "At least one record.");
        if (!File.Exists(Path)) return new AuditTail { Records = [], FileExists = false };

        await using var stream = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.Asynchronous);
        var end = stream.Length;
        var position = end;
        var chunks = new List<byte[]>();
        var newlines = 0;
        long read = 0;
        // Blocks from the end until the part read holds count + 1 line ends (the first line may be cut).
        while (position > 0 && newlines <= count && read < MaxTailBytes)
        {
            var size = (int)Math.Min(Block, position);
            position -= size;
            var chunk = new byte[size];
            stream.Position = position;
            await stream.ReadExactlyAsync(chunk, cancellationToken).ConfigureAwait(false);
            chunks.Add(chunk);
            read += size;
            foreach (var b in chunk) if (b == (byte)'\n') newlines++;
        }
        chunks.Reverse();
        var tail = chunks.SelectMany(c => c).ToArray();

        var lines = new List<ReadOnlyMemory<byte>>();
        var start = 0;
        for (var i = 0; i < tail.Length; i++)
        {
            if (tail[i] != (byte)'\n') continue;
            lines.Add(tail.AsMemory(start, i - start));
            start = i + 1;
        }
        if (start < tail.Length) lines.Add(tail.AsMemory(start)); // a last line still being written, or without its line end
        // Unless the read reached the file's start, the first line is only the end of a record.
        if (position > 0 && lines.Count > 0) lines.RemoveAt(0);

        var records = new List<AuditRecord>();
        var unreadable = 0;
        var next = lines.Count - 1;
        for (; next >= 0 && records.Count < count; next--)
        {
            var line = lines[next];
            if (IsBlank(line.Span)) continue;
            if (line.Length <= MaxLineBytes && TryParse(line.Span) is { } record) records.Add(record);
            else unreadable++;
        }
        var earlierLines = false;
        for (; next >= 0 && !earlierLines; next--) earlierLines = !IsBlank(lines[next].Span);
        return new AuditTail
        {
            Records = records,
            UnreadableLines = unreadable,
            MoreBefore = position > 0 || earlierLines,
            FileExists = true,
        };
    }

    private static bool IsBlank(ReadOnlySpan<byte> line) => line.IndexOfAnyExcept((byte)' ', (byte)'\r', (byte)'\t') < 0;

    private static AuditRecord? TryParse(ReadOnlySpan<byte> line)
    {
        try
        {
            var record = JsonSerializer.Deserialize<AuditRecord>(line, Json);
            return record is { Attempt: not null, Subject: not null, Name: not null, Role: not null, Endpoint: not null, Table: not null } ? record : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private void Log(AuditRecord r)
    {
        var level = r.Outcome switch
        {
            AuditOutcome.Attempted or AuditOutcome.Succeeded => LogLevel.Information,
            _ => LogLevel.Warning,
        };
        _logger.Log(level,
            "Audit {Outcome}: {Operation} by {Name} ({Subject}, {Role}) on {Table} at {Endpoint}; aggregate {AggregateId}, snapshot {SnapshotId}, version {Version}, commit {CommitId}, attempt {Attempt}. {Detail}",
            r.Outcome, r.Operation, r.Name, r.Subject, r.Role, r.Table, r.Endpoint, r.AggregateId, r.SnapshotId, r.Version, r.CommitId, r.Attempt, r.Detail);
    }
}
