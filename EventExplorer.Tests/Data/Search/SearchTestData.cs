using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using EventExplorer.Data.Configuration;
using EventExplorer.Data.DynamoDb;
using EventExplorer.Data.Model;
using EventExplorer.Testing;
using EventExplorer.Tests.Data.EventStore;

namespace EventExplorer.Tests.Data.Search;

/// <summary>Arranging histories for the find-anything reads, and reading their streams to the end.</summary>
internal static class SearchTestData
{
    public static readonly DateTimeOffset Start = new(2026, 10, 2, 14, 0, 0, TimeSpan.Zero);

    public static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// One aggregate of <paramref name="count"/> commits of about 1.1 KB each (so a few thousand span several
    /// 1 MB responses), one a second from <see cref="Start"/>. Every <paramref name="every"/>th commit (version
    /// 7, 7 + every, ...) carries order "order-2024-004711" in <c>data.orderId</c>.
    /// </summary>
    public static async Task<List<long>> SeedOrdersAsync(EventStoreTestBed bed, string aggregateId, int count, int every)
    {
        var note = new string('n', 1000);
        var items = new List<Dictionary<string, AttributeValue>>();
        var matching = new List<long>();
        for (var v = 0; v < count; v++)
        {
            var hit = v % every == 7;
            if (hit) matching.Add(v);
            var orderId = hit ? "order-2024-004711" : $"order-2024-{v:D6}";
            var at = Start.AddSeconds(v);
            var id = bed.Layout == EventStoreLayout.CounterCommitIds ? Text(v + 1) : CommitId.FromTime(at, aggregateId).Text;
            items.Add(bed.Item(aggregateId, v, id, at.ToUnixTimeMilliseconds(),
                $$"""[{"type":"{{(v % 2 == 0 ? "itemAdded" : "stockAdjusted")}}","data":{"orderId":"{{orderId}}","qty":{{v % 9}}},"note":"{{note}}"}]"""));
        }
        await bed.BatchPutRawAsync(items);
        return matching;
    }

    public static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> stream)
    {
        var all = new List<T>();
        await foreach (var item in stream) all.Add(item);
        return all;
    }

    /// <summary>The store under test behind a recording proxy, so that requests are counted at the wire.</summary>
    public static async Task<(DynamoDbEventStore Store, DynamoDbProxy Proxy, IAmazonDynamoDB Client)> CountedStoreAsync(EventStoreTestBed bed, string dynaliteUrl)
    {
        var proxy = await DynamoDbProxy.StartAsync(dynaliteUrl);
        var options = new EventExplorerOptions { ServiceUrl = proxy.Url, Tables = bed.Options.Tables };
        var client = new AmazonDynamoDBClient(new BasicAWSCredentials("local", "local"),
            new AmazonDynamoDBConfig { ServiceURL = proxy.Url, AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 });
        var store = new DynamoDbEventStore(client, new StoreSchemaDetector(client, options, readOnly: true), options);
        await store.DescribeAsync(CancellationToken.None);
        proxy.Reset();
        return (store, proxy, client);
    }
}
