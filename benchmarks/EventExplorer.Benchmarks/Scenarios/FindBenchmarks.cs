using System.Diagnostics;
using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using EventExplorer.Benchmarks.Infrastructure;
using EventExplorer.Benchmarks.Reporting;
using EventExplorer.Data.Configuration;
using EventExplorer.Data.DynamoDb;
using EventExplorer.Data.Model;

namespace EventExplorer.Benchmarks.Scenarios;

/// <summary>
/// Item 6 (issue 10, "find anything"): full-history search and field history over the long aggregate,
/// in items read per second against the raw SDK reading the same items with the same requests; the
/// harness process's memory while they run (the data layer keeps matches, not what it reads), against
/// holding the history in memory; and time travel's requests against 2 x ceil(log2 n) + 2.
/// </summary>
public sealed class FindBenchmarks(BenchContext context)
{
    /// <summary>A SKU at one feed position in 997: about a hundred commits of a 100,000-commit aggregate.</summary>
    private const string Sku = "SKU-00123";

    private static readonly ReadBudget Unbounded = new() { MaxItems = ReadBudget.MaxItemsLimit, MaxRequests = ReadBudget.MaxRequestsLimit };

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var data = context.Data;
        var settings = context.Settings;
        var store = context.Store;
        var bigCommits = data.Feed.Where(c => c.AggregateId == Dataset.BigId).ToList();
        var skuMatches = bigCommits.Count(c => c.EventsJson.Contains(Sku, StringComparison.Ordinal));
        var statusRows = bigCommits.Count(c => c.EventsJson.Contains("\"" + Dataset.StatusField + "\"", StringComparison.Ordinal));

        var textQuery = PayloadQuery.ForText(Sku);
        var pathQuery = PayloadQuery.Parse($"sku = \"{Sku}\"");
        var caseless = PayloadQuery.ForText(Sku.ToLowerInvariant(), ignoreCase: true);
        SearchRequest Search(PayloadQuery query) => new() { Range = CommitRange.Aggregate(Dataset.BigId), Query = query, Budget = Unbounded, MaxMatches = SearchRequest.MaxMatchesLimit };
        var history = new FieldHistoryRequest { AggregateId = Dataset.BigId, Path = JsonPathPattern.Parse(Dataset.StatusField), Budget = Unbounded, MaxChanges = 10_000 };

        var pairs = new (string Label, Operation Ours, Operation Raw, int Expected, string PreFilter)[]
        {
            ("text search", Ours("search: text (pre-filtered)", () => RunSearchAsync(Search(textQuery), skuMatches, cancellationToken)),
                Raw("raw SDK: same Query with contains(events, text)", [Sku], cancellationToken), skuMatches, $"contains(events, \"{Sku}\")"),
            ("path = value search", Ours("search: path = value (pre-filtered)", () => RunSearchAsync(Search(pathQuery), skuMatches, cancellationToken)),
                Raw("raw SDK: same Query with contains(events, name) AND contains(events, value)", ["\"sku\"", $"\"{Sku}\""], cancellationToken), skuMatches, "contains(events, \"\\\"sku\\\"\") AND contains(events, \"\\\"SKU-00123\\\"\")"),
            ("caseless text search (no pre-filter: every event parsed)", Ours("search: caseless text (every item returned and parsed)", () => RunSearchAsync(Search(caseless), skuMatches, cancellationToken)),
                Raw("raw SDK: same Query without a filter", [], cancellationToken), bigCommits.Count, "none"),
            ("field history", Ours("field history: status (pre-filtered)", () => RunHistoryAsync(history, statusRows, cancellationToken)),
                Raw("raw SDK: same Query with contains(events, name)", ["\"status\""], cancellationToken), statusRows, "contains(events, \"\\\"status\\\"\")"),
        };

