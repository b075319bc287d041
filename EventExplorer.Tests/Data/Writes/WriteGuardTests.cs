using Amazon.DynamoDBv2;
using Amazon.Runtime;
using EventExplorer.Data;
using EventExplorer.Data.Configuration;
using EventExplorer.Data.DynamoDb;
using EventExplorer.Data.Errors;
using EventExplorer.Data.Model;
using EventExplorer.Data.Writes;
using EventExplorer.Testing;
using EventExplorer.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace EventExplorer.Tests.Data.Writes;

/// <summary>
/// The data service's writes check the writer's role and audit every attempt themselves: a write
/// forced past the UI is refused all the same, and nothing is sent before its record is on disk.
/// Against dynalite, through a proxy that sees every request the store sends.
/// </summary>
public sealed class WriteGuardTests(DynaliteFixture dynalite) : IClassFixture<DynaliteFixture>, IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly WriterIdentity Alice = new() { Subject = "sub-alice", Name = "Alice Author", Role = WriterRole.Author };
    private static readonly WriterIdentity Victor = new() { Subject = "sub-victor", Name = "Victor Viewer", Role = WriterRole.Viewer };

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "ee-guard-" + Guid.NewGuid().ToString("N"));
    private DynamoDbProxy _proxy = null!;

    public async Task InitializeAsync() => _proxy = await DynamoDbProxy.StartAsync(dynalite.ServiceUrl);

    public async Task DisposeAsync()
    {
        await _proxy.DisposeAsync();
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }

    private sealed class FixedWriter(WriterIdentity writer) : IWriterContext
    {
        public WriterIdentity Writer { get; set; } = writer;

        public Task<WriterIdentity> GetCurrentWriterAsync(CancellationToken cancellationToken) => Task.FromResult(Writer);
    }

    private sealed record Bed(DynamoDbEventStore Events, DynamoDbSnapshotStore Snapshots, AuditLog Audit, FixedWriter Writer, EventExplorerOptions Options, IAmazonDynamoDB Client) : IDisposable
    {
        public void Dispose() => Client.Dispose();
    }

    private async Task<Bed> CreateAsync(WriterIdentity writer, string? auditPath = null, bool readOnly = false, EventStoreLayout layout = EventStoreLayout.CounterCommitIds)
    {
        var stem = DynaliteFixture.UniqueName("guard");
        var options = new EventExplorerOptions
        {
            ServiceUrl = _proxy.Url,
            Tables = new TableNames { Commits = $"{stem}-commits", Counters = $"{stem}-counters", Snapshots = $"{stem}-snapshots" },
        };
        var client = new AmazonDynamoDBClient(new BasicAWSCredentials("local", "local"),
            new AmazonDynamoDBConfig { ServiceURL = _proxy.Url, AuthenticationRegion = "us-east-1" });
        await TableProvisioner.CreateEventStoreAsync(client, layout, options.Tables, None);
        await TableProvisioner.CreateSnapshotStoreAsync(client, options.Tables.Snapshots, "snapshotId", None);
        var schema = new StoreSchemaDetector(client, options, readOnly);
        await schema.DescribeAsync(None);
        var audit = new AuditLog(auditPath ?? Path.Combine(_folder, stem + ".jsonl"), NullLogger.Instance);
        var context = new FixedWriter(writer);
        var guard = new WriteGuard(context, audit);
        _proxy.Reset();
        return new Bed(new DynamoDbEventStore(client, schema, options, writes: guard), new DynamoDbSnapshotStore(client, schema, options, writes: guard), audit, context, options, client);
    }

    private static AppendRequest Commit(string aggregateId, long version) =>
        new() { AggregateId = aggregateId, Version = version, EventsJson = """[{"type":"placed"}]""" };

    private IReadOnlyList<ProxiedRequest> Writes() =>
        _proxy.Requests.Where(r => r.Operation is "PutItem" or "UpdateItem" or "DeleteItem" or "BatchWriteItem").ToList();

    [Fact]
    public async Task AViewersAppendForcedThroughTheDataService_IsRefused_NothingIsSent_AndTheRefusalIsAudited()
    {
        using var bed = await CreateAsync(Victor);

        var refused = await Assert.ThrowsAsync<WriteForbiddenException>(() => bed.Events.AppendAsync(Commit("order-1", 0), None));

        Assert.Contains("needs the Author role", refused.Message);
        Assert.Contains("Victor Viewer (Viewer)", refused.Message);
        Assert.Empty(Writes());
        var record = Assert.Single((await bed.Audit.ReadRecentAsync(10, None)).Records);
        Assert.Equal((AuditOutcome.Refused, AuditOperation.Append), (record.Outcome, record.Operation));
        Assert.Equal(("sub-victor", "Victor Viewer", "Viewer"), (record.Subject, record.Name, record.Role));
        Assert.Equal(("order-1", 0L, bed.Options.Tables.Commits, _proxy.Url), (record.AggregateId, record.Version, record.Table, record.Endpoint));
        Assert.Contains("needs the Author role", record.Detail);
    }

    [Fact]
    public async Task AnUnidentifiedWriter_IsRefused()
    {
        using var bed = await CreateAsync(WriterIdentity.Unknown);

        await Assert.ThrowsAsync<WriteForbiddenException>(() => bed.Events.AppendAsync(Commit("order-1", 0), None));
        await Assert.ThrowsAsync<WriteForbiddenException>(() => bed.Snapshots.StoreAsync("snap-1", "{}", None));

        Assert.Empty(Writes());
    }

    [Fact]
    public async Task AnAuthorsAppend_IsRecordedOnDiskBeforeAnythingIsSent_AndItsOutcomeAfter()
    {
        using var bed = await CreateAsync(Alice);
        var onDiskWhenSent = new List<string>();
        _proxy.Intercept = async (request, ct) =>
        {
            if (request.Operation is "UpdateItem" or "PutItem")
            {
                var tail = await bed.Audit.ReadRecentAsync(10, ct);
                onDiskWhenSent.Add($"{request.Operation}: {string.Join(",", tail.Records.Select(r => r.Outcome))}");
            }
            return null;
        };

        var commit = await bed.Events.AppendAsync(Commit("order-1", 0), None);

        // The counter (layout A) and the put both found the attempt already on disk.
        Assert.Equal(["UpdateItem: Attempted", "PutItem: Attempted"], onDiskWhenSent);
        var records = (await bed.Audit.ReadRecentAsync(10, None)).Records;
        Assert.Equal([AuditOutcome.Succeeded, AuditOutcome.Attempted], records.Select(r => r.Outcome));
        Assert.Equal(records[0].Attempt, records[1].Attempt);
        Assert.All(records, r => Assert.Equal(("sub-alice", "Alice Author", "order-1", 0L), (r.Subject, r.Name, r.AggregateId, r.Version)));
        Assert.Equal(commit.CommitId!.Value.Text, records[0].CommitId);
    }

    [Fact]
    public async Task WhenTheAuditFileCannotBeWritten_TheWriteIsRefusedAndNotSent()
    {
        Directory.CreateDirectory(_folder);
        var blocker = Path.Combine(_folder, "a-file");
        await File.WriteAllTextAsync(blocker, "in the way");
        using var bed = await CreateAsync(Alice, auditPath: Path.Combine(blocker, "audit.jsonl"));

        var refused = await Assert.ThrowsAsync<AuditUnavailableException>(() => bed.Events.AppendAsync(Commit("order-1", 0), None));
        await Assert.ThrowsAsync<AuditUnavailableException>(() => bed.Snapshots.StoreAsync("snap-1", "{}", None));

        Assert.StartsWith("Refused: appending a commit was not sent, because its audit record could not be written", refused.Message);
        Assert.Empty(Writes());
        Assert.Empty(await bed.Events.ReadTimelineAsync(new TimelineQuery { AggregateId = "order-1" }, None) is var page ? page.Items : []);
    }

    [Fact]
    public async Task AConflict_IsRecordedAsTheOutcome_WithTheCommitIdThatWasAllocated()
    {
        using var bed = await CreateAsync(Alice);
        await bed.Events.AppendAsync(Commit("order-1", 0), None);

        await Assert.ThrowsAsync<VersionConflictException>(() => bed.Events.AppendAsync(Commit("order-1", 0), None));

        var newest = (await bed.Audit.ReadRecentAsync(1, None)).Records.Single();
        Assert.Equal(AuditOutcome.Conflict, newest.Outcome);
        Assert.Equal("2", newest.CommitId);
        Assert.Contains("Version conflict", newest.Detail);
    }

    [Fact]
    public async Task InvalidInput_IsRecordedAsRefusedAfterItsAttempt()
    {
        using var bed = await CreateAsync(Alice, layout: EventStoreLayout.TimestampCommitIds);

        await Assert.ThrowsAsync<WriteValidationException>(() => bed.Events.AppendAsync(new AppendRequest { AggregateId = "a", Version = 0, EventsJson = "{oops" }, None));

        var records = (await bed.Audit.ReadRecentAsync(10, None)).Records;
        Assert.Equal([AuditOutcome.Refused, AuditOutcome.Attempted], records.Select(r => r.Outcome));
        Assert.Contains("not valid JSON", records[0].Detail);
        Assert.Empty(Writes());
    }

    [Fact]
    public async Task SnapshotsAreCheckedAndAuditedLikeAppends()
    {
        using var bed = await CreateAsync(Victor);
        await Assert.ThrowsAsync<WriteForbiddenException>(() => bed.Snapshots.StoreAsync("snap-1", """{"n":1}""", None));
        Assert.Null(await bed.Snapshots.GetAsync("snap-1", None));

        bed.Writer.Writer = Alice;
        await bed.Snapshots.StoreAsync("snap-1", """{"n":1}""", None);

        var records = (await bed.Audit.ReadRecentAsync(10, None)).Records;
        Assert.Equal([AuditOutcome.Succeeded, AuditOutcome.Attempted, AuditOutcome.Refused], records.Select(r => r.Outcome));
        Assert.All(records, r => Assert.Equal((AuditOperation.StoreSnapshot, "snap-1", bed.Options.Tables.Snapshots), (r.Operation, r.SnapshotId, r.Table)));
        Assert.Equal(["sub-alice", "sub-alice", "sub-victor"], records.Select(r => r.Subject));
    }

    [Fact]
    public async Task InReadOnlyMode_EvenAnAuthorIsRefused_AndTheRefusalIsAudited()
    {
        using var bed = await CreateAsync(Alice, readOnly: true);

        await Assert.ThrowsAsync<ReadOnlyModeException>(() => bed.Events.AppendAsync(Commit("order-1", 0), None));

        var record = Assert.Single((await bed.Audit.ReadRecentAsync(10, None)).Records);
        Assert.Equal((AuditOutcome.Refused, "sub-alice"), (record.Outcome, record.Subject));
        Assert.Empty(Writes());
    }
}

