using System.Diagnostics;
using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using EventExplorer.Benchmarks.Infrastructure;
using EventExplorer.Benchmarks.Reporting;
using EventExplorer.Data.DynamoDb;
using EventExplorer.Data.Model;
using EventExplorer.Data.Reducers;
using EventExplorer.Data.State;

namespace EventExplorer.Benchmarks.Scenarios;

/// <summary>
/// Item 9 (issue 18 §4, "state and snapshots"): folding the long aggregate's whole history with the
/// generic reducer and with JavaScript reducers, in items per second against the raw SDK reading the same
/// items; the harness's memory while folding (bounded by the state, not the history); what the state at
/// version 90,000 reads; and the check of every snapshot of a prefix against a raw read of the same items.
/// </summary>
public sealed class StateBenchmarks(BenchContext context)
{
    private const string OthersPrefix = "bench-other-";

    private static readonly ReadBudget Unbounded = new() { MaxItems = ReadBudget.MaxItemsLimit, MaxRequests = ReadBudget.MaxRequestsLimit };

    /// <summary>The app's limits but a longer fold time: on this shared machine a 100,000-commit JavaScript fold can pass the app's 30 s, and the benchmark measures rate, not the limit.</summary>
    private static readonly ReducerLimits Limits = ReducerLimits.Default with { FoldTime = TimeSpan.FromMinutes(10) };

    /// <summary>
    /// The demo reducer's style, for the benchmark's own event types: a handler runs for every event (the
    /// demo's orders.js has no handler for them, so with it the engine is only asked and answers "none").
    /// </summary>
    private const string EveryEventReducer = """
        options({ aggregates: "bench-" });
        when({
          $init: () => ({ lines: 0, quantity: 0, total: 0, status: "open" }),
          OrderLineAdded: (s, e) => { s.lines += 1; s.quantity += e.line.quantity; s.lastSku = e.line.sku; if (e.status) s.status = e.status; },
          OrderTotalChanged: (s, e) => { s.total = e.total; },
        });
        """;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var data = context.Data;
        var settings = context.Settings;
        var bigCommits = data.Feed.Where(c => c.AggregateId == Dataset.BigId).ToList();
        var bigEvents = bigCommits.Sum(c => c.EventsJson.Split("\"type\"").Length - 1);
        var demo = JavaScriptReducer.Load("orders", await File.ReadAllTextAsync(Path.Combine(settings.RepoRoot, "reducers", "orders.js"), cancellationToken));
        var everyEvent = JavaScriptReducer.Load("bench-orders", EveryEventReducer);
        var folder = new StateFolder(context.Store);

        var operations = new[]
        {
            new Operation("raw SDK: Query every item of the aggregate", _ => RawQueryAsync(Dataset.BigId, cancellationToken)),
            new Operation("fold: generic reducer", _ => FoldAsync(folder, GenericReducer.Instance, null, cancellationToken)),
            new Operation("fold: demo JavaScript reducer (orders.js; no handler for these events)", _ => FoldAsync(folder, demo, null, cancellationToken)),
            new Operation("fold: JavaScript reducer with a handler for every event", _ => FoldAsync(folder, everyEvent, null, cancellationToken)),
        };
        var rounds = settings.Quick ? 4 : settings.FullReadRounds;
        Console.WriteLine($"[9] folds of {N(bigCommits.Count)} commits: {operations.Length} operations, 1 warm-up + {rounds} interleaved rounds");
        var samples = (await context.Sampler.RunAsync(operations, 1, rounds, cancellationToken)).ToDictionary(s => s.Name);

