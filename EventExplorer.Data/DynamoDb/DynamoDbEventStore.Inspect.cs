using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Amazon.DynamoDBv2.Model;
using EventExplorer.Data.Errors;
using EventExplorer.Data.Json;
using EventExplorer.Data.Model;
using static EventExplorer.Data.DynamoDb.CommitItemMapper;

namespace EventExplorer.Data.DynamoDb;

/// <summary>One commit, one raw item, and an aggregate's summary.</summary>
public sealed partial class DynamoDbEventStore
{
    private static readonly string[] KnownAttributes = [Attr.AggregateId, Attr.Version, Attr.CommitId, Attr.CommittedAt, Attr.Events, Attr.Active];

    public async Task<Commit?> ReadCommitAsync(string aggregateId, long version, CancellationToken cancellationToken)
    {
        var item = await GetItemAsync(aggregateId, new AttributeValue { N = version.ToString(CultureInfo.InvariantCulture) }, cancellationToken).ConfigureAwait(false);
        return item is null ? null : Map(item, await LayoutAsync(cancellationToken).ConfigureAwait(false));
    }

    public async Task<RawItem?> ReadRawItemAsync(string aggregateId, string version, CancellationToken cancellationToken)
    {
        var text = (version ?? "").Trim();
        if (!StoredNumber.IsNumber(text))
        {
            throw new InvalidQueryException($"'{Shorten(text)}' is not a version (a number as stored, e.g. 12 or 2.5).");
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
                Type = TypeCode(kv.Value),
                Value = AttributeText.Describe(kv.Value),
                Known = KnownAttributes.Contains(kv.Key),
            }).ToList(),
            DynamoDbJson = DynamoDbJson(ordered),
            SizeBytes = ItemSize.Of(item),
        };
    }

    public async IAsyncEnumerable<AggregateSummary> SummariseAggregateAsync(string aggregateId, ReadBudget budget, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        budget.Validate();
        var range = await ResolveRangeAsync(CommitRange.Aggregate(aggregateId), cancellationToken).ConfigureAwait(false);
        var layout = range.Layout;
        // The estimate's two one-item reads go alongside the first page, so a short history costs one round trip.
        var estimateTask = EstimateAsync(range, cancellationToken);
        var cost = ReadCost.None;
        long commits = 0, events = 0, size = 0, malformedCount = 0, missing = 0;
        long? firstVersion = null, lastVersion = null;
        DateTimeOffset? firstAt = null, lastAt = null;
        var gaps = new List<SequenceGap>();
        var types = new Dictionary<string, long>(StringComparer.Ordinal);
        long? estimate = null;
        var estimated = false;

        AggregateSummary Summary(ReadState state) => new()
        {
            AggregateId = aggregateId,
            Commits = commits,
            FirstVersion = firstVersion,
            LastVersion = lastVersion,
            FirstCommittedAt = firstAt,
            LastCommittedAt = lastAt,
            Gaps = [.. gaps],
            MissingVersions = missing,
            EventTypes = new Dictionary<string, long>(types, StringComparer.Ordinal),
            Events = events,
            TotalSizeBytes = size,
            MalformedCommits = malformedCount,
            Cost = cost,
            EstimatedItems = estimate,
            State = state,
        };

        try
        {
            await foreach (var batch in ReadBatchesAsync(() => MakeRangeRequest(range, null), null, budget, prefetch: true, null, cancellationToken).ConfigureAwait(false))
            {
                if (!estimated)
                {
                    (estimate, var requests) = await estimateTask.ConfigureAwait(false);
                    cost = cost.Add(0, 0, null, requests);
                    estimated = true;
                }
                cost = cost.Add(batch.Scanned, batch.Items.Count, batch.CapacityUnits);
                foreach (var item in batch.Items)
                {
                    var commit = Map(item, layout);
                    commits++;
                    size += commit.SizeBytes;
                    if (commit.IsMalformed) malformedCount++;
                    if (commit.Version is { } version)
                    {
                        var gap = lastVersion is { } previous ? (previous < version - 1 ? new SequenceGap(previous, version) : null)
                            : version > 0 ? new SequenceGap(-1, version) : null;
                        if (gap is not null)
                        {
                            missing += gap.MissingCount;
                            if (gaps.Count < AggregateSummary.MaxGapsListed) gaps.Add(gap);
                        }
                        firstVersion ??= version;
                        lastVersion = version;
                    }
                    if (commit.CommittedAt is { } at)
                    {
                        firstAt ??= at;
                        lastAt = at;
                    }
                    foreach (var commitEvent in commit.Events)
                    {
                        events++;
                        var type = commitEvent.Type ?? "";
                        if (types.TryGetValue(type, out var count)) types[type] = count + 1;
                        else if (types.Count < AggregateSummary.MaxEventTypes) types[type] = 1;
                        else types["…"] = types.GetValueOrDefault("…") + 1;
                    }
                }
                var state = batch.LastEvaluatedKey is null ? ReadState.Completed : batch.BudgetSpent ? ReadState.BudgetExhausted : ReadState.Reading;
                yield return Summary(state);
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
        if (string.IsNullOrWhiteSpace(aggregateId)) throw new InvalidQueryException("An aggregate id is required.");
        var response = await _calls.RunAsync(_tables.Commits, ct => _client.GetItemAsync(new GetItemRequest
        {
            TableName = _tables.Commits,
            ConsistentRead = true,
            Key = new() { [Attr.AggregateId] = new AttributeValue { S = aggregateId }, [Attr.Version] = version },
        }, ct), cancellationToken).ConfigureAwait(false);
        return response.Item is { Count: > 0 } item ? item : null;
    }

    private static string TypeCode(AttributeValue value) =>
        value.S is not null ? "S"
        : value.N is not null ? "N"
        : value.B is not null ? "B"
        : value.BOOL is not null ? "BOOL"
        : value.NULL is not null ? "NULL"
        : value.L is not null ? "L"
        : value.M is not null ? "M"
        : value.SS is not null ? "SS"
        : value.NS is not null ? "NS"
        : value.BS is not null ? "BS"
        : "?";

    /// <summary>The item in DynamoDB's own JSON (what the AWS CLI prints and put-item takes), attributes in the given order.</summary>
    internal static string DynamoDbJson(IEnumerable<KeyValuePair<string, AttributeValue>> attributes)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, StoredJson.CompactWriter))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in attributes)
            {
                writer.WritePropertyName(name);
                WriteTyped(writer, value);
            }
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteTyped(Utf8JsonWriter writer, AttributeValue value)
    {
        writer.WriteStartObject();
        var type = TypeCode(value);
        writer.WritePropertyName(type);
        switch (type)
        {
            case "S": writer.WriteStringValue(value.S); break;
            case "N": writer.WriteStringValue(value.N); break;
            case "B": writer.WriteBase64StringValue(value.B.ToArray()); break;
            case "BOOL": writer.WriteBooleanValue(value.BOOL!.Value); break;
            case "NULL": writer.WriteBooleanValue(true); break;
            case "L":
                writer.WriteStartArray();
                foreach (var element in value.L) WriteTyped(writer, element);
                writer.WriteEndArray();
                break;
            case "M":
                writer.WriteStartObject();
                foreach (var (name, inner) in value.M)
                {
                    writer.WritePropertyName(name);
                    WriteTyped(writer, inner);
                }
                writer.WriteEndObject();
                break;
            case "SS": WriteStrings(writer, value.SS); break;
            case "NS": WriteStrings(writer, value.NS); break;
            case "BS":
                writer.WriteStartArray();
                foreach (var bytes in value.BS) writer.WriteBase64StringValue(bytes.ToArray());
                writer.WriteEndArray();
                break;
            default: writer.WriteNullValue(); break;
        }
        writer.WriteEndObject();
    }

    private static void WriteStrings(Utf8JsonWriter writer, IEnumerable<string> values)
    {
        writer.WriteStartArray();
        foreach (var value in values) writer.WriteStringValue(value);
        writer.WriteEndArray();
    }
}
