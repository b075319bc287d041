using Amazon.DynamoDBv2;
using EventExplorer.Benchmarks.Infrastructure;
using EventExplorer.Benchmarks.Reporting;
using EventExplorer.Data.Configuration;
using EventExplorer.Data.DynamoDb;

namespace EventExplorer.Benchmarks;

/// <summary>What every measurement shares: the seeded dynalite, one counted SDK client, the data service over it.</summary>
public sealed class BenchContext
{
    public required BenchSettings Settings { get; init; }
    public required Dataset Data { get; init; }
    public required string ServiceUrl { get; init; }

    /// <summary>dynalite's process, for the CPU time it spends while the web app is measured.</summary>
    public required int DatabaseProcessId { get; init; }

    /// <summary>
    /// One client (one HTTP connection pool) for the data service and the raw baseline alike, so both
    /// pay the same transport; the counter sees every request either makes.
    /// </summary>
    public required IAmazonDynamoDB Client { get; init; }
    public required RequestCounter Counter { get; init; }
    public required EventExplorerOptions Options { get; init; }
    public required DynamoDbEventStore Store { get; init; }
    public required Report Report { get; init; }

    public Sampler Sampler => new(Counter);

    /// <summary>
    /// The web app's settings over the seeded tables, read-only; with <paramref name="environment"/> (Production
    /// for the published app) in place of the app host's Development.
    /// </summary>
    public Dictionary<string, string> AppSettings(string? environment = null)
    {
        var settings = new Dictionary<string, string>
        {
            ["EventExplorer__ServiceUrl"] = ServiceUrl,
            ["EventExplorer__Region"] = "us-east-1",
            ["EventExplorer__ReadOnly"] = "true",
            // The app's own speed is measured here; the read-capacity budget would cap it at 50 RCU/s.
            ["EventExplorer__ReadCapacityPerSecond"] = "0",
            // Every tab the benchmarks open is the same anonymous loopback user; 100 tabs stand for 100 users, each within their own limit.
            ["EventExplorer__Limits__CircuitsPerUser"] = "1000",
            ["EventExplorer__Tables__Commits"] = Options.Tables.Commits,
            ["EventExplorer__Tables__CommitIdIndex"] = Options.Tables.CommitIdIndex,
            ["EventExplorer__Tables__Counters"] = Options.Tables.Counters,
            ["EventExplorer__Tables__Snapshots"] = Options.Tables.Snapshots,
            ["Logging__LogLevel__Default"] = "Warning",
        };
        if (environment is not null) settings["ASPNETCORE_ENVIRONMENT"] = environment;
        return settings;
    }

    /// <summary>The data service as the web app builds it, over <paramref name="client"/> and <paramref name="tables"/>.</summary>
    public static (DynamoDbEventStore Store, EventExplorerOptions Options) CreateStore(IAmazonDynamoDB client, string serviceUrl, TableNames tables)
    {
        var options = new EventExplorerOptions { ServiceUrl = serviceUrl, Region = "us-east-1", Tables = tables, ReadOnly = false };
        var schema = new StoreSchemaDetector(client, options, readOnly: false);
        return (new DynamoDbEventStore(client, schema, options), options);
    }
}
