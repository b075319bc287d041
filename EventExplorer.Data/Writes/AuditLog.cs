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
    /// Logs the record and appends it to the file, flushed to disk: whole or not at all. Throws
    /// <see cref="IOException"/> or <see cref="UnauthorizedAccessException"/> when the file cannot be written.
    /// </summary>
    public async Task WriteAsync(AuditRecord record, CancellationToken cancellationToken)
    {
        Log(record);
        var line = JsonSerializer.SerializeToUtf8Bytes(record, Json);

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (System.IO.Path.GetDirectoryName(Path) is { Length: > 0 } directory) Directory.CreateDirectory(directory);
            // Opened per record: another instance may append to the same file, and a rotated file is picked up.
            // Unbuffered, so that a failed write is not tried again when the stream is disposed.
            await using var stream = new FileStream(Path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite, bufferSize: 0, FileOptions.None);
            var end = stream.Length;
            // A fragment left at the end (a crash, or a full disk that would not even take it back) must
            // stay a damaged line of its own, not the start of this record's line.
            var newlineFirst = end > 0 && LastByte(stream, end) != (byte)'\n';
            var bytes = new byte[(newlineFirst ? 1 : 0) + line.Length + 1];
            if (newlineFirst) bytes[0] = (byte)'\n';
            line.CopyTo(bytes, newlineFirst ? 1 : 0);
            bytes[^1] = (byte)'\n';
            stream.Position = end;
            try
            {
                // Not cancellable once started: a record is written whole or not at all.
                await stream.WriteAsync(bytes, CancellationToken.None).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }
            catch (IOException)
            {
                // A full disk takes what fits of a record, then refuses the rest: take that part back.
                TakeBack(stream, end);
                throw;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private static int LastByte(FileStream stream, long end)
    {
        stream.Position = end - 1;
        return stream.ReadByte();
    }

    /// <summary>
    /// Cuts the file back to where this record began. Only this process's writes are serialised (the
    /// gate): instances that share one file are not coordinated, here as when appending.
    /// </summary>
    private void TakeBack(FileStream stream, long end)
    {
        try
        {
            stream.SetLength(end);
            stream.Flush(flushToDisk: true);
        }
        catch (IOException ex)
        {
            // The next record starts on a line of its own; readers show this one as damaged.
            _logger.LogError(ex, "Part of a record that could not be written is left at the end of the audit file {Path}; it is shown there as damaged.", Path);
        }
    }

    /// <summary>The newest <paramref name="count"/> records, newest first, read from the end of the file.</summary>
    public async Task<AuditTail> ReadRecentAsync(int count, CancellationToken cancellationToken)
    {
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), count, "At least one record.");
        if (!File.Exists(Path)) return new AuditTail { Entries = [], FileExists = false };

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

        var entries = new List<AuditEntry>();
        var records = 0;
        var next = lines.Count - 1;
        for (; next >= 0 && records < count; next--)
        {
            var line = lines[next];
            if (IsBlank(line.Span)) continue;
            foreach (var entry in Read(line.Span))
            {
                entries.Add(entry);
                if (entry.Record is not null) records++;
            }
        }
        var earlierLines = false;
        for (; next >= 0 && !earlierLines; next--) earlierLines = !IsBlank(lines[next].Span);
        return new AuditTail
        {
            Entries = entries,
            MoreBefore = position > 0 || earlierLines,
            FileExists = true,
        };
    }

    /// <summary>
    /// One line, as its entries newest first: a record, a damaged line, or (in a file written before
    /// records were taken back on a full disk) a fragment with a whole record glued to its end.
    /// </summary>
    private static IEnumerable<AuditEntry> Read(ReadOnlySpan<byte> line)
    {
        if (line.Length <= MaxLineBytes && TryParse(line) is { } record) return [new AuditEntry(record, null)];
        // Every record starts with its time; the last start inside the line is where a glued record begins.
        var start = line.Length <= MaxLineBytes ? line.LastIndexOf(RecordStart) : -1;
        if (start > 0 && TryParse(line[start..]) is { } glued) return [new AuditEntry(glued, null), new AuditEntry(null, Damaged(line[..start]))];
        return [new AuditEntry(null, Damaged(line))];
    }

    private static ReadOnlySpan<byte> RecordStart => "{\"time\":"u8;

    private static DamagedAuditLine Damaged(ReadOnlySpan<byte> line)
    {
        var preview = line[..Math.Min(line.Length, DamagedAuditLine.PreviewBytes)];
        // A cut may split a character; the replacement character shows where.
        return new DamagedAuditLine { Preview = Encoding.UTF8.GetString(preview).TrimEnd('\r'), Bytes = line.Length };
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