        var operations = pairs.SelectMany(p => new[] { p.Ours, p.Raw }).ToList();
        // A quick run's history is ten times shorter, so it can afford more rounds against the noise.
        var rounds = settings.Quick ? 6 : settings.FullReadRounds;
        Console.WriteLine($"[6] full-history reads of {N(bigCommits.Count)} commits: {operations.Count} operations, 1 warm-up + {rounds} interleaved rounds");
        var samples = (await context.Sampler.RunAsync(operations, 1, rounds, cancellationToken)).ToDictionary(s => s.Name);

        var section = context.Report.Section("6. Find anything: full-history search, field history, memory, time travel");
        section.Say($"Search and field history over the whole history of the {N(bigCommits.Count)}-commit aggregate (about {N(bigCommits.Sum(c => (long)c.EventsJson.Length) / 1e6)} MB of events JSON), each read to its end in one call (no budget, no match limit). The raw baseline sends the same Query requests with the same FilterExpression (consistent reads, 1 MB responses, LastEvaluatedKey followed, consumed capacity returned) on the same client and only counts what comes back; the data layer also parses the events of every item returned, matches them and builds the results, and keeps the next request in flight while it does; its two extra requests are the one-item reads of the aggregate's first and last version that give the progress bar its estimate. Items per second count every item DynamoDB evaluated (the pre-filter's rejects included), which is what a search of the whole history has to get through. {rounds} interleaved rounds after a warm-up; `{Sku}` occurs in {N(skuMatches)} of the aggregate's commits, `{Dataset.StatusField}` is set in {N(statusRows)}.");
        var rows = new List<string[]>();
        foreach (var (label, ours, raw, expected, preFilter) in pairs)
        {
            var o = samples[ours.Name];
            var r = samples[raw.Name];
            var ratio = r.Milliseconds.Median / o.Milliseconds.Median;
            rows.Add([label, preFilter, N(o.Items.Median), Report.Ms(o.Milliseconds.Median), Report.Ms(r.Milliseconds.Median), N(o.Items.Median / (o.Milliseconds.Median / 1000)), N(r.Items.Median / (r.Milliseconds.Median / 1000)), Report.Ratio(ratio), $"{N(o.Requests.Median)} vs {N(r.Requests.Median)}"]);
            context.Report.Goal("6", $"{label} over {N(bigCommits.Count)} commits: items/s, data layer / raw SDK",
                $"{Report.Ratio(ratio)} ({N(o.Items.Median / (o.Milliseconds.Median / 1000))} vs {N(r.Items.Median / (r.Milliseconds.Median / 1000))} items/s)", ">= 0.8x", ratio >= 0.8,
                $"Both sent {N(o.Requests.Median)} and {N(r.Requests.Median)} requests; p90 {Report.Ms(o.Milliseconds.P90)} vs {Report.Ms(r.Milliseconds.P90)} ms. The difference is the data layer's parsing and matching of the {N(expected)} items returned, or noise.");
        }
        section.Table("Full-history reads (medians)", ["read", "server-side pre-filter", "items read", "data layer ms", "raw SDK ms", "data layer items/s", "raw SDK items/s", "ratio (items/s)", "requests (ours vs raw)"], rows);
        section.Table("Every operation", Report.SampleHeaders, operations.Select(op => Report.Row(samples[op.Name])));

