using System.Text;
using System.Text.Json;
using EventExplorer.Data.Writes;
using EventExplorer.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace EventExplorer.Tests.Data.Writes;

public sealed class AuditLogTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "ee-audit-" + Guid.NewGuid().ToString("N"));

    private static AuditRecord Record(int n, AuditOutcome outcome = AuditOutcome.Attempted) => new()
    {
        Time = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000 + n),
        Attempt = $"attempt-{n}",
        Operation = AuditOperation.Append,
        Outcome = outcome,
        Subject = "sub-alice",
        Name = "Alice <script>",
        Role = "Author",
        Endpoint = "http://127.0.0.1:8000",
        Table = "commits",
        AggregateId = $"order-{n}",
        Version = n,
        CommitId = outcome == AuditOutcome.Succeeded ? $"{n}" : null,
    };

    [Fact]
    public async Task WriteAsync_AppendsOneJsonLinePerRecord_CreatingTheFolder()
    {
        var log = new AuditLog(Path.Combine(_folder, "nested", "audit.jsonl"), NullLogger.Instance);

        await log.WriteAsync(Record(1), None);
        await log.WriteAsync(Record(1, AuditOutcome.Succeeded), None);

        var lines = await File.ReadAllLinesAsync(log.Path);
        Assert.Equal(2, lines.Length);
        using var first = JsonDocument.Parse(lines[0]);
        Assert.Equal("attempted", first.RootElement.GetProperty("outcome").GetString());
        Assert.Equal("append", first.RootElement.GetProperty("operation").GetString());
        Assert.Equal("sub-alice", first.RootElement.GetProperty("subject").GetString());
        Assert.Equal("order-1", first.RootElement.GetProperty("aggregateId").GetString());
        Assert.False(first.RootElement.TryGetProperty("commitId", out _));
        using var second = JsonDocument.Parse(lines[1]);
        Assert.Equal("succeeded", second.RootElement.GetProperty("outcome").GetString());
        Assert.Equal("1", second.RootElement.GetProperty("commitId").GetString());
    }

    [Fact]
    public async Task WriteAsync_WhenTheFileCannotBeWritten_Throws()
    {
        Directory.CreateDirectory(_folder);
        var blocker = Path.Combine(_folder, "not-a-folder");
        await File.WriteAllTextAsync(blocker, "a file where the audit folder should be");
        var log = new AuditLog(Path.Combine(blocker, "audit.jsonl"), NullLogger.Instance);

        await Assert.ThrowsAnyAsync<IOException>(() => log.WriteAsync(Record(1), None));
    }

    [Fact]
    public async Task ReadRecentAsync_GivesTheNewestRecordsNewestFirst()
    {
        var log = new AuditLog(Path.Combine(_folder, "audit.jsonl"), NullLogger.Instance);
        for (var n = 1; n <= 30; n++) await log.WriteAsync(Record(n), None);

        var tail = await log.ReadRecentAsync(5, None);

        Assert.Equal([30L, 29L, 28L, 27L, 26L], tail.Records.Select(r => r.Version!.Value));
        Assert.True(tail.MoreBefore);
        Assert.Equal("Alice <script>", tail.Records[0].Name);
        var all = await log.ReadRecentAsync(100, None);
        Assert.Equal(30, all.Records.Count);
        Assert.False(all.MoreBefore);
    }

    [Fact]
    public async Task ReadRecentAsync_OfALargeFile_ReadsOnlyItsTail_AndSkipsUnreadableLines()
    {
        var path = Path.Combine(_folder, "audit.jsonl");
        Directory.CreateDirectory(_folder);
        // 2 GB before the records (sparse: it takes no disk): reading the file whole would take that much memory.
        await using (var sparse = new FileStream(path, FileMode.Create)) sparse.SetLength(2L * 1024 * 1024 * 1024);
        await File.AppendAllTextAsync(path, "\n{ not json\n");
        var log = new AuditLog(path, NullLogger.Instance);
        for (var n = 1; n <= 3; n++) await log.WriteAsync(Record(n), None);

        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var tail = await log.ReadRecentAsync(4, None);
        var used = GC.GetTotalAllocatedBytes(precise: true) - allocated;

        Assert.Equal([3L, 2L, 1L], tail.Records.Select(r => r.Version!.Value));
        Assert.Equal(1, tail.UnreadableLines);
        Assert.True(tail.MoreBefore);
        // Other tests run alongside and allocate too; a whole read would be over 2 GB.
        Assert.True(used < 500_000_000, $"Reading the tail allocated {used:N0} bytes.");
    }

    [Fact]
    public async Task ReadRecentAsync_WithoutAFile_SaysSo()
    {
        var tail = await new AuditLog(Path.Combine(_folder, "none.jsonl"), NullLogger.Instance).ReadRecentAsync(10, None);

        Assert.False(tail.FileExists);
        Assert.Empty(tail.Records);
    }

    [Fact]
    public async Task OnAFullDisk_ARecordIsWholeOrAbsent_AndTheNextOneAfterSpaceIsFreedIsReadable()
    {
        // A real 8 KB file system: a write that does not fit takes what space is left, then fails.
        await using var disk = await SmallFileSystem.MountAsync(8 * 1024);
        var log = new AuditLog(Path.Combine(disk.Path, "audit.jsonl"), NullLogger.Instance);
        var n = 0;
        // Whole records up to the end of the file's first 4 KB page, so that the next one crosses into a page there is no room for.
        while (new FileInfo(log.Path) is var file && (!file.Exists || file.Length + LineLength(Record(n + 1)) <= 4096)) await log.WriteAsync(Record(++n), None);
        disk.Fill();
        var before = await File.ReadAllBytesAsync(log.Path);

        await Assert.ThrowsAnyAsync<IOException>(() => log.WriteAsync(Record(++n), None));

        // Absent: not a byte of the refused record is left behind.
        Assert.Equal(before, await File.ReadAllBytesAsync(log.Path));
        disk.Free();
        await log.WriteAsync(Record(++n, AuditOutcome.Succeeded), None);
        var tail = await log.ReadRecentAsync(3, None);
        Assert.Equal([(n, AuditOutcome.Succeeded), (n - 2, AuditOutcome.Attempted), (n - 3, AuditOutcome.Attempted)],
            tail.Records.Select(r => ((int)r.Version!.Value, r.Outcome)));
        Assert.Equal(0, tail.UnreadableLines);
        Assert.All(await File.ReadAllLinesAsync(log.Path), line => JsonDocument.Parse(line).Dispose());
    }

    [Fact]
    public async Task ADamagedTail_IsShownAsDamaged_AndNeverHidesTheNextRecord()
    {
        // What a crash (or a disk that refused even to take the fragment back) leaves: half a record, no line end.
        var log = new AuditLog(Path.Combine(_folder, "audit.jsonl"), NullLogger.Instance);
        await log.WriteAsync(Record(1), None);
        var whole = await File.ReadAllTextAsync(log.Path);
        await File.AppendAllTextAsync(log.Path, whole[..(whole.Length / 2)].Replace("attempt-1", "attempt-2", StringComparison.Ordinal));

        await log.WriteAsync(Record(3), None);

        var tail = await log.ReadRecentAsync(10, None);
        Assert.Equal([3L, 1L], tail.Records.Select(r => r.Version!.Value));
        Assert.Equal(1, tail.UnreadableLines);
        var entries = tail.Entries.Select(e => e.Record is { } r ? $"record {r.Version}" : $"damaged {e.Damaged!.Preview[..20]}").ToList();
        Assert.Equal(["record 3", $"damaged {whole[..20]}", "record 1"], entries);
        // In the file too, the next record starts a line of its own: any reader of JSON lines finds it.
        var lines = await File.ReadAllLinesAsync(log.Path);
        Assert.Equal(3, lines.Length);
        Assert.Equal(3, JsonDocument.Parse(lines[2]).RootElement.GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task ARecordGluedToAFragment_ByAnEarlierVersion_IsStillRead_AndTheFragmentShownAsDamaged()
    {
        Directory.CreateDirectory(_folder);
        var path = Path.Combine(_folder, "audit.jsonl");
        var log = new AuditLog(path, NullLogger.Instance);
        await log.WriteAsync(Record(1), None);
        var second = JsonSerializer.Serialize(Record(2), AuditJson);
        // An audit file written before records were taken back on a full disk: half a record, then the next one on the same line.
        await File.AppendAllTextAsync(path, second[..40] + second + "\n");

        var tail = await log.ReadRecentAsync(10, None);

        Assert.Equal([2L, 1L], tail.Records.Select(r => r.Version!.Value));
        var damaged = Assert.Single(tail.Entries, e => e.Damaged is not null).Damaged!;
        Assert.Equal(second[..40], damaged.Preview);
    }

    private static readonly JsonSerializerOptions AuditJson = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    private static int LineLength(AuditRecord record) => Encoding.UTF8.GetByteCount(JsonSerializer.Serialize(record, AuditJson)) + 1;

    public void Dispose()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }
}
