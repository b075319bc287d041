using System.Diagnostics;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using EventExplorer.Benchmarks.Infrastructure;
using EventExplorer.Benchmarks.Reporting;
using EventExplorer.Data.Configuration;
using EventExplorer.Data.DynamoDb;
using EventExplorer.Data.Integrity;
using EventExplorer.Data.Model;
using EventExplorer.Data.State;

namespace EventExplorer.Benchmarks.Scenarios;

/// <summary>
/// Item 12: the whole-table integrity check (<see cref="IntegrityCheck"/>) against a raw parallel Scan of
/// the same commit table with the same segments, interleaved round by round; and the check's peak live
/// heap on two table sizes (the seeded table and a copy of its first quarter), which should not grow
/// with the table.
/// </summary>
public sealed class IntegrityBenchmarks(BenchContext context)
{
    private const int Segments = IntegrityRequest.DefaultSegments;
    private const int Limit = 1000;

    /// <summary>The heap may differ this much between the two sizes and still count as not growing (item 9's bound).</summary>
    private const double GrowthBound = 5 * 1024 * 1024;

    private static readonly ReadBudget Unbounded = new() { MaxItems = ReadBudget.MaxItemsLimit, MaxRequests = ReadBudget.MaxRequestsLimit };

    private sealed record CheckRun(long Commits, long FeedEntries, long Snapshots, long Found, int Updates);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var settings = context.Settings;
        var load = Machine.LoadAverage();
        var small = await SeedSmallTablesAsync(cancellationToken);
        var smallCount = context.Data.FeedTotal / 4;
        var big = context.Options.Tables;
        var rounds = settings.Quick ? 2 : 3;

        var check = CheckOver(big);
        var operations = new (string Name, Func<Task<(long Items, long TableItems)>> Run)[]
        {
            ("integrity check (commit table, commit-id index, snapshot table)", async () =>
            {
                var run = await RunCheckAsync(check, null, cancellationToken);
                return (run.Commits + run.FeedEntries + run.Snapshots, run.Commits);
            }),
            ($"raw SDK: parallel Scan of the commit table, {Segments} segments", async () =>
            {
                var n = await RawScanAsync(big.Commits, cancellationToken);
                return (n, n);
            }),
            ("raw SDK: the same reads as the check (table Scan, then the index in commit-id order, then the snapshot Scan)", async () =>
            {
                var table = await RawScanAsync(big.Commits, cancellationToken);
                var index = await RawIndexAsync(big, cancellationToken);
                var snapshots = await RawScanAsync(big.Snapshots, cancellationToken);
                return (table + index + snapshots, table);
            }),
        };
        Console.WriteLine($"[12] integrity check vs raw Scan: 1 warm-up + {rounds} rounds over {Report.N(context.Data.FeedTotal)} commits");
        var times = operations.Select(_ => new List<double>()).ToArray();
        var items = new long[operations.Length];
        var tableItems = new long[operations.Length];
        for (var round = -1; round < rounds; round++)
        {
            for (var k = 0; k < operations.Length; k++)
            {
                var index = (k + Math.Max(round, 0)) % operations.Length;
                var watch = Stopwatch.StartNew();
                (items[index], tableItems[index]) = await operations[index].Run();
                if (round >= 0) times[index].Add(watch.Elapsed.TotalMilliseconds);
            }
        }
        var ms = times.Select(t => Stats.Of(t).Median).ToArray();
        var rate = items.Select((n, i) => n / (ms[i] / 1000)).ToArray();

        // The heap: the check alone on each size, a full collection every few updates.
        var (smallHeap, smallRun) = await MeasureHeapAsync(CheckOver(small), cancellationToken);
        var (bigHeap, bigRun) = await MeasureHeapAsync(check, cancellationToken);
        var loadAfter = Machine.LoadAverage();

