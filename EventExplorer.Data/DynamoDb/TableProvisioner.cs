using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using EventExplorer.Data.Configuration;
using EventExplorer.Data.Model;

namespace EventExplorer.Data.DynamoDb;

/// <summary>
/// Creates the tables in the exact layouts the owning programs use (docs/layouts.md). Idempotent: an
/// existing table is left untouched (never altered, migrated or re-keyed). Only called in local/dev
/// mode or when configuration asks for it explicitly.
/// </summary>
public static class TableProvisioner
{
    /// <summary>Commit table + commit-id index, and in layout A the counter table.</summary>
    public static async Task CreateEventStoreAsync(IAmazonDynamoDB client, EventStoreLayout layout, TableNames names, CancellationToken cancellationToken)
    {
        var commitIdType = layout == EventStoreLayout.CounterCommitIds ? ScalarAttributeType.N : ScalarAttributeType.S;
        await CreateIfMissingAsync(client, new CreateTableRequest
        {
            TableName = names.Commits,
            AttributeDefinitions =
            [
                new AttributeDefinition("aggregateId", ScalarAttributeType.S),
                new AttributeDefinition("version", ScalarAttributeType.N),
                new AttributeDefinition("active", ScalarAttributeType.S),
                new AttributeDefinition("commitId", commitIdType),
            ],
            KeySchema = [new KeySchemaElement("aggregateId", KeyType.HASH), new KeySchemaElement("version", KeyType.RANGE)],
            ProvisionedThroughput = new ProvisionedThroughput(15, 15),
            GlobalSecondaryIndexes =
            [
                new GlobalSecondaryIndex
                {
                    IndexName = names.CommitIdIndex,
                    KeySchema = [new KeySchemaElement("active", KeyType.HASH), new KeySchemaElement("commitId", KeyType.RANGE)],
                    Projection = new Projection { ProjectionType = ProjectionType.ALL },
                    ProvisionedThroughput = new ProvisionedThroughput(15, 15),
                },
            ],
        }, cancellationToken).ConfigureAwait(false);

        if (layout == EventStoreLayout.CounterCommitIds)
        {
            await CreateIfMissingAsync(client, new CreateTableRequest
            {
                TableName = names.Counters,
                AttributeDefinitions = [new AttributeDefinition("name", ScalarAttributeType.S)],
                KeySchema = [new KeySchemaElement("name", KeyType.HASH)],
                ProvisionedThroughput = new ProvisionedThroughput(15, 15),
            }, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Snapshot table keyed by <paramref name="keyAttribute"/> (snapshotId in the package, aggregateId in seed 000).</summary>
    public static Task CreateSnapshotStoreAsync(IAmazonDynamoDB client, string tableName, string keyAttribute, CancellationToken cancellationToken) =>
        CreateIfMissingAsync(client, new CreateTableRequest
        {
            TableName = tableName,
            AttributeDefinitions = [new AttributeDefinition(keyAttribute, ScalarAttributeType.S)],
            KeySchema = [new KeySchemaElement(keyAttribute, KeyType.HASH)],
            ProvisionedThroughput = new ProvisionedThroughput(15, 15),
        }, cancellationToken);

    private static async Task CreateIfMissingAsync(IAmazonDynamoDB client, CreateTableRequest request, CancellationToken cancellationToken)
    {
        try
        {
            await client.CreateTableAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (ResourceInUseException)
        {
            // Already there: leave it as it is.
        }
        await WaitUntilActiveAsync(client, request.TableName, cancellationToken).ConfigureAwait(false);
    }

    private static async Task WaitUntilActiveAsync(IAmazonDynamoDB client, string tableName, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 600; attempt++)
        {
            var table = (await client.DescribeTableAsync(tableName, cancellationToken).ConfigureAwait(false)).Table;
            var indexesActive = table.GlobalSecondaryIndexes?.All(i => i.IndexStatus == IndexStatus.ACTIVE) ?? true;
            if (table.TableStatus == TableStatus.ACTIVE && indexesActive) return;
            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken).ConfigureAwait(false);
        }
        throw new TimeoutException($"Table '{tableName}' did not become ACTIVE within a minute.");
    }
}
