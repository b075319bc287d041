using System.Text;
using System.Text.Json;
using EventExplorer.Data;
using EventExplorer.Data.Errors;
using EventExplorer.Data.Model;

namespace EventExplorer.Tests.Fakes;

/// <summary>In-memory snapshot table for unit and render tests; can be told to fail every call.</summary>
public sealed class FakeSnapshotStore : ISnapshotStore
{
    private readonly object _gate = new();
    private readonly SortedDictionary<string, Snapshot> _snapshots = new(StringComparer.Ordinal);

    public FakeSnapshotStore(bool readOnly = false) => CanWrite = !readOnly;

    public bool CanWrite { get; set; }

    /// <summary>When set, every call throws it.</summary>
    public Exception? FailWith { get; set; }

    public Func<CancellationToken, Task>? BeforeEachCall { get; set; }

    public int CallCount { get; private set; }

    public DateTimeOffset Clock { get; set; } = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Stores a snapshot directly (raw text allowed, malformed JSON is flagged).</summary>
    public Snapshot Put(string snapshotId, string? stateJson, DateTimeOffset? createdAt = null)
    {
        var problems = new List<string>();
        if (stateJson is null) problems.Add("The item has no 'state' attribute.");
        else
        {
            try { using var _ = JsonDocument.Parse(stateJson); }
            catch (JsonException) { problems.Add("'state' is not valid JSON."); }
        }
        var snapshot = new Snapshot
        {
            SnapshotId = snapshotId,
            CreatedAt = createdAt ?? Clock,
            StateJson = stateJson,
            Problems = problems,
            SizeBytes = Encoding.UTF8.GetByteCount(snapshotId) + (stateJson is null ? 0 : Encoding.UTF8.GetByteCount(stateJson)) + 30,
        };
        lock (_gate) _snapshots[snapshotId] = snapshot;
        return snapshot;
    }

    public async Task<Snapshot?> GetAsync(string snapshotId, CancellationToken cancellationToken)
    {
        await EnterAsync(cancellationToken);
        lock (_gate) return _snapshots.GetValueOrDefault(snapshotId);
    }

    public async Task<ScanPage<SnapshotSummary>> ScanAsync(ScanQuery query, CancellationToken cancellationToken)
    {
        await EnterAsync(cancellationToken);
        if (query.PageSize is < 1 or > 1000) throw new InvalidQueryException($"Page size {query.PageSize} is outside 1 to 1000.");
        List<Snapshot> all;
        lock (_gate) all = [.. _snapshots.Values];
        var start = 0;
        if (query.Cursor is not null && !int.TryParse(query.Cursor, out start))
            throw new InvalidCursorException("it is not a scan token this explorer issued");
        var items = new List<SnapshotSummary>();
        var index = start;
        var scanned = 0;
        for (; index < all.Count && items.Count < query.PageSize; index++)
        {
            scanned++;
            var s = all[index];
            if (query.Prefix is not null && !s.SnapshotId.StartsWith(query.Prefix, StringComparison.Ordinal)) continue;
            items.Add(new SnapshotSummary { SnapshotId = s.SnapshotId, CreatedAt = s.CreatedAt, SizeBytes = s.SizeBytes });
        }
        return new ScanPage<SnapshotSummary>
        {
            Items = items,
            Next = index < all.Count ? index.ToString(System.Globalization.CultureInfo.InvariantCulture) : null,
            ItemsScanned = scanned,
            ItemsMatched = items.Count,
            CapacityUnits = scanned * 0.5,
            RequestCount = 1,
        };
    }

    public async Task<Snapshot> StoreAsync(string snapshotId, string stateJson, CancellationToken cancellationToken)
    {
        await EnterAsync(cancellationToken);
        if (!CanWrite) throw new ReadOnlyModeException("storing a snapshot");
        try { using var _ = JsonDocument.Parse(stateJson); }
        catch (JsonException e) { throw new WriteValidationException(["The state is not valid JSON: " + e.Message]); }
        var snapshot = Put(snapshotId, stateJson, Clock);
        Clock = Clock.AddSeconds(1);
        return snapshot;
    }

    private async Task EnterAsync(CancellationToken cancellationToken)
    {
        CallCount++;
        if (BeforeEachCall is { } before) await before(cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        if (FailWith is { } failure) throw failure;
    }
}
