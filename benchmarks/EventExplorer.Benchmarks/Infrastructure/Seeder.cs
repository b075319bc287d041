using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace EventExplorer.Benchmarks.Infrastructure;

/// <summary>
/// Writes the dataset with BatchWriteItem, 25 items per request (the API's maximum) and several
/// requests in flight, in exactly the item format of layout B (docs/layouts.md). Writing 200,000 commits one
/// PutItem at a time would take most of the time budget.
/// </summary>
public static class Seeder
{
    public static Task WriteAsync(IAmazonDynamoDB client, string table, IReadOnlyList<SeedCommit> commits, int parallelism, CancellationToken cancellationToken) =>
        WriteItemsAsync(client, table, commits.Select(Item).ToList(), parallelism, cancellationToken);

    /// <summary>Writes items exactly as given (another layout's items, say).</summary>
    public static async Task WriteItemsAsync(IAmazonDynamoDB client, string table, IReadOnlyList<Dictionary<string, AttributeValue>> items, int parallelism, CancellationToken cancellationToken)
    {
        var batches = items.Chunk(25).ToList();
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken },
            async (batch, token) =>
            {
                var pending = batch.Select(item => new WriteRequest(new PutRequest(item))).ToList();
                for (var attempt = 0; pending.Count > 0; attempt++)
                {
                    if (attempt > 20) throw new InvalidOperationException("BatchWriteItem kept leaving items unprocessed.");
                    if (attempt > 0) await Task.Delay(TimeSpan.FromMilliseconds(50 * attempt), token);
                    var response = await client.BatchWriteItemAsync(new BatchWriteItemRequest
                    {
                        RequestItems = new Dictionary<string, List<WriteRequest>> { [table] = pending },
                    }, token);
                    // SDK v4: an empty UnprocessedItems may come back as null.
                    pending = response.UnprocessedItems is { } left && left.TryGetValue(table, out var again) ? again : [];
                }
            });
    }

    /// <summary>The item exactly as dynamodb-event-store 2.x writes it.</summary>
    public static Dictionary<string, AttributeValue> Item(SeedCommit commit) => new()
    {
        ["commitId"] = new AttributeValue { S = commit.CommitId },
        ["committedAt"] = new AttributeValue { N = commit.CommittedAtMs.ToString(CultureInfo.InvariantCulture) },
        ["aggregateId"] = new AttributeValue { S = commit.AggregateId },
        ["version"] = new AttributeValue { N = commit.Version.ToString(CultureInfo.InvariantCulture) },
        ["events"] = new AttributeValue { S = commit.EventsJson },
        ["active"] = new AttributeValue { S = "t" },
    };
}