        var section = context.Report.Section("12. Integrity check: throughput against a raw parallel Scan, and its memory");
        section.Say($"Ran on its own (`{settings.Command}`) on {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; load average (1/5/15 min) at the start of the item: {load}; at its end: {loadAfter}. The machine is shared with other work.");
        section.Say($"`IntegrityCheck.RunAsync` over the seeded layout-B tables ({Report.N(context.Data.FeedTotal)} commits), {Segments} segments (the default), no read-capacity budget (the harness measures the check's own speed, as item 5 runs the app with `ReadCapacityPerSecond = 0`), read to its end. " +
            $"The check reads the commit table (a parallel Scan, {Segments} segments, eventually consistent, up to {Limit} items per request), then the commit-id index in commit-id order (one Query at a time: the order is what it checks), then the snapshot table (a parallel Scan; empty unless item 9 ran first). " +
            $"So the items it reads are the table's items plus the index's entries: twice the commits. The issue's baseline is the raw parallel Scan of the commit table with the same segments and Limit, counting items; a second baseline sends the same reads as the check without checking anything. {rounds} interleaved rounds (rotating order) after a warm-up; medians.");
        section.Table("Whole-table reads (medians)",
            ["read", "items read", "of which commit-table items", "ms", "items/s (all items read)", "commit-table items/s (wall time)"],
            operations.Select((o, i) => new[] { o.Name, Report.N(items[i]), Report.N(tableItems[i]), Report.Ms(ms[i]), Report.N(Math.Round(rate[i])), Report.N(Math.Round(tableItems[i] / (ms[i] / 1000))) }));

        var perItem = rate[0] / rate[1];
        var wall = ms[1] / ms[0];
        var sameReads = ms[2] / ms[0];
        context.Report.Goal("12", "integrity check: items read per second (table items + index entries), check / raw parallel Scan of the commit table",
            $"{Report.Ratio(perItem)} ({Report.N(Math.Round(rate[0]))} vs {Report.N(Math.Round(rate[1]))} items/s)", ">= 0.8x", perItem >= 0.8,
            $"the check read {Report.N(items[0])} items in {Report.Ms(ms[0])} ms; the same reads without the checks took {Report.Ms(ms[2])} ms ({Report.Ratio(sameReads)} of the check's time), so the rest is the checks' own work per item.");
        context.Report.Goal("12", "integrity check: wall time, raw Scan of the commit table / whole check (commit-table items per second)",
            $"{Report.Ratio(wall)} ({Report.Ms(ms[1])} vs {Report.Ms(ms[0])} ms)", "measured (the check also reads the index, twice the items)", null);
        context.Report.Goal("12", "integrity check: wall time, the same reads without checking / the check",
            $"{Report.Ratio(sameReads)} ({Report.Ms(ms[2])} vs {Report.Ms(ms[0])} ms)", "measured", null);

