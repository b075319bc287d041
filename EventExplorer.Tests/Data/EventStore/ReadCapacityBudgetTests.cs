using EventExplorer.Data.DynamoDb;
using EventExplorer.Data.Errors;
using EventExplorer.Data.Model;
using EventExplorer.Testing;
using EventExplorer.Tests.Infrastructure;

namespace EventExplorer.Tests.Data.EventStore;

/// <summary>
/// The instance's read-capacity budget over the real store: reads wait when it is spent (time is the
/// budget's own manual clock, so nothing sleeps), pages go before long reads, throttling slows the
/// instance down for a while, and a wait can be given up.
/// </summary>
public sealed class ReadCapacityBudgetTests(DynaliteFixture dynalite) : IClassFixture<DynaliteFixture>
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    private readonly ManualTimeProvider _clock = new(StoreBed.Epoch);

    [Fact]
    public async Task AReadOverTheBudget_WaitsForCapacity_WithoutSendingARequest_AndGoesWhenTheBucketRefills()
    {
        var budget = new ReadCapacityBudget(0.5, _clock);
        await using var bed = await StoreBed.CreateAsync(dynalite, budget: budget);
        await bed.AddAsync("order-1", """{"type":"placed"}""");
        // The first read spends the half unit the bucket holds (a consistent read costs at least that).
        await bed.Events.ReadTimelineAsync(new TimelineQuery { AggregateId = "order-1" }, None);
        var queriesBefore = bed.Proxy.Count("Query");

        var second = bed.Events.ReadTimelineAsync(new TimelineQuery { AggregateId = "order-1" }, None);

        Assert.True(SpinWait.SpinUntil(() => budget.State.Waiting == 1, Limit), "the second read should wait for capacity");
        Assert.False(second.IsCompleted);
        Assert.Equal(queriesBefore, bed.Proxy.Count("Query"));
        Assert.Equal(0.5, budget.State.PerSecond);

        _clock.Tick(TimeSpan.FromSeconds(10));
        var page = await second.WaitAsync(Limit);

        Assert.Single(page.Items);
        Assert.Equal(queriesBefore + 1, bed.Proxy.Count("Query"));
        Assert.False(budget.State.IsWaiting);
    }

    [Fact]
    public async Task PageReads_GoBeforeLongReads_WhenBothWaitForCapacity()
    {
        var budget = new ReadCapacityBudget(1, _clock);
        var first = await budget.AdmitAsync(ReadPriority.Page, None);
        budget.Settle(first, consumed: 1);

        var longRead = budget.AdmitAsync(ReadPriority.Long, None).AsTask();
        var pageRead = budget.AdmitAsync(ReadPriority.Page, None).AsTask();
        Assert.Equal(2, budget.State.Waiting);

        _clock.Tick(TimeSpan.FromSeconds(1));
        var pageCharge = await pageRead.WaitAsync(Limit);

        Assert.False(longRead.IsCompleted, "the long read waits while a page waits and until a reserve is back");
        budget.Settle(pageCharge, consumed: 1);
        Assert.True(SpinWait.SpinUntil(() => _clock.ActiveTimers == 1, Limit), "the long read should wait again");

        _clock.Tick(TimeSpan.FromSeconds(1));
        await longRead.WaitAsync(Limit);
        Assert.Equal(1, budget.State.Reading);
    }

    [Fact]
    public async Task LongReadsThatStartTogether_GoOneAtATime_EachChargedWhatTheLastOneCost()
    {
        // Ten searches start at once on a full bucket of 100 RCU/s; each response will cost 280 RCU (1 MB).
        var budget = new ReadCapacityBudget(100, _clock);
        var reads = Enumerable.Range(0, 10).Select(_ => budget.AdmitAsync(ReadPriority.Long, None).AsTask()).ToList();

        // Until a reply says what a long read costs, it is taken to cost a whole second: one goes, nine wait.
        var first = Assert.Single(reads, r => r.IsCompleted);
        Assert.Equal(9, budget.State.Waiting);
        budget.Settle(await first, consumed: 280, ReadPriority.Long);
        reads.Remove(first);

        // 180 RCU of debt: nothing goes in the next second and a half.
        Assert.True(SpinWait.SpinUntil(() => _clock.ActiveTimers == 9, Limit));
        _clock.Tick(TimeSpan.FromSeconds(1.5));
        Assert.True(SpinWait.SpinUntil(() => _clock.ActiveTimers == 9, Limit));
        Assert.DoesNotContain(reads, r => r.IsCompleted);

        // Once the debt is paid back (and a reserve for pages), the next goes, charged the 280 the first one cost.
        _clock.Tick(TimeSpan.FromSeconds(0.6));
        Assert.True(SpinWait.SpinUntil(() => reads.Count(r => r.IsCompleted) == 1, Limit));
        Assert.Equal(280, await reads.Single(r => r.IsCompleted));
        Assert.Equal(8, budget.State.Waiting);
    }

    [Fact]
    public async Task Throttling_HalvesTheRate_WhichRecoversGradually()
    {
        var budget = new ReadCapacityBudget(40, _clock);
        await using var bed = await StoreBed.CreateAsync(dynalite, budget: budget);
        await bed.AddAsync("order-1", """{"type":"placed"}""");
        await bed.Events.ReadTimelineAsync(new TimelineQuery { AggregateId = "order-1" }, None);
        bed.Proxy.Inject(ProxyFault.Throttling.On("Query"));

        await Assert.ThrowsAsync<StoreThrottledException>(() => bed.Events.ReadTimelineAsync(new TimelineQuery { AggregateId = "order-1" }, None));

        Assert.Equal(20, budget.State.CurrentRate);
        Assert.True(budget.State.ThrottledBack);

        bed.Proxy.Heal();
        _clock.Tick(TimeSpan.FromSeconds(5));
        Assert.Equal(30, budget.State.CurrentRate, precision: 6);
        _clock.Tick(TimeSpan.FromSeconds(5));
        Assert.Equal(40, budget.State.CurrentRate, precision: 6);
        Assert.False(budget.State.ThrottledBack);
        var page = await bed.Events.ReadTimelineAsync(new TimelineQuery { AggregateId = "order-1" }, None);
        Assert.Single(page.Items);
    }

    [Fact]
    public async Task AReadWaitingForCapacity_CanBeCancelled_AndSendsNothing()
    {
        var budget = new ReadCapacityBudget(0.5, _clock);
        await using var bed = await StoreBed.CreateAsync(dynalite, budget: budget);
        await bed.AddAsync("order-1", """{"type":"placed"}""");
        await bed.Events.ReadTimelineAsync(new TimelineQuery { AggregateId = "order-1" }, None);
        var queriesBefore = bed.Proxy.Count("Query");
        using var leave = new CancellationTokenSource();

        var waiting = bed.Events.ReadTimelineAsync(new TimelineQuery { AggregateId = "order-1" }, leave.Token);
        Assert.True(SpinWait.SpinUntil(() => budget.State.Waiting == 1, Limit), "the read should wait for capacity");
        await leave.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(Limit));
        Assert.Equal(0, budget.State.Waiting);
        Assert.Equal(0, budget.State.Reading);
        Assert.Equal(queriesBefore, bed.Proxy.Count("Query"));
    }

    [Fact]
    public async Task Watch_IsToldWhenAReadStartsAndStopsWaiting_AndNothingOnceDisposed()
    {
        var budget = new ReadCapacityBudget(1, _clock);
        var told = new List<ReadCapacityState>();
        var watch = budget.Watch(state => { lock (told) told.Add(state); });
        var first = await budget.AdmitAsync(ReadPriority.Page, None);

        var second = budget.AdmitAsync(ReadPriority.Page, None).AsTask();

        lock (told) Assert.Equal((1, 1), (told[^1].Waiting, told[^1].Reading));
        Assert.True(SpinWait.SpinUntil(() => _clock.ActiveTimers == 1, Limit), "the second read should wait on the clock");
        _clock.Tick(TimeSpan.FromSeconds(1));
        var charge = await second.WaitAsync(Limit);
        lock (told) Assert.Equal((0, 2), (told[^1].Waiting, told[^1].Reading));

        watch.Dispose();
        int before;
        lock (told) before = told.Count;
        budget.Settle(first, consumed: 1);
        budget.Settle(charge, consumed: 1);
        budget.Throttled();

        lock (told) Assert.Equal(before, told.Count);
    }

    [Fact]
    public async Task ABudgetOfZero_IsUnlimited_NoReadWaits()
    {
        var budget = new ReadCapacityBudget(0, _clock);
        await using var bed = await StoreBed.CreateAsync(dynalite, budget: budget);
        await bed.AddManyAsync("order-1", 30);

        for (var i = 0; i < 5; i++)
        {
            var page = await bed.Events.ReadTimelineAsync(new TimelineQuery { AggregateId = "order-1", PageSize = 10 }, None);
            Assert.Equal(10, page.Items.Count);
        }

        Assert.True(budget.State.Unlimited);
        Assert.False(budget.State.IsWaiting);
    }
}
