using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using EventExplorer.Data.Diagnostics;
using EventExplorer.Data.Errors;
using EventExplorer.Data.Json;
using EventExplorer.Data.Model;
using EventExplorer.Data.Writes;
using Microsoft.Extensions.Logging;
using static EventExplorer.Data.DynamoDb.CommitItemMapper;

namespace EventExplorer.Data.DynamoDb;

public sealed partial class DynamoDbEventStore
{
    /// <summary>DynamoDB's limit for a partition or sort key value.</summary>
    private const int MaxKeyBytes = 1024;

    private const string CounterName = "commits";

    /// <summary>
    /// Read-only mode, the writer's Author role and the audit record of the attempt are checked and
    /// written by the guard before anything is sent; the outcome is recorded after.
    /// </summary>
    public Task<Commit> AppendAsync(AppendRequest request, CancellationToken cancellationToken) =>
        _writes.RunAsync(new WriteIntent
        {
            Operation = AuditOperation.Append,
            Description = "appending a commit",
            Endpoint = _errors.Endpoint,
            Table = _tables.Commits,
            AggregateId = request.AggregateId,
            Version = request.Version,
        }, _schema.ReadOnly, (progress, ct) => AppendCheckedAsync(request, progress, ct), cancellationToken);

    private async Task<Commit> AppendCheckedAsync(AppendRequest request, WriteProgress progress, CancellationToken cancellationToken)
    {
        var layout = await LayoutAsync(cancellationToken).ConfigureAwait(false);

        var errors = new List<string>();
        var aggregateId = request.AggregateId ?? "";
        if (string.IsNullOrWhiteSpace(aggregateId))
        {
            errors.Add("The aggregate id is required.");
        }
        else
        {
            var idBytes = Encoding.UTF8.GetByteCount(aggregateId);
            // Layout B repeats the aggregate id in the commit id, an index sort key with the same limit.
            var maxIdBytes = layout == EventStoreLayout.TimestampCommitIds ? MaxKeyBytes - CommitId.TimestampPrefixLength : MaxKeyBytes;
            if (idBytes > maxIdBytes)
            {
                errors.Add(layout == EventStoreLayout.TimestampCommitIds
                    ? $"The aggregate id is {idBytes} bytes long; this store repeats it in the commit id, so it may be at most {maxIdBytes} bytes (UTF-8)."
                    : $"The aggregate id is {idBytes} bytes long; it may be at most {maxIdBytes} bytes (UTF-8).");
            }
        }
        if (request.Version < 0) errors.Add($"The version must be 0 or more (got {request.Version}).");
        var events = CompactEventsJson(request.EventsJson, errors);

        var now = _time.GetUtcNow();
        var item = new Dictionary<string, AttributeValue>
        {
            [Attr.AggregateId] = new() { S = aggregateId },
            [Attr.Version] = new() { N = request.Version.ToString(CultureInfo.InvariantCulture) },
            // Layout A: the counter's value is not known yet; size the item with the widest id it can get.
            [Attr.CommitId] = ToAttribute(layout == EventStoreLayout.CounterCommitIds
                ? CommitId.FromNumber(long.MaxValue)
                : CommitId.FromTime(now, aggregateId)),
            [Attr.CommittedAt] = new() { N = now.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) },
            [Attr.Events] = new() { S = events ?? "" },
            [Attr.Active] = new() { S = Attr.ActiveValue },
        };
        if (events is not null && ItemSize.Of(item) is var size && size > ItemSize.MaxBytes)
        {
            errors.Add($"The commit would be {size:N0} bytes, over DynamoDB's item limit of {ItemSize.MaxBytes:N0} bytes (400 KB).");
        }
        if (errors.Count > 0)
        {
            Written("invalid");
            _errors.Logger.LogInformation("Refused appending version {Version} of {AggregateId}: {Errors}", request.Version, aggregateId, string.Join(" ", errors));
            throw new WriteValidationException(errors);
        }