        var section = context.Report.Section("9. State and snapshots: fold rate, memory, state at a version, snapshot check");
        section.Say($"Folding the whole history of the {N(bigCommits.Count)}-commit aggregate ({N(bigEvents)} events) with `StateFolder`, as the state page does (one Query per 1 MB in version order, consistent reads, each commit applied as it arrives), against the raw SDK sending the same Query requests and only counting the items. {rounds} interleaved rounds after a warm-up. The demo reducer `reducers/orders.js` has handlers for the demo's order events only, so on these events the engine only looks for a handler; the second JavaScript reducer is written in the same style for the benchmark's own event types (`OrderLineAdded`, `OrderTotalChanged`), so a handler runs in Jint for every event, with the event parsed into a JavaScript object. The data layer keeps the next request in flight while it maps and folds a response, and the raw loop sends one request at a time, so a fold cheaper than dynalite's work per page reads faster than the raw loop (ratios above 1x). Folds here run with the app's reducer limits except the fold time (10 minutes instead of 30 s), so that a loaded shared machine does not stop a long JavaScript fold: a whole-history fold of 100,000 commits by a JavaScript reducer that handles every event takes about 10 s when the machine is quiet, within the app's limit.");
        var raw = samples[operations[0].Name];
        var rows = new List<string[]> { Row(raw, raw) };
        foreach (var (operation, goal) in new[] { (operations[1], 0.8), (operations[2], 0.5), (operations[3], 0.5) })
        {
            var ours = samples[operation.Name];
            var ratio = raw.Milliseconds.Median / ours.Milliseconds.Median;
            rows.Add(Row(ours, raw));
            context.Report.Goal("9", $"{operation.Name} over {N(bigCommits.Count)} commits: items/s, fold / raw SDK",
                $"{Report.Ratio(ratio)} ({N(Rate(ours))} vs {N(Rate(raw))} items/s)", $">= {goal.ToString("0.0", CultureInfo.InvariantCulture)}x", ratio >= goal,
                $"p90 {Report.Ms(ours.Milliseconds.P90)} vs {Report.Ms(raw.Milliseconds.P90)} ms; {N(ours.Requests.Median)} vs {N(raw.Requests.Median)} requests. "
                + $"The fold spends {((ours.Milliseconds.Median - raw.Milliseconds.Median) * 1000 / Math.Max(1, ours.Items.Median)).ToString("0.0", CultureInfo.InvariantCulture)} µs per commit more than the raw read: mapping the item, parsing each event's JSON again for the reducer, and the reducer's own work, on a core shared with dynalite.");
        }
        section.Table("Whole-history folds (medians)", ["read", "items read", "ms", "items/s", "ratio to the raw read (items/s)", "requests"], rows);

