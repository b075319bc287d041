using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using EventExplorer.Data.Demo;
using EventExplorer.Data.Diagnostics;
using EventExplorer.Data.DynamoDb;
using EventExplorer.Data.Integrity;
using EventExplorer.Data.Model;
using EventExplorer.Data.Reducers;
using EventExplorer.Data.State;
using EventExplorer.Data.Writes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EventExplorer.Data.Configuration;

/// <summary>DI registration of the data service.</summary>
public static class ServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="EventExplorerOptions"/> from the "EventExplorer" section once, validated when the app
    /// starts (<see cref="EventExplorerOptionsValidator"/>), and registers the DynamoDB client, layout
    /// detection, the instance's read-capacity budget and the stores as singletons (they hold no per-user
    /// state). Read-only unless configured otherwise or running in Development.
    /// </summary>
    public static IServiceCollection AddEventExplorerData(this IServiceCollection services, IConfiguration configuration, bool isDevelopment)
    {
        services.AddOptions<EventExplorerOptions>()
            .Configure(options => Bind(configuration.GetSection(EventExplorerOptions.SectionName), options))
            .PostConfigure(options => options.ReadOnly ??= !isDevelopment)
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EventExplorerOptions>, EventExplorerOptionsValidator>());
        // The stores and the pages take the settings themselves, as bound and validated.
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<EventExplorerOptions>>().Value);

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<IAmazonDynamoDB>(sp => DynamoClientFactory.Create(sp.GetRequiredService<EventExplorerOptions>()));
        services.AddSingleton(sp =>
        {
            var perSecond = sp.GetRequiredService<EventExplorerOptions>().ReadCapacityPerSecond;
            if (perSecond == 0)
            {
                LoggerFor(sp, StoreTelemetry.Name).LogWarning(
                    "EventExplorer:ReadCapacityPerSecond is 0: this instance's reads are not limited and may take read capacity from the applications that share its tables.");
            }
            return new ReadCapacityBudget(perSecond, sp.GetRequiredService<TimeProvider>());
        });
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<EventExplorerOptions>();
            return new StoreSchemaDetector(sp.GetRequiredService<IAmazonDynamoDB>(), options, options.ReadOnly!.Value, LoggerFor(sp, StoreTelemetry.Name),
                sp.GetRequiredService<ReadCapacityBudget>());
        });
        // Who is writing is the host's to say (the web app: the circuit's signed-in user). Without a
        // host that says it, nobody may write.
        services.TryAddSingleton<IWriterContext>(new UnknownWriterContext());
        services.AddSingleton(sp => new AuditLog(sp.GetRequiredService<EventExplorerOptions>().Audit.Path, LoggerFor(sp, "EventExplorer.Audit")));
        services.AddSingleton(sp => new WriteGuard(sp.GetRequiredService<IWriterContext>(), sp.GetRequiredService<AuditLog>(),
            sp.GetRequiredService<TimeProvider>(), LoggerFor(sp, "EventExplorer.Writes")));
        services.AddSingleton(sp => new DynamoDbEventStore(
            sp.GetRequiredService<IAmazonDynamoDB>(), sp.GetRequiredService<StoreSchemaDetector>(), sp.GetRequiredService<EventExplorerOptions>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<WriteGuard>()));
        services.AddSingleton<IEventStoreReader>(sp => sp.GetRequiredService<DynamoDbEventStore>());
        services.AddSingleton<IEventStoreWriter>(sp => sp.GetRequiredService<DynamoDbEventStore>());
        services.AddSingleton<IAppendVerifier>(sp => sp.GetRequiredService<DynamoDbEventStore>());
        services.AddSingleton<IEventStoreSearch>(sp => sp.GetRequiredService<DynamoDbEventStore>());
        services.AddSingleton<ISnapshotStore>(sp => new DynamoDbSnapshotStore(
            sp.GetRequiredService<IAmazonDynamoDB>(), sp.GetRequiredService<StoreSchemaDetector>(), sp.GetRequiredService<EventExplorerOptions>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<WriteGuard>()));

        // The state at any version: reducers and what is built on folding a history.
        services.AddSingleton(sp => new ReducerCatalog(
            sp.GetRequiredService<EventExplorerOptions>().Projections.Folder, sp.GetRequiredService<ILogger<ReducerCatalog>>()));
        services.AddSingleton<StateFolder>();
        services.AddSingleton<StateFieldHistory>();
        services.AddSingleton<SnapshotVerifier>();
        services.AddSingleton<SnapshotCheck>();
        // The whole-table integrity check (/integrity): every read a long one, within the instance's budget.
        services.AddSingleton(sp => new IntegrityCheck(sp.GetRequiredService<IAmazonDynamoDB>(), sp.GetRequiredService<StoreSchemaDetector>(),
            sp.GetRequiredService<SnapshotVerifier>()));
        // One live tail per app instance, shared by every live feed tab.
        services.AddSingleton(sp => new SharedFeedTail(sp.GetRequiredService<IEventStoreReader>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILogger<SharedFeedTail>>()));
        return services;
    }

    private static void Bind(IConfigurationSection section, EventExplorerOptions options)
    {
        try
        {
            section.Bind(options);
        }
        catch (InvalidOperationException ex)
        {
            // The binder's message names the key and value; the layout names are the usual culprit.
            throw new InvalidOperationException(
                $"The EventExplorer configuration is not valid: {ex.Message} (Layout is CounterCommitIds or TimestampCommitIds.)", ex);
        }
    }

    /// <summary>
    /// Creates missing tables and seeds demo data when configuration asks for it (the local run
    /// command does). Existing tables are never altered, and a store that already has commits is
    /// never seeded. Refuses to touch anything but a loopback endpoint unless
    /// <see cref="EventExplorerOptions.AllowRemoteSetup"/> is set.
    /// </summary>
    public static async Task PrepareLocalStoreAsync(this IServiceProvider services, CancellationToken cancellationToken)
    {
        var options = services.GetRequiredService<EventExplorerOptions>();
        if (!options.CreateTables && !options.SeedDemoData) return;

        var logger = services.GetService<ILoggerFactory>()?.CreateLogger("EventExplorer.LocalStore") ?? NullLogger.Instance;
        if (options.ReadOnly == true)
        {
            // Read-only means read-only from the first request on, startup included.
            logger.LogWarning("EventExplorer:ReadOnly is set, so CreateTables and SeedDemoData are ignored: no table is created and nothing is written.");
            return;
        }
        var endpoint = DynamoClientFactory.DescribeEndpoint(options);
        if (!IsLoopback(options.ServiceUrl) && !options.AllowRemoteSetup)
        {
            throw new InvalidOperationException(
                $"EventExplorer:CreateTables / SeedDemoData are set but the endpoint is {endpoint}, not this machine. " +
                "Refusing to create tables or write demo data there. Set EventExplorer:AllowRemoteSetup=true if that is really intended.");
        }

        var client = services.GetRequiredService<IAmazonDynamoDB>();
        var schema = services.GetRequiredService<StoreSchemaDetector>();
        var calls = schema.Calls;
        // Creating tables waits for them to become ACTIVE, which may take longer than one read.
        var setupCalls = new StoreCallRunner(calls.Endpoint, TimeSpan.FromMinutes(2));

        if (options.CreateTables)
        {
            var layout = options.Layout ?? EventStoreLayout.CounterCommitIds;
            var snapshotKey = options.SnapshotKeyAttribute ?? "snapshotId";
            var before = await calls.RunAsync("(list tables)", ct => ListTablesAsync(client, ct), cancellationToken, "ListTables").ConfigureAwait(false);
            await setupCalls.RunAsync(options.Tables.Commits, async ct =>
            {
                await TableProvisioner.CreateEventStoreAsync(client, layout, options.Tables, ct).ConfigureAwait(false);
                await TableProvisioner.CreateSnapshotStoreAsync(client, options.Tables.Snapshots, snapshotKey, ct).ConfigureAwait(false);
                return true;
            }, cancellationToken, "CreateTable").ConfigureAwait(false);
            var after = await calls.RunAsync("(list tables)", ct => ListTablesAsync(client, ct), cancellationToken, "ListTables").ConfigureAwait(false);
            var created = after.Except(before).ToList();
            schema.Reset();
            if (created.Count > 0)
            {
                logger.LogInformation("Created tables {Tables} at {Endpoint} in layout {Layout} (snapshot key {SnapshotKey}).",
                    string.Join(", ", created), endpoint, layout, snapshotKey);
            }
            else
            {
                logger.LogInformation("Tables already exist at {Endpoint}; left as they are.", endpoint);
            }
        }

        if (options.SeedDemoData)
        {
            var store = await schema.DescribeAsync(cancellationToken).ConfigureAwait(false);
            var any = await calls.RunAsync(store.CommitTable, ct => client.ScanAsync(new ScanRequest
            {
                TableName = store.CommitTable,
                Limit = 1,
                ProjectionExpression = "aggregateId",
            }, ct), cancellationToken).ConfigureAwait(false);
            if (any.Items is { Count: > 0 })
            {
                logger.LogInformation("Commit table {Table} already has commits; demo data not seeded.", store.CommitTable);
                return;
            }

            logger.LogInformation("Seeding demo data into {Table} ({Layout})...", store.CommitTable, store.Layout);
            var result = await new DemoDataSeeder(client, store).SeedAsync(cancellationToken).ConfigureAwait(false);
            logger.LogInformation(
                "Seeded {Aggregates} aggregates, {Commits} commits ({Malformed} malformed on purpose) and {Snapshots} snapshots in {Seconds:F1}s; highest commit id {Highest}.",
                result.Aggregates, result.Commits, result.MalformedCommits, result.Snapshots, result.Elapsed.TotalSeconds, result.HighestCommitId);
        }
    }

    private static ILogger LoggerFor(IServiceProvider services, string category) =>
        services.GetService<ILoggerFactory>()?.CreateLogger(category) ?? NullLogger.Instance;

    /// <summary>The writer context of a host that names no writers: every write is refused.</summary>
    private sealed class UnknownWriterContext : IWriterContext
    {
        public Task<WriterIdentity> GetCurrentWriterAsync(CancellationToken cancellationToken) => Task.FromResult(WriterIdentity.Unknown);
    }

    private static bool IsLoopback(string? serviceUrl) =>
        !string.IsNullOrWhiteSpace(serviceUrl) && Uri.TryCreate(serviceUrl, UriKind.Absolute, out var uri) && uri.IsLoopback;

    private static async Task<HashSet<string>> ListTablesAsync(IAmazonDynamoDB client, CancellationToken cancellationToken)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        string? start = null;
        do
        {
            var page = await client.ListTablesAsync(new ListTablesRequest { ExclusiveStartTableName = start }, cancellationToken).ConfigureAwait(false);
            names.UnionWith(page.TableNames ?? []);
            start = page.LastEvaluatedTableName;
        } while (start is not null);
        return names;
    }
}
