using EventExplorer.Data.DynamoDb;
using EventExplorer.Data.Integrity;
using EventExplorer.Data.Model;
using EventExplorer.Data.Reducers;
using EventExplorer.Testing;
using EventExplorer.Tests.Infrastructure;

namespace EventExplorer.Tests.Data.Integrity;

/// <summary>The integrity check's snapshot verification, the snapshot key as seed 000 names it, and its reads within the instance's read capacity.</summary>
public sealed class IntegrityCheckSnapshotAndBudgetTests(DynaliteFixture dynalite) : IClassFixture<DynaliteFixture>
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(EventStoreLayout.CounterCommitIds)]
    [InlineData(EventStoreLayout.TimestampCommitIds)]
    public async Task WithVerification_ASnapshotThatMatchesNoFoldedState_IsFound(EventStoreLayout layout)
    {
        await using var bed = await StoreBed.CreateAsync(dynalite, layout);
        await bed.AddAsync("order-1", """{"type":"Placed","status":"placed"}""");
        await bed.AddAsync("order-1", """{"type":"Shipped","status":"shipped"}""");
        await bed.AddAsync("order-2", """{"type":"Placed","status":"placed"}""");
        await bed.PutSnapshotAsync("order-1", """{"status":"placed"}""");
        await bed.PutSnapshotAsync("order-2", """{"status":"shipped"}""");
        var reducers = new List<string>();
        Reducer ReducerFor(string id)
        {
            reducers.Add(id);
            return GenericReducer.Instance;
        }

        var unverified = await IntegrityRun.OfAsync(bed.Integrity, new IntegrityRequest());
        var verified = await IntegrityRun.OfAsync(bed.Integrity, new IntegrityRequest { VerifySnapshots = true }, ReducerFor);

        Assert.Empty(unverified.Found);
        var place = Assert.Single(verified.Places);
        Assert.Equal(IntegrityKind.SnapshotMatchesNoState, place.Kind);
        Assert.Equal(IntegrityTable.Snapshots, place.Table);
        Assert.Equal("order-2", place.Id);
        Assert.Contains("generic", place.Detail);
        Assert.Equal(["order-1", "order-2"], reducers.Order());
        // The folds read the aggregates' commits again, and say so in the cost.
        Assert.True(verified.Last.Cost.ItemsRead >= unverified.Last.Cost.ItemsRead + 3);
    }

    [Fact]
    public async Task ASnapshotTableKeyedByAggregateId_IsCheckedTheSame()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite, snapshotKey: "aggregateId");
        await bed.AddAsync("order-1", """{"type":"Placed"}""");
        await bed.PutSnapshotAsync("order-1", """{"status":"placed"}""");
        await bed.PutSnapshotAsync("order-9", """{"status":"placed"}""");
        await bed.PutSnapshotAsync("order-1-early", "{}", StoreBed.Epoch.AddDays(-1));

        var run = await IntegrityRun.OfAsync(bed.Integrity, new IntegrityRequest { Segments = 2 });

        Assert.Equal(3, run.Last.SnapshotsChecked);
        Assert.Equal(2, run.Last.Counts[IntegrityKind.SnapshotWithoutCommits]);
        Assert.Equal(["order-1-early", "order-9"], run.Of(IntegrityKind.SnapshotWithoutCommits).Select(p => p.Id).Order());
        Assert.Equal(0, run.Last.Counts[IntegrityKind.UndefinedAttribute]);
    }

    [Fact]
    public async Task TheChecksReads_WaitForTheInstancesReadCapacity_AsLongReads()
    {
        var clock = new ManualTimeProvider(StoreBed.Epoch);
        var budget = new ReadCapacityBudget(0.5, clock);
        await using var bed = await StoreBed.CreateAsync(dynalite, budget: budget);
        await bed.AddManyAsync("order-1", 5);
        await bed.PutSnapshotAsync("order-1", """{"n":0}""");

        var run = Task.Run(() => IntegrityRun.OfAsync(bed.Integrity, new IntegrityRequest { Segments = 1 }));

        Assert.True(SpinWait.SpinUntil(() => budget.State.Waiting == 1, Limit), "a read of the check should wait for capacity");
        Assert.False(run.IsCompleted);
        var requestsWhileWaiting = bed.Requests;
        // A page read that arrives now goes first: the check's reads are long reads.
        var page = bed.Events.ReadTimelineAsync(new TimelineQuery { AggregateId = "order-1" }, CancellationToken.None);
        Assert.True(SpinWait.SpinUntil(() => budget.State.Waiting == 2, Limit));
        Assert.Equal(requestsWhileWaiting, bed.Requests);
        // One refill of the bucket (it holds a second's worth): the page takes it, the check goes on waiting.
        clock.Tick(TimeSpan.FromSeconds(10));
        await page.WaitAsync(Limit);
        Assert.Equal(1, budget.State.Waiting);
        Assert.False(run.IsCompleted, "the check still waits after the page read");
        Assert.True(SpinWait.SpinUntil(() =>
        {
            clock.Tick(TimeSpan.FromSeconds(1));
            return run.IsCompleted;
        }, Limit), "the check should go on as capacity comes back");

        var result = await run;
        Assert.Equal(ReadState.Completed, result.Last.State);
        Assert.Empty(result.Found);
        Assert.Equal(5, result.Last.CommitsChecked);
    }
}
