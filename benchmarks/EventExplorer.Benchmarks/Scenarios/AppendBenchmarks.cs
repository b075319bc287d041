using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using EventExplorer.Benchmarks.Infrastructure;
using EventExplorer.Benchmarks.Reporting;
using EventExplorer.Data.Configuration;
using EventExplorer.Data.DynamoDb;
using EventExplorer.Data.Errors;
using EventExplorer.Data.Model;

namespace EventExplorer.Benchmarks.Scenarios;

/// <summary>
/// Item 4: appends through the data service vs bare conditional PutItems, with one writer, eight
/// writers on their own aggregates, and eight writers racing for the same aggregate (where version
/// conflicts happen). Afterwards every aggregate is read back: each acknowledged commit must be
/// there exactly once, each refused one absent, and versions must run 0..n-1 without a hole.
/// </summary>
public sealed class AppendBenchmarks(BenchContext context)
{
    private const int Writers = 8;

    private static readonly TableNames Tables = new()
    {
        Commits = "appendBenchCommits",
        CommitIdIndex = "appendBenchByCommitId",
        Counters = "appendBenchCounters",
        Snapshots = "appendBenchSnapshots",
    };

    private DynamoDbEventStore _store = null!;
    private int _run;

    /// <summary>A writer's proof of what it was told: the tag of every acknowledged append and how many conflicts it saw.</summary>
    private sealed class Outcome
    {
        public ConcurrentBag<string> Acknowledged { get; } = [];
        public ConcurrentBag<double> LatencyMs { get; } = [];
        public int Conflicts;
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var settings = context.Settings;
        await TableProvisioner.CreateEventStoreAsync(context.Client, EventStoreLayout.TimestampCommitIds, Tables, cancellationToken);
        (_store, _) = BenchContext.CreateStore(context.Client, context.ServiceUrl, Tables);
        var section = context.Report.Section("4. Append throughput: data service vs raw SDK PutItem");
        section.Say($"Separate layout-B tables (so the read dataset stays as seeded). The raw baseline is the conditional PutItem (`attribute_not_exists(version)`) that dynamodb-event-store 2.x sends, with an item of the same shape; the data service validates and re-serialises the events JSON and translates errors. With eight writers on one aggregate each writer asks for the next version (the service's ProposeNextVersionAsync, or the same descending Limit-1 consistent Query for raw), appends, and on a version conflict asks again. Phases run in pairs, service and raw back to back (which goes first alternates), {settings.AppendPhases} pairs; the goal compares each service phase with its raw neighbour and takes the median of those ratios, because the machine's load drifts from one phase to the next. After each phase every aggregate written is read back through the data service.");

        // One writer: interleaved append by append, so both see the same moment of the machine.
        Console.WriteLine($"[4] one writer: {settings.SingleWriterAppends} appends each");
        var singleOutcomeOurs = new Outcome();
        var singleOutcomeRaw = new Outcome();
        var ourSingleId = NewAggregateId("single-service");
        var rawSingleId = NewAggregateId("single-raw");
        long ourNext = 0, rawNext = 0;
        var samples = await context.Sampler.RunAsync(
        [
            new Operation("service AppendAsync, 1 writer", async token => { await AppendOursAsync(ourSingleId, ourNext, Tag("s", 0, ourNext), singleOutcomeOurs, token); ourNext++; return 1; }),
            new Operation("raw PutItem, 1 writer", async token => { await PutRawAsync(rawSingleId, rawNext, Tag("r", 0, rawNext), singleOutcomeRaw, token); rawNext++; return 1; }),
        ], warmup: 0, rounds: settings.SingleWriterAppends, cancellationToken);
        var singleOurs = samples[0];
        var singleRaw = samples[1];
        var lost = await VerifyAsync(ourSingleId, singleOutcomeOurs, cancellationToken) + await VerifyAsync(rawSingleId, singleOutcomeRaw, cancellationToken);