        await MeasureMemoryAsync(section, bigCommits.Count, Search(textQuery), Search(caseless), history, cancellationToken);
        await MeasureTimeTravelAsync(section, cancellationToken);
    }

    private async Task<int> RunSearchAsync(SearchRequest request, int expected, CancellationToken cancellationToken)
    {
        SearchProgress? last = null;
        await foreach (var update in context.Store.SearchAsync(request, cancellationToken)) last = update;
        if (last!.State != ReadState.Completed || last.MatchCount != expected)
        {
            context.Report.Problems.Add($"Item 6: search for {request.Query} ended {last.State} with {last.MatchCount} matches, expected {expected}.");
        }
        return (int)last.Cost.ItemsRead;
    }

    private async Task<int> RunHistoryAsync(FieldHistoryRequest request, int expected, CancellationToken cancellationToken)
    {
        FieldHistoryProgress? last = null;
        await foreach (var update in context.Store.ReadFieldHistoryAsync(request, cancellationToken)) last = update;
        if (last!.State != ReadState.Completed || last.ChangeCount != expected)
        {
            context.Report.Problems.Add($"Item 6: field history of {request.Path} ended {last.State} with {last.ChangeCount} rows, expected {expected}.");
        }
        return (int)last.Cost.ItemsRead;
    }

    private static Operation Ours(string name, Func<Task<int>> run) => new(name, _ => run());

    /// <summary>The raw SDK reading the whole aggregate with the same requests as the data layer; returns items evaluated.</summary>
    private Operation Raw(string name, string[] needles, CancellationToken cancellationToken) => new(name, async _ =>
    {
        long scanned = 0;
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var request = new QueryRequest
            {
                TableName = context.Options.Tables.Commits,
                ConsistentRead = true,
                KeyConditionExpression = "#a = :a",
                ExpressionAttributeNames = new() { ["#a"] = "aggregateId" },
                ExpressionAttributeValues = new() { [":a"] = new AttributeValue { S = Dataset.BigId } },
                ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
                ExclusiveStartKey = start,
            };
            if (needles.Length > 0)
            {
                request.ExpressionAttributeNames["#e"] = "events";
                request.FilterExpression = string.Join(" AND ", needles.Select((n, i) => $"contains(#e, :n{i})"));
                for (var i = 0; i < needles.Length; i++) request.ExpressionAttributeValues[$":n{i}"] = new AttributeValue { S = needles[i] };
            }
            var response = await context.Client.QueryAsync(request, cancellationToken);
            scanned += response.ScannedCount ?? response.Items?.Count ?? 0;
            start = response.LastEvaluatedKey is { Count: > 0 } last ? last : null;
        }
        while (start is not null);
        return (int)scanned;
    });

    /// <summary>
    /// The harness's own memory (the data layer runs in it, as in the web app) while one read runs: managed heap
    /// and working set sampled every 10 ms, against a baseline after a full collection. Reads that keep only
    /// results stay flat however long the history; holding the history (the last row) grows with it.
    /// </summary>
    private async Task MeasureMemoryAsync(ReportSection section, int commits, SearchRequest search, SearchRequest caselessSearch, FieldHistoryRequest history, CancellationToken cancellationToken)
    {
        var store = context.Store;
        var reads = new (string Name, Func<Task<long>> Run)[]
        {
            ("search: text (pre-filtered)", async () => { long n = 0; await foreach (var u in store.SearchAsync(search, cancellationToken)) n += u.NewMatches.Count; return n; }),
            ("search: caseless text (every event parsed)", async () => { long n = 0; await foreach (var u in store.SearchAsync(caselessSearch, cancellationToken)) n += u.NewMatches.Count; return n; }),
            ("field history", async () => { long n = 0; await foreach (var u in store.ReadFieldHistoryAsync(history, cancellationToken)) n += u.NewChanges.Count; return n; }),
            ("export: every commit, streamed (counted, not kept)", async () => { long n = 0; await foreach (var _ in store.ExportAsync(new ExportRequest { Range = CommitRange.Aggregate(Dataset.BigId), Budget = Unbounded }, null, cancellationToken)) n++; return n; }),
            ("for contrast: every commit kept in a list", async () =>
            {
                var all = new List<Commit>();
                await foreach (var commit in store.ExportAsync(new ExportRequest { Range = CommitRange.Aggregate(Dataset.BigId), Budget = Unbounded }, null, cancellationToken)) all.Add(commit);
                var count = all.Count;
                GC.KeepAlive(all);
                return count;
            }),
        };

        var rows = new List<string[]>();
        foreach (var (name, run) in reads)
        {
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
            using var process = Process.GetCurrentProcess();
            process.Refresh();
            var workingSetBefore = process.WorkingSet64;
            long peakHeap = heapBefore, peakWorkingSet = workingSetBefore;
            using var stop = new CancellationTokenSource();
            var sampler = Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    peakHeap = Math.Max(peakHeap, GC.GetTotalMemory(false));
                    process.Refresh();
                    peakWorkingSet = Math.Max(peakWorkingSet, process.WorkingSet64);
                    try { await Task.Delay(10, stop.Token); } catch (OperationCanceledException) { }
                }
            }, CancellationToken.None);
            var watch = Stopwatch.StartNew();
            var results = await run();
            watch.Stop();
            await stop.CancelAsync();
            await sampler;
            rows.Add([name, N(results), Report.Ms(watch.Elapsed.TotalMilliseconds), Mb(peakHeap - heapBefore), Mb(peakWorkingSet - workingSetBefore)]);
            context.Report.Goal("6", $"memory: {name}: peak managed heap above baseline", $"{Mb(peakHeap - heapBefore)} MB (working set +{Mb(peakWorkingSet - workingSetBefore)} MB) over {N(commits)} commits", "info", null);
        }
        section.Table("Process memory while reading the whole history (in the harness, which hosts the data layer as the web app does)",
            ["read", "results", "ms", "peak managed heap above baseline (MB)", "peak working set above baseline (MB)"], rows);
        section.Say("The managed heap is sampled without forcing collections, so its peak includes garbage not yet collected (the gen-0 budget); the contrast row shows what keeping the history instead of the results would cost. The data layer holds one response (at most 1 MB of items) and the one in flight, plus the results it streams out.");
    }

    /// <summary>Time travel in the long aggregate (binary search over versions), in the layout-B feed (commit-id prefix) and in a layout-A feed (binary search over commit ids).</summary>
    private async Task MeasureTimeTravelAsync(ReportSection section, CancellationToken cancellationToken)
    {
        var data = context.Data;
        var moments = context.Settings.Quick ? 10 : 25;
        var first = data.Feed[0].CommittedAtMs;
        var last = data.Feed[^1].CommittedAtMs;
        var times = Enumerable.Range(0, moments)
            .Select(i => DateTimeOffset.FromUnixTimeMilliseconds(first + (long)((last - first) * (i + 0.5) / moments) + (i % 2 == 0 ? 0 : 500)))
            .Append(DateTimeOffset.FromUnixTimeMilliseconds(first - 60_000))
            .Append(DateTimeOffset.FromUnixTimeMilliseconds(last + 60_000))
            .ToList();

        // A layout-A copy of the first part of the feed: numbered commits with a gap after every one (ids 1, 3, 5, ...).
        var layoutACount = Math.Min(data.FeedTotal, context.Settings.Quick ? 5_000 : 20_000);
        var tablesA = new TableNames { Commits = "bench-a-commits", CommitIdIndex = "byId", Counters = "bench-a-counters", Snapshots = "bench-a-snapshots" };
        await TableProvisioner.CreateEventStoreAsync(context.Client, EventStoreLayout.CounterCommitIds, tablesA, cancellationToken);
        var itemsA = data.Feed.Take(layoutACount).Select((c, i) =>
        {
            var item = Seeder.Item(c);
            item["commitId"] = new AttributeValue { N = (2 * i + 1).ToString(CultureInfo.InvariantCulture) };
            return item;
        }).ToList();
        await Seeder.WriteItemsAsync(context.Client, tablesA.Commits, itemsA, parallelism: 4, cancellationToken);
        var (storeA, _) = BenchContext.CreateStore(context.Client, context.ServiceUrl, tablesA);
        await storeA.DescribeAsync(cancellationToken);
        var feedA = data.Feed.Take(layoutACount).Select((c, i) => (Time: c.CommittedAtMs, Position: (2 * i + 1).ToString(CultureInfo.InvariantCulture))).ToList();
        var bigVersions = data.Feed.Where(c => c.AggregateId == Dataset.BigId).Select(c => (Time: c.CommittedAtMs, Position: c.Version.ToString(CultureInfo.InvariantCulture))).ToList();
        var feedB = data.Feed.Select(c => (Time: c.CommittedAtMs, Position: c.CommitId)).ToList();
        var timesA = times.Select(t => DateTimeOffset.FromUnixTimeMilliseconds(first + (t.ToUnixTimeMilliseconds() - first) * layoutACount / data.FeedTotal)).ToList();

        var cases = new (string Name, Func<DateTimeOffset, Task<TimeTravelResult>> Travel, List<(long Time, string Position)> Truth, List<DateTimeOffset> Times)[]
        {
            ($"timeline of the {N(bigVersions.Count)}-commit aggregate (binary search over versions)", at => context.Store.FindFirstAtOrAfterAsync(new TimeTravelQuery { AggregateId = Dataset.BigId, At = at }, cancellationToken), bigVersions, times),
            ($"layout-B feed of {N(feedB.Count)} commits (commit-id prefix)", at => context.Store.FindFirstAtOrAfterAsync(new TimeTravelQuery { At = at }, cancellationToken), feedB, times),
            ($"layout-A feed of {N(feedA.Count)} commits, ids 1 to {N(2 * feedA.Count - 1)} (binary search over commit ids)", at => storeA.FindFirstAtOrAfterAsync(new TimeTravelQuery { At = at }, cancellationToken), feedA, timesA),
        };

        var rows = new List<string[]>();
        foreach (var (name, travel, truth, moments2) in cases)
        {
            var requests = new List<double>();
            var millis = new List<double>();
            var correct = 0;
            var withinBound = true;
            var bound = 0;
            long span = 0;
            foreach (var at in moments2)
            {
                var before = context.Counter.Count;
                var watch = Stopwatch.StartNew();
                var result = await travel(at);
                watch.Stop();
                var sent = context.Counter.Count - before;
                requests.Add(sent);
                millis.Add(watch.Elapsed.TotalMilliseconds);
                bound = Math.Max(bound, result.RequestBound);
                span = Math.Max(span, result.Span);
                withinBound &= sent <= result.RequestBound && sent == result.Requests;
                var expected = truth.FirstOrDefault(t => t.Time >= at.ToUnixTimeMilliseconds()).Position;
                if (result.Position == expected && result.Warnings.Count == 0) correct++;
            }
            var r = Stats.Of(requests);
            rows.Add([name, span == 0 ? "-" : N(span), N(bound), N(r.Median), N(r.Max), $"{correct} of {moments2.Count}", Report.Ms(Stats.Of(millis).Median)]);
            context.Report.Goal("6", $"time travel, {name}: requests (max of {moments2.Count} moments)", $"{N(r.Max)} (median {N(r.Median)}; {correct} of {moments2.Count} landed exactly, without warnings)",
                span == 0 ? "1" : $"<= 2 x ceil(log2 {N(span)}) + 2 = {N(bound)}", withinBound && correct == moments2.Count);
        }
        section.Table("Time travel: requests counted at the HTTP handler", ["where", "n (span searched)", "bound 2 x ceil(log2 n) + 2", "requests median", "requests max", "landed exactly", "median ms"], rows);
        section.Say($"Moments spread evenly over the data (every other one half a second after a commit), plus one before the first commit and one after the last. The layout-A table is a copy of the first {N(layoutACount)} commits of the feed with commit ids 1, 3, 5, ... (a gap after every commit, as failed appends leave), so n is the span of ids, twice the commits. Each binary-search probe reads up to four commits at once (to step over commits without committedAt), and a last request checks the commits just before the answer.");
    }

    private static string Mb(long bytes) => (bytes / 1024.0 / 1024.0).ToString("0.0", CultureInfo.InvariantCulture);

    private static string N(double value) => Report.N(value);
}
