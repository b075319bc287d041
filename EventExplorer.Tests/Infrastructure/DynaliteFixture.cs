using Amazon.DynamoDBv2;
using Amazon.Runtime;
using EventExplorer.Testing;

namespace EventExplorer.Tests.Infrastructure;

/// <summary>
/// One in-memory dynalite per test class (IClassFixture). Tests isolate themselves by using
/// unique table names (<see cref="UniqueName"/>), so they can share the server.
/// </summary>
public sealed class DynaliteFixture : IAsyncLifetime
{
    private DynaliteServer? _server;

    public DynaliteServer Server => _server ?? throw new InvalidOperationException("dynalite not started");

    public string ServiceUrl => Server.ServiceUrl;

    public async Task InitializeAsync() => _server = await DynaliteServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
    }

    /// <summary>A raw SDK client on the fixture's server, for arranging items in exact formats.</summary>
    public IAmazonDynamoDB CreateRawClient() => new AmazonDynamoDBClient(
        new BasicAWSCredentials("local", "local"),
        new AmazonDynamoDBConfig { ServiceURL = ServiceUrl, AuthenticationRegion = "us-east-1" });

    private static int _counter;

    /// <summary>A table-name prefix unique in this process.</summary>
    public static string UniqueName(string stem) => $"{stem}{Interlocked.Increment(ref _counter)}";
}
