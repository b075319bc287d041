using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using EventExplorer.Data;
using EventExplorer.Data.Configuration;
using EventExplorer.Data.DynamoDb;
using EventExplorer.Data.Demo;
using EventExplorer.Data.Errors;
using EventExplorer.Data.Integrity;
using EventExplorer.Data.Model;
using EventExplorer.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EventExplorer.Tests.Data.Configuration;

public sealed class ServiceCollectionExtensionsTests(DynaliteFixture dynalite) : IClassFixture<DynaliteFixture>
{
    [Fact]
    public void Options_EventExplorerSection_BindsEverySetting()
    {
        var options = OptionsOf(Config(new()
        {
            ["EventExplorer:ServiceUrl"] = "http://127.0.0.1:8000",
            ["EventExplorer:Region"] = "eu-west-1",
            ["EventExplorer:Profile"] = "support",
            ["EventExplorer:Tables:Commits"] = "commitsByAggregateIdAndVersion",
            ["EventExplorer:Tables:CommitIdIndex"] = "commitsByCommitId",
            ["EventExplorer:Tables:Snapshots"] = "snaps",
            ["EventExplorer:Layout"] = "TimestampCommitIds",
            ["EventExplorer:SnapshotKeyAttribute"] = "aggregateId",
            ["EventExplorer:RequestTimeout"] = "00:00:03",
        }), isDevelopment: false);

        Assert.Equal("http://127.0.0.1:8000", options.ServiceUrl);
        Assert.Equal("eu-west-1", options.Region);
        Assert.Equal("support", options.Profile);
        Assert.Equal("commitsByAggregateIdAndVersion", options.Tables.Commits);
        Assert.Equal("commitsByCommitId", options.Tables.CommitIdIndex);
        Assert.Equal("counters", options.Tables.Counters);
        Assert.Equal("snaps", options.Tables.Snapshots);
        Assert.Equal(EventStoreLayout.TimestampCommitIds, options.Layout);
        Assert.Equal("aggregateId", options.SnapshotKeyAttribute);
        Assert.Equal(TimeSpan.FromSeconds(3), options.RequestTimeout);
    }

    [Theory]
    [InlineData(true, null, false)]
    [InlineData(false, null, true)]
    [InlineData(false, "false", false)]
    [InlineData(true, "true", true)]
    public void ReadOnly_DefaultsToReadOnlyOutsideDevelopment(bool isDevelopment, string? configured, bool expectedReadOnly)
    {
        var values = new Dictionary<string, string?> { ["EventExplorer:ServiceUrl"] = "http://127.0.0.1:1" };
        if (configured is not null) values["EventExplorer:ReadOnly"] = configured;
        using var provider = new ServiceCollection().AddEventExplorerData(Config(values), isDevelopment).BuildServiceProvider();

        Assert.Equal(expectedReadOnly, provider.GetRequiredService<EventExplorerOptions>().ReadOnly);
        Assert.Equal(!expectedReadOnly, provider.GetRequiredService<IEventStoreWriter>().CanWrite);
    }

    [Fact]
    public void AddEventExplorerData_ReaderAndWriterAreOneStore_AndEveryStoreResolves()
    {
        using var provider = new ServiceCollection()
            .AddEventExplorerData(Config(new() { ["EventExplorer:ServiceUrl"] = "http://127.0.0.1:1" }), isDevelopment: true)
            .BuildServiceProvider();

        Assert.Same(provider.GetRequiredService<IEventStoreReader>(), provider.GetRequiredService<IEventStoreWriter>());
        Assert.NotNull(provider.GetRequiredService<ISnapshotStore>());
        Assert.Same(TimeProvider.System, provider.GetRequiredService<TimeProvider>());
        Assert.Same(provider.GetRequiredService<IntegrityCheck>(), provider.GetRequiredService<IntegrityCheck>());
    }

    [Fact]
    public void AddEventExplorerData_OneReadCapacityBudget_IsSharedByEveryRead()
    {
        using var provider = new ServiceCollection()
            .AddEventExplorerData(Config(new() { ["EventExplorer:ServiceUrl"] = "http://127.0.0.1:1", ["EventExplorer:ReadCapacityPerSecond"] = "25" }), isDevelopment: true)
            .BuildServiceProvider();

        var budget = provider.GetRequiredService<ReadCapacityBudget>();

        Assert.Equal(25, budget.PerSecond);
        Assert.Same(budget, provider.GetRequiredService<StoreSchemaDetector>().Calls.Budget);
    }

    [Fact]
    public void AReadCapacityOfZero_IsUnlimited_AndSaysSoAsAWarning()
    {
        var warnings = new WarningCollector();
        using var provider = new ServiceCollection()
            .AddLogging(logging => logging.AddProvider(warnings))
            .AddEventExplorerData(Config(new() { ["EventExplorer:ServiceUrl"] = "http://127.0.0.1:1", ["EventExplorer:ReadCapacityPerSecond"] = "0" }), isDevelopment: true)
            .BuildServiceProvider();

        Assert.True(provider.GetRequiredService<ReadCapacityBudget>().IsUnlimited);
        var warning = Assert.Single(warnings.Messages);
        Assert.Contains("EventExplorer:ReadCapacityPerSecond is 0", warning);
    }

