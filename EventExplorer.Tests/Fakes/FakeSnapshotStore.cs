using System.Buffers.Text;
using System.Globalization;
using System.Text;
using EventExplorer.Data;
using EventExplorer.Data.Errors;
using EventExplorer.Data.Json;
using EventExplorer.Data.Model;

namespace EventExplorer.Tests.Fakes;

/// <summary>
/// In-memory snapshot table for view-model and component tests: malformed state is kept raw and
/// described in the real store's words, scans page with tokens bound to their prefix, and calls can
/// be made to fail, held open and counted.
/// </summary>
public sealed class FakeSnapshotStore : ISnapshotStore
{
    private readonly Lock _gate = new();
    private readonly List<Snapshot> _snapshots = [];
    private readonly List<string> _calls = [];

    public FakeSnapshotStore(bool readOnly = false) => CanWrite = !readOnly;

    public bool CanWrite { get; set; }

    /// <summary>When set, every call throws it.</summary>
    public Exception? FailWith { get; set; }

    public Func<CancellationToken, Task>? BeforeEachCall { get; set; }

    public DateTimeOffset Clock { get; set; } = FakeEventStore.Epoch;

    public IReadOnlyList<string> Calls
    {
        get { lock (_gate) return [.. _calls]; }
    }

    public int CallCount => Calls.Count;

    /// <summary>Stores a snapshot directly, in table (insertion) order; text that is not JSON is kept and flagged.</summary>
    public Snapshot Put(string snapshotId, string? stateJson, DateTimeOffset? createdAt = null)
    {
        var problems = new List<string>();
        if (stateJson is null) problems.Add("The item has no 'state' attribute.");
        else if (StoredJson.FindError(stateJson) is { } error) problems.Add($"'state' is not valid JSON: {error}");
        var snapshot = new Snapshot
        {
            SnapshotId = snapshotId,
            CreatedAt = createdAt ?? Clock,
            StateJson = stateJson,
            Problems = problems,
            SizeBytes = Encoding.UTF8.GetByteCount(snapshotId) + (stateJson is null ? 0 : Encoding.UTF8.GetByteCount(stateJson)) + 30,
        };
        lock (_gate)
        {
            _snapshots.RemoveAll(s => s.SnapshotId == snapshotId);
            _snapshots.Add(snapshot);
        }
        return snapshot;
    }

    public async Task<Snapshot?> GetAsync(string snapshotId, CancellationToken cancellationToken)
    {
        await EnterAsync(nameof(GetAsync), cancellationToken);
        if (string.IsNullOrEmpty(snapshotId)) throw new InvalidQueryException("Enter a snapshot id.");
        lock (_gate) return _snapshots.FirstOrDefault(s => s.SnapshotId == snapshotId);
    }

    public async Task<ScanPage<SnapshotSummary>> ScanAsync(ScanQuery query, CancellationToken cancellationToken)
    {
        await EnterAsync(nameof(ScanAsync), cancellationToken);
        if (query.PageSize is < 1 or > 1000) throw new InvalidQueryException($"The page size must be between 1 and 1000 (got {query.PageSize}).");
        var prefix = query.Prefix ?? "";
        List<Snapshot> all;
        lock (_gate) all = [.. _snapshots];
        var start = query.Cursor is null ? 0 : DecodeCursor(query.Cursor, prefix, all.Count);
        var items = new List<SnapshotSummary>();
        var index = start;
        var scanned = 0;
        for (; index < all.Count; index++)
        {
            var snapshot = all[index];
            var matches = snapshot.SnapshotId.StartsWith(prefix, StringComparison.Ordinal);
            if (matches && items.Count == query.PageSize) break;
            scanned++;
            if (matches) items.Add(new SnapshotSummary { SnapshotId = snapshot.SnapshotId, CreatedAt = snapshot.CreatedAt, SizeBytes = snapshot.SizeBytes });
        }
        return new ScanPage<SnapshotSummary>
        {
            Items = items,
            Next = index < all.Count ? EncodeCursor(prefix, index) : null,
            ItemsScanned = scanned,
            ItemsMatched = items.Count,
            CapacityUnits = scanned * 0.5,
            RequestCount = 1,
        };
    }

    public async Task<Snapshot> StoreAsync(string snapshotId, string stateJson, CancellationToken cancellationToken)
    {
        await EnterAsync(nameof(StoreAsync), cancellationToken);
        if (!CanWrite) throw new ReadOnlyModeException("storing a snapshot");
        var errors = new List<string>();
        if (string.IsNullOrEmpty(snapshotId)) errors.Add("A snapshot id is required.");
        if (string.IsNullOrWhiteSpace(stateJson)) errors.Add("The state is empty: enter a JSON value (for example {} or null).");
        else if (StoredJson.FindError(stateJson) is { } problem) errors.Add($"The state is not valid JSON: {problem}");
        if (errors.Count > 0) throw new WriteValidationException(errors);
        var snapshot = Put(snapshotId, stateJson, Clock);
        Clock = Clock.AddSeconds(1);
        return snapshot;
    }

    private async Task EnterAsync(string method, CancellationToken cancellationToken)
    {
        lock (_gate) _calls.Add(method);
        if (BeforeEachCall is { } before) await before(cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        if (FailWith is { } failure) throw failure;
    }

    private static string EncodeCursor(string prefix, int index) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes("snapshots\n" + prefix + "\n" + index.ToString(CultureInfo.InvariantCulture)));

    private static int DecodeCursor(string token, string prefix, int count)
    {
        string[] parts;
        try
        {
            parts = new UTF8Encoding(false, true).GetString(Base64Url.DecodeFromChars(token.Trim())).Split('\n');
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            throw new InvalidCursorException("it is not base64url text");
        }
        if (parts.Length != 3 || parts[0] != "snapshots" || !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var index) || index > count)
        {
            throw new InvalidCursorException("it was made by another version of EventExplorer or is damaged");
        }
        if (parts[1] != prefix) throw new InvalidCursorException("it continues a search for another prefix");
        return index;
    }
}
