using Bunit;
using EventExplorer.Data.DynamoDb;
using EventExplorer.Tests.Infrastructure;
using EventExplorer.Web.Components.Pages.Search;

namespace EventExplorer.Tests.Web.Components.Pages;

/// <summary>
/// A long read behind the instance's read-capacity budget, over the real store on dynalite: the page says
/// it waits for capacity, sends nothing meanwhile, and shows its result once the budget lets it read
/// (time is the budget's own manual clock).
/// </summary>
public sealed class ReadCapacityPageTests(DynaliteFixture dynalite) : IClassFixture<DynaliteFixture>
{
    private readonly ManualTimeProvider _clock = new(StoreBed.Epoch);

    [Fact]
    public async Task ASearch_BehindASpentBudget_SaysItWaitsForReadCapacity_ThenShowsItsMatch()
    {
        var budget = new ReadCapacityBudget(5, _clock);
        await using var ctx = new BunitContext();
        await using var bed = ctx.AddExplorer(await StoreBed.CreateAsync(dynalite, budget: budget));
        await bed.AddAsync("order-1", """{"type":"orderPlaced","orderId":"order-2024-004711"}""");
        await bed.AddAsync("order-1", """{"type":"orderShipped","carrier":"DHL"}""");
        // Other reads of this instance (a 1 MB scan page costs 128 units) have spent the next four seconds of the budget.
        budget.Settle(await budget.AdmitAsync(ReadPriority.Page, CancellationToken.None), consumed: 25);

        var page = ctx.RenderPage<Search>("/search?q=DHL&aggregate=order-1");

        // The search's first reads are the two ends of its range (its estimate), sent together: both wait.
        Assert.True(SpinWait.SpinUntil(() => budget.State.Waiting == 2, TimeSpan.FromSeconds(30)), "the range's ends should wait for capacity");
        page.WaitForAssertion(() => Assert.Equal("Waiting for read capacity (budget 5 RCU/s, used by 2 reads).",
            page.Find(".read-progress .capacity-waiting").TextContent));
        Assert.Contains("Reading…", page.Find(".read-progress").TextContent, StringComparison.Ordinal);
        Assert.Equal(0, bed.Proxy.Count("Query"));
        Assert.Empty(page.FindAll("li.search-match"));

        // From now on the budget's clock runs as a real one would for every read that waits (a page's read goes
        // first, the search's next read waits for it): the search ends with its match and the line is gone.
        using var clockRuns = RunTheClockWhileReadsWait(budget);
        page.WaitForAssertion(() => Assert.Contains("Done", page.Find(".read-progress").TextContent, StringComparison.Ordinal));
        Assert.Single(page.FindAll("li.search-match"));
        Assert.Empty(page.FindAll(".capacity-line"));
    }

    /// <summary>Moves the budget's clock on ten seconds whenever every waiting read is at its timer, until disposed.</summary>
    private IDisposable RunTheClockWhileReadsWait(ReadCapacityBudget budget)
    {
        var stop = new CancellationTokenSource();
        var runner = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                // The clock fires the timers there are: a read counted as waiting may not be at its timer yet.
                if (SpinWait.SpinUntil(() => stop.IsCancellationRequested || (budget.State.Waiting > 0 && _clock.ActiveTimers >= budget.State.Waiting), 100)
                    && !stop.IsCancellationRequested)
                {
                    _clock.Tick(TimeSpan.FromSeconds(10));
                }
            }
        });
        return new Stopping(stop, runner);
    }

    private sealed class Stopping(CancellationTokenSource stop, Task runner) : IDisposable
    {
        public void Dispose()
        {
            stop.Cancel();
            runner.Wait(TimeSpan.FromSeconds(30));
            stop.Dispose();
        }
    }
}
