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

namespace EventExplorer.Data.DynamoDb.Commits;

/// <summary>
/// Appends commits exactly as the programs that own the tables do (layout A allocates the commit id from
/// the counter first), proposes the next version, and settles appends whose outcome was unknown.
/// </summary>
internal sealed class CommitAppender(KeyRangeReader reader, TimeProvider time, WriteGuard writes)
{
    private const string CounterName = "commits";

    private StoreCallRunner Calls => reader.Calls;

    private ILogger Log => reader.Calls.Logger;

    private string Table => reader.Tables.Commits;

    public bool CanWrite => !reader.Schema.ReadOnly;

    /// <summary>
    /// Read-only mode, the writer's Author role and the audit record of the attempt are checked and
    /// written by the guard before anything is sent; the outcome is recorded after.
    /// </summary>
    public Task<Commit> AppendAsync(AppendRequest request, CancellationToken cancellationToken) =>
        writes.RunAsync(Intent(request.AggregateId, request.Version), reader.Schema.ReadOnly, (progress, ct) => AppendCheckedAsync(request, progress, ct), cancellationToken);

    private WriteIntent Intent(string? aggregateId, long version) => new()
    {
        Operation = AuditOperation.Append,
        Description = "appending a commit",
        Endpoint = Calls.Endpoint,
        Table = Table,
        AggregateId = aggregateId,
        Version = version,
    };

    private async Task<Commit> AppendCheckedAsync(AppendRequest request, WriteProgress progress, CancellationToken cancellationToken)
    {
        var layout = await reader.LayoutAsync(cancellationToken).ConfigureAwait(false);
        var aggregateId = request.AggregateId ?? "";
        var errors = Validate(request, layout, out var events);
        var now = time.GetUtcNow();
        var item = NewItem(aggregateId, request.Version, events, layout, now);
        if (events is not null && ItemSize.Of(item) is var size && size > ItemSize.MaxBytes)
        {
            errors.Add($"The commit would be {size:N0} bytes, over DynamoDB's item limit of {ItemSize.MaxBytes:N0} bytes (400 KB).");
        }
        if (errors.Count > 0)
        {
            Written("invalid");
            Log.LogInformation("Refused appending version {Version} of {AggregateId}: {Errors}", request.Version, aggregateId, string.Join(" ", errors));
            throw new WriteValidationException(errors);
        }

        try
        {
            return await PutAsync(item, request.Version, events!, layout, now, progress, cancellationToken).ConfigureAwait(false);
        }
        catch (VersionConflictException)
        {
            Written("conflict");
            Log.LogInformation("Appending version {Version} of {AggregateId} met another writer's commit at that version; nothing was written.", request.Version, aggregateId);
            throw;
        }
        catch (WriteOutcomeUnknownException unknown)
        {
            Written("unknown");
            Log.LogError(unknown.InnerException, "The outcome of appending version {Version} of {AggregateId} to {Table} is unknown: sent, no reply, not confirmed by a read-back.",
                request.Version, aggregateId, Table);
            throw;
        }
        catch (EventStoreException failed)
        {
            // The call's own failure is logged where it happened; this says which write it stopped.
            Written("failed");
            Log.LogWarning("Appending version {Version} of {AggregateId} failed before anything was written: {Error}", request.Version, aggregateId, failed.Message);
            throw;
        }
    }

