using System.Globalization;
using System.Text;
using System.Text.Json;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using EventExplorer.Data.Configuration;
using EventExplorer.Data.Errors;
using EventExplorer.Data.Model;

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
    /// At most this many rounds of Scan requests (one per segment) and about this many items read in
    /// one call: a prefix that matches nothing in a large table must not keep a page (and the user)
    /// waiting while the whole table is read. The page then comes back short, with a cursor to go on.
    /// </summary>
    private const int MaxRoundsPerCall = 8;
    public const int DefaultScanBudget = 10_000;

    private readonly IAmazonDynamoDB _client;
    private readonly StoreSchemaDetector _schema;
    private readonly DynamoErrors _errors;
    private readonly TimeProvider _time;
    private readonly string _tableName;
    private readonly string? _configuredKey;
    private string? _detectedKey;

    /// <summary>Items read per <see cref="ScanAsync"/> call before it returns what it has (settable for tests).</summary>
    internal int ScanBudget { get; init; } = DefaultScanBudget;

    public DynamoDbSnapshotStore(IAmazonDynamoDB client, StoreSchemaDetector schema, EventExplorerOptions options, TimeProvider? time = null)
    {
        _client = client;
        _schema = schema;
        _errors = schema.Errors;
        _time = time ?? TimeProvider.System;
        _tableName = options.Tables.Snapshots;
        _configuredKey = string.IsNullOrWhiteSpace(options.SnapshotKeyAttribute) ? null : options.SnapshotKeyAttribute;
    }

    public async Task<Snapshot?> GetAsync(string snapshotId, CancellationToken cancellationToken)
    {
        RequireId(snapshotId);
        var key = await ResolveKeyAttributeAsync(cancellationToken).ConfigureAwait(false);
        var response = await _errors.RunAsync(_tableName, () => _client.GetItemAsync(new GetItemRequest
        {
            TableName = _tableName,
            Key = new Dictionary<string, AttributeValue> { [key] = new() { S = snapshotId } },
            ConsistentRead = true,
        }, cancellationToken), cancellationToken).ConfigureAwait(false);

        // SDK v4 gives a null (or empty) Item when nothing is stored under the key.
        return response.Item is { Count: > 0 } item ? ToSnapshot(item, key, snapshotId) : null;
    }

    public async Task<Snapshot> StoreAsync(string snapshotId, string stateJson, CancellationToken cancellationToken)
    {
        if (_schema.ReadOnly) throw new ReadOnlyModeException("storing a snapshot");

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
        else if (JsonProblem(stateJson) is { } problem)
        {
            errors.Add($"The state is not valid JSON: {problem}");
        }
        if (errors.Count > 0) throw new WriteValidationException(errors);

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
        await _errors.RunAsync(_tableName, () => _client.PutItemAsync(new PutItemRequest { TableName = _tableName, Item = item }, cancellationToken),
            cancellationToken).ConfigureAwait(false);

        return new Snapshot { SnapshotId = snapshotId, CreatedAt = createdAt, StateJson = stateJson, SizeBytes = size };
    }

    public async Task<ScanPage<SnapshotSummary>> ScanAsync(ScanQuery query, CancellationToken cancellationToken)
    {
        if (query.PageSize is < 1 or > 1000) throw new InvalidQueryException("The page size must be between 1 and 1000.");
        if (query.Segments is < 1 or > 16) throw new InvalidQueryException("The number of scan segments must be between 1 and 16.");
        var prefix = string.IsNullOrEmpty(query.Prefix) ? null : query.Prefix;
        if (prefix is not null && Encoding.UTF8.GetByteCount(prefix) > MaxKeyBytes)
        {
            throw new InvalidQueryException($"The prefix is longer than DynamoDB's key limit of {MaxKeyBytes} bytes.");
        }

        var key = await ResolveKeyAttributeAsync(cancellationToken).ConfigureAwait(false);
        var state = query.Cursor is null
            ? SnapshotScanCursor.Start(_tableName, key, prefix, query.Segments)
            : SnapshotScanCursor.Decode(query.Cursor, _tableName, key, prefix);

        var items = new List<SnapshotSummary>();
        long scanned = 0;
        double? capacity = null;
        var requests = 0;

        for (var round = 0; round < MaxRoundsPerCall && items.Count < query.PageSize && scanned < ScanBudget && !state.IsFinished; round++)
        {
            var active = state.ActiveSegments();
            var wanted = query.PageSize - items.Count;
            // Without a filter every item read is returned, so reading more than the page needs is waste;
            // with one, Limit applies before the filter and a small Limit would only mean more requests.
            var limit = prefix is null
                ? Math.Max(1, (wanted + active.Count - 1) / active.Count)
                : (int)Math.Clamp((ScanBudget - scanned) / active.Count, 1, 1000);
            var responses = await Task.WhenAll(active.Select(segment =>
                ScanSegmentAsync(key, prefix, segment, state.TotalSegments, state.StartKey(segment), limit, cancellationToken))).ConfigureAwait(false);
            requests += responses.Length;

            for (var i = 0; i < active.Count; i++)
            {
                var segment = active[i];
                var response = responses[i];
                scanned += response.ScannedCount ?? 0;
                if (response.ConsumedCapacity?.CapacityUnits is { } units) capacity = (capacity ?? 0) + units;

                var matched = response.Items ?? [];
                var room = query.PageSize - items.Count;
                if (matched.Count <= room)
                {
                    items.AddRange(matched.Select(item => ToSummary(item, key)));
                    state.Advance(segment, response.LastEvaluatedKey is { Count: > 0 } last && last.TryGetValue(key, out var lastKey) ? lastKey.S : null);
                }
                else
                {
                    // The page is full part-way through this response: resume after the last item kept so
                    // that the rest are on the next page rather than lost.
                    var kept = matched.Take(room).ToList();
                    items.AddRange(kept.Select(item => ToSummary(item, key)));
                    if (kept.Count > 0) state.Advance(segment, kept[^1][key].S);
                }
            }
        }

        return new ScanPage<SnapshotSummary>
        {
            Items = items,
            Next = state.IsFinished ? null : state.Encode(),
            ItemsScanned = scanned,
            ItemsMatched = items.Count,
            CapacityUnits = capacity,
            RequestCount = requests,
        };
    }

    private Task<ScanResponse> ScanSegmentAsync(string key, string? prefix, int segment, int totalSegments, string? startKey, int limit, CancellationToken cancellationToken)
    {
        var request = new ScanRequest
        {
            TableName = _tableName,
            Limit = limit,
            ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
        };
        if (totalSegments > 1)
        {
            request.Segment = segment;
            request.TotalSegments = totalSegments;
        }
        if (startKey is not null)
        {
            request.ExclusiveStartKey = new Dictionary<string, AttributeValue> { [key] = new() { S = startKey } };
        }
        if (prefix is not null)
        {
            request.FilterExpression = "begins_with(#k, :prefix)";
            request.ExpressionAttributeNames = new Dictionary<string, string> { ["#k"] = key };
            request.ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":prefix"] = new() { S = prefix } };
        }
        return _errors.RunAsync(_tableName, () => _client.ScanAsync(request, cancellationToken), cancellationToken);
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
        var table = await _errors.RunAsync(_tableName,
            async () => (await _client.DescribeTableAsync(new DescribeTableRequest { TableName = _tableName }, cancellationToken).ConfigureAwait(false)).Table,
            cancellationToken).ConfigureAwait(false);
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
            if (JsonProblem(state.S) is { } problem) problems.Add($"'state' is not valid JSON: {problem}");
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

    private static SnapshotSummary ToSummary(Dictionary<string, AttributeValue> item, string key) => new()
    {
        SnapshotId = item[key].S,
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

    /// <summary>Null when <paramref name="json"/> is one valid JSON value (as JSON.parse accepts it); otherwise why not.</summary>
    private static string? JsonProblem(string json)
    {
        try
        {
            using var _ = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 512 });
            return null;
        }
        catch (JsonException ex)
        {
            return ex.Message;
        }
    }
}
