using System.Diagnostics;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using EventExplorer.Data.Configuration;
using EventExplorer.Data.DynamoDb;
using EventExplorer.Data.Model;
using EventExplorer.Testing;
using EventExplorer.Tests.Infrastructure;

namespace EventExplorer.Tests.Testing;

/// <summary>
/// The fault-injecting proxy the fault journeys rely on: each fault must do to a real SDK client
/// exactly what it claims, and nothing to requests it does not match.
/// </summary>
public sealed class DynamoDbProxyTests(DynaliteFixture dynalite) : IClassFixture<DynaliteFixture>, IAsyncLifetime
{
    private DynamoDbProxy _proxy = null!;
    private TableNames _tables = null!;

    public async Task InitializeAsync()
    {
        _proxy = await DynamoDbProxy.StartAsync(dynalite.ServiceUrl);
        var stem = DynaliteFixture.UniqueName("proxy");
        _tables = new TableNames { Commits = $"{stem}-commits", Counters = $"{stem}-counters", Snapshots = $"{stem}-snapshots" };
        using var raw = dynalite.CreateRawClient();
        await TableProvisioner.CreateEventStoreAsync(raw, EventStoreLayout.CounterCommitIds, _tables, CancellationToken.None);
    }

    public async Task DisposeAsync() => await _proxy.DisposeAsync();

    /// <summary>An SDK client through the proxy that shows every failure (no retries) within <paramref name="timeout"/>.</summary>
    private AmazonDynamoDBClient Client(TimeSpan? timeout = null, int retries = 0) => new(
        new BasicAWSCredentials("local", "local"),
        new AmazonDynamoDBConfig
        {
            ServiceURL = _proxy.Url,
            AuthenticationRegion = "us-east-1",
            MaxErrorRetry = retries,
            Timeout = timeout ?? TimeSpan.FromSeconds(10),
        });

    private GetItemRequest Get(string id) => new()
    {
        TableName = _tables.Commits,
        Key = new() { ["aggregateId"] = new AttributeValue { S = id }, ["version"] = new AttributeValue { N = "0" } },
        ConsistentRead = true,
    };

    private PutItemRequest Put(string id) => new()
    {
        TableName = _tables.Commits,
        Item = new()
        {
            ["aggregateId"] = new AttributeValue { S = id },
            ["version"] = new AttributeValue { N = "0" },
            ["commitId"] = new AttributeValue { N = "1" },
            ["active"] = new AttributeValue { S = "t" },
        },
    };

    [Fact]
    public async Task Throttling_ForTheNextRequest_FailsItWithDynamoDbsErrorAndPassesTheNext()
    {
        using var client = Client();
        _proxy.Inject(ProxyFault.ProvisionedThroughputExceeded.On("GetItem").Once);

        var error = await Assert.ThrowsAsync<ProvisionedThroughputExceededException>(() => client.GetItemAsync(Get("a")));
        var next = await client.GetItemAsync(Get("a"));

        Assert.Equal(400, (int)error.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.OK, next.HttpStatusCode);
        Assert.Empty(_proxy.ActiveFaults);
        Assert.Equal([FaultAction.Reply], _proxy.Faulted.Select(f => f.Action));
    }

    [Fact]
    public async Task ThrottlingException_IsReportedWithItsErrorCode()
    {
        using var client = Client();
        _proxy.Inject(ProxyFault.Throttling);

        var error = await Assert.ThrowsAnyAsync<AmazonDynamoDBException>(() => client.GetItemAsync(Get("a")));

        Assert.Equal("ThrottlingException", error.ErrorCode);
    }

    [Fact]
    public async Task ServerError_IsA500()
    {
        using var client = Client();
        _proxy.Inject(ProxyFault.InternalServerError.On("GetItem"));

        var error = await Assert.ThrowsAnyAsync<AmazonServiceException>(() => client.GetItemAsync(Get("a")));

        Assert.Equal(500, (int)error.StatusCode);
    }

    [Fact]
    public async Task Stall_NeverAnswersTheOperationItNames_AndOnlyThatOne()
    {
        using var client = Client(TimeSpan.FromSeconds(1));
        _proxy.Inject(ProxyFault.Stall.On("GetItem"));

        var watch = Stopwatch.StartNew();
        var stalled = await Record.ExceptionAsync(() => client.GetItemAsync(Get("a")));
        var elapsed = watch.Elapsed;
        var described = await client.DescribeTableAsync(_tables.Commits);

        // The SDK's own timeout ended the wait, not an answer from the proxy.
        Assert.True(stalled is TimeoutException or OperationCanceledException or AmazonClientException, $"Unexpected: {stalled}");
        Assert.InRange(elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(5));
        Assert.Equal(_tables.Commits, described.Table.TableName);
    }

    [Fact]
    public async Task Delay_AnswersLate_WithTheDatabasesReply()
    {
        using var client = Client();
        _proxy.Inject(ProxyFault.Delay(TimeSpan.FromMilliseconds(700)).On("DescribeTable").Once);

        var watch = Stopwatch.StartNew();
        var described = await client.DescribeTableAsync(_tables.Commits);

        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(650), $"Answered after {watch.ElapsedMilliseconds} ms");
        Assert.Equal(_tables.Commits, described.Table.TableName);
    }

    [Fact]
    public async Task DropReply_CarriesOutTheWrite_ButTheClientSeesTheConnectionGo()
    {
        using var client = Client();
        // Every time: .NET's HTTP handler itself sends a request again once when a pooled connection
        // closes before the reply (it takes that for a server that closed an idle connection).
        _proxy.Inject(ProxyFault.DropReply.On("PutItem"));

        var error = await Record.ExceptionAsync(() => client.PutItemAsync(Put("dropped")));
        using var raw = dynalite.CreateRawClient();
        var stored = await raw.GetItemAsync(Get("dropped"));

        Assert.NotNull(error);
        Assert.IsNotType<AmazonServiceException>(error, exactMatch: false);
        Assert.Equal("dropped", stored.Item["aggregateId"].S);
    }

    [Fact]
    public async Task Heal_RemovesFaultsThatLastUntilHealed()
    {
        using var client = Client();
        _proxy.Inject(ProxyFault.InternalServerError);
        await Assert.ThrowsAnyAsync<AmazonServiceException>(() => client.GetItemAsync(Get("a")));
        await Assert.ThrowsAnyAsync<AmazonServiceException>(() => client.GetItemAsync(Get("a")));

        _proxy.Heal();
        var after = await client.GetItemAsync(Get("a"));

        Assert.Equal(System.Net.HttpStatusCode.OK, after.HttpStatusCode);
        Assert.Equal(2, _proxy.Faulted.Count);
    }

    [Fact]
    public async Task ForNext_AppliesToExactlyThatManyMatchingRequests()
    {
        using var client = Client();
        _proxy.Inject(ProxyFault.InternalServerError.On("GetItem").ForNext(2));

        var results = new List<bool>();
        for (var i = 0; i < 3; i++)
        {
            results.Add(await Record.ExceptionAsync(() => client.GetItemAsync(Get("a"))) is null);
            // Requests the fault does not name pass and do not count.
            await client.DescribeTableAsync(_tables.Commits);
        }

        Assert.Equal([false, false, true], results);
    }
}
