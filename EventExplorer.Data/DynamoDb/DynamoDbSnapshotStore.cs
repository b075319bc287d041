using System.Diagnostics;
using System.Globalization;
using System.Text;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using EventExplorer.Data.Configuration;
using EventExplorer.Data.Diagnostics;
using EventExplorer.Data.Errors;
using EventExplorer.Data.Json;
using EventExplorer.Data.Model;
using EventExplorer.Data.Writes;
using Microsoft.Extensions.Logging;

namespace EventExplorer.Data.DynamoDb;

/// <summary>
/// The snapshot table as dynamodb-snapshot-store 1.x keeps it: one item per id with
/// <c>createdAt</c> (N, epoch ms) and <c>state</c> (S, JSON text). The hash key is called
/// <c>snapshotId</c> by the published package and <c>aggregateId</c> by seed 000; the name comes
/// from detection or configuration and is never assumed.
/// </summary>
public sealed class DynamoDbSnapshotStore : ISnapshotStore
{
    /// <summary>DynamoDB's limit for a hash key value.</summary>
    private const int MaxKeyBytes = 2048;

    /// <summary>
    /// About this many items read in one scan call: a prefix that matches nothing in a large table must
    /// not keep a page (and the user) waiting while the whole table is read. The page then comes back
    /// short, with a cursor to go on.
    /// </summary>
    public const int DefaultScanBudget = 10_000;

    private readonly IAmazonDynamoDB _client;
    private readonly StoreSchemaDetector _schema;
    private readonly StoreCallRunner _calls;
    private readonly TimeProvider _time;
    private readonly string _tableName;
    private readonly string? _configuredKey;
    private string? _detectedKey;
    private readonly WriteGuard _writes;

    /// <summary>Items read per <see cref="ScanAsync"/> call before it returns what it has (settable for tests).</summary>
    internal int ScanBudget { get; init; } = DefaultScanBudget;

    /// <param name="writes">Who may write and the audit; <see cref="WriteGuard.Unchecked"/> (only read-only mode) when not given.</param>
    public DynamoDbSnapshotStore(IAmazonDynamoDB client, StoreSchemaDetector schema, EventExplorerOptions options, TimeProvider? time = null, WriteGuard? writes = null)
    {
        _writes = writes ?? WriteGuard.Unchecked;
        _client = client;
        _schema = schema;
        _calls = schema.Calls;
        _time = time ?? TimeProvider.System;
        _tableName = options.Tables.Snapshots;
        _configuredKey = string.IsNullOrWhiteSpace(options.SnapshotKeyAttribute) ? null : options.SnapshotKeyAttribute;
    }

    public async Task<Snapshot?> GetAsync(string snapshotId, CancellationToken cancellationToken)
    {
        RequireId(snapshotId);
        var key = await ResolveKeyAttributeAsync(cancellationToken).ConfigureAwait(false);
        var response = await _calls.RunAsync(_tableName, ct => _client.GetItemAsync(new GetItemRequest
        {
            TableName = _tableName,
            Key = new Dictionary<string, AttributeValue> { [key] = new() { S = snapshotId } },
            ConsistentRead = true,
        }, ct), cancellationToken).ConfigureAwait(false);

        // SDK v4 gives a null (or empty) Item when nothing is stored under the key.
        return response.Item is { Count: > 0 } item ? ToSnapshot(item, key, snapshotId) : null;
    }

    /// <summary>Checked and audited like an append (see <see cref="WriteGuard"/>).</summary>
    public Task<Snapshot> StoreAsync(string snapshotId, string stateJson, CancellationToken cancellationToken) =>
        _writes.RunAsync(new WriteIntent
        {
            Operation = AuditOperation.StoreSnapshot,
            Description = "storing a snapshot",
            Endpoint = _calls.Endpoint,
            Table = _tableName,
            SnapshotId = snapshotId,
        }, _schema.ReadOnly, (_, ct) => StoreCheckedAsync(snapshotId, stateJson, ct), cancellationToken);