        section.Table($"Peak live heap of the check (a full collection every {HeapEvery} updates; in the harness, which hosts the data layer as the web app does)",
            ["table", "commits", "index entries", "updates", "places found", "peak live MB above baseline", "median live MB (of the samples)", "live MB at the end"],
            [
                [$"copy of the first {Report.N(smallCount)} commits", Report.N(smallRun.Commits), Report.N(smallRun.FeedEntries), Report.N(smallRun.Updates), Report.N(smallRun.Found), Mb(smallHeap.Max()), Mb(Stats.Of(smallHeap).Median), Mb(smallHeap[^1])],
                ["the seeded table", Report.N(bigRun.Commits), Report.N(bigRun.FeedEntries), Report.N(bigRun.Updates), Report.N(bigRun.Found), Mb(bigHeap.Max()), Mb(Stats.Of(bigHeap).Median), Mb(bigHeap[^1])],
            ]);
        section.Say("Places found is every kind's count summed: the seeded tables are clean, so it should be 0. The check keeps a round of responses being checked (a response per segment, or one index response) and the next round being read, a few values per segment, and its places, capped per kind. The bigger table gives 4 times as many samples, so its peak is the highest of more samples of the same distribution; the median says whether the level itself moved.");
        var growth = bigHeap.Max() - smallHeap.Max();
        context.Report.Goal("12", $"integrity check: peak live heap, {Report.N(bigRun.Commits)} commits vs {Report.N(smallRun.Commits)}",
            $"{Mb(growth)} MB growth (peak {Mb(bigHeap.Max())} vs {Mb(smallHeap.Max())} MB above baseline)", "bounded: no growth with the table (< 5 MB)", growth < GrowthBound);
    }

    /// <summary>Full collections at every this many updates of the check.</summary>
    private const int HeapEvery = 5;

    private IntegrityCheck CheckOver(TableNames tables)
    {
        var options = new EventExplorerOptions { ServiceUrl = context.ServiceUrl, Region = "us-east-1", Tables = tables, ReadOnly = true, Layout = EventStoreLayout.TimestampCommitIds };
        var schema = new StoreSchemaDetector(context.Client, options, readOnly: true);
        var store = new DynamoDbEventStore(context.Client, schema, options);
        return new IntegrityCheck(context.Client, schema, new SnapshotVerifier(new StateFolder(store)));
    }

    private async Task<CheckRun> RunCheckAsync(IntegrityCheck check, Action? perUpdate, CancellationToken cancellationToken)
    {
        IntegrityProgress? last = null;
        var updates = 0;
        await foreach (var update in check.RunAsync(new IntegrityRequest { Segments = Segments, Budget = Unbounded }, null, cancellationToken))
        {
            last = update;
            updates++;
            perUpdate?.Invoke();
        }
        if (last is null || last.State != ReadState.Completed) context.Report.Problems.Add($"Item 12: the integrity check ended {last?.State}.");
        return new CheckRun(last?.CommitsChecked ?? 0, last?.FeedEntriesChecked ?? 0, last?.SnapshotsChecked ?? 0, last?.Counts.Values.Sum() ?? 0, updates);
    }

    private async Task<(List<double> Live, CheckRun Run)> MeasureHeapAsync(IntegrityCheck check, CancellationToken cancellationToken)
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        var live = new List<double>();
        var n = 0;
        var run = await RunCheckAsync(check, () =>
        {
            if (++n % HeapEvery == 0) live.Add(GC.GetTotalMemory(forceFullCollection: true) - baseline);
        }, cancellationToken);
        live.Add(GC.GetTotalMemory(forceFullCollection: true) - baseline);
        return (live, run);
    }

    /// <summary>Every item of a table by a parallel Scan, each segment following its LastEvaluatedKey; the count.</summary>
    private async Task<long> RawScanAsync(string table, CancellationToken cancellationToken)
    {
        var segments = Enumerable.Range(0, Segments).Select(async segment =>
        {
            long n = 0;
            Dictionary<string, AttributeValue>? start = null;
            do
            {
                var response = await context.Client.ScanAsync(new ScanRequest
                {
                    TableName = table, Segment = segment, TotalSegments = Segments, Limit = Limit,
                    ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL, ExclusiveStartKey = start,
                }, cancellationToken);
                n += response.Items?.Count ?? 0;
                start = response.LastEvaluatedKey is { Count: > 0 } key ? key : null;
            }
            while (start is not null);
            return n;
        });
        return (await Task.WhenAll(segments)).Sum();
    }

    /// <summary>The commit-id index in commit-id order (layout B: partition "active" = "t"), the attributes the check reads; the count.</summary>
    private async Task<long> RawIndexAsync(TableNames tables, CancellationToken cancellationToken)
    {
        long n = 0;
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var response = await context.Client.QueryAsync(new QueryRequest
            {
                TableName = tables.Commits, IndexName = tables.CommitIdIndex, ScanIndexForward = true,
                KeyConditionExpression = "#t = :t", ProjectionExpression = "#c, #a, #v, #at",
                ExpressionAttributeNames = new() { ["#t"] = "active", ["#c"] = "commitId", ["#a"] = "aggregateId", ["#v"] = "version", ["#at"] = "committedAt" },
                ExpressionAttributeValues = new() { [":t"] = new AttributeValue { S = "t" } },
                Limit = Limit, ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL, ExclusiveStartKey = start,
            }, cancellationToken);
            n += response.Items?.Count ?? 0;
            start = response.LastEvaluatedKey is { Count: > 0 } key ? key : null;
        }
        while (start is not null);
        return n;
    }

    /// <summary>Tables of the second size: the first quarter of the seeded feed, in tables of their own.</summary>
    private async Task<TableNames> SeedSmallTablesAsync(CancellationToken cancellationToken)
    {
        var tables = new TableNames
        {
            Commits = "integrity-small-commits",
            CommitIdIndex = Dataset.Tables.CommitIdIndex,
            Counters = "integrity-small-counters",
            Snapshots = "integrity-small-snapshots",
        };
        await TableProvisioner.CreateEventStoreAsync(context.Client, EventStoreLayout.TimestampCommitIds, tables, cancellationToken);
        await TableProvisioner.CreateSnapshotStoreAsync(context.Client, tables.Snapshots, "snapshotId", cancellationToken);
        await Seeder.WriteAsync(context.Client, tables.Commits, context.Data.Feed.Take(context.Data.FeedTotal / 4).ToList(), parallelism: 4, cancellationToken);
        return tables;
    }

    private static string Mb(double bytes) => (bytes / 1024 / 1024).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture);
}
