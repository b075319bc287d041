using System.Globalization;
using Amazon.DynamoDBv2.Model;
using EventExplorer.Data.DynamoDb;
using EventExplorer.Data.Model;
using EventExplorer.Data.Reducers;
using EventExplorer.Data.State;
using EventExplorer.Tests.Data.EventStore;
using EventExplorer.Tests.Infrastructure;
using EventExplorer.Testing;

namespace EventExplorer.Tests.Data.State;

/// <summary>The check of every snapshot in the table, over dynalite.</summary>
public sealed class SnapshotCheckTests(DynaliteFixture dynalite) : IClassFixture<DynaliteFixture>
{
    private static readonly DateTimeOffset Day = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly Reducer Orders =
        JavaScriptReducer.Load("orders", File.ReadAllText(Path.Combine(RepositoryPaths.Root(), "reducers", "orders.js")));

    private sealed record World(EventStoreTestBed Bed, SnapshotCheck Check) : IDisposable
    {
        public void Dispose() => Bed.Dispose();
    }

    /// <summary>
    /// order-1 (placed 09:00, paid 10:00, shipped 11:00) snapshotted at 10:30 as paid: matches.
    /// order-2 (placed 09:00) snapshotted as shipped: matches nothing. order-3: a snapshot, no commits.
    /// order-4: a snapshot whose state is not JSON. other-1: outside the prefix.
    /// </summary>
    private async Task<World> WorldAsync()
    {
        var bed = await EventStoreTestBed.CreateAsync(dynalite, EventStoreLayout.CounterCommitIds);
        await TableProvisioner.CreateSnapshotStoreAsync(bed.Raw, bed.Tables.Snapshots, "snapshotId", CancellationToken.None);
        var commitId = 0;
        async Task Put(string id, int version, int hour, string events) =>
            await bed.PutRawAsync(bed.Item(id, version, (++commitId).ToString(CultureInfo.InvariantCulture), Day.AddHours(hour).ToUnixTimeMilliseconds(), events));
        await Put("order-1", 0, 0, """[{"type":"orderPlaced","customerId":"c-1","lines":[{}],"total":10,"currency":"EUR"}]""");
        await Put("order-2", 0, 0, """[{"type":"orderPlaced","customerId":"c-2","lines":[],"total":1,"currency":"EUR"}]""");
        await Put("order-1", 1, 1, """[{"type":"paymentAuthorized"}]""");
        await Put("order-1", 2, 2, """[{"type":"orderShipped"}]""");

        var snapshots = new DynamoDbSnapshotStore(bed.Raw, new StoreSchemaDetector(bed.Raw, bed.Options, readOnly: false), bed.Options, new FixedTimeProvider(Day.AddHours(1.5)));
        await snapshots.StoreAsync("order-1", """{"customerId":"c-1","lineCount":1,"total":10,"currency":"EUR","status":"paid"}""", CancellationToken.None);
        await snapshots.StoreAsync("order-2", """{"customerId":"c-2","lineCount":0,"total":1,"currency":"EUR","status":"shipped"}""", CancellationToken.None);
        await snapshots.StoreAsync("order-3", """{"status":"placed"}""", CancellationToken.None);
        await snapshots.StoreAsync("other-1", """{}""", CancellationToken.None);
        await bed.Raw.PutItemAsync(bed.Tables.Snapshots, new Dictionary<string, AttributeValue>
        {
            ["snapshotId"] = new() { S = "order-4" },
            ["state"] = new() { S = """{"status":""" },
            ["createdAt"] = new() { N = Day.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) },
        });
        return new World(bed, new SnapshotCheck(snapshots, new SnapshotVerifier(new StateFolder(bed.Store))));
    }

    [Fact]
    public async Task EverySnapshotUnderThePrefix_GetsAVerdict()
    {
        using var world = await WorldAsync();

        var rows = new List<SnapshotCheckRow>();
        SnapshotCheckProgress? last = null;
        await foreach (var progress in world.Check.RunAsync(new SnapshotCheckRequest { Prefix = "order-" }, (_, _) => Task.FromResult(Orders), CancellationToken.None))
        {
            rows.AddRange(progress.Rows);
            last = progress;
        }

        Assert.Equal(ReadState.Completed, last!.State);
        Assert.Equal(4, last.Checked);
        Assert.Equal(
            ["order-1 Matches", "order-2 MatchesNone", "order-3 NoCommits", "order-4 Malformed"],
            rows.Select(r => $"{r.SnapshotId} {r.Verdict}").Order(StringComparer.Ordinal));
        Assert.Equal(1, rows.Single(r => r.SnapshotId == "order-1").MatchingVersion);
    }

    [Fact]
    public async Task ARunThatRunsOutOfBudget_ContinuesWhereItStopped_CheckingEachSnapshotOnce()
    {
        using var world = await WorldAsync();
        var request = new SnapshotCheckRequest { Prefix = "order-", Budget = new ReadBudget { MaxItems = 1_000, MaxRequests = 2 } };

        var rows = new List<SnapshotCheckRow>();
        var runs = 0;
        string? next = null;
        do
        {
            runs++;
            SnapshotCheckProgress? last = null;
            await foreach (var progress in world.Check.RunAsync(request with { Continue = next }, (_, _) => Task.FromResult(Orders), CancellationToken.None))
            {
                rows.AddRange(progress.Rows);
                last = progress;
            }
            next = last!.State == ReadState.BudgetExhausted ? last.Next : null;
            Assert.True(runs < 10, "the check does not get anywhere");
        }
        while (next is not null);

        Assert.True(runs > 1);
        Assert.Equal(["order-1", "order-2", "order-3", "order-4"], rows.Select(r => r.SnapshotId).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ADamagedContinueLink_IsRefusedInWords()
    {
        using var world = await WorldAsync();

        var error = await Assert.ThrowsAsync<EventExplorer.Data.Errors.InvalidCursorException>(async () =>
        {
            await foreach (var _ in world.Check.RunAsync(new SnapshotCheckRequest { Continue = "x:abc" }, (_, _) => Task.FromResult(Orders), CancellationToken.None)) { }
        });

        Assert.Contains("damaged", error.Message, StringComparison.Ordinal);
    }
}