    private async Task<Snapshot> StoreCheckedAsync(string snapshotId, string stateJson, CancellationToken cancellationToken)
    {

        var errors = new List<string>();
        if (string.IsNullOrEmpty(snapshotId))
        {
            errors.Add("A snapshot id is required.");
        }
        else if (Encoding.UTF8.GetByteCount(snapshotId) > MaxKeyBytes)
        {
            errors.Add($"The snapshot id is longer than DynamoDB's key limit of {MaxKeyBytes} bytes.");
        }
        if (string.IsNullOrWhiteSpace(stateJson))
        {
            errors.Add("The state is empty: enter a JSON value (for example {} or null).");
        }
        else if (StoredJson.FindError(stateJson) is { } problem)
        {
            errors.Add($"The state is not valid JSON: {problem}");
        }
        else if (StoredJson.FindUnstorable(stateJson) is { } unstorable)
        {
            errors.Add($"The state cannot be stored as typed: {unstorable}");
        }
        if (errors.Count > 0)
        {
            Written("invalid");
            throw new WriteValidationException(errors);
        }

        var key = await ResolveKeyAttributeAsync(cancellationToken).ConfigureAwait(false);
        var createdAt = DateTimeOffset.FromUnixTimeMilliseconds(_time.GetUtcNow().ToUnixTimeMilliseconds());
        var item = new Dictionary<string, AttributeValue>
        {
            [key] = new() { S = snapshotId },
            ["createdAt"] = new() { N = createdAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) },
            ["state"] = new() { S = stateJson },
        };
        var size = ItemSize.Of(item);
        if (size > ItemSize.MaxBytes)
        {
            throw new WriteValidationException([$"The snapshot would be {size:N0} bytes; DynamoDB items are limited to {ItemSize.MaxBytes:N0} bytes (400 KB)."]);
        }

        // Unconditional, like the package's store(): the latest snapshot replaces the previous one.
        try
        {
            await _calls.RunAsync(_tableName, ct => _client.PutItemAsync(new PutItemRequest { TableName = _tableName, Item = item }, ct),
                cancellationToken).ConfigureAwait(false);
        }
        catch (EventStoreException failed)
        {
            Written("failed");
            _calls.Logger.LogWarning("Storing snapshot {SnapshotId} in {Table} failed: {Error}", snapshotId, _tableName, failed.Message);
            throw;
        }
        Written("written");
        _calls.Logger.LogInformation("Stored snapshot {SnapshotId} in {Table} at {Endpoint}: {Bytes} bytes.", snapshotId, _tableName, _calls.Endpoint, size);

