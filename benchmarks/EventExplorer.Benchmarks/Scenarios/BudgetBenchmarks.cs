using System.Diagnostics;
using System.Diagnostics.Metrics;
using EventExplorer.Benchmarks.Infrastructure;
using EventExplorer.Benchmarks.Reporting;
using EventExplorer.Data.Configuration;
using EventExplorer.Data.Diagnostics;
using EventExplorer.Data.DynamoDb;
using EventExplorer.Data.Errors;
using EventExplorer.Data.Model;

namespace EventExplorer.Benchmarks.Scenarios;

/// <summary>
/// Item 11: the instance's read-capacity budget under 10 concurrent long reads (5 searches and 5
/// exports through the data service, each over its own slice of the long aggregate) with a budget of
/// 100 RCU/s. The consumed capacity is observed as the app reports it: a <see cref="MeterListener"/> on
/// <see cref="StoreTelemetry.ConsumedCapacity"/>, which <c>StoreCallTrace</c> records from each reply's
/// ConsumedCapacity, at the moment the reply arrives (when the budget is charged too). No app code changes.
/// </summary>
public sealed class BudgetBenchmarks(BenchContext context)
{
    private const double Budget = 100;
    private const int Searches = 5;
    private const int Exports = 5;

    /// <summary>Windows ending from this second on are reported apart from the start (information).</summary>
    private const double SettledAfter = 5;

    private sealed record Reply(double Seconds, double Units, string Operation);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var slice = context.Settings.Quick ? 1_000 : 10_000;
        var reads = Searches + Exports;
        if ((long)slice * reads > context.Data.BigCount) slice = context.Data.BigCount / reads;

        // The app's own client (DynamoClientFactory: every read asks for its ConsumedCapacity) and the data
        // service over it with the budget, as AddEventExplorerData builds them.
        var options = new EventExplorerOptions { ServiceUrl = context.ServiceUrl, Region = "us-east-1", Tables = context.Options.Tables, ReadOnly = true };
        using var client = DynamoClientFactory.Create(options);
        var budget = new ReadCapacityBudget(Budget, TimeProvider.System);
        var schema = new StoreSchemaDetector(client, options, readOnly: true, logger: null, budget);
        var store = new DynamoDbEventStore(client, schema, options);
        await schema.DescribeAsync(cancellationToken); // layout detection (DescribeTable, not budgeted) before the clock starts

