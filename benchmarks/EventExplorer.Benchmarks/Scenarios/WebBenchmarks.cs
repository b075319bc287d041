using System.Diagnostics;
using System.Globalization;
using EventExplorer.Benchmarks.Infrastructure;
using EventExplorer.Benchmarks.Reporting;
using EventExplorer.Testing;
using Microsoft.Playwright;

namespace EventExplorer.Benchmarks.Scenarios;

/// <summary>
/// Item 5: the built web app (its own self-contained process, as the browser suite runs it) over the
/// seeded dynalite. Time from navigation to the timeline's first rendered commit for a short and a
/// long aggregate, then the server's memory with 1, 20 and 100 circuits open on the long timeline.
/// </summary>
public sealed class WebBenchmarks(BenchContext context)
{
    /// <summary>A commit row of the timeline table (Timeline.razor).</summary>
    public const string CommitSelector = "table.commits tr.commit-row";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var settings = context.Settings;
        var tables = context.Options.Tables;
        await using var app = await AppHost.StartAsync(new Dictionary<string, string>
        {
            ["EventExplorer__ServiceUrl"] = context.ServiceUrl,
            ["EventExplorer__Region"] = "us-east-1",
            ["EventExplorer__ReadOnly"] = "true",
            ["EventExplorer__Tables__Commits"] = tables.Commits,
            ["EventExplorer__Tables__CommitIdIndex"] = tables.CommitIdIndex,
            ["EventExplorer__Tables__Counters"] = tables.Counters,
            ["EventExplorer__Tables__Snapshots"] = tables.Snapshots,
            ["Logging__LogLevel__Default"] = "Warning",
        }, cancellationToken: cancellationToken);
        var server = ServerProcess.Find(app.BaseUrl);
        var (playwright, browser) = await ChromiumBrowser.LaunchAsync();
        try
        {
            var section = context.Report.Section("5. The web app: first rendered commit, and server memory per circuit");
            section.Say($"The Release build of EventExplorer.Web (started as its own process by the test-support AppHost with ASPNETCORE_ENVIRONMENT=Development as the browser suite runs it, read-only) over the same dynalite; Debian Chromium, headless, driven by Playwright.");
            await MeasureNavigationAsync(app.BaseUrl, browser, section, cancellationToken);
            await MeasureCircuitsAsync(app.BaseUrl, browser, server, section, cancellationToken);
        }
        finally
        {
            await browser.CloseAsync();
            playwright.Dispose();
        }
    }

    private async Task MeasureNavigationAsync(string baseUrl, IBrowser browser, ReportSection section, CancellationToken cancellationToken)
    {
        var settings = context.Settings;
        // The short aggregate's page has as many rows as the long one's: a control for page size.
        var targets = new[]
        {
            (Name: $"{Dataset.SmallCount}-commit aggregate", Id: Dataset.SmallId),
            (Name: $"{Report.N(context.Data.BigCount)}-commit aggregate", Id: Dataset.BigId),
            (Name: $"{Report.N(context.Data.MediumCount)}-commit aggregate (control: full first page too)", Id: Dataset.MediumId),
        };
        var times = targets.Select(_ => new List<double>()).ToArray();
        Console.WriteLine($"[5] navigation to first commit: {settings.NavigationRounds} rounds + 2 warm-up");
        for (var round = -2; round < settings.NavigationRounds; round++)
        {
            for (var k = 0; k < targets.Length; k++)
            {
                var index = (k + Math.Max(round, 0)) % targets.Length;
                // A fresh context per navigation: no HTTP cache, a new circuit, as a user opening a pasted link.
                await using var browserContext = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseUrl });
                var page = await browserContext.NewPageAsync();
                var watch = Stopwatch.StartNew();
                await page.GotoAsync(AppUrls.Timeline(targets[index].Id), new PageGotoOptions { WaitUntil = WaitUntilState.Commit });
                await page.Locator(CommitSelector).First.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Visible, Timeout = 30_000 });
                watch.Stop();
                if (round < 0) continue;
                times[index].Add(watch.Elapsed.TotalMilliseconds);
            }
        }

        var stats = times.Select(Stats.Of).ToArray();
        section.Table($"Navigation to the first visible commit of the timeline at its plain link (AppUrls.Timeline(id): newest page, the UI's default page size), {settings.NavigationRounds} rounds after 2 warm-ups, interleaved, each in a new browser context (no HTTP cache, a new circuit)",
            ["aggregate", "median ms", "p90 ms", "min ms", "max ms"],
            targets.Select((t, i) => new[] { t.Name, Report.Ms(stats[i].Median), Report.Ms(stats[i].P90), Report.Ms(stats[i].Min), Report.Ms(stats[i].Max) }));
        var ratio = stats[1].Median / stats[0].Median;
        context.Report.Goal("5", $"first rendered commit: {targets[1].Name} / {targets[0].Name}", $"{Report.Ratio(ratio)} ({Report.Ms(stats[1].Median)} vs {Report.Ms(stats[0].Median)} ms)", "<= 1.5x (item 1's growth goal)", ratio <= 1.5,
            $"The long aggregate's first page is full (the UI's default page size) and the short one's has {Dataset.SmallCount} rows; against a short aggregate with a full first page the ratio is {Report.Ratio(stats[1].Median / stats[2].Median)}.");
        var control = stats[1].Median / stats[2].Median;
        context.Report.Goal("5", $"first rendered commit: {targets[1].Name} / {targets[2].Name}", $"{Report.Ratio(control)} ({Report.Ms(stats[1].Median)} vs {Report.Ms(stats[2].Median)} ms)", "control", null);
    }

    private async Task MeasureCircuitsAsync(string baseUrl, IBrowser browser, ServerProcess server, ReportSection section, CancellationToken cancellationToken)
    {
        var settings = context.Settings;
        var url = AppUrls.Timeline(Dataset.BigId);
        await using var browserContext = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseUrl });
        var pages = new List<IPage>();
        var baseline = await server.SettleAndReadAsync(cancellationToken);
        var rows = new List<string[]> { new[] { "0 (after the navigation rounds)", Mb(baseline.WorkingSet), Mb(baseline.Private), "-", "-" } };
        var previous = (Circuits: 0, Memory: baseline);
        Console.WriteLine($"[5] circuits: {string.Join(", ", settings.CircuitCounts)}");
        foreach (var target in settings.CircuitCounts)
        {
            while (pages.Count < target)
            {
                var watch = Stopwatch.StartNew();
                pages.Add(await OpenCircuitWithRetryAsync(browserContext, url));
                if (pages.Count % 10 == 0) Console.WriteLine($"    circuit {pages.Count}: {watch.ElapsedMilliseconds} ms");
            }
            var memory = await server.SettleAndReadAsync(cancellationToken);
            var added = target - previous.Circuits;
            var perCircuitStep = (memory.WorkingSet - previous.Memory.WorkingSet) / (double)added;
            var perCircuitTotal = (memory.WorkingSet - baseline.WorkingSet) / (double)target;
            rows.Add([Report.N(target), Mb(memory.WorkingSet), Mb(memory.Private), Mb(perCircuitStep), Mb(perCircuitTotal)]);
            context.Report.Goal("5", $"server working set with {target} open circuit(s) on the {Report.N(context.Data.BigCount)}-commit timeline",
                $"{Mb(memory.WorkingSet)} MB (private {Mb(memory.Private)} MB); {Mb(perCircuitTotal)} MB per circuit over the baseline", "measured (no goal set)", null);
            previous = (target, memory);
        }
        section.Table("Server memory (VmRSS = working set; private = Private_Clean + Private_Dirty from smaps_rollup), read after the circuits settled",
            ["open circuits", "working set MB", "private MB", "MB per circuit (this step)", "MB per circuit (vs 0)"], rows);
        section.Say("All circuits are pages of one browser context, each connected over its own WebSocket (the harness waits for the `_blazor` socket to open and the first commit to show). The server's GC cannot be forced from outside, so the figures include garbage not yet collected; the per-circuit figure is the difference divided by the circuits added. The warm-up and navigation circuits, now disconnected, are still retained by the server (Blazor keeps a disconnected circuit for 3 minutes) and are part of the baseline.");
        if (_retries > 0) section.Say($"{_retries} page(s) did not get a connected circuit within 60 s and were closed and opened again.");
        foreach (var page in pages) await page.CloseAsync();
    }

    private int _retries;

    /// <summary>
    /// On a machine under heavy load a page now and then never gets its circuit connected; it is closed
    /// and opened again (once), and the report says how often that happened.
    /// </summary>
    private async Task<IPage> OpenCircuitWithRetryAsync(IBrowserContext browserContext, string url)
    {
        try
        {
            return await OpenCircuitAsync(browserContext, url);
        }
        catch (Exception ex) when (ex is TimeoutException or PlaywrightException)
        {
            _retries++;
            Console.WriteLine($"    a circuit did not connect ({ex.GetType().Name}); opening it again");
            foreach (var stale in browserContext.Pages.Where(p => !_opened.Contains(p)).ToList()) await stale.CloseAsync();
            return await OpenCircuitAsync(browserContext, url);
        }
    }

    private readonly HashSet<IPage> _opened = [];

    /// <summary>Opens the timeline in a new page and returns once its circuit's WebSocket is open and a commit is visible.</summary>
    private async Task<IPage> OpenCircuitAsync(IBrowserContext browserContext, string url)
    {
        var page = await browserContext.NewPageAsync();
        var connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        page.WebSocket += (_, socket) =>
        {
            if (socket.Url.Contains("_blazor", StringComparison.Ordinal)) connected.TrySetResult();
        };
        await page.GotoAsync(url);
        await page.Locator(CommitSelector).First.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Visible, Timeout = 60_000 });
        await connected.Task.WaitAsync(TimeSpan.FromSeconds(60));
        _opened.Add(page);
        return page;
    }

    private static string Mb(double bytes) => (bytes / 1024 / 1024).ToString("0.0", CultureInfo.InvariantCulture);
}
