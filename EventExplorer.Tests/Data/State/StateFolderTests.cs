using EventExplorer.Data;
using EventExplorer.Data.Errors;
using EventExplorer.Data.Model;
using EventExplorer.Data.Reducers;
using EventExplorer.Data.State;
using EventExplorer.Tests.Data.EventStore;
using EventExplorer.Tests.Infrastructure;

namespace EventExplorer.Tests.Data.State;

/// <summary>Folding a history read from the real store (dynalite), in both layouts.</summary>
public sealed class StateFolderTests(DynaliteFixture dynalite) : IClassFixture<DynaliteFixture>
{
    private static readonly CancellationToken None = CancellationToken.None;

    private static async Task<EventStoreTestBed> SeededAsync(DynaliteFixture dynalite, EventStoreLayout layout)
    {
        var bed = await EventStoreTestBed.CreateAsync(dynalite, layout);
        await bed.AppendAsync("order-1", 0, """[{"type":"orderPlaced","customerId":"c-1","lines":[{"sku":"A"}],"total":10,"currency":"EUR"}]""");
        await bed.AppendAsync("order-2", 0, """[{"type":"orderPlaced","customerId":"c-2","lines":[],"total":1,"currency":"EUR"}]""");
        await bed.AppendAsync("order-1", 1, """[{"type":"paymentAuthorized","amount":10}]""");
        await bed.AppendAsync("order-1", 2, """[{"type":"orderShipped","carrier":"DHL"}]""");
        return bed;
    }

    [Theory]
    [InlineData(EventStoreLayout.CounterCommitIds)]
    [InlineData(EventStoreLayout.TimestampCommitIds)]
    public async Task FoldToAVersion_ReadsOnlyThatAggregateUpToIt_InVersionOrder(EventStoreLayout layout)
    {
        using var bed = await SeededAsync(dynalite, layout);
        var orders = JavaScriptReducer.Load("orders", File.ReadAllText(Path.Combine(EventExplorer.Testing.RepositoryPaths.Root(), "reducers", "orders.js")));
        IEventStoreSearch search = bed.Store;

        var steps = new List<(long? Version, string State)>();
        using var fold = orders.Begin(ReducerLimits.Default, None);
        await foreach (var step in new StateFolder(search).FoldAsync(new FoldRequest { AggregateId = "order-1", ToVersion = 1 }, fold, null, None))
        {
            steps.Add((step.Commit.Version, step.Fold.State!.ToJsonString()));
        }

        Assert.Equal([0L, 1L], steps.Select(s => s.Version));
        Assert.Equal("""{"customerId":"c-1","lineCount":1,"total":10,"currency":"EUR","status":"placed"}""", steps[0].State);
        Assert.Equal("""{"customerId":"c-1","lineCount":1,"total":10,"currency":"EUR","status":"paid"}""", steps[1].State);
    }

    [Fact]
    public async Task TheWholeHistory_WithTheGenericReducer_AndWhatItCost()
    {
        using var bed = await SeededAsync(dynalite, EventStoreLayout.CounterCommitIds);

        FoldStep? last = null;
        var cost = ReadCost.None;
        var meter = new Progress(c => cost = c);
        using var fold = GenericReducer.Instance.Begin(ReducerLimits.Default, None);
        await foreach (var step in new StateFolder(bed.Store).FoldAsync(new FoldRequest { AggregateId = "order-1" }, fold, meter, None)) last = step;

        Assert.NotNull(last);
        Assert.Equal(2, last.Commit.Version);
        Assert.Equal(3, last.Fold.EventsFolded);
        Assert.Equal("""{"customerId":"c-1","lines":[{"sku":"A"}],"total":10,"currency":"EUR","amount":10,"carrier":"DHL"}""", last.Fold.State!.ToJsonString());
        Assert.True(cost.Requests >= 1);
        Assert.Equal(3, cost.ItemsReturned);
    }

    [Fact]
    public async Task FoldToATime_StopsBeforeTheFirstCommitAfterIt()
    {
        using var bed = await EventStoreTestBed.CreateAsync(dynalite, EventStoreLayout.CounterCommitIds);
        var nine = new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
        for (var v = 0; v < 3; v++)
        {
            await bed.PutRawAsync(bed.Item("order-1", v, (v + 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
                nine.AddHours(v).ToUnixTimeMilliseconds(), $$"""[{"type":"set","hour":{{9 + v}}}]"""));
        }

        var until = new List<long?>();
        await foreach (var step in Fold(bed, new FoldRequest { AggregateId = "order-1", ToTime = nine.AddHours(1.5) })) until.Add(step.Commit.Version);
        var exact = new List<long?>();
        await foreach (var step in Fold(bed, new FoldRequest { AggregateId = "order-1", ToTime = nine.AddHours(1) })) exact.Add(step.Commit.Version);

        Assert.Equal([0L, 1L], until);
        Assert.Equal([0L, 1L], exact);
    }

    private static IAsyncEnumerable<FoldStep> Fold(EventStoreTestBed bed, FoldRequest request) =>
        new StateFolder(bed.Store).FoldAsync(request, GenericReducer.Instance.Begin(ReducerLimits.Default, None), null, None);

    [Fact]
    public async Task AnAggregateWithNoCommits_FoldsNothing()
    {
        using var bed = await SeededAsync(dynalite, EventStoreLayout.CounterCommitIds);

        var steps = 0;
        using var fold = GenericReducer.Instance.Begin(ReducerLimits.Default, None);
        await foreach (var _ in new StateFolder(bed.Store).FoldAsync(new FoldRequest { AggregateId = "order-404" }, fold, null, None)) steps++;

        Assert.Equal(0, steps);
    }

    [Fact]
    public async Task ABudgetTooSmallForTheHistory_StopsWithWhereToContinue()
    {
        using var bed = await SeededAsync(dynalite, EventStoreLayout.CounterCommitIds);
        var request = new FoldRequest { AggregateId = "order-1", Budget = new ReadBudget { MaxItems = 1, MaxRequests = 1 } };
        using var fold = GenericReducer.Instance.Begin(ReducerLimits.Default, None);

        await Assert.ThrowsAsync<ReadBudgetExhaustedException>(async () =>
        {
            await foreach (var _ in new StateFolder(bed.Store).FoldAsync(request, fold, null, None)) { }
        });
    }

    /// <summary>Reports on the calling thread (System.Progress posts to the thread pool).</summary>
    private sealed class Progress(Action<ReadCost> report) : IProgress<ReadCost>
    {
        public void Report(ReadCost value) => report(value);
    }
}
