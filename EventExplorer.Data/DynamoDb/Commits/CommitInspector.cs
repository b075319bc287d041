using System.Globalization;
using System.Runtime.CompilerServices;
using Amazon.DynamoDBv2.Model;
using EventExplorer.Data.Errors;
using EventExplorer.Data.Model;
using static EventExplorer.Data.DynamoDb.CommitItemMapper;

namespace EventExplorer.Data.DynamoDb.Commits;

/// <summary>One commit, one raw item exactly as stored, and an aggregate's summary.</summary>
internal sealed class CommitInspector(KeyRangeReader reader, CommitRangeResolver ranges, RangeEstimator estimator)
{
    private static readonly string[] KnownAttributes = [Attr.AggregateId, Attr.Version, Attr.CommitId, Attr.CommittedAt, Attr.Events, Attr.Active];

    public async Task<Commit?> ReadCommitAsync(string aggregateId, long version, CancellationToken cancellationToken)
    {
        var item = await GetItemAsync(aggregateId, new AttributeValue { N = version.ToString(CultureInfo.InvariantCulture) }, cancellationToken).ConfigureAwait(false);
        return item is null ? null : Map(item, await reader.LayoutAsync(cancellationToken).ConfigureAwait(false));
    }

    public async Task<RawItem?> ReadRawItemAsync(string aggregateId, string version, CancellationToken cancellationToken)
    {
        var text = (version ?? "").Trim();
        if (!StoredNumber.IsNumber(text))
        {
            throw new InvalidQueryException($"'{QueryInput.Shorten(text)}' is not a version (a number as stored, e.g. 12 or 2.5).");
        }
        var item = await GetItemAsync(aggregateId, new AttributeValue { N = text }, cancellationToken).ConfigureAwait(false);
        if (item is null) return null;

        var ordered = item.OrderBy(kv => Array.IndexOf(KnownAttributes, kv.Key) is var known and >= 0 ? known : KnownAttributes.Length)
            .ThenBy(kv => kv.Key, StringComparer.Ordinal)
            .ToList();
        return new RawItem
        {
            Attributes = ordered.Select(kv => new RawAttribute
            {
                Name = kv.Key,
                Type = DynamoDbJson.TypeCode(kv.Value),
                Value = AttributeText.Describe(kv.Value),
                Known = KnownAttributes.Contains(kv.Key),
            }).ToList(),
            DynamoDbJson = DynamoDbJson.Write(ordered),
            SizeBytes = ItemSize.Of(item),
        };
    }

    public async IAsyncEnumerable<AggregateSummary> SummariseAggregateAsync(string aggregateId, ReadBudget budget, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        budget.Validate();
        var range = await ranges.ResolveAsync(CommitRange.Aggregate(aggregateId), cancellationToken).ConfigureAwait(false);
        // The estimate's two one-item reads go alongside the first page, so a short history costs one round trip.
        var estimateTask = estimator.EstimateAsync(range, cancellationToken);
        var tally = new AggregateTally(aggregateId);
        var estimated = false;
        try
        {
            await foreach (var batch in reader.ReadBatchesAsync(() => range.Request(reader, null), null, budget, prefetch: true, null, ReadPriority.Long, cancellationToken).ConfigureAwait(false))
            {
                if (!estimated)
                {
                    var (estimate, requests) = await estimateTask.ConfigureAwait(false);
                    tally.Estimated(estimate, requests);
                    estimated = true;
                }
                tally.Add(batch, range.Layout);
                var state = batch.LastEvaluatedKey is null ? ReadState.Completed : batch.BudgetSpent ? ReadState.BudgetExhausted : ReadState.Reading;
                yield return tally.Summary(state);
            }
        }
        finally
        {
            if (!estimated)
            {
                try { await estimateTask.ConfigureAwait(false); } catch (Exception) { /* the read's own outcome is what counts */ }
            }
        }
    }

    private async Task<Dictionary<string, AttributeValue>?> GetItemAsync(string aggregateId, AttributeValue version, CancellationToken cancellationToken)
    {
        QueryInput.RequireAggregateId(aggregateId);
        var table = reader.Tables.Commits;
        var response = await reader.Calls.RunAsync(table, ct => reader.Client.GetItemAsync(new GetItemRequest
        {
            TableName = table,
            ConsistentRead = true,
            Key = new() { [Attr.AggregateId] = new AttributeValue { S = aggregateId }, [Attr.Version] = version },
        }, ct), cancellationToken).ConfigureAwait(false);
        return response.Item is { Count: > 0 } item ? item : null;
    }
}
