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
        Task<Reducer> ReducerFor(string id, CancellationToken cancellationToken)
        {
            reducers.Add(id);
            return Task.FromResult<Reducer>(GenericReducer.Instance);
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
    public async Task WithVerification_ASnapshotWhoseReducerFails_IsSaidNotVerifiedWithTheReducersMessage()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await bed.AddAsync("order-1", """{"type":"Placed","status":"placed"}""");
        await bed.AddAsync("order-1", """{"type":"Shipped"}""");
        await bed.PutSnapshotAsync("order-1", """{"status":"shipped"}""");
        var picky = JavaScriptReducer.Load("picky", """options({ aggregates: "order-" }); when({ Shipped: () => { throw new Error("no carrier"); } });""");

        var run = await IntegrityRun.OfAsync(bed.Integrity, new IntegrityRequest { VerifySnapshots = true }, (_, _) => Task.FromResult<Reducer>(picky));

        var place = Assert.Single(run.Places);
        Assert.Equal(IntegrityKind.SnapshotNotVerified, place.Kind);
        Assert.Equal("order-1", place.Id);
        Assert.StartsWith("not verified: Reducer \"picky\" failed at v1, event 0 (Shipped)", place.Detail, StringComparison.Ordinal);
        Assert.Contains("no carrier", place.Detail, StringComparison.Ordinal);
        Assert.Equal(0, run.Last.Counts[IntegrityKind.SnapshotMatchesNoState]);
    }

    [Fact]
    public async Task WithVerification_AFoldReadsNoMoreThanTheRunHasLeft_AndTheSnapshotIsSaidNotVerified()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await bed.AddManyAsync("order-1", 60);
        await bed.PutSnapshotAsync("order-1", """{"status":"placed"}""");
        // The table (60) and the feed (60) fit in the budget; the fold of 60 commits does not.
        var budget = new ReadBudget { MaxItems = 150, MaxRequests = 100 };

        var run = await IntegrityRun.OfAsync(bed.Integrity, new IntegrityRequest { VerifySnapshots = true, Budget = budget },
            (_, _) => Task.FromResult<Reducer>(GenericReducer.Instance));

        var place = Assert.Single(run.Places);
        Assert.Equal(IntegrityKind.SnapshotNotVerified, place.Kind);
        Assert.Contains("read budget ran out", place.Detail, StringComparison.Ordinal);
        Assert.True(run.Last.Cost.ItemsRead <= budget.MaxItems, $"read {run.Last.Cost.ItemsRead} items on a budget of {budget.MaxItems}");
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