        // Eight writers, each on its own aggregate: throughput without contention.
        Console.WriteLine($"[4] eight writers on their own aggregates: {Writers} x {settings.AppendsPerWriter} appends per phase");
        var ownOurs = new List<PhaseResult>();
        var ownRaw = new List<PhaseResult>();
        for (var phase = 0; phase < settings.AppendPhases; phase++)
        {
            var (ours, raw) = await PairAsync(phase, useService => OwnAggregatesPhaseAsync(useService, settings.AppendsPerWriter, cancellationToken));
            ownOurs.Add(ours);
            ownRaw.Add(raw);
            lost += ours.Lost + raw.Lost;
        }

        // Eight writers racing on one aggregate.
        Console.WriteLine($"[4] eight writers on one aggregate: {settings.SharedAggregateAppends} commits per phase");
        var sharedOurs = new List<PhaseResult>();
        var sharedRaw = new List<PhaseResult>();
        for (var phase = 0; phase < settings.AppendPhases; phase++)
        {
            var (ours, raw) = await PairAsync(phase, useService => SharedAggregatePhaseAsync(useService, settings.SharedAggregateAppends, cancellationToken));
            sharedOurs.Add(ours);
            sharedRaw.Add(raw);
            lost += ours.Lost + raw.Lost;
        }

        var rows = new List<string[]>
        {
            Row("1 writer (interleaved)", "service", 1000 / singleOurs.Milliseconds.Median, singleOurs.Milliseconds, settings.SingleWriterAppends, 0, singleOurs.Requests.Median),
            Row("1 writer (interleaved)", "raw PutItem", 1000 / singleRaw.Milliseconds.Median, singleRaw.Milliseconds, settings.SingleWriterAppends, 0, singleRaw.Requests.Median),
            Summary($"{Writers} writers, own aggregates", "service", ownOurs),
            Summary($"{Writers} writers, own aggregates", "raw PutItem", ownRaw),
            Summary($"{Writers} writers, one aggregate", "service", sharedOurs),
            Summary($"{Writers} writers, one aggregate", "raw Query + PutItem", sharedRaw),
        };
        section.Table("Throughput (commits acknowledged per second; for one writer, 1000 / median latency)",
            ["writers", "path", "commits/s (median)", "append latency median ms", "p90 ms", "min ms", "commits", "conflicts", "requests per commit"], rows);
        var phaseRows = ownOurs.Select((p, i) => PhaseRow("own aggregates", "service", i, p))
            .Concat(ownRaw.Select((p, i) => PhaseRow("own aggregates", "raw", i, p)))
            .Concat(sharedOurs.Select((p, i) => PhaseRow("one aggregate", "service", i, p)))
            .Concat(sharedRaw.Select((p, i) => PhaseRow("one aggregate", "raw", i, p)));
        section.Table("Every phase (phase n of the service and of raw ran back to back)", ["case", "path", "phase", "commits", "seconds", "commits/s", "conflicts", "lost", "requests", "harness CPU µs per commit"], phaseRows);

        var singleRatio = singleOurs.Milliseconds.Median / singleRaw.Milliseconds.Median;
        context.Report.Goal("4", "1 writer: append latency, service / raw PutItem", $"{Report.Ratio(singleRatio)} ({Report.Ms(singleOurs.Milliseconds.Median)} vs {Report.Ms(singleRaw.Milliseconds.Median)} ms)", "<= 1.2x (item 2's overhead goal)", singleRatio <= 1.2,
            $"Requests per append {Report.N(singleOurs.Requests.Median)} vs {Report.N(singleRaw.Requests.Median)}; p90 {Report.Ms(singleOurs.Milliseconds.P90)} vs {Report.Ms(singleRaw.Milliseconds.P90)} ms. The service's own work per append is validating and re-serialising the events JSON.");
        // The load on this shared machine drifts within seconds, so each service phase is compared with
        // the raw phase run right next to it, and the goal is the median of those paired ratios.
        var ownRatio = PairedRatio(ownRaw, ownOurs);
        context.Report.Goal("4", $"{Writers} writers, own aggregates: throughput, raw / service (median of paired phases)", $"{Report.Ratio(ownRatio)} (medians {Report.N(Math.Round(Median(ownOurs.Select(p => p.PerSecond))))} vs {Report.N(Math.Round(Median(ownRaw.Select(p => p.PerSecond))))} commits/s)", "<= 1.2x", ownRatio <= 1.2, Why(ownRaw, ownOurs));
        var sharedRatio = PairedRatio(sharedRaw, sharedOurs);
        context.Report.Goal("4", $"{Writers} writers, one aggregate: throughput, raw / service (median of paired phases)", $"{Report.Ratio(sharedRatio)} (medians {Report.N(Math.Round(Median(sharedOurs.Select(p => p.PerSecond))))} vs {Report.N(Math.Round(Median(sharedRaw.Select(p => p.PerSecond))))} commits/s)", "<= 1.2x", sharedRatio <= 1.2, Why(sharedRaw, sharedOurs));
        context.Report.Goal("4", $"{Writers} writers, one aggregate: version conflicts (service / raw, all phases)", $"{Report.N(sharedOurs.Sum(p => p.Conflicts))} / {Report.N(sharedRaw.Sum(p => p.Conflicts))}", "counted (expected > 0)", null);
        context.Report.Goal("4", "commits lost or duplicated, all append phases", Report.N(lost), "0", lost == 0);
        section.Say($"Read-back check: {(lost == 0 ? "every acknowledged commit was found exactly once, no refused one was found, and versions ran 0..n-1 in every aggregate" : $"{lost} commits were lost, duplicated or unexpected (see Problems)")}.");
    }