        try
        {
            if (layout == EventStoreLayout.CounterCommitIds)
            {
                var id = await AllocateCommitIdAsync(cancellationToken).ConfigureAwait(false);
                item[Attr.CommitId] = ToAttribute(id);
                progress.CommitId = id.Text;
            }
            else
            {
                progress.CommitId = item[Attr.CommitId].S;
            }

            var recovered = await PutCommitAsync(item, aggregateId, request.Version, cancellationToken).ConfigureAwait(false);
            var commit = Map(item, layout);
            Written("written");
            _errors.Logger.LogInformation(
                "Appended version {Version} of {AggregateId} to {Table} at {Endpoint}: commit id {CommitId}, {EventCount} events, {Bytes} bytes{Recovered}.",
                request.Version, aggregateId, _tables.Commits, _errors.Endpoint, commit.CommitId?.Text, commit.Events.Count, commit.SizeBytes,
                recovered ? " (the first reply was lost; reading it back found it written)" : "");
            return commit;
        }
        catch (VersionConflictException)
        {
            Written("conflict");
            _errors.Logger.LogInformation("Appending version {Version} of {AggregateId} met another writer's commit at that version; nothing was written.", request.Version, aggregateId);
            throw;
        }
        catch (WriteOutcomeUnknownException unknown)
        {
            Written("unknown");
            _errors.Logger.LogError(unknown.InnerException, "The outcome of appending version {Version} of {AggregateId} to {Table} is unknown: sent, no reply, not confirmed by a read-back.",
                request.Version, aggregateId, _tables.Commits);
            throw;
        }
        catch (EventStoreException failed)
        {
            // The call's own failure is logged where it happened; this says which write it stopped.
            Written("failed");
            _errors.Logger.LogWarning("Appending version {Version} of {AggregateId} failed before anything was written: {Error}", request.Version, aggregateId, failed.Message);
            throw;
        }
    }

    private static void Written(string outcome) =>
        StoreTelemetry.Writes.Add(1, new TagList { { "eventexplorer.write.kind", "commit" }, { "outcome", outcome } });

    /// <summary>
    /// The conditional put of a new commit. A put whose reply was lost is retried by the SDK, and the
    /// retry then fails the version condition against our own item; a timeout or a dropped
    /// connection leaves the outcome open. Both are settled by reading the item back: ours means it
    /// was written, another means a real conflict, and no answer means the outcome is unknown, which
    /// is said as such (never as a conflict, and never retried blindly here).
    /// </summary>
    /// <returns>True when the reply was lost and reading the item back found it written.</returns>
    private async Task<bool> PutCommitAsync(Dictionary<string, AttributeValue> item, string aggregateId, long version, CancellationToken cancellationToken)
    {
        bool conditionFailed;
        try
        {
            // Null when the version condition failed: that is an answer, not an error.
            conditionFailed = await _errors.RunAsync<PutItemResponse?>(_tables.Commits, async ct =>
            {
                try
                {
                    return await _client.PutItemAsync(new PutItemRequest
                    {
                        TableName = _tables.Commits,
                        Item = item,
                        ConditionExpression = "attribute_not_exists(#v)",
                        ExpressionAttributeNames = new() { ["#v"] = Attr.Version },
                    }, ct).ConfigureAwait(false);
                }
                catch (ConditionalCheckFailedException)
                {
                    return null;
                }
            }, cancellationToken).ConfigureAwait(false) is null;
        }
        catch (EventStoreException ex) when (ex is StoreNotAnsweringException or StoreUnavailableException { RequestMayHaveArrived: true })
        {
            await SettleUnansweredPutAsync(item, aggregateId, version, ex, cancellationToken).ConfigureAwait(false);
            return true;
        }

        if (!conditionFailed) return false;
        var stored = await ReadCommitItemAsync(aggregateId, version, cancellationToken).ConfigureAwait(false);
        // The SDK's (or the HTTP stack's) retry of a put that did land met our own item.
        if (stored is not null && SameCommit(stored, item)) return true;
        // In layout A the allocated commit id is now never used: the gap is what the owning program leaves too.
        throw new VersionConflictException(aggregateId, version);
    }

    private async Task SettleUnansweredPutAsync(Dictionary<string, AttributeValue> item, string aggregateId, long version, EventStoreException failure, CancellationToken cancellationToken)
    {
        var what = $"appending version {version} of '{aggregateId}'";
        var howToCheck = $"Open the aggregate's timeline at version {version}: if a commit with your events is there, it was written. " +
                         "Appending the same version again is safe: the store refuses a second commit at one version, and EventExplorer recognises its own.";
        Dictionary<string, AttributeValue>? stored;
        try
        {
            stored = await ReadCommitItemAsync(aggregateId, version, cancellationToken).ConfigureAwait(false);
        }
        catch (EventStoreException)
        {
            throw new WriteOutcomeUnknownException(what, howToCheck, failure);
        }
        if (stored is null) throw new WriteOutcomeUnknownException(what, "Reading it back just now did not find it, so it was probably not written. " + howToCheck, failure);
        if (SameCommit(stored, item)) return;
        throw new VersionConflictException(aggregateId, version, failure);
    }

    private async Task<Dictionary<string, AttributeValue>?> ReadCommitItemAsync(string aggregateId, long version, CancellationToken cancellationToken)
    {
        var response = await _errors.RunAsync(_tables.Commits, ct => _client.GetItemAsync(new GetItemRequest
        {
            TableName = _tables.Commits,
            Key = new()
            {
                [Attr.AggregateId] = new AttributeValue { S = aggregateId },
                [Attr.Version] = new AttributeValue { N = version.ToString(CultureInfo.InvariantCulture) },
            },
            ConsistentRead = true,
        }, ct), cancellationToken).ConfigureAwait(false);
        return response.Item is { Count: > 0 } found ? found : null;
    }

    /// <summary>The same commit: our put's commit id, time and events (another writer's would differ in at least the id or the time).</summary>
    private static bool SameCommit(Dictionary<string, AttributeValue> stored, Dictionary<string, AttributeValue> sent) =>
        SameValue(stored, sent, Attr.CommitId) && SameValue(stored, sent, Attr.CommittedAt) && SameValue(stored, sent, Attr.Events);

    private static bool SameValue(Dictionary<string, AttributeValue> a, Dictionary<string, AttributeValue> b, string name) =>
        a.TryGetValue(name, out var x) && b.TryGetValue(name, out var y) && x.S == y.S && x.N == y.N;

    public async Task<long> ProposeNextVersionAsync(string aggregateId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(aggregateId)) return 0;
        var response = await QueryAsync(new QueryRequest
        {
            TableName = _tables.Commits,
            ConsistentRead = true,
            ScanIndexForward = false,
            Limit = 1,
            KeyConditionExpression = "#a = :a",
            ProjectionExpression = "#v",
            ExpressionAttributeNames = new() { ["#a"] = Attr.AggregateId, ["#v"] = Attr.Version },
            ExpressionAttributeValues = new() { [":a"] = new AttributeValue { S = aggregateId } },
        }, cancellationToken).ConfigureAwait(false);

        var head = response.Items?.FirstOrDefault();
        if (head is null || head[Attr.Version].N is not { } number) return 0;
        if (long.TryParse(number, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole))
        {
            return whole < long.MaxValue
                ? whole + 1
                : throw new InvalidQueryException($"The head version of '{aggregateId}' is {whole}, the largest version there is: no commit can follow it.");
        }
        // Another program may have stored a fractional version; the next whole number is still a free
        // slot. A number beyond what a version can be (1e20, 1e30) has no next version we could write.
        if (decimal.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= long.MinValue && value < long.MaxValue)
        {
            return (long)Math.Floor(value) + 1;
        }
        throw new InvalidQueryException(
            $"The head version of '{aggregateId}' is stored as {number}, beyond the largest version EventExplorer can write ({long.MaxValue}): no next version can be proposed.");
    }

    /// <summary>Layout A: <c>ADD id :n</c> on the counter item, exactly as dynamodb-event-store 1.x does.</summary>
    private async Task<CommitId> AllocateCommitIdAsync(CancellationToken cancellationToken)
    {
        var response = await _errors.RunAsync(_tables.Counters, ct => _client.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = _tables.Counters,
            Key = new() { ["name"] = new AttributeValue { S = CounterName } },
            UpdateExpression = "ADD #id :n",
            ExpressionAttributeNames = new() { ["#id"] = "id" },
            ExpressionAttributeValues = new() { [":n"] = new AttributeValue { N = "1" } },
            ReturnValues = ReturnValue.ALL_NEW,
        }, ct), cancellationToken).ConfigureAwait(false);

        if (response.Attributes?.TryGetValue("id", out var id) == true
            && CommitId.TryParse(id.N, EventStoreLayout.CounterCommitIds, out _) is { } commitId)
        {
            return commitId;
        }
        throw new StoreUnavailableException(_errors.Endpoint, $"the counter item in '{_tables.Counters}' did not return a numeric id");
    }

    /// <summary>
    /// Validates the events and re-writes them compactly, by the rules of <see cref="StoredJson"/>:
    /// JsonDocument keeps number literals exactly as typed (no double rounding).
    /// </summary>
    private static string? CompactEventsJson(string? json, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            errors.Add("The events are required: a JSON array such as [{\"type\":\"accountCreated\"}].");
            return null;
        }
        try
        {
            using var document = StoredJson.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                errors.Add($"The events must be a JSON array (got a JSON {Describe(document.RootElement.ValueKind)}).");
                return null;
            }
            return StoredJson.WriteCompact(document.RootElement);
        }
        catch (JsonException ex)
        {
            errors.Add($"The events are not valid JSON: {StoredJson.Describe(json, ex)}");
            return null;
        }
    }
}
