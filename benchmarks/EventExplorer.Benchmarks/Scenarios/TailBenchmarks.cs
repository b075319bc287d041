using System.Diagnostics;
using EventExplorer.Benchmarks.Reporting;
using EventExplorer.Benchmarks.Infrastructure;
using EventExplorer.Data;
using EventExplorer.Data.Model;

namespace EventExplorer.Benchmarks.Scenarios;

/// <summary>
/// Item 10: DynamoDB requests per second of the live tail with 1, 10 and 100 live tabs. The tabs are
/// subscriptions of one <see cref="SharedFeedTail"/> (what the app runs, one per instance), each drained
/// by its own reader as a tab's circuit does; no rendering. Requests are counted in the steady state
/// (after every tab joined), over the same real-time window for each count.
/// </summary>
public sealed class TailBenchmarks(BenchContext context)
{
    private static readonly int[] TabCounts = [1, 10, 100];

    private const string WriterId = "bench-tail-writer";

    private static readonly TimeSpan AppendInterval = TimeSpan.FromSeconds(0.5);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var load = Machine.LoadAverage();
        var window = context.Settings.Quick ? TimeSpan.FromSeconds(4.5) : TimeSpan.FromSeconds(15);
        var rows = new List<string[]>();
        var perSecond = new Dictionary<int, double>();
        // Another program appending while the tabs follow, on a client of its own so that its requests are
        // not counted as the tail's: one commit every AppendInterval to one aggregate.
        var (writerClient, _) = BenchClients.Create(context.ServiceUrl);
        var (writer, _) = BenchContext.CreateStore(writerClient, context.ServiceUrl, Dataset.Tables);
        var nextVersion = 0L;
        foreach (var tabs in TabCounts)
        {
            using var tail = new SharedFeedTail(context.Store, TimeProvider.System);
            var subscriptions = new List<FeedTailSubscription>();
            for (var i = 0; i < tabs; i++) subscriptions.Add(await tail.SubscribeAsync(cancellationToken));
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var updates = 0L;
            var delivered = 0L;
            var readers = subscriptions.Select(s => Task.Run(async () =>
            {
                try
                {
                    await foreach (var update in s.Updates.ReadAllAsync(stop.Token))
                    {
                        Interlocked.Increment(ref updates);
                        Interlocked.Add(ref delivered, update.Commits.Count);
                    }
                }
                catch (OperationCanceledException)
                {
                }
            })).ToList();

            var appended = 0;
            var writing = Task.Run(async () =>
            {
                using var timer = new PeriodicTimer(AppendInterval);
                try
                {
                    while (await timer.WaitForNextTickAsync(stop.Token))
                    {
                        await writer.AppendAsync(new AppendRequest { AggregateId = WriterId, Version = nextVersion, EventsJson = Dataset.EventsJson(nextVersion, nextVersion) }, cancellationToken); // an append in flight at the end completes, so the next version is right
                        nextVersion++;
                        appended++;
                    }
                }
                catch (OperationCanceledException)
                {
                }
            });

            var before = context.Counter.Count;
            var watch = Stopwatch.StartNew();
            await Task.Delay(window, cancellationToken); // a real-time window: the tail polls on the clock
            var requests = context.Counter.Count - before;
            watch.Stop();
            await stop.CancelAsync();
            await writing;
            await Task.WhenAll(readers);
            foreach (var s in subscriptions) s.Dispose();
            await tail.Poller;

            var rate = requests / watch.Elapsed.TotalSeconds;
            perSecond[tabs] = rate;
            rows.Add([Report.N(tabs), Report.N(requests), Report.Ms(rate), Report.N(appended), Report.N(Interlocked.Read(ref updates)), Report.N(Math.Round(Interlocked.Read(ref delivered) / (double)tabs, 1))]);
            Console.WriteLine($"[10] {tabs} live tabs: {requests} requests in {watch.Elapsed.TotalSeconds:0.0} s ({rate:0.00}/s)");
        }

        var section = context.Report.Section("10. The shared live tail: requests with 1, 10 and 100 live tabs");
        section.Say($"Ran on its own (`{context.Settings.Command}`) on {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; load average (1/5/15 min) as it began: {load}; at its end: {Machine.LoadAverage()}. The machine is shared with other work.");
        section.Say($"One SharedFeedTail (the app's, one per instance) polls every {SharedFeedTail.PollInterval.TotalSeconds:0.0} s while at least one tab follows; each tab is a subscription drained by its own reader. Requests counted over {window.TotalSeconds:0.#} s once every tab joined (each tab's one catch-up read of its own gap is not in the window), while another client appended a commit every {AppendInterval.TotalSeconds:0.#} s to `{WriterId}` (its requests are not counted): every tab should receive every commit appended in the window, give or take the commits of the poll in flight at either end.");
        section.Table("Requests per second of the tail", ["live tabs", "tail requests", "tail requests/s", "commits appended meanwhile", "updates delivered (all tabs)", "commits delivered per tab"], rows);
        var ratio = perSecond[100] / Math.Max(perSecond[1], double.Epsilon);
        context.Report.Goal("10", "tail requests/s, 100 live tabs / 1", Report.Ratio(ratio), "<= 1.1x", ratio <= 1.1);
    }
}