/// <summary>The data service as its DI builds it, in a host that names no writers.</summary>
public sealed class DataServiceWriterTests(DynaliteFixture dynalite) : IClassFixture<DynaliteFixture>
{
    [Fact]
    public async Task WithoutAHostThatSaysWhoIsWriting_TheDataServiceRefusesEveryWrite()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["EventExplorer:ServiceUrl"] = dynalite.ServiceUrl,
            ["EventExplorer:ReadOnly"] = "false",
            ["EventExplorer:Audit:Path"] = Path.Combine(Path.GetTempPath(), "ee-di-" + Guid.NewGuid().ToString("N"), "audit.jsonl"),
        }).Build();
        await using var provider = new ServiceCollection()
            .AddEventExplorerData(configuration, isDevelopment: true).BuildServiceProvider();
        var writer = provider.GetRequiredService<IEventStoreWriter>();
        var audit = provider.GetRequiredService<AuditLog>();

        Assert.True(writer.CanWrite);
        var refused = await Assert.ThrowsAsync<WriteForbiddenException>(() =>
            writer.AppendAsync(new AppendRequest { AggregateId = "a", Version = 0, EventsJson = "[]" }, CancellationToken.None));
        Assert.Contains("an unidentified user (no role)", refused.Message);
        Assert.Equal(AuditOutcome.Refused, (await audit.ReadRecentAsync(1, CancellationToken.None)).Records.Single().Outcome);
        Directory.Delete(Path.GetDirectoryName(audit.Path)!, recursive: true);
    }
}
