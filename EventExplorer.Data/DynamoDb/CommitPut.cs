using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using EventExplorer.Data.Errors;
using EventExplorer.Data.Model;
using static EventExplorer.Data.DynamoDb.CommitItemMapper;

namespace EventExplorer.Data.DynamoDb;

/// <summary>
/// The conditional put of a new commit, and what it takes to know its outcome. A put can reach
/// DynamoDB and lose its reply (a dropped connection, a timeout, a 5xx). The SDK or the HTTP stack may
/// then send it again, and that send fails the version condition against our own item, or is
/// throttled, or times out in turn: the error that comes back says nothing about the first send.
/// So after every failure where the put may have arrived, the outcome is settled by a consistent read
/// of the item: our own item means written, another item a real conflict, and no answer (or nothing
/// there yet) means the outcome is unknown. Never a plain transient error, which a page would offer to
/// retry, and never a conflict that is in fact our own commit.
/// </summary>
/// <remarks>
/// The states: Sent → Written (reply), or Sent → Settling (condition failed, or a failure after which
/// the put may have arrived) → Written (our item), Conflict (another item), Unknown (the read failed,
/// or found nothing after a failure). Only a failure that proves nothing arrived (the connection was
/// refused, the request was invalid or not allowed) ends as that failure.
/// </remarks>
internal sealed class CommitPut(IAmazonDynamoDB client, string table, StoreCallRunner calls)
{
    /// <summary>Puts <paramref name="item"/> unless its version is taken.</summary>
    /// <returns>True when the reply was lost and reading the item back found it written.</returns>
    public async Task<bool> PutAsync(Dictionary<string, AttributeValue> item, AppendAttempt attempt, CancellationToken cancellationToken)
    {
        EventStoreException? failure = null;
        var conditionFailed = false;
        try
        {
            // Null when the version condition failed: that is an answer, not an error.
            conditionFailed = await calls.RunAsync<PutItemResponse?>(table, async ct =>
            {
                try
                {
                    return await client.PutItemAsync(new PutItemRequest
                    {
                        TableName = table,
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
        catch (EventStoreException ex) when (MayHaveArrived(ex))
        {
            failure = ex;
        }
        if (failure is null && !conditionFailed) return false;

        Dictionary<string, AttributeValue>? stored;
        try
        {
            stored = await ReadAsync(attempt.AggregateId, attempt.Version, cancellationToken).ConfigureAwait(false);
        }
        catch (EventStoreException readFailure)
        {
            throw Unknown(attempt, $"Reading it back did not answer either ({readFailure.Message.TrimEnd('.')}).", failure ?? readFailure);
        }

        if (stored is not null && SameCommit(stored, item)) return true;
        if (stored is not null)
        {
            // In layout A the allocated commit id is now never used: the gap is what the owning program leaves too.
            throw new VersionConflictException(attempt.AggregateId, attempt.Version, failure) { StoredEventsMatch = SameValue(stored, item, Attr.Events) };
        }
        if (failure is null)
        {
            // The condition failed, yet nothing is there now: the item that held the version was deleted since.
            throw new VersionConflictException(attempt.AggregateId, attempt.Version);
        }
        // Nothing there yet: a put that timed out may still be on its way and land after this read.
        throw Unknown(attempt, $"Reading it back just now found nothing at version {attempt.Version}, so it was probably not written; " +
                               "a put still on its way could yet land.", failure);
    }

    /// <summary>One consistent read of the attempt's version, compared with what it sent.</summary>
    public async Task<AppendVerification> VerifyAsync(AppendAttempt attempt, EventStoreLayout layout, CancellationToken cancellationToken)
    {
        var stored = await ReadAsync(attempt.AggregateId, attempt.Version, cancellationToken).ConfigureAwait(false);
        if (stored is null) return new AppendVerification { Verdict = AppendVerdict.NotWritten };
        var sameEvents = stored.TryGetValue(Attr.Events, out var events) && events.S == attempt.EventsJson;
        var own = sameEvents
                  && stored.TryGetValue(Attr.CommitId, out var id) && (id.S ?? id.N) == attempt.CommitId
                  && stored.TryGetValue(Attr.CommittedAt, out var at) && at.N == attempt.CommittedAt.ToString(CultureInfo.InvariantCulture);
        return new AppendVerification
        {
            Verdict = own ? AppendVerdict.Written : AppendVerdict.TakenByAnother,
            Stored = Map(stored, layout),
            SameEvents = sameEvents,
        };
    }

    private async Task<Dictionary<string, AttributeValue>?> ReadAsync(string aggregateId, long version, CancellationToken cancellationToken)
    {
        var response = await calls.RunAsync(table, ct => client.GetItemAsync(new GetItemRequest
        {
            TableName = table,
            Key = new()
            {
                [Attr.AggregateId] = new AttributeValue { S = aggregateId },
                [Attr.Version] = new AttributeValue { N = version.ToString(CultureInfo.InvariantCulture) },
            },
            ConsistentRead = true,
        }, ct), cancellationToken).ConfigureAwait(false);
        return response.Item is { Count: > 0 } found ? found : null;
    }

    /// <summary>
    /// False only when the failure proves the put never reached DynamoDB, or that DynamoDB refused it
    /// as a request (invalid, not allowed, no such table): any send of it was refused the same way.
    /// Throttling is not such proof: it answers the last send, and an earlier one may have landed.
    /// </summary>
    private static bool MayHaveArrived(EventStoreException failure) => failure switch
    {
        StoreUnavailableException { RequestMayHaveArrived: false } => false,
        InvalidQueryException or StoreAccessDeniedException or TableMissingException => false,
        _ => true,
    };

    private static WriteOutcomeUnknownException Unknown(AppendAttempt attempt, string found, Exception failure) => new(
        $"appending version {attempt.Version} of '{attempt.AggregateId}'",
        found + $" Check it before sending it again: appending it at version {attempt.Version} again is safe (the store refuses a second commit at one " +
        "version, and EventExplorer recognises your own), but appending the same events at another version would store them twice.",
        failure)
    {
        Attempt = attempt,
    };

    /// <summary>The same commit: our put's commit id, time and events (another attempt or writer differs in at least the id or the time).</summary>
    private static bool SameCommit(Dictionary<string, AttributeValue> stored, Dictionary<string, AttributeValue> sent) =>
        SameValue(stored, sent, Attr.CommitId) && SameValue(stored, sent, Attr.CommittedAt) && SameValue(stored, sent, Attr.Events);

    private static bool SameValue(Dictionary<string, AttributeValue> a, Dictionary<string, AttributeValue> b, string name) =>
        a.TryGetValue(name, out var x) && b.TryGetValue(name, out var y) && x.S == y.S && x.N == y.N;
}
