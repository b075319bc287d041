using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using EventExplorer.Data.Configuration;
using EventExplorer.Data.Errors;
using EventExplorer.Data.Model;
using Microsoft.Extensions.Logging;

namespace EventExplorer.Data.DynamoDb;

/// <summary>
/// Works out which layout the configured tables have from DescribeTable (key schema, attribute
/// types, index names), with configuration overriding. The result is cached once it succeeds, so
/// a store that was down at startup is detected on the first call after it comes back.
/// </summary>
public sealed class StoreSchemaDetector
{
    private readonly IAmazonDynamoDB _client;
    private readonly EventExplorerOptions _options;
    private readonly StoreCallRunner _calls;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private StoreDescription? _cached;

    /// <param name="logger">Where store errors and writes are logged; none when null.</param>
    /// <param name="budget">The instance's read capacity, shared by every read; unlimited when null.</param>
    public StoreSchemaDetector(IAmazonDynamoDB client, EventExplorerOptions options, bool readOnly, ILogger? logger = null, ReadCapacityBudget? budget = null)
    {
        _client = client;
        _options = options;
        ReadOnly = readOnly;
        Endpoint = DynamoClientFactory.DescribeEndpoint(options);
        _calls = new StoreCallRunner(Endpoint, options.OperationTimeout, logger, budget);
    }

    public string Endpoint { get; }

    public bool ReadOnly { get; }

    internal StoreCallRunner Calls => _calls;

    public async Task<StoreDescription> DescribeAsync(CancellationToken cancellationToken)
    {
        if (_cached is { } cached) return cached;
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return _cached ??= await DetectAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Forgets the cached description (after tables were created or configuration changed).</summary>
    public void Reset() => _cached = null;

    private async Task<StoreDescription> DetectAsync(CancellationToken cancellationToken)
    {
        var names = _options.Tables;
        var commits = await DescribeTableAsync(names.Commits, cancellationToken).ConfigureAwait(false)
            ?? throw new TableMissingException(names.Commits, Endpoint);

        RequireKey(commits, "aggregateId", KeyType.HASH);
        RequireKey(commits, "version", KeyType.RANGE);

        var index = commits.GlobalSecondaryIndexes?.FirstOrDefault(i => i.IndexName == names.CommitIdIndex);
        if (index is null)
        {
            var found = string.Join(", ", commits.GlobalSecondaryIndexes?.Select(i => i.IndexName) ?? []);
            throw new TableMissingException($"{names.Commits} index {names.CommitIdIndex}", Endpoint,
                new InvalidOperationException($"indexes present: {(found.Length == 0 ? "none" : found)}"));
        }

        var commitIdType = commits.AttributeDefinitions?.FirstOrDefault(a => a.AttributeName == "commitId")?.AttributeType;
        EventStoreLayout layout;
        if (_options.Layout is { } configured)
        {
            layout = configured;
        }
        else if (commitIdType == ScalarAttributeType.N)
        {
            layout = EventStoreLayout.CounterCommitIds;
        }
        else if (commitIdType == ScalarAttributeType.S)
        {
            layout = EventStoreLayout.TimestampCommitIds;
        }
        else
        {
            throw new UnsupportedLayoutException(names.Commits, $"index '{names.CommitIdIndex}' has no commitId range key of type N or S.");
        }

        string? counterTable = null;
        if (layout == EventStoreLayout.CounterCommitIds)
        {
            // Layout A cannot append without its counter; reads still work, so only writes will report it.
            counterTable = names.Counters;
            if (!ReadOnly && await DescribeTableAsync(names.Counters, cancellationToken).ConfigureAwait(false) is null)
            {
                throw new TableMissingException(names.Counters, Endpoint);
            }
        }

        var snapshots = await DescribeTableAsync(names.Snapshots, cancellationToken).ConfigureAwait(false);
        var snapshotKey = _options.SnapshotKeyAttribute
            ?? snapshots?.KeySchema?.FirstOrDefault(k => k.KeyType == KeyType.HASH)?.AttributeName
            ?? "snapshotId";

        return new StoreDescription
        {
            Endpoint = Endpoint,
            CommitTable = names.Commits,
            CommitIndex = names.CommitIdIndex,
            CounterTable = counterTable,
            SnapshotTable = names.Snapshots,
            Layout = layout,
            LayoutConfigured = _options.Layout is not null,
            SnapshotKeyAttribute = snapshotKey,
            SnapshotTableMissing = snapshots is null,
            ReadOnly = ReadOnly,
        };
    }

    private async Task<TableDescription?> DescribeTableAsync(string tableName, CancellationToken cancellationToken)
    {
        try
        {
            return (await _calls.RunAsync(tableName,
                ct => _client.DescribeTableAsync(new DescribeTableRequest { TableName = tableName }, ct),
                cancellationToken).ConfigureAwait(false)).Table;
        }
        catch (TableMissingException)
        {
            return null;
        }
    }

    private static void RequireKey(TableDescription table, string attribute, KeyType keyType)
    {
        if (table.KeySchema?.Any(k => k.AttributeName == attribute && k.KeyType == keyType) != true)
        {
            var keys = string.Join(", ", table.KeySchema?.Select(k => $"{k.AttributeName} ({k.KeyType})") ?? []);
            throw new UnsupportedLayoutException(table.TableName, $"expected {keyType} key '{attribute}', found {keys}.");
        }
    }
}
