using System.Diagnostics;
using System.Globalization;
using System.Text;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using EventExplorer.Data.Diagnostics;
using EventExplorer.Data.Errors;
using EventExplorer.Data.Model;
using EventExplorer.Data.Writes;
using Microsoft.Extensions.Logging;
using static EventExplorer.Data.DynamoDb.CommitItemMapper;

namespace EventExplorer.Data.DynamoDb;

public sealed partial class DynamoDbEventStore : IAppendVerifier
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
            Endpoint = _calls.Endpoint,
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
        if (!AppendEvents.TryCompact(request.EventsJson, out var events, out var eventsError)) errors.Add(eventsError!);

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
            _calls.Logger.LogInformation("Refused appending version {Version} of {AggregateId}: {Errors}", request.Version, aggregateId, string.Join(" ", errors));
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

            var attempt = new AppendAttempt
            {
                AttemptId = progress.AttemptId,
                AggregateId = aggregateId,
                Version = request.Version,
                EventsJson = events!,
                CommitId = progress.CommitId!,
                CommittedAt = now.ToUnixTimeMilliseconds(),
            };
            var recovered = await new CommitPut(_client, _tables.Commits, _calls).PutAsync(item, attempt, cancellationToken).ConfigureAwait(false);
            var commit = Map(item, layout);
            Written("written");
            _calls.Logger.LogInformation(
                "Appended version {Version} of {AggregateId} to {Table} at {Endpoint}: commit id {CommitId}, {EventCount} events, {Bytes} bytes{Recovered}.",
                request.Version, aggregateId, _tables.Commits, _calls.Endpoint, commit.CommitId?.Text, commit.Events.Count, commit.SizeBytes,
                recovered ? " (the first reply was lost; reading it back found it written)" : "");
            return commit;
        }
        catch (VersionConflictException)
        {
            Written("conflict");
            _calls.Logger.LogInformation("Appending version {Version} of {AggregateId} met another writer's commit at that version; nothing was written.", request.Version, aggregateId);
            throw;
        }
        catch (WriteOutcomeUnknownException unknown)
        {
            Written("unknown");
            _calls.Logger.LogError(unknown.InnerException, "The outcome of appending version {Version} of {AggregateId} to {Table} is unknown: sent, no reply, not confirmed by a read-back.",
                request.Version, aggregateId, _tables.Commits);
            throw;
        }
        catch (EventStoreException failed)
        {
            // The call's own failure is logged where it happened; this says which write it stopped.
            Written("failed");
            _calls.Logger.LogWarning("Appending version {Version} of {AggregateId} failed before anything was written: {Error}", request.Version, aggregateId, failed.Message);
            throw;
        }
    }

    private static void Written(string outcome) =>
        StoreTelemetry.Writes.Add(1, new TagList { { "eventexplorer.write.kind", "commit" }, { "outcome", outcome } });

    /// <summary>
    /// One consistent read of the attempt's version; the verified outcome follows the attempt's
    /// unknown (or failed) record in the audit, under the same attempt id.
    /// </summary>
    public async Task<AppendVerification> VerifyAppendAsync(AppendAttempt attempt, CancellationToken cancellationToken)
    {
        var layout = await LayoutAsync(cancellationToken).ConfigureAwait(false);
        var verification = await new CommitPut(_client, _tables.Commits, _calls).VerifyAsync(attempt, layout, cancellationToken).ConfigureAwait(false);
        var (outcome, detail) = verification switch
        {
            { Verdict: AppendVerdict.Written } => (AuditOutcome.Succeeded, $"Verified later: version {attempt.Version} holds this attempt's commit."),
            { Verdict: AppendVerdict.NotWritten } => (AuditOutcome.NotWritten, $"Verified later: nothing is at version {attempt.Version}; this attempt was not written (so far)."),
            { SameEvents: true } => (AuditOutcome.Conflict, $"Verified later: version {attempt.Version} holds another commit ({verification.Stored?.CommitId?.Text}) with the same events; this attempt was not written."),
            _ => (AuditOutcome.Conflict, $"Verified later: version {attempt.Version} holds another writer's commit ({verification.Stored?.CommitId?.Text}); this attempt was not written."),
        };
        _calls.Logger.LogInformation("Checked appending version {Version} of {AggregateId} (attempt {Attempt}): {Verdict}.",
            attempt.Version, attempt.AggregateId, attempt.AttemptId, verification.Verdict);
        await _writes.RecordVerifiedAsync(new WriteIntent
        {
            Operation = AuditOperation.Append,
            Description = "appending a commit",
            Endpoint = _calls.Endpoint,
            Table = _tables.Commits,
            AggregateId = attempt.AggregateId,
            Version = attempt.Version,
        }, attempt.AttemptId, outcome, attempt.CommitId, detail).ConfigureAwait(false);
        return verification;
    }

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
        var response = await _calls.RunAsync(_tables.Counters, ct => _client.UpdateItemAsync(new UpdateItemRequest
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
        throw new StoreUnavailableException(_calls.Endpoint, $"the counter item in '{_tables.Counters}' did not return a numeric id");
    }
}