    /// <summary>What is wrong with the request, in words; <paramref name="events"/> is the compacted events text when it is valid.</summary>
    private static List<string> Validate(AppendRequest request, EventStoreLayout layout, out string? events)
    {
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
            var maxIdBytes = layout == EventStoreLayout.TimestampCommitIds ? QueryInput.MaxKeyBytes - CommitId.TimestampPrefixLength : QueryInput.MaxKeyBytes;
            if (idBytes > maxIdBytes)
            {
                errors.Add(layout == EventStoreLayout.TimestampCommitIds
                    ? $"The aggregate id is {idBytes} bytes long; this store repeats it in the commit id, so it may be at most {maxIdBytes} bytes (UTF-8)."
                    : $"The aggregate id is {idBytes} bytes long; it may be at most {maxIdBytes} bytes (UTF-8).");
            }
        }
        if (request.Version < 0) errors.Add($"The version must be 0 or more (got {request.Version}).");
        if (!AppendEvents.TryCompact(request.EventsJson, out events, out var eventsError)) errors.Add(eventsError!);
        return errors;
    }

    private static Dictionary<string, AttributeValue> NewItem(string aggregateId, long version, string? events, EventStoreLayout layout, DateTimeOffset now) => new()
    {
        [Attr.AggregateId] = new() { S = aggregateId },
        [Attr.Version] = new() { N = version.ToString(CultureInfo.InvariantCulture) },
        // Layout A: the counter's value is not known yet; size the item with the widest id it can get.
        [Attr.CommitId] = ToAttribute(layout == EventStoreLayout.CounterCommitIds
            ? CommitId.FromNumber(long.MaxValue)
            : CommitId.FromTime(now, aggregateId)),
        [Attr.CommittedAt] = new() { N = now.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) },
        [Attr.Events] = new() { S = events ?? "" },
        [Attr.Active] = new() { S = Attr.ActiveValue },
    };

    private async Task<Commit> PutAsync(Dictionary<string, AttributeValue> item, long version, string events, EventStoreLayout layout, DateTimeOffset now,
        WriteProgress progress, CancellationToken cancellationToken)
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

        var aggregateId = item[Attr.AggregateId].S;
        var attempt = new AppendAttempt
        {
            AttemptId = progress.AttemptId,
            AggregateId = aggregateId,
            Version = version,
            EventsJson = events,
            CommitId = progress.CommitId!,
            CommittedAt = now.ToUnixTimeMilliseconds(),
        };
        var recovered = await new CommitPut(reader.Client, Table, Calls).PutAsync(item, attempt, cancellationToken).ConfigureAwait(false);
        var commit = Map(item, layout);
        Written("written");
        Log.LogInformation(
            "Appended version {Version} of {AggregateId} to {Table} at {Endpoint}: commit id {CommitId}, {EventCount} events, {Bytes} bytes{Recovered}.",
            version, aggregateId, Table, Calls.Endpoint, commit.CommitId?.Text, commit.Events.Count, commit.SizeBytes,
            recovered ? " (the first reply was lost; reading it back found it written)" : "");
        return commit;
    }

    private static void Written(string outcome) =>
        StoreTelemetry.Writes.Add(1, new TagList { { "eventexplorer.write.kind", "commit" }, { "outcome", outcome } });

    /// <summary>
    /// One consistent read of the attempt's version; the verified outcome follows the attempt's
    /// unknown (or failed) record in the audit, under the same attempt id.
    /// </summary>
    public async Task<AppendVerification> VerifyAppendAsync(AppendAttempt attempt, CancellationToken cancellationToken)
    {
        var layout = await reader.LayoutAsync(cancellationToken).ConfigureAwait(false);
        var verification = await new CommitPut(reader.Client, Table, Calls).VerifyAsync(attempt, layout, cancellationToken).ConfigureAwait(false);
        var (outcome, detail) = verification switch
        {
            { Verdict: AppendVerdict.Written } => (AuditOutcome.Succeeded, $"Verified later: version {attempt.Version} holds this attempt's commit."),
            { Verdict: AppendVerdict.NotWritten } => (AuditOutcome.NotWritten, $"Verified later: nothing is at version {attempt.Version}; this attempt was not written (so far)."),
            { SameEvents: true } => (AuditOutcome.Conflict, $"Verified later: version {attempt.Version} holds another commit ({verification.Stored?.CommitId?.Text}) with the same events; this attempt was not written."),
            _ => (AuditOutcome.Conflict, $"Verified later: version {attempt.Version} holds another writer's commit ({verification.Stored?.CommitId?.Text}); this attempt was not written."),
        };
        Log.LogInformation("Checked appending version {Version} of {AggregateId} (attempt {Attempt}): {Verdict}.",
            attempt.Version, attempt.AggregateId, attempt.AttemptId, verification.Verdict);
        await writes.RecordVerifiedAsync(Intent(attempt.AggregateId, attempt.Version), attempt.AttemptId, outcome, attempt.CommitId, detail).ConfigureAwait(false);
        return verification;
    }

    public async Task<long> ProposeNextVersionAsync(string aggregateId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(aggregateId)) return 0;
        var request = reader.TimelineRequest(aggregateId, readDescending: true, null);
        request.Limit = 1;
        request.ProjectionExpression = "#v";
        request.ExpressionAttributeNames["#v"] = Attr.Version;
        var response = await reader.QueryAsync(request, cancellationToken).ConfigureAwait(false);

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
        var counters = reader.Tables.Counters;
        var response = await Calls.RunAsync(counters, ct => reader.Client.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = counters,
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
        throw new StoreUnavailableException(Calls.Endpoint, $"the counter item in '{counters}' did not return a numeric id");
    }
}
