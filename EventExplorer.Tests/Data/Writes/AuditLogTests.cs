using System.Text.Json;
using EventExplorer.Data.Writes;
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

    public void Dispose()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }
}