        await MeasureMemoryAsync(section, folder, demo, everyEvent, bigCommits.Count, cancellationToken);
        await MeasureStateAtVersionAsync(section, folder, cancellationToken);
        await MeasureSnapshotCheckAsync(section, folder, rounds, cancellationToken);
    }

    private static string[] Row(Sample ours, Sample raw) =>
        [ours.Name, N(ours.Items.Median), Report.Ms(ours.Milliseconds.Median), N(Rate(ours)), Report.Ratio(raw.Milliseconds.Median / ours.Milliseconds.Median * ours.Items.Median / Math.Max(1, raw.Items.Median)), N(ours.Requests.Median)];

    private static double Rate(Sample sample) => sample.Items.Median / (sample.Milliseconds.Median / 1000);

    /// <summary>Folds the long aggregate (up to <paramref name="toVersion"/>); returns the items read.</summary>
    private static async Task<int> FoldAsync(StateFolder folder, Reducer reducer, long? toVersion, CancellationToken cancellationToken)
    {
        var meter = new CostMeter();
        using var fold = reducer.Begin(Limits, cancellationToken);
        await foreach (var _ in folder.FoldAsync(new FoldRequest { AggregateId = Dataset.BigId, ToVersion = toVersion, Budget = Unbounded }, fold, meter, cancellationToken))
        {
        }
        GC.KeepAlive(fold.State);
        return (int)meter.Cost.ItemsRead;
    }

    /// <summary>The raw SDK reading an aggregate's items with the requests the data layer sends; returns items evaluated.</summary>
    private async Task<int> RawQueryAsync(string aggregateId, CancellationToken cancellationToken)
    {
        long scanned = 0;
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var response = await context.Client.QueryAsync(new QueryRequest
            {
                TableName = context.Options.Tables.Commits,
                ConsistentRead = true,
                KeyConditionExpression = "#a = :a",
                ExpressionAttributeNames = new() { ["#a"] = "aggregateId" },
                ExpressionAttributeValues = new() { [":a"] = new AttributeValue { S = aggregateId } },
                ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
                ExclusiveStartKey = start,
            }, cancellationToken);
            scanned += response.ScannedCount ?? response.Items?.Count ?? 0;
            start = response.LastEvaluatedKey is { Count: > 0 } last ? last : null;
        }
        while (start is not null);
        return (int)scanned;
    }

    /// <summary>
    /// The harness's live heap while a whole-history fold runs: a full collection at every tenth of the
    /// history (so only what is still referenced counts), against holding the history in a list. A fold
    /// keeps its state and the responses being read, so its live heap stays flat; the list grows with the
    /// history. The peak sampled every 10 ms without collections (garbage included) is shown beside it.
    /// </summary>
    private async Task MeasureMemoryAsync(ReportSection section, StateFolder folder, Reducer demo, Reducer everyEvent, int commits, CancellationToken cancellationToken)
    {
        var every = Math.Max(1, commits / 10);
        var reads = new (string Name, Reducer? Reducer)[]
        {
            ("fold: generic reducer", GenericReducer.Instance),
            ("fold: demo JavaScript reducer", demo),
            ("fold: JavaScript reducer with a handler for every event", everyEvent),
            ("for contrast: every commit kept in a list", null),
        };
        var rows = new List<string[]>();
        long contrastGrowth = 0;
        foreach (var (name, reducer) in reads)
        {
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            var baseline = GC.GetTotalMemory(forceFullCollection: true);
            var live = new List<long>();
            long peakSampled = baseline;
            using var stop = new CancellationTokenSource();
            var sampler = Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    peakSampled = Math.Max(peakSampled, GC.GetTotalMemory(false));
                    try { await Task.Delay(10, stop.Token); } catch (OperationCanceledException) { }
                }
            }, CancellationToken.None);
            long count = 0;
            string state = "";
            if (reducer is not null)
            {
                using var fold = reducer.Begin(Limits, cancellationToken);
                await foreach (var _ in folder.FoldAsync(new FoldRequest { AggregateId = Dataset.BigId, Budget = Unbounded }, fold, null, cancellationToken))
                {
                    if (++count % every == 0) live.Add(GC.GetTotalMemory(forceFullCollection: true) - baseline);
                }
                state = fold.State?.ToJsonString() ?? "";
            }
            else
            {
                var all = new List<Commit>();
                await foreach (var commit in context.Store.ExportAsync(new ExportRequest { Range = CommitRange.Aggregate(Dataset.BigId), Budget = Unbounded }, null, cancellationToken))
                {
                    all.Add(commit);
                    if (++count % every == 0) live.Add(GC.GetTotalMemory(forceFullCollection: true) - baseline);
                }
                GC.KeepAlive(all);
            }
            await stop.CancelAsync();
            await sampler;
            var growth = live[^1] - live[0];
            if (reducer is null) contrastGrowth = growth;
            rows.Add([name, N(count), Mb(live[0]), Mb(live[^1]), Mb(live.Max()), Mb(growth), reducer is null ? "-" : N(state.Length), Mb(peakSampled - baseline)]);
            if (reducer is not null)
            {
                context.Report.Goal("9", $"memory: {name}: live heap from the first to the last tenth of {N(commits)} commits",
                    $"{Mb(growth)} MB growth (peak live {Mb(live.Max())} MB above baseline; state {N(state.Length)} bytes)", "bounded by the state: no growth with the history (< 5 MB)", growth < 5 * 1024 * 1024);
            }
            else
            {
                context.Report.Goal("9", $"memory: {name} (contrast): live heap growth over {N(commits)} commits", $"{Mb(growth)} MB", "contrast", null);
            }
        }
        section.Table($"Live heap while folding the whole history (full collections at every {N(every)} commits; in the harness, which hosts the data layer as the web app does)",
            ["read", "commits", "live MB after the first tenth", "live MB at the end", "peak live MB", "growth MB", "state (bytes of JSON)", "peak sampled without collections MB"], rows);
        section.Say($"A fold keeps its state and the responses being read (one being folded, the next in flight, at most 1 MB each), so its live heap is the same after a tenth of the history as at the end; holding the history instead (the contrast row) grows by {Mb(contrastGrowth)} MB. The last column is the heap sampled every 10 ms without collections, garbage included (the gen-0 budget and the responses already folded): what a process briefly needs, not what a fold keeps.");
    }

    /// <summary>The state at version 90,000: items read and requests, against the 90,001 commits the fold needs.</summary>
    private async Task MeasureStateAtVersionAsync(ReportSection section, StateFolder folder, CancellationToken cancellationToken)
    {
        var version = context.Settings.JumpVersion;
        var needed = version + 1;
        var before = context.Counter.Count;
        var watch = Stopwatch.StartNew();
        var items = await FoldAsync(folder, GenericReducer.Instance, version, cancellationToken);
        watch.Stop();
        var requests = context.Counter.Count - before;
        context.Report.Goal("9", $"state at version {N(version)} of the {N(context.Data.BigCount)}-commit aggregate: items read",
            $"{N(items)} items in {N(requests)} requests ({Report.Ms(watch.Elapsed.TotalMilliseconds)} ms)", $"<= {N(needed)} (versions 0 to {N(version)})", items <= needed);
        section.Say($"The state at version {N(version)} read {N(items)} items in {N(requests)} Query requests ({Report.Ms(watch.Elapsed.TotalMilliseconds)} ms): the key condition stops at the version asked for, so it reads versions 0 to {N(version)} ({N(needed)} commits, what the fold needs) and none after.");
    }

    /// <summary>
    /// Snapshots for the benchmark's 1,000 short aggregates (each the generic fold of its history, stored a
    /// second after its last commit), checked with the generic reducer by <see cref="SnapshotCheck"/>, against
    /// the raw SDK reading the same items: the snapshot table, a GetItem per snapshot and the aggregate's Query pages.
    /// </summary>
    private async Task MeasureSnapshotCheckAsync(ReportSection section, StateFolder folder, int rounds, CancellationToken cancellationToken)
    {
        var others = context.Data.Feed.Where(c => c.AggregateId.StartsWith(OthersPrefix, StringComparison.Ordinal))
            .GroupBy(c => c.AggregateId).Select(g => (Id: g.Key, Last: g.Max(c => c.CommittedAtMs))).ToList();
        var items = new List<Dictionary<string, AttributeValue>>(others.Count);
        foreach (var (id, last) in others)
        {
            using var fold = GenericReducer.Instance.Begin(ReducerLimits.Default, cancellationToken);
            await foreach (var _ in folder.FoldAsync(new FoldRequest { AggregateId = id, Budget = Unbounded }, fold, null, cancellationToken))
            {
            }
            items.Add(new Dictionary<string, AttributeValue>
            {
                ["snapshotId"] = new() { S = id },
                ["createdAt"] = new() { N = (last + 1000).ToString(CultureInfo.InvariantCulture) },
                ["state"] = new() { S = fold.State!.ToJsonString() },
            });
        }
        await Seeder.WriteItemsAsync(context.Client, context.Options.Tables.Snapshots, items, parallelism: 4, cancellationToken);
        var snapshots = new DynamoDbSnapshotStore(context.Client, new StoreSchemaDetector(context.Client, context.Options, readOnly: true), context.Options);
        var check = new SnapshotCheck(snapshots, new SnapshotVerifier(folder));
        var request = new SnapshotCheckRequest { Prefix = OthersPrefix, Budget = Unbounded };
        var mismatches = 0L;
        var checkedCount = 0L;

        var operations = new[]
        {
            new Operation("raw SDK: table scan, GetItem and Query per snapshot", _ => RawCheckReadAsync(cancellationToken)),
            new Operation("snapshot check (generic reducer)", async _ =>
            {
                SnapshotCheckProgress? last = null;
                long bad = 0;
                await foreach (var progress in check.RunAsync(request, (_, _) => Task.FromResult<Reducer>(GenericReducer.Instance), cancellationToken))
                {
                    bad += progress.Rows.Count(r => r.Verdict != SnapshotVerdict.Matches);
                    last = progress;
                }
                mismatches = bad;
                checkedCount = last!.Checked;
                return (int)last.Cost.ItemsRead;
            }),
        };
        Console.WriteLine($"[9] snapshot check of {N(others.Count)} snapshots: 1 warm-up + {rounds} interleaved rounds");
        var samples = (await context.Sampler.RunAsync(operations, 1, rounds, cancellationToken)).ToDictionary(s => s.Name);
        var raw = samples[operations[0].Name];
        var ours = samples[operations[1].Name];
        // Both rates over the raw read's item count: the same items, so the ratio is the ratio of times.
        var sameItems = raw.Items.Median;
        double SameRate(Sample sample) => sameItems / (sample.Milliseconds.Median / 1000);
        var ratio = raw.Milliseconds.Median / ours.Milliseconds.Median;
        if (checkedCount != others.Count || mismatches != 0)
        {
            context.Report.Problems.Add($"Item 9: the snapshot check checked {checkedCount} of {others.Count} snapshots and found {mismatches} that do not match (expected none).");
        }
        context.Report.Goal("9", $"snapshot check of {N(others.Count)} snapshots ({N(ours.Items.Median)} items): items/s, check / raw SDK",
            $"{Report.Ratio(ratio)} ({N(SameRate(ours))} vs {N(SameRate(raw))} items/s)", "measure", null,
            $"{N(ours.Requests.Median)} vs {N(raw.Requests.Median)} requests; the check also folds every aggregate and compares each version's state with the snapshot.");
        section.Table($"Snapshot check of {N(others.Count)} snapshots (medians)", ["read", "items read (as counted)", "ms", $"items/s (the raw read's {N(sameItems)} items)", "ratio to the raw read", "requests"],
            [[ours.Name, N(ours.Items.Median), Report.Ms(ours.Milliseconds.Median), N(SameRate(ours)), Report.Ratio(ratio), N(ours.Requests.Median)],
             [raw.Name, N(raw.Items.Median), Report.Ms(raw.Milliseconds.Median), N(SameRate(raw)), Report.Ratio(1), N(raw.Requests.Median)]]);
        section.Say($"One snapshot per short aggregate (`{OthersPrefix}*`, {N(others.Count)} of them, about {N(context.Data.Feed.Count(c => c.AggregateId.StartsWith(OthersPrefix, StringComparison.Ordinal)) / Math.Max(1, others.Count))} commits each), each the generic reducer's state after its last commit, stored a second after it; all {N(checkedCount)} checked match. Per snapshot the check reads the snapshot (GetItem), then the aggregate's history (Query), folds it and compares every version's state with the snapshot (to say which version it equals); the raw read scans the snapshot table in 1 MB pages and sends a GetItem and the Query pages per snapshot, and only counts the items. Both rates are over the raw read's items (the snapshot table once, and every commit of the aggregates), so their ratio is the ratio of times; the check's own count is shown beside it (its scan goes 25 snapshots at a time, so it can continue after the last one checked, and may read parts of the table again).");
    }

    /// <summary>
    /// What the snapshot check reads, without folding: the snapshot table scanned (1 MB pages, the prefix
    /// matched on the client as the snapshot store does), then per snapshot a GetItem and the aggregate's
    /// Query pages. Returns the items scanned and queried (GetItems are not counted, as the check's cost does not).
    /// </summary>
    private async Task<int> RawCheckReadAsync(CancellationToken cancellationToken)
    {
        long items = 0;
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var page = await context.Client.ScanAsync(new ScanRequest
            {
                TableName = context.Options.Tables.Snapshots,
                ExclusiveStartKey = start,
                ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
            }, cancellationToken);
            items += page.ScannedCount ?? page.Items?.Count ?? 0;
            foreach (var item in page.Items ?? [])
            {
                var id = item["snapshotId"].S;
                if (!id.StartsWith(OthersPrefix, StringComparison.Ordinal)) continue;
                await context.Client.GetItemAsync(new GetItemRequest
                {
                    TableName = context.Options.Tables.Snapshots,
                    Key = new() { ["snapshotId"] = new AttributeValue { S = id } },
                    ConsistentRead = true,
                    ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
                }, cancellationToken);
                items += await RawQueryAsync(id, cancellationToken);
            }
            start = page.LastEvaluatedKey is { Count: > 0 } last ? last : null;
        }
        while (start is not null);
        return (int)items;
    }

    private static string N(double value) => Report.N(value);

    private static string Mb(long bytes) => (bytes / 1024.0 / 1024.0).ToString("0.0", CultureInfo.InvariantCulture);

    private sealed class CostMeter : IProgress<ReadCost>
    {
        public ReadCost Cost { get; private set; } = ReadCost.None;

        public void Report(ReadCost value) => Cost = value;
    }
}
