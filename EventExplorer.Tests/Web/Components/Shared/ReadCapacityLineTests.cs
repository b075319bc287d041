using Bunit;
using EventExplorer.Data.DynamoDb;
using EventExplorer.Data.Model;
using EventExplorer.Tests.Infrastructure;
using EventExplorer.Web.Components.Shared;
using Microsoft.Extensions.DependencyInjection;

namespace EventExplorer.Tests.Web.Components.Shared;

/// <summary>
/// The read-capacity line, where pages show loading and long reads show progress, following a real
/// budget on a manual clock: it says a read waits (with the budget and the reads sharing it) until the
/// read is admitted, and that DynamoDB throttled the instance until the rate is back.
/// </summary>
public sealed class ReadCapacityLineTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    private readonly ManualTimeProvider _clock = new(StoreBed.Epoch);

    [Fact]
    public async Task APageLoad_WhileAReadWaitsForCapacity_SaysSoWithTheBudgetAndTheReads_UntilItIsAdmitted()
    {
        var budget = new ReadCapacityBudget(1, _clock);
        await using var ctx = new BunitContext();
        ctx.Services.AddSingleton(budget);
        ctx.AddExplorerWithoutStores();
        // One read is out and has spent the bucket's one unit.
        var first = await budget.AdmitAsync(ReadPriority.Page, None);
        var loading = ctx.Render<LoadingIndicator>(p => p.Add(x => x.Text, "Reading the timeline…"));
        Assert.Empty(loading.FindAll(".capacity-line"));

        var second = budget.AdmitAsync(ReadPriority.Page, None).AsTask();

        loading.WaitForAssertion(() => Assert.Equal("Waiting for read capacity (budget 1 RCU/s, used by 2 reads).",
            loading.Find(".capacity-waiting").TextContent));
        var region = loading.Find(".loading");
        Assert.Equal("status", region.GetAttribute("role"));
        Assert.Equal("polite", region.GetAttribute("aria-live"));
        Assert.Contains("Reading the timeline…", region.TextContent, StringComparison.Ordinal);

        _clock.Tick(TimeSpan.FromSeconds(1));
        var charge = await second.WaitAsync(Limit);

        loading.WaitForAssertion(() => Assert.Empty(loading.FindAll(".capacity-line")));
        budget.Settle(first, consumed: 1);
        budget.Settle(charge, consumed: 1);
    }

    [Fact]
    public async Task ALongRead_WhenDynamoDbThrottles_SaysTheRateItReadsAt_UntilTheRateIsBack()
    {
        var budget = new ReadCapacityBudget(40, _clock);
        await using var ctx = new BunitContext();
        ctx.Services.AddSingleton(budget);
        ctx.AddExplorerWithoutStores();
        var progress = ctx.RenderWithPopovers<ReadProgress>(p => p.Add(x => x.Running, true).Add(x => x.Cost, new ReadCost { ItemsRead = 10 }));
        Assert.Empty(progress.FindAll(".capacity-line"));

        budget.Throttled();

        progress.WaitForAssertion(() => Assert.Equal("DynamoDB is throttling: reading at 20 of 40 RCU/s for now.",
            progress.Find(".capacity-throttled").TextContent));
        Assert.Empty(progress.FindAll(".capacity-waiting"));
        Assert.Equal("status", progress.Find(".read-progress").GetAttribute("role"));

        // The rate climbs back by 5% of the budget a second; the next read's answer brings the news.
        _clock.Tick(TimeSpan.FromSeconds(5));
        await ReadOnceAsync(budget);
        progress.WaitForAssertion(() => Assert.Equal("DynamoDB is throttling: reading at 30 of 40 RCU/s for now.",
            progress.Find(".capacity-throttled").TextContent));

        _clock.Tick(TimeSpan.FromSeconds(5));
        await ReadOnceAsync(budget);
        progress.WaitForAssertion(() => Assert.Empty(progress.FindAll(".capacity-line")));
    }

    [Fact]
    public async Task AFinishedRead_ShowsNoCapacityLine_EvenWhileOtherReadsWait()
    {
        var budget = new ReadCapacityBudget(1, _clock);
        await using var ctx = new BunitContext();
        ctx.Services.AddSingleton(budget);
        ctx.AddExplorerWithoutStores();
        await budget.AdmitAsync(ReadPriority.Page, None);
        using var leave = new CancellationTokenSource();
        var waiting = budget.AdmitAsync(ReadPriority.Long, leave.Token).AsTask();
        Assert.True(budget.State.IsWaiting);

        var progress = ctx.RenderWithPopovers<ReadProgress>(p => p.Add(x => x.State, ReadState.Completed).Add(x => x.Cost, new ReadCost { ItemsRead = 3 }));

        Assert.Contains("Done", progress.Find(".read-line").TextContent, StringComparison.Ordinal);
        Assert.Empty(progress.FindAll(".capacity-line"));
        Assert.False(waiting.IsCompleted);
        await leave.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(Limit));
    }

    private static async Task ReadOnceAsync(ReadCapacityBudget budget)
    {
        var charge = await budget.AdmitAsync(ReadPriority.Page, None);
        budget.Settle(charge, consumed: 0.5);
    }
}
