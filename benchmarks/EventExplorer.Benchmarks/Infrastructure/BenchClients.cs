using Amazon.DynamoDBv2;
using Amazon.Runtime;

namespace EventExplorer.Benchmarks.Infrastructure;

/// <summary>SDK clients for dynalite, each with its own request counter.</summary>
public static class BenchClients
{
    /// <summary>
    /// Configured like <c>DynamoClientFactory</c> builds it for a loopback endpoint (same retries and
    /// timeout), plus the counting HTTP client; the data service and the raw baseline get identical clients.
    /// </summary>
    public static (IAmazonDynamoDB Client, RequestCounter Counter) Create(string serviceUrl)
    {
        var counter = new RequestCounter();
        var defaults = new EventExplorer.Data.Configuration.EventExplorerOptions();
        var config = new AmazonDynamoDBConfig
        {
            ServiceURL = serviceUrl,
            AuthenticationRegion = "us-east-1",
            MaxErrorRetry = defaults.MaxErrorRetry,
            Timeout = TimeSpan.FromSeconds(60),
            HttpClientFactory = counter,
        };
        return (new AmazonDynamoDBClient(new BasicAWSCredentials("local", "local"), config), counter);
    }
}