        var replies = new List<Reply>();
        var calls = 0;
        var clock = Stopwatch.StartNew();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument, StoreTelemetry.ConsumedCapacity) || ReferenceEquals(instrument, StoreTelemetry.CallDuration)) l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<double>((instrument, units, tags, _) =>
        {
            if (ReferenceEquals(instrument, StoreTelemetry.CallDuration))
            {
                Interlocked.Increment(ref calls); // every data-service call, when it ends
                return;
            }
            var operation = "";
            foreach (var tag in tags)
            {
                if (tag.Key == "db.operation.name") operation = tag.Value as string ?? "";
            }
            lock (replies) replies.Add(new Reply(clock.Elapsed.TotalSeconds, units, operation));
        });
        listener.Start();

        var query = PayloadQuery.ForText("SKU-00123");
        var unbounded = new ReadBudget { MaxItems = ReadBudget.MaxItemsLimit, MaxRequests = ReadBudget.MaxRequestsLimit };
        var ends = new double[reads];
        var itemsRead = new long[reads];
        clock.Restart();
        var runs = Enumerable.Range(0, reads).Select(i => Task.Run(async () =>
        {
            var range = CommitRange.Aggregate(Dataset.BigId, (long)i * slice, (long)(i + 1) * slice - 1);
            if (i < Searches)
            {
                SearchProgress? last = null;
                var request = new SearchRequest { Range = range, Query = query, Budget = unbounded, MaxMatches = SearchRequest.MaxMatchesLimit };
                await foreach (var update in store.SearchAsync(request, cancellationToken)) last = update;
                if (last?.State != ReadState.Completed) context.Report.Problems.Add($"Item 11: search {i} ended {last?.State}.");
                itemsRead[i] = last?.Cost.ItemsRead ?? 0;
            }
            else
            {
                long n = 0;
                await foreach (var _ in store.ExportAsync(new ExportRequest { Range = range, Budget = unbounded }, null, cancellationToken)) n++;
                if (n != slice) context.Report.Problems.Add($"Item 11: export {i} returned {n} commits, expected {slice}.");
                itemsRead[i] = n;
            }
            ends[i] = clock.Elapsed.TotalSeconds;
        }, cancellationToken)).ToList();
        var load = Machine.LoadAverage();
        await Task.WhenAll(runs);
        var elapsed = clock.Elapsed.TotalSeconds;
        listener.Dispose();
        var loadAfter = Machine.LoadAverage();

        var budgeted = replies.Where(r => r.Operation is "Query" or "Scan" or "GetItem").OrderBy(r => r.Seconds).ToList();
        var total = budgeted.Sum(r => r.Units);
        var largest = budgeted.Max(r => r.Units);
        var typical = Stats.Of(budgeted.Select(r => r.Units).ToList()).Median;
        // Fixed windows: second k holds the replies that arrived in [k, k+1) s after the reads started.
        var seconds = (int)Math.Ceiling(elapsed);
        var perSecond = new double[seconds];
        var repliesPerSecond = new int[seconds];
        foreach (var reply in budgeted)
        {
            var k = Math.Min(seconds - 1, (int)reply.Seconds);
            perSecond[k] += reply.Units;
            repliesPerSecond[k]++;
        }
        // Sliding windows: every 1 s span that ends at a reply (the worst one a 1 s window can catch).
        var (slidingMax, slidingEnd) = (0.0, 0.0);
        var from = 0;
        var sum = 0.0;
        for (var to = 0; to < budgeted.Count; to++)
        {
            sum += budgeted[to].Units;
            while (budgeted[from].Seconds <= budgeted[to].Seconds - 1) sum -= budgeted[from++].Units;
            if (sum > slidingMax) (slidingMax, slidingEnd) = (sum, budgeted[to].Seconds);
        }
        var limit = Budget + largest;
        var (laterMax, laterFrom) = (0.0, 0);
        for (var to = 0; to < budgeted.Count; to++)
        {
            if (budgeted[to].Seconds < SettledAfter) continue;
            while (budgeted[laterFrom].Seconds <= budgeted[to].Seconds - 1) laterFrom++;
            laterMax = Math.Max(laterMax, budgeted.Skip(laterFrom).Take(to - laterFrom + 1).Sum(r => r.Units));
        }
        var throughput = total / elapsed;
        var lastEnd = ends.Max();
        Console.WriteLine($"[11] {reads} reads, {total:0} RCU in {elapsed:0.0} s ({throughput:0.0} RCU/s); worst second {perSecond.Max():0}, worst sliding 1 s {slidingMax:0} (limit {limit:0})");

        var section = context.Report.Section("11. Read-capacity budget: 10 concurrent searches and exports at 100 RCU/s");
        section.Say($"Ran on its own (`{context.Settings.Command}`) on {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; load average (1/5/15 min) as the reads began: {load}; at their end: {loadAfter}. The machine is shared with other work.");
        section.Say($"One data service (`DynamoDbEventStore`, as the app builds it) with a `ReadCapacityBudget` of {Budget:0} RCU/s, shared by {Searches} searches (text `SKU-00123`, pre-filtered) and {Exports} exports started together, each over its own {Report.N(slice)} versions of the {Report.N(context.Data.BigCount)}-commit aggregate (consistent Query reads, 1 MB responses, the next request prefetched; long-read priority). " +
            $"Consumed capacity is what each reply's `ConsumedCapacity` says, observed through the app's own metric `{StoreTelemetry.ConsumedCapacity.Name}` (a MeterListener in the harness; no app change), timed when the reply arrives, which is also when the budget is charged. " +
            "dynalite 4.0.0 reports ConsumedCapacity on Query and Scan when asked (`ReturnConsumedCapacity = TOTAL`, which every request of the data service sets) and computes it as DynamoDB does: the size of every item evaluated, in 4 KB units rounded up per response, halved for eventually consistent reads (its `db/index.js`). " +
            $"In this run {Report.N(budgeted.Count)} of the {Report.N(calls)} calls the data service made reported it. " +
            $"A consistent 1 MB response costs about {Report.N(Math.Round(typical))} RCU here, more than a second of the budget: the bucket goes into debt and every read waits until it is repaid, so after the start the capacity is consumed in steps of one reply every {Report.Ms(typical / Budget)} s or so, and a fixed second holds either one reply or none.");
        section.Table("Totals",
            ["reads", "wall time s", "RCU consumed", "throughput RCU/s", "budget RCU/s", "replies", "RCU per reply: median", "largest reply (one request's worth)", "worst fixed second", "worst sliding 1 s window", "limit: budget + largest reply"],
            [[
                $"{Searches} searches + {Exports} exports", Report.Ms(elapsed), Report.N(Math.Round(total)), Report.Ms(throughput), Report.N(Budget), Report.N(budgeted.Count),
                Report.Ms(typical), Report.Ms(largest), Report.N(Math.Round(perSecond.Max())), $"{Report.N(Math.Round(slidingMax))} (ending at {slidingEnd:0.0} s)", Report.N(Math.Round(limit)),
            ]]);
        section.Table($"Consumed RCU per second (fixed 1 s windows from the start of the reads, by reply arrival; the {perSecond.Count(u => u == 0)} seconds not listed consumed nothing)",
            ["second", "RCU", "replies"],
            perSecond.Select((units, k) => (units, k)).Where(s => s.units > 0).Select(s => new[] { $"{s.k}-{s.k + 1}", Report.N(Math.Round(s.units, 1)), Report.N(repliesPerSecond[s.k]) }));
        section.Say($"Two windows: fixed seconds from the start, and the sliding 1 s window (every span of 1 s that ends at a reply), which catches a burst that straddles two fixed seconds. The goal is the issue's: no window of 1 s above the budget plus one request's worth, taken as the largest reply of the run ({Report.Ms(largest)} RCU). Throughput is the RCU consumed over the wall time from the start of the reads to the end of the last ({Report.Ms(lastEnd)} s), so it includes the tail where fewer than {reads} reads were left.");

        context.Report.Goal("11", $"read capacity, {reads} concurrent searches and exports at a budget of {Budget:0} RCU/s: worst 1 s window (sliding)",
            $"{Report.N(Math.Round(slidingMax))} RCU (worst fixed second {Report.N(Math.Round(perSecond.Max()))}; largest reply {Report.Ms(largest)} RCU)",
            $"<= budget + one request = {Report.N(Math.Round(limit))} RCU", slidingMax <= limit,
            slidingMax <= limit ? null : WhyOver(budgeted, limit));
        context.Report.Goal("11", $"read capacity: worst sliding 1 s window ending {SettledAfter:0} s or more after the start",
            $"{Report.N(Math.Round(laterMax))} RCU", $"<= {Report.N(Math.Round(limit))} RCU", null);
        context.Report.Goal("11", $"read capacity, {reads} concurrent searches and exports: throughput / budget",
            $"{Report.Ratio(throughput / Budget)} ({Report.Ms(throughput)} RCU/s over {Report.Ms(elapsed)} s, {Report.N(Math.Round(total))} RCU)", "close to the budget (measured)", null);
    }

    /// <summary>When the windows over the limit lay, and how many replies they held, for a missed goal.</summary>
    private static string WhyOver(List<Reply> replies, double limit)
    {
        var over = new List<(double End, double Units, int Replies)>();
        for (var to = 0; to < replies.Count; to++)
        {
            var window = replies.Where(r => r.Seconds > replies[to].Seconds - 1 && r.Seconds <= replies[to].Seconds).ToList();
            if (window.Sum(r => r.Units) > limit) over.Add((replies[to].Seconds, window.Sum(r => r.Units), window.Count));
        }
        var first = over[0];
        var later = over.Where(o => o.End >= SettledAfter).ToList();
        var laterText = later.Count == 0
            ? " After the start no 1 s window was over the limit."
            : $" Later, {later.Count} window(s) ending from {SettledAfter:0} s on were over it too, the worst {later.Max(o => o.Units):0} RCU in {later.MaxBy(o => o.Units).Replies} replies (ending at {later.MaxBy(o => o.Units).End:0.0} s).";
        return $"the first 1 s window over the limit ended {first.End:0.0} s after the reads started and held {first.Units:0} RCU in {first.Replies} replies.{laterText} " +
            "ReadCapacityBudget admits a long read while the bucket holds more than its reserve (a quarter second of budget) and charges it, until its reply says, the running average of the replies before it, one-item reads included (1 RCU before any reply): reads started together, or waiting together as a debt is repaid, can all be admitted before a 1 MB reply (about 260 RCU, consistent) is charged. See the per-second table in section 11.";
    }
}