    /// <param name="CpuMs">CPU time this process (the harness plus the data service or the SDK) spent in the phase.</param>
    private sealed record PhaseResult(int Commits, double Seconds, int Conflicts, int Lost, long Requests, IReadOnlyCollection<double> LatencyMs, double CpuMs)
    {
        public double CpuMicrosecondsPerCommit => CpuMs * 1000 / Commits;

        public double PerSecond => Commits / Seconds;
    }

    private async Task<PhaseResult> OwnAggregatesPhaseAsync(bool useService, int perWriter, CancellationToken cancellationToken)
    {
        var ids = Enumerable.Range(0, Writers).Select(w => NewAggregateId(useService ? $"own-service-{w}" : $"own-raw-{w}")).ToArray();
        var outcomes = ids.Select(_ => new Outcome()).ToArray();
        var before = context.Counter.Count;
        var cpu = CpuTime();
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            for (long v = 0; v < perWriter; v++)
            {
                if (useService) await AppendOursAsync(ids[w], v, Tag("o", w, v), outcomes[w], cancellationToken);
                else await PutRawAsync(ids[w], v, Tag("o", w, v), outcomes[w], cancellationToken);
            }
        }, cancellationToken)));
        watch.Stop();
        var cpuMs = (CpuTime() - cpu).TotalMilliseconds;
        var requests = context.Counter.Count - before;
        var lost = 0;
        for (var w = 0; w < Writers; w++) lost += await VerifyAsync(ids[w], outcomes[w], cancellationToken);
        return new PhaseResult(outcomes.Sum(o => o.Acknowledged.Count), watch.Elapsed.TotalSeconds, outcomes.Sum(o => o.Conflicts), lost, requests,
            outcomes.SelectMany(o => o.LatencyMs).ToList(), cpuMs);
    }

    private async Task<PhaseResult> SharedAggregatePhaseAsync(bool useService, int target, CancellationToken cancellationToken)
    {
        var id = NewAggregateId(useService ? "shared-service" : "shared-raw");
        var outcome = new Outcome();
        var committed = 0;
        var before = context.Counter.Count;
        var cpu = CpuTime();
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            for (long attempt = 0; Volatile.Read(ref committed) < target; attempt++)
            {
                var version = useService
                    ? await _store.ProposeNextVersionAsync(id, cancellationToken)
                    : await RawNextVersionAsync(id, cancellationToken);
                var ok = useService
                    ? await AppendOursAsync(id, version, Tag("x", w, attempt), outcome, cancellationToken)
                    : await PutRawAsync(id, version, Tag("x", w, attempt), outcome, cancellationToken);
                if (ok) Interlocked.Increment(ref committed);
            }
        }, cancellationToken)));
        watch.Stop();
        var cpuMs = (CpuTime() - cpu).TotalMilliseconds;
        var requests = context.Counter.Count - before;
        var lost = await VerifyAsync(id, outcome, cancellationToken);
        return new PhaseResult(outcome.Acknowledged.Count, watch.Elapsed.TotalSeconds, outcome.Conflicts, lost, requests, outcome.LatencyMs.ToList(), cpuMs);
    }

    /// <returns>False on a version conflict (counted), true when the commit was acknowledged.</returns>
    private async Task<bool> AppendOursAsync(string aggregateId, long version, string tag, Outcome outcome, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        try
        {
            await _store.AppendAsync(new AppendRequest { AggregateId = aggregateId, Version = version, EventsJson = EventsJson(tag) }, cancellationToken);
            outcome.LatencyMs.Add(watch.Elapsed.TotalMilliseconds);
            outcome.Acknowledged.Add(tag);
            return true;
        }
        catch (VersionConflictException)
        {
            Interlocked.Increment(ref outcome.Conflicts);
            return false;
        }
    }

    private async Task<bool> PutRawAsync(string aggregateId, long version, string tag, Outcome outcome, CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow;
        var watch = Stopwatch.StartNew();
        try
        {
            await context.Client.PutItemAsync(new PutItemRequest
            {
                TableName = Tables.Commits,
                Item = Seeder.Item(new SeedCommit(aggregateId, version,
                    now.UtcDateTime.ToString("yyyyMMddHHmmssfff", CultureInfo.InvariantCulture) + ":" + aggregateId,
                    now.ToUnixTimeMilliseconds(), EventsJson(tag))),
                ConditionExpression = "attribute_not_exists(version)",
            }, cancellationToken);
            outcome.LatencyMs.Add(watch.Elapsed.TotalMilliseconds);
            outcome.Acknowledged.Add(tag);
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            Interlocked.Increment(ref outcome.Conflicts);
            return false;
        }
    }

    private async Task<long> RawNextVersionAsync(string aggregateId, CancellationToken cancellationToken)
    {
        var response = await context.Client.QueryAsync(new QueryRequest
        {
            TableName = Tables.Commits,
            KeyConditionExpression = "aggregateId = :a",
            ExpressionAttributeValues = new() { [":a"] = new AttributeValue { S = aggregateId } },
            ScanIndexForward = false,
            ConsistentRead = true,
            Limit = 1,
            ProjectionExpression = "version",
        }, cancellationToken);
        var head = response.Items?.FirstOrDefault();
        return head is null ? 0 : long.Parse(head["version"].N, CultureInfo.InvariantCulture) + 1;
    }

    /// <summary>
    /// Reads the aggregate back through the data service. Counts acknowledged commits that are missing,
    /// commits found that nobody was told were written (or found twice), and holes in the versions.
    /// </summary>
    private async Task<int> VerifyAsync(string aggregateId, Outcome outcome, CancellationToken cancellationToken)
    {
        var found = new List<(long? Version, string Tag)>();
        var query = new TimelineQuery { AggregateId = aggregateId, PageSize = 1000, FromOldest = true, Order = ReadOrder.OldestFirst };
        while (true)
        {
            var page = await _store.ReadTimelineAsync(query, cancellationToken);
            found.AddRange(page.Items.Select(c => (c.Version, TagOf(c))));
            if (page.Items.Count == 0 || page.Newer is null) break;
            query = new TimelineQuery { AggregateId = aggregateId, PageSize = 1000, Order = ReadOrder.OldestFirst, Position = page.Newer };
        }

        var acknowledged = outcome.Acknowledged.ToHashSet();
        var tags = found.Select(f => f.Tag).ToList();
        var missing = acknowledged.Except(tags).Count();
        var unexpected = tags.Count(t => !acknowledged.Contains(t)) + (tags.Count - tags.Distinct().Count());
        var versions = found.Select(f => f.Version ?? -1).Order().ToList();
        var holes = versions.Where((v, i) => v != i).Count();
        var problems = missing + unexpected + holes;
        if (problems > 0)
        {
            context.Report.Problems.Add($"Append check on {aggregateId}: {missing} acknowledged commits missing, {unexpected} unexpected or duplicated, {holes} versions out of 0..n-1.");
        }
        return problems;
    }

    private static string TagOf(Commit commit)
    {
        using var doc = JsonDocument.Parse(commit.EventsJson ?? "[]");
        return doc.RootElement[0].GetProperty("tag").GetString() ?? "";
    }

    private static string Tag(string kind, int writer, long sequence) => $"{kind}-{writer}-{sequence}";

    private static string EventsJson(string tag) =>
        $$"""[{"type":"BenchAppended","tag":"{{tag}}","line":{"sku":"SKU-00042","quantity":3,"unitPrice":12.5},"by":"user-7"}]""";

    private string NewAggregateId(string stem) => $"append-{stem}-{Interlocked.Increment(ref _run)}";

    private static string[] Row(string writers, string path, double perSecond, Stats latency, int commits, int conflicts, double requestsPerCommit) =>
        [writers, path, Report.N(Math.Round(perSecond)), Report.Ms(latency.Median), Report.Ms(latency.P90), Report.Ms(latency.Min), Report.N(commits), Report.N(conflicts), Report.N(Math.Round(requestsPerCommit, 2))];

    private static string[] Summary(string writers, string path, List<PhaseResult> phases)
    {
        var latency = Stats.Of(phases.SelectMany(p => p.LatencyMs).ToList());
        var commits = phases.Sum(p => p.Commits);
        return Row(writers, path, Median(phases.Select(p => p.PerSecond)), latency, commits, phases.Sum(p => p.Conflicts), (double)phases.Sum(p => p.Requests) / commits);
    }

    private static string[] PhaseRow(string kind, string path, int index, PhaseResult p) =>
        [kind, path, (index + 1).ToString(CultureInfo.InvariantCulture), Report.N(p.Commits), p.Seconds.ToString("0.00", CultureInfo.InvariantCulture), Report.N(Math.Round(p.PerSecond)), Report.N(p.Conflicts), Report.N(p.Lost), Report.N(p.Requests), Report.N(Math.Round(p.CpuMicrosecondsPerCommit))];

    private static double Median(IEnumerable<double> values) => Stats.Of(values.ToList()).Median;

    /// <summary>Runs a service phase and a raw phase back to back, alternating which goes first.</summary>
    private static async Task<(PhaseResult Ours, PhaseResult Raw)> PairAsync(int phase, Func<bool, Task<PhaseResult>> run)
    {
        if (phase % 2 == 0)
        {
            var ours = await run(true);
            return (ours, await run(false));
        }
        var raw = await run(false);
        return (await run(true), raw);
    }

    private static string Why(List<PhaseResult> raw, List<PhaseResult> ours)
    {
        var ratios = raw.Zip(ours, (r, o) => r.PerSecond / o.PerSecond).Order().ToList();
        var perCommit = (double)ours.Sum(p => p.Requests) / ours.Sum(p => p.Commits);
        var rawPerCommit = (double)raw.Sum(p => p.Requests) / raw.Sum(p => p.Commits);
        var cpu = Median(ours.Select(p => p.CpuMicrosecondsPerCommit));
        var rawCpu = Median(raw.Select(p => p.CpuMicrosecondsPerCommit));
        var conflictsPerCommit = (double)ours.Sum(p => p.Conflicts) / ours.Sum(p => p.Commits);
        var conflictWork = conflictsPerCommit > 0
            ? $", and on this shared aggregate turning each of its {conflictsPerCommit:0.0} conflicts per commit from the SDK's exception into a VersionConflictException"
            : "";
        return $"The paired ratios ranged from {Report.Ratio(ratios[0])} to {Report.Ratio(ratios[^1])} over {ratios.Count} pairs; requests per commit {perCommit:0.00} (service) vs {rawPerCommit:0.00} (raw); CPU of this process per commit {cpu:0} µs (service) vs {rawCpu:0} µs (raw). With the same requests, what is left is the service's CPU work per append (validating and re-serialising the events JSON, mapping the stored item back to a Commit{conflictWork}), which shows when eight writers, dynalite and the rest of the machine compete for two cores; and the load, which drifts between phases.";
    }

    private static TimeSpan CpuTime()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }

    private static double PairedRatio(List<PhaseResult> raw, List<PhaseResult> ours) =>
        Median(raw.Zip(ours, (r, o) => r.PerSecond / o.PerSecond));
}
