using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using EventExplorer.Data.Configuration;
using EventExplorer.Data.Diagnostics;
using EventExplorer.Data.DynamoDb;
using EventExplorer.Data.Errors;
using EventExplorer.Data.Model;
using EventExplorer.Tests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace EventExplorer.Tests.Data.Diagnostics;

/// <summary>
/// Every DynamoDB call of the data service is traced and measured (with the capacity DynamoDB says it
/// consumed), every store error and every write is logged; read here with in-process listeners, as
/// OpenTelemetry or dotnet-counters would read them.
/// </summary>
public sealed class StoreTelemetryTests : IClassFixture<DynaliteFixture>, IDisposable
{
    private readonly DynaliteFixture dynalite;
    private readonly ConcurrentQueue<Activity> _activities = new();
    private readonly ConcurrentQueue<(string Instrument, double Value, Dictionary<string, object?> Tags)> _measurements = new();
    private readonly ActivityListener _activityListener;
    private readonly MeterListener _meterListener = new();
    private readonly CapturingLogger _log = new();

    public StoreTelemetryTests(DynaliteFixture dynalite)
    {
        this.dynalite = dynalite;
        _activityListener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == StoreTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _activities.Enqueue,
        };
        ActivitySource.AddActivityListener(_activityListener);
        _meterListener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == StoreTelemetry.Name) listener.EnableMeasurementEvents(instrument);
        };
        _meterListener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _meterListener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _meterListener.Start();
    }

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, object?>();
        foreach (var tag in tags) copy[tag.Key] = tag.Value;
        _measurements.Enqueue((instrument.Name, value, copy));
    }

    /// <summary>A store on fresh tables whose log this test reads (other tests' calls run in parallel: filter by table).</summary>
    private async Task<(DynamoDbEventStore Store, TableNames Tables)> StoreAsync()
    {
        var stem = DynaliteFixture.UniqueName("telemetry");
        var options = new EventExplorerOptions
        {
            ServiceUrl = dynalite.ServiceUrl,
            Tables = new TableNames { Commits = $"{stem}-commits", Counters = $"{stem}-counters", Snapshots = $"{stem}-snapshots" },
        };
        var client = DynamoClientFactory.Create(options);
        await TableProvisioner.CreateEventStoreAsync(client, EventStoreLayout.CounterCommitIds, options.Tables, CancellationToken.None);
        var schema = new StoreSchemaDetector(client, options, readOnly: false, _log);
        return (new DynamoDbEventStore(client, schema, options), options.Tables);
    }

    private List<Activity> ActivitiesOn(string table) =>
        _activities.Where(a => a.GetTagItem("aws.dynamodb.table_names") is string[] names && names.Contains(table)).ToList();

    private List<(string Instrument, double Value, Dictionary<string, object?> Tags)> MeasurementsOn(string table, string instrument) =>
        _measurements.Where(m => m.Instrument == instrument && Equals(m.Tags.GetValueOrDefault("aws.dynamodb.table_name"), table)).ToList();

    [Fact]
    public async Task AnAppendAndARead_AreTracedTimedAndCountTheCapacityTheyConsumed()
    {
        var (store, tables) = await StoreAsync();

        await store.AppendAsync(new AppendRequest { AggregateId = "order-1", Version = 0, EventsJson = """[{"type":"placed"}]""" }, CancellationToken.None);
        await store.ReadTimelineAsync(new TimelineQuery { AggregateId = "order-1" }, CancellationToken.None);

        var operations = ActivitiesOn(tables.Commits).Select(a => a.DisplayName).ToList();
        Assert.Contains("DynamoDB PutItem", operations);
        Assert.Contains("DynamoDB Query", operations);
        var put = ActivitiesOn(tables.Commits).First(a => a.DisplayName == "DynamoDB PutItem");
        Assert.Equal(ActivityKind.Client, put.Kind);
        Assert.Equal("aws.dynamodb", put.GetTagItem("db.system.name"));
        Assert.Equal(dynalite.ServiceUrl, put.GetTagItem("server.address"));
        Assert.True(put.GetTagItem("aws.dynamodb.consumed_capacity.units") is double units && units > 0, "The put reported no consumed capacity.");

        var durations = MeasurementsOn(tables.Commits, "eventexplorer.dynamodb.call.duration");
        Assert.Contains(durations, d => Equals(d.Tags["db.operation.name"], "Query") && Equals(d.Tags["outcome"], "ok") && d.Value > 0);
        var capacity = MeasurementsOn(tables.Commits, "eventexplorer.dynamodb.consumed_capacity");
        Assert.Contains(capacity, c => Equals(c.Tags["db.operation.name"], "PutItem") && c.Value >= 1);
        Assert.Contains(capacity, c => Equals(c.Tags["db.operation.name"], "Query") && c.Value > 0);
        Assert.Contains(MeasurementsOn(tables.Counters, "eventexplorer.dynamodb.consumed_capacity"), c => Equals(c.Tags["db.operation.name"], "UpdateItem"));
    }

    [Fact]
    public async Task EveryWrite_IsLoggedAndCountedByOutcome()
    {
        var (store, tables) = await StoreAsync();
        var before = _measurements.Count(m => m.Instrument == "eventexplorer.writes" && Equals(m.Tags["outcome"], "conflict"));

        await store.AppendAsync(new AppendRequest { AggregateId = "order-2", Version = 0, EventsJson = """[{"type":"placed"}]""" }, CancellationToken.None);
        await Assert.ThrowsAsync<VersionConflictException>(() =>
            store.AppendAsync(new AppendRequest { AggregateId = "order-2", Version = 0, EventsJson = """[{"type":"again"}]""" }, CancellationToken.None));

        var written = Assert.Single(_log.Entries, e => e.Level == LogLevel.Information && e.Message.StartsWith("Appended version 0 of order-2", StringComparison.Ordinal));
        Assert.Contains(tables.Commits, written.Message);
        Assert.Equal("order-2", written.State["AggregateId"]);
        Assert.Contains(_log.Entries, e => e.Message.Contains("met another writer's commit", StringComparison.Ordinal) && Equals(e.State["AggregateId"], "order-2"));
        Assert.True(_measurements.Count(m => m.Instrument == "eventexplorer.writes" && Equals(m.Tags["outcome"], "conflict")) > before);
        Assert.Contains(_measurements, m => m.Instrument == "eventexplorer.writes" && Equals(m.Tags["outcome"], "written") && Equals(m.Tags["eventexplorer.write.kind"], "commit"));
    }

    [Fact]
    public async Task AStoreError_IsLoggedAsAWarningMarkedOnItsTraceAndCounted()
    {
        var (store, _) = await StoreAsync();
        var options = new EventExplorerOptions { ServiceUrl = dynalite.ServiceUrl, Tables = new TableNames { Commits = "no-such-table-" + Guid.NewGuid().ToString("N") } };
        using var client = DynamoClientFactory.Create(options);
        var missing = new DynamoDbEventStore(client, new StoreSchemaDetector(client, options, readOnly: true, _log), options);

        await Assert.ThrowsAsync<TableMissingException>(() => missing.GetCommitTableStatsAsync(CancellationToken.None));

        var failed = Assert.Single(ActivitiesOn(options.Tables.Commits));
        Assert.Equal(ActivityStatusCode.Error, failed.Status);
        Assert.Equal(nameof(TableMissingException), failed.GetTagItem("error.type"));
        Assert.Contains(MeasurementsOn(options.Tables.Commits, "eventexplorer.dynamodb.errors"), e => Equals(e.Tags["outcome"], nameof(TableMissingException)));
        var warning = Assert.Single(_log.Entries, e => e.Level == LogLevel.Warning && Equals(e.State.GetValueOrDefault("Table"), options.Tables.Commits));
        Assert.Equal("DescribeTable", warning.State["Operation"]);
        Assert.Equal(nameof(TableMissingException), warning.State["ErrorKind"]);
        GC.KeepAlive(store);
    }

    public void Dispose()
    {
        _activityListener.Dispose();
        _meterListener.Dispose();
    }

    /// <summary>Log entries with their structured values (what a log store would index).</summary>
    private sealed class CapturingLogger : ILogger
    {
        public ConcurrentQueue<(LogLevel Level, string Message, Dictionary<string, object?> State)> Entries { get; } = new();

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = new Dictionary<string, object?>();
            if (state is IEnumerable<KeyValuePair<string, object?>> pairs)
            {
                foreach (var (key, value) in pairs) values[key] = value;
            }
            Entries.Enqueue((logLevel, formatter(state, exception), values));
        }
    }
}