        return new Snapshot { SnapshotId = snapshotId, CreatedAt = createdAt, StateJson = stateJson, SizeBytes = size };
    }

    private static void Written(string outcome) =>
        StoreTelemetry.Writes.Add(1, new TagList { { "eventexplorer.write.kind", "snapshot" }, { "outcome", outcome } });

    public async Task<ScanPage<SnapshotSummary>> ScanAsync(ScanQuery query, CancellationToken cancellationToken)
    {
        if (query.PageSize is < 1 or > 1000) throw new InvalidQueryException($"The page size must be between 1 and 1000 (got {query.PageSize}).");
        var prefix = query.Prefix ?? "";
        if (Encoding.UTF8.GetByteCount(prefix) > MaxKeyBytes)
        {
            throw new InvalidQueryException($"The prefix is longer than DynamoDB's key limit of {MaxKeyBytes} bytes.");
        }
        var segments = SegmentedScan.Start(query.Segments);

        var key = await ResolveKeyAttributeAsync(cancellationToken).ConfigureAwait(false);
        if (query.Cursor is not null)
        {
            var cursor = PageCursor.Decode(query.Cursor, CursorKind.SnapshotScan);
            cursor.RequireScanOf(_tableName, key, prefix, SegmentedScan.MaxSegments, (key, "S"));
            segments = cursor.Segments!;
        }

        var items = new List<SnapshotSummary>();
        bool TryTake(Dictionary<string, AttributeValue> item)
        {
            if (item.TryGetValue(key, out var id) && id.S is { } snapshotId && snapshotId.StartsWith(prefix, StringComparison.Ordinal))
            {
                if (items.Count >= query.PageSize) return false;
                items.Add(ToSummary(item, snapshotId));
            }
            return true;
        }
        // Without a prefix every item read is taken, so no segment needs to read more than its share of the page.
        int? Room() => items.Count >= query.PageSize ? 0 : prefix.Length == 0 ? query.PageSize - items.Count : null;

        // Whole items: the summary shows each snapshot's stored size.
        var scan = new SegmentedScan(_client, _calls, _tableName, [key], projection: null, projectionNames: null, ScanBudget);
        var progress = await scan.ReadAsync(segments, TryTake, Room, cancellationToken).ConfigureAwait(false);

        return new ScanPage<SnapshotSummary>
        {
            Items = items,
            Next = progress.Finished ? null : new PageCursor
            {
                Kind = CursorKind.SnapshotScan,
                Table = _tableName,
                KeyAttribute = key,
                Prefix = prefix,
                Segments = progress.Segments,
            }.Encode(),
            ItemsScanned = progress.ItemsScanned,
            ItemsMatched = items.Count,
            CapacityUnits = progress.CapacityUnits,
            RequestCount = progress.Requests,
        };
    }

    /// <summary>
    /// The hash key's name: configured, else from the detector, else (when the event-store tables are
    /// missing or unusual, which must not stop anyone browsing snapshots) from DescribeTable of the
    /// snapshot table itself.
    /// </summary>
    private async Task<string> ResolveKeyAttributeAsync(CancellationToken cancellationToken)
    {
        if (_configuredKey is not null) return _configuredKey;
        if (_detectedKey is not null) return _detectedKey;

        try
        {
            var description = await _schema.DescribeAsync(cancellationToken).ConfigureAwait(false);
            if (!description.SnapshotTableMissing) return _detectedKey = description.SnapshotKeyAttribute;
        }
        catch (Exception ex) when (ex is TableMissingException or UnsupportedLayoutException)
        {
            // The event store is not usable; the snapshot table may still be.
        }

        // The detector may have cached "missing" from before the table was created: ask again.
        var table = (await _calls.RunAsync(_tableName,
            ct => _client.DescribeTableAsync(new DescribeTableRequest { TableName = _tableName }, ct),
            cancellationToken).ConfigureAwait(false)).Table;
        var hash = table.KeySchema?.FirstOrDefault(k => k.KeyType == KeyType.HASH)?.AttributeName
            ?? throw new UnsupportedLayoutException(_tableName, "the table has no hash key.");
        if (table.KeySchema!.Count > 1 || table.AttributeDefinitions?.FirstOrDefault(a => a.AttributeName == hash)?.AttributeType != ScalarAttributeType.S)
        {
            throw new UnsupportedLayoutException(_tableName, $"expected a single string hash key (snapshotId or aggregateId), found {string.Join(", ", table.KeySchema.Select(k => $"{k.AttributeName} ({k.KeyType})"))}.");
        }
        return _detectedKey = hash;
    }

    private static void RequireId(string snapshotId)
    {
        if (string.IsNullOrEmpty(snapshotId)) throw new InvalidQueryException("Enter a snapshot id.");
        if (Encoding.UTF8.GetByteCount(snapshotId) > MaxKeyBytes)
        {
            throw new InvalidQueryException($"The snapshot id is longer than DynamoDB's key limit of {MaxKeyBytes} bytes.");
        }
    }

    private static Snapshot ToSnapshot(Dictionary<string, AttributeValue> item, string key, string requestedId)
    {
        var problems = new List<string>();
        var createdAt = ReadCreatedAt(item, problems);
        string? stateJson = null;
        if (!item.TryGetValue("state", out var state))
        {
            problems.Add("The item has no 'state' attribute.");
        }
        else if (state.S is null)
        {
            stateJson = AttributeText.Describe(state);
            problems.Add($"'state' is stored as {AttributeText.TypeName(state)}, not as a string of JSON text; it is shown as stored.");
        }
        else
        {
            stateJson = state.S;
            if (StoredJson.FindError(state.S) is { } problem) problems.Add($"'state' is not valid JSON: {problem}");
            else if (StoredJson.FindLoneSurrogate(state.S) is { } lone) problems.Add(CommitItemMapper.LoneSurrogateProblem("'state'", lone));
        }

        return new Snapshot
        {
            SnapshotId = item.TryGetValue(key, out var id) && id.S is not null ? id.S : requestedId,
            CreatedAt = createdAt,
            StateJson = stateJson,
            Problems = problems,
            SizeBytes = ItemSize.Of(item),
        };
    }

    private static SnapshotSummary ToSummary(Dictionary<string, AttributeValue> item, string snapshotId) => new()
    {
        SnapshotId = snapshotId,
        CreatedAt = ReadCreatedAt(item, problems: null),
        SizeBytes = ItemSize.Of(item),
    };

    private static DateTimeOffset? ReadCreatedAt(Dictionary<string, AttributeValue> item, List<string>? problems)
    {
        if (!item.TryGetValue("createdAt", out var value))
        {
            problems?.Add("The item has no 'createdAt' attribute.");
            return null;
        }
        if (value.N is not null
            && decimal.TryParse(value.N, NumberStyles.Float, CultureInfo.InvariantCulture, out var ms)
            && ms >= -62135596800000m && ms <= 253402300799999m)
        {
            return DateTimeOffset.FromUnixTimeMilliseconds((long)decimal.Truncate(ms));
        }
        problems?.Add($"'createdAt' is {AttributeText.Describe(value)} ({AttributeText.TypeName(value)}), not a number of epoch milliseconds.");
        return null;
    }
}
