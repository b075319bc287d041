using System.Diagnostics;
using EventExplorer.Benchmarks;
using EventExplorer.Benchmarks.Infrastructure;
using EventExplorer.Benchmarks.Reporting;
using EventExplorer.Benchmarks.Scenarios;
using EventExplorer.Data.DynamoDb;
using EventExplorer.Testing;
using EventExplorer.Data.Model;

// A console harness rather than BenchmarkDotNet: every figure here is I/O against a separate server
// process, the goals are ratios between operations that must share one seeded dataset and one
// moment of a noisy shared machine (so they are interleaved round by round), and seeding 200,000
// commits once per process (BenchmarkDotNet runs each benchmark in its own process) would cost more
// than the measurements. See docs/benchmarks.md.
var settings = BenchSettings.Parse(args);
var machine = Machine.Describe(settings.RepoRoot);
var report = new Report();
var total = Stopwatch.StartNew();
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
var token = cancel.Token;

Console.WriteLine($"EventExplorer benchmarks{(settings.Quick ? " (quick)" : "")}: {machine.Cpu}, {machine.Cores} cores; output {settings.OutputPath}");
await using var dynalite = await DynaliteServer.StartAsync(cancellationToken: token);
var (client, counter) = BenchClients.Create(dynalite.ServiceUrl);
var tables = Dataset.Tables;
await TableProvisioner.CreateEventStoreAsync(client, EventStoreLayout.TimestampCommitIds, tables, token);
await TableProvisioner.CreateSnapshotStoreAsync(client, tables.Snapshots, "snapshotId", token);

var data = Dataset.Build(settings.BigCount, settings.FeedTotal);
var seedWatch = Stopwatch.StartNew();
var seedRequestsBefore = counter.Count;
await Seeder.WriteAsync(client, tables.Commits, data.Feed, parallelism: 4, token);
seedWatch.Stop();
var seedRequests = counter.Count - seedRequestsBefore;
Console.WriteLine($"seeded {data.FeedTotal:N0} commits in {seedWatch.Elapsed.TotalSeconds:0.0} s ({seedRequests:N0} BatchWriteItem requests)");

var (store, options) = BenchContext.CreateStore(client, dynalite.ServiceUrl, tables);
var context = new BenchContext
{
    Settings = settings,
    Data = data,
    ServiceUrl = dynalite.ServiceUrl,
    DatabaseProcessId = dynalite.ProcessId,
    Client = client,
    Counter = counter,
    Options = options,
    Store = store,
    Report = report,
};

var setup = report.Section("Setup");
setup.Say($"dynalite in memory, started by the harness. Seeded {data.FeedTotal:N0} commits (layout B) in {seedWatch.Elapsed.TotalSeconds:0.0} s with {seedRequests:N0} BatchWriteItem requests of 25 items, 4 in flight ({data.FeedTotal / seedWatch.Elapsed.TotalSeconds:N0} items/s). Commits carry one or two small order events (about 150 to 250 bytes of JSON).");

async Task Step(int[] items, string name, Func<Task> run)
{
    if (!items.Any(settings.Items.Contains)) return;
    var item = string.Join("+", items);
    var watch = Stopwatch.StartNew();
    try
    {
        await run();
    }
    catch (Exception ex) when (ex is not OperationCanceledException)
    {
        report.Problems.Add($"Item {item} ({name}) failed: {ex.GetType().Name}: {ex.Message}");
        Console.Error.WriteLine($"[{item}] {name} failed: {ex}");
    }
    Console.WriteLine($"[{item}] {name}: {watch.Elapsed.TotalSeconds:0.0} s");
}

await Step([1, 2], "page reads (items 1 and 2)", () => new ReadBenchmarks(context).RunAsync(token));
await Step([3], "npm dynamodb-event-store", () => new NpmComparison(context).RunAsync(token));
await Step([4], "appends", () => new AppendBenchmarks(context).RunAsync(token));
await Step([5], "web app", () => new WebBenchmarks(context).RunAsync(token));
await Step([6], "find anything", () => new FindBenchmarks(context).RunAsync(token));
await Step([7], "lighthouse", () => new LighthouseBenchmarks(context).RunAsync(token));
await Step([8], "static page", () => new StaticPageBenchmarks(context).RunAsync(token));
await Step([9], "state and snapshots", () => new StateBenchmarks(context).RunAsync(token));
await Step([10], "shared live tail", () => new TailBenchmarks(context).RunAsync(token));
await Step([11], "read-capacity budget", () => new BudgetBenchmarks(context).RunAsync(token));
await Step([12], "integrity check", () => new IntegrityBenchmarks(context).RunAsync(token));
await Step([13], "server CPU per page turn, by page kind", () => new PageCpuBenchmarks(context).RunAsync(token));

total.Stop();
var markdown = report.ToMarkdown(machine, settings, total.Elapsed);
Directory.CreateDirectory(Path.GetDirectoryName(settings.OutputPath)!);
await File.WriteAllTextAsync(settings.OutputPath, markdown, token);

Console.WriteLine();
Console.WriteLine("Goals:");
foreach (var goal in report.Goals)
{
    Console.WriteLine($"  [{goal.Verdict,-4}] item {goal.Item}: {goal.What}: {goal.Figure} (goal {goal.Goal})");
}
foreach (var problem in report.Problems) Console.WriteLine($"  PROBLEM: {problem}");
Console.WriteLine($"Report written to {settings.OutputPath} ({total.Elapsed.TotalMinutes:0.0} min).");
return report.Problems.Count == 0 ? 0 : 1;