    private sealed class WarningCollector : ILoggerProvider, ILogger
    {
        public System.Collections.Concurrent.ConcurrentQueue<string> Messages { get; } = new();

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel)) Messages.Enqueue(formatter(state, exception));
        }

        public void Dispose() { }
    }

    [Fact]
    public async Task AwsWithoutUsableCredentials_StoresStillResolve_AndTheFirstCallSaysAccessDenied()
    {
        using var provider = new ServiceCollection()
            .AddEventExplorerData(Config(new()
            {
                ["EventExplorer:Region"] = "eu-west-1",
                ["EventExplorer:Profile"] = "no-such-profile-for-eventexplorer-tests",
            }), isDevelopment: false)
            .BuildServiceProvider();

        var reader = provider.GetRequiredService<IEventStoreReader>();
        var denied = await Assert.ThrowsAsync<StoreAccessDeniedException>(() => reader.DescribeAsync(CancellationToken.None));

        Assert.Contains("eu-west-1", denied.Message);
        Assert.Contains("credentials", denied.Message);
    }

    [Fact]
    public void Options_UnknownLayout_SaysWhichValuesAreAllowed()
    {
        var error = Assert.Throws<InvalidOperationException>(() => OptionsOf(Config(new() { ["EventExplorer:Layout"] = "C" }), isDevelopment: true));

        Assert.Contains("CounterCommitIds or TimestampCommitIds", error.Message);
    }

    [Theory]
    [InlineData("EventExplorer:MaxErrorRetry", "-1", "EventExplorer:MaxErrorRetry must be between 0 and 10 (it is -1).")]
    [InlineData("EventExplorer:RequestTimeout", "00:00:00", "EventExplorer:RequestTimeout must be more than 0 and at most 00:05:00 (it is 00:00:00).")]
    [InlineData("EventExplorer:OperationTimeout", "-00:00:01", "EventExplorer:OperationTimeout must be more than 0 and at most 00:10:00 (it is -00:00:01).")]
    [InlineData("EventExplorer:Tables:CommitIdIndex", "by id", "EventExplorer:Tables:CommitIdIndex 'by id' is not a DynamoDB table or index name")]
    [InlineData("EventExplorer:SnapshotKeyAttribute", "snapshotKey", "EventExplorer:SnapshotKeyAttribute must be snapshotId or aggregateId (it is 'snapshotKey').")]
    [InlineData("EventExplorer:ReadCapacityPerSecond", "-5", "EventExplorer:ReadCapacityPerSecond must be between 0 (unlimited) and 1000000 read capacity units per second (it is -5).")]
    [InlineData("EventExplorer:ServiceUrl", "127.0.0.1:8000", "EventExplorer:ServiceUrl '127.0.0.1:8000' is not an absolute http(s) URL")]
    public void Options_ABadValue_IsRefusedNamingTheSetting(string key, string value, string expected)
    {
        var configuration = Config(new() { ["EventExplorer:ServiceUrl"] = "http://127.0.0.1:1", [key] = value });

        var refused = Assert.Throws<OptionsValidationException>(() => OptionsOf(configuration, isDevelopment: true));

        Assert.Contains(expected, refused.Message);
    }

    [Fact]
    public void Options_TheDefaults_AreValid()
    {
        var options = OptionsOf(Config(new()), isDevelopment: false);

        Assert.Equal(3, options.MaxErrorRetry);
        Assert.Equal(TimeSpan.FromSeconds(10), options.OperationTimeout);
        Assert.Equal(50, options.ReadCapacityPerSecond);
        Assert.True(options.ReadOnly);
    }

    [Theory]
    [InlineData("https://dynamodb.eu-west-1.amazonaws.com")]
    [InlineData(null)]
    public async Task PrepareLocalStore_CreateTablesAgainstARemoteEndpoint_IsRefused(string? serviceUrl)
    {
        using var provider = new ServiceCollection()
            .AddEventExplorerData(Config(new()
            {
                ["EventExplorer:ServiceUrl"] = serviceUrl,
                ["EventExplorer:Region"] = "eu-west-1",
                ["EventExplorer:CreateTables"] = "true",
            }), isDevelopment: true)
            .BuildServiceProvider();

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => provider.PrepareLocalStoreAsync(CancellationToken.None));

        Assert.Contains("Refusing to create tables", refused.Message);
        Assert.Contains("AllowRemoteSetup", refused.Message);
    }

    [Fact]
    public async Task PrepareLocalStore_NothingAsked_DoesNothing()
    {
        var stem = DynaliteFixture.UniqueName("noop");
        using var provider = ProviderFor(stem, createTables: false, seed: false);

        await provider.PrepareLocalStoreAsync(CancellationToken.None);

        await Assert.ThrowsAsync<TableMissingException>(() => provider.GetRequiredService<IEventStoreReader>().DescribeAsync(CancellationToken.None));
    }

    [Fact]
    public async Task PrepareLocalStore_CreateTables_LayoutADefault_ThenIdempotent()
    {
        var stem = DynaliteFixture.UniqueName("create");
        using var provider = ProviderFor(stem, createTables: true, seed: false);

        await provider.PrepareLocalStoreAsync(CancellationToken.None);
        await provider.PrepareLocalStoreAsync(CancellationToken.None);

        var description = await provider.GetRequiredService<IEventStoreReader>().DescribeAsync(CancellationToken.None);
        Assert.Equal(EventStoreLayout.CounterCommitIds, description.Layout);
        Assert.Equal($"{stem}-counters", description.CounterTable);
        Assert.Equal("snapshotId", description.SnapshotKeyAttribute);
        Assert.False(description.SnapshotTableMissing);
        Assert.Null(await provider.GetRequiredService<IEventStoreReader>().ReadLatestCommitAsync(CancellationToken.None));
    }

    [Fact]
    public async Task PrepareLocalStore_Seed_OnlyWhenTheCommitTableIsEmpty()
    {
        var stem = DynaliteFixture.UniqueName("seed");
        using var provider = ProviderFor(stem, createTables: true, seed: true, layout: "TimestampCommitIds", snapshotKey: "aggregateId");
        var reader = provider.GetRequiredService<IEventStoreReader>();

        await provider.PrepareLocalStoreAsync(CancellationToken.None);
        var seeded = await reader.ReadLatestCommitAsync(CancellationToken.None);
        using var raw = dynalite.CreateRawClient();
        // A user removes a seeded commit; a re-seed would bring it back.
        await raw.DeleteItemAsync($"{stem}-commits", new Dictionary<string, AttributeValue>
        {
            ["aggregateId"] = new() { S = DemoAggregates.Markup },
            ["version"] = new() { N = "2" },
        });
        await provider.PrepareLocalStoreAsync(CancellationToken.None);

        Assert.NotNull(seeded);
        Assert.Equal(EventStoreLayout.TimestampCommitIds, (await reader.DescribeAsync(CancellationToken.None)).Layout);
        Assert.Equal("aggregateId", (await reader.DescribeAsync(CancellationToken.None)).SnapshotKeyAttribute);
        Assert.Equal(9_999, (await reader.FindAggregateAsync(DemoAggregates.LongLedger, CancellationToken.None))!.HeadVersion);
        // A second start does not seed again over what is there.
        Assert.Equal(1, (await reader.FindAggregateAsync(DemoAggregates.Markup, CancellationToken.None))!.HeadVersion);
        Assert.NotNull(await provider.GetRequiredService<ISnapshotStore>().GetAsync(DemoAggregates.LongLedger, CancellationToken.None));
        long count = 0;
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var page = await raw.ScanAsync(new ScanRequest { TableName = $"{stem}-commits", Select = Select.COUNT, ExclusiveStartKey = start });
            count += page.Count ?? 0;
            start = page.LastEvaluatedKey is { Count: > 0 } last ? last : null;
        }
        while (start is not null);
        Assert.True(count > 10_000, $"{count} commits");
    }

    [Fact]
    public async Task PrepareLocalStore_ReadOnly_CreatesNoTableAndWritesNothing()
    {
        var stem = DynaliteFixture.UniqueName("readonly");
        using var provider = ProviderFor(stem, createTables: true, seed: true, readOnly: true);

        await provider.PrepareLocalStoreAsync(CancellationToken.None);

        using var raw = dynalite.CreateRawClient();
        var tables = await raw.ListTablesAsync(new ListTablesRequest());
        Assert.DoesNotContain(tables.TableNames ?? [], name => name.StartsWith(stem, StringComparison.Ordinal));
    }

    private ServiceProvider ProviderFor(string stem, bool createTables, bool seed, string? layout = null, string? snapshotKey = null, bool readOnly = false) =>
        new ServiceCollection()
            .AddEventExplorerData(Config(new()
            {
                ["EventExplorer:ReadOnly"] = readOnly ? "true" : "false",
                ["EventExplorer:ServiceUrl"] = dynalite.ServiceUrl,
                ["EventExplorer:Tables:Commits"] = $"{stem}-commits",
                ["EventExplorer:Tables:Counters"] = $"{stem}-counters",
                ["EventExplorer:Tables:Snapshots"] = $"{stem}-snapshots",
                ["EventExplorer:CreateTables"] = createTables ? "true" : "false",
                ["EventExplorer:SeedDemoData"] = seed ? "true" : "false",
                ["EventExplorer:Layout"] = layout,
                ["EventExplorer:SnapshotKeyAttribute"] = snapshotKey,
            }), isDevelopment: true)
            .BuildServiceProvider();

    private static EventExplorerOptions OptionsOf(IConfiguration configuration, bool isDevelopment)
    {
        using var provider = new ServiceCollection().AddEventExplorerData(configuration, isDevelopment).BuildServiceProvider();
        return provider.GetRequiredService<IOptions<EventExplorerOptions>>().Value;
    }

    private static IConfiguration Config(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();
}
