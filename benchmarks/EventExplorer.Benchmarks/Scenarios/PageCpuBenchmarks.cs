using EventExplorer.Benchmarks.Infrastructure;
using EventExplorer.Benchmarks.Reporting;
using EventExplorer.Testing;
using Microsoft.Playwright;

namespace EventExplorer.Benchmarks.Scenarios;

/// <summary>
/// Item 13: the server's CPU per page turn, by page kind, with one headless tab (so the browser does not
/// compete for the cores with 99 others, as in item 5's 100-tab phases). Each turn is a navigation over
/// the tab's circuit; the web app's and dynalite's CPU time come from /proc (<see cref="ProcessCpu"/>) over
/// all the turns of a kind.
/// </summary>
public sealed class PageCpuBenchmarks(BenchContext context)
{
    /// <summary>
    /// In the page: navigates over the circuit to the search of whichever of the two aggregates is not shown
    /// now (a link Blazor's router intercepts, as the app's own links are) and resolves with the ms until
    /// the results are that aggregate's and the status says Done.
    /// </summary>
    private const string SearchTurnScript = """
        ([urlA, aggregateA, urlB, aggregateB, timeout]) => new Promise((resolve, reject) => {
            const shown = () => document.querySelector('.match-aggregate')?.textContent?.trim();
            const [url, aggregate] = shown() === aggregateA ? [urlB, aggregateB] : [urlA, aggregateA];
            const done = () => shown() === aggregate && (document.querySelector('.read-progress')?.textContent ?? '').includes('Done');
            const start = performance.now();
            const observer = new MutationObserver(() => { if (done()) finish(); });
            const deadline = setTimeout(() => { observer.disconnect(); reject(new Error(`the search for ${aggregate} did not finish within ${timeout} ms`)); }, timeout);
            function finish() { observer.disconnect(); clearTimeout(deadline); resolve(performance.now() - start); }
            observer.observe(document.body, { childList: true, subtree: true, characterData: true });
            const link = document.createElement('a');
            link.href = url;
            document.body.appendChild(link);
            link.click();
            link.remove();
        })
        """;

    private static readonly TimeSpan IdleSpan = TimeSpan.FromSeconds(5);

    private sealed record Kind(string Name, string StartUrl, string What, Func<IPage, int, Task<double>> TurnAsync);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var turns = context.Settings.Quick ? 10 : 60;
        // A fresh app: enough turns for the JIT's tiered recompilation of the page's code to have settled.
        var warmup = context.Settings.Quick ? 4 : 30;
        await using var app = await AppHost.StartAsync(context.AppSettings(), cancellationToken: cancellationToken);
        var server = ServerProcess.Find(app.BaseUrl);
        var cpu = new ProcessCpu(server.ProcessId, context.DatabaseProcessId);
        var (playwright, browser) = await ChromiumBrowser.LaunchAsync();
        var load = Machine.LoadAverage();
        var rows = new List<string[]>();
        // The app started and no tab open yet: its own background work.
        var idleWithoutTabs = await IdleAsync(cpu, cancellationToken);
        var (idle, idleAfter) = (idleWithoutTabs, idleWithoutTabs);
        try
        {
            var searchText = "OrderLineAdded";
            string[] searched = [Dataset.SmallId, Dataset.MediumId];
            var kinds = new Kind[]
            {
                new($"timeline of the {Report.N(context.Data.BigCount)}-commit aggregate", AppUrls.Timeline(Dataset.BigId), "Older / Newer in the pager (a page of the UI's default size)",
                    (page, i) => PagerTurnAsync(page, i)),
                new("feed", "/feed", "Older / Newer in the pager (not live)", (page, i) => PagerTurnAsync(page, i)),
                new("search results", SearchUrl(searchText, searched[0]), $"a search for `{searchText}` in one aggregate, alternating between the {Dataset.SmallCount}-commit and the {Report.N(context.Data.MediumCount)}-commit aggregate, until its status says Done",
                    (page, _) => page.EvaluateAsync<double>(SearchTurnScript, new object[] { SearchUrl(searchText, searched[0]), searched[0], SearchUrl(searchText, searched[1]), searched[1], 60_000 })),
            };
            // Every tab opened and warmed up first, so that no kind's figure carries the JIT's work for another's code.
            var contexts = new List<IBrowserContext>();
            var pages = new List<IPage>();
            foreach (var kind in kinds)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var browserContext = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = app.BaseUrl });
                contexts.Add(browserContext);
                var page = await browserContext.NewPageAsync();
                var connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                page.WebSocket += (_, socket) =>
                {
                    if (socket.Url.Contains("_blazor", StringComparison.Ordinal)) connected.TrySetResult();
                };
                await page.GotoAsync(kind.StartUrl);
                await connected.Task.WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);
                // The circuit takes over from the prerender: a turn that met the prerendered page is tried again.
                for (var i = 0; i < warmup; i++) await RetryAsync(page, () => kind.TurnAsync(page, i));
                pages.Add(page);
            }

            // A first pass of every kind, not measured: the JIT recompiles the code the warm-up ran hot
            // (tiered compilation, in the background) for seconds after it, and that is not the turns' cost.
            for (var k = 0; k < kinds.Length; k++)
            {
                for (var i = 0; i < turns; i++) await RetryAsync(pages[k], () => kinds[k].TurnAsync(pages[k], i));
            }

            // Every tab open and idle: what the app spends without turns.
            idle = await IdleAsync(cpu, cancellationToken);

            for (var k = 0; k < kinds.Length; k++)
            {
                var (kind, page) = (kinds[k], pages[k]);
                var times = new List<double>();
                var before = cpu.Read();
                for (var i = 0; i < turns; i++) times.Add(await kind.TurnAsync(page, i));
                var used = cpu.Read() - before;
                var stats = Stats.Of(times);
                rows.Add(
                [
                    kind.Name, kind.What, Report.N(turns), Report.Ms(used.App * 1000 / turns), Report.Ms(used.Database * 1000 / turns), Report.Ms(used.Browser * 1000 / turns),
                    Report.Ms(stats.Median), Report.Ms(stats.P90),
                ]);
                Console.WriteLine($"[13] {kind.Name}: web app {used.App * 1000 / turns:0.0} ms CPU per turn, median turn {stats.Median:0} ms");
                context.Report.Goal("13", $"server CPU per page turn, {kind.Name} (one tab)",
                    $"web app {Report.Ms(used.App * 1000 / turns)} ms + dynalite {Report.Ms(used.Database * 1000 / turns)} ms per turn; turn median {Report.Ms(stats.Median)} ms", "measured", null);
            }
            idleAfter = await IdleAsync(cpu, cancellationToken);
            foreach (var browserContext in contexts) await browserContext.DisposeAsync();
        }
        finally
        {
            await browser.CloseAsync();
            playwright.Dispose();
        }

        var section = context.Report.Section("13. Server CPU per page turn, by page kind");
        section.Say($"Ran on its own (`{context.Settings.Command}`) on {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; load average (1/5/15 min) as it began: {load}; at its end: {Machine.LoadAverage()}. The machine is shared with other work, which does not change a process's own CPU time much but does change the turn times.");
        section.Say($"The Release web app (started as in item 5, read-only, no read-capacity budget) and one headless Chromium tab per page kind. Every tab is opened and turned {warmup} times first (a warm-up of all the kinds' code), then each kind turns {turns} times in its tab unmeasured, then {turns} times measured, each a navigation over the tab's circuit timed in the page until the new content is shown; user + system CPU time from /proc of the web app, of dynalite and of the browser over all the turns of the kind, divided by the turns. The snapshot list and the aggregates list are not measured: the benchmark's dataset has no snapshots unless item 9 seeds them, and the aggregates list's only paged read is a whole-table scan by prefix, not a page turn.");
        section.Table("CPU time per page turn, by process (ms)",
            ["page", "turn", "turns", "web app ms", "dynalite ms", "browser ms", "turn median ms", "turn p90 ms"], rows);
        section.Say($"The app's CPU when nothing is asked of it, over {IdleSpan.TotalSeconds:0} s each (dynalite's in brackets): {Ms(idleWithoutTabs)} per second after it started, before any tab was open; {Ms(idle)} per second with the {rows.Count} tabs open and idle after a first, unmeasured pass of {turns} turns per kind (after the warm-up the JIT recompiles the hot code in the background for seconds); {Ms(idleAfter)} per second after the measured turns. The per-turn figures include whatever background work went on while the tab turned.");
    }

    private static async Task<CpuReading> IdleAsync(ProcessCpu cpu, CancellationToken cancellationToken)
    {
        var before = cpu.Read();
        await Task.Delay(IdleSpan, cancellationToken); // a span of real time with nothing asked of the app
        return cpu.Read() - before;
    }

    private static string Ms(CpuReading idle) =>
        $"{Report.Ms(idle.App * 1000 / IdleSpan.TotalSeconds)} ms ({Report.Ms(idle.Database * 1000 / IdleSpan.TotalSeconds)} ms)";

    private static Task<double> PagerTurnAsync(IPage page, int i) =>
        page.EvaluateAsync<double>(WebBenchmarks.TurnPageScript, new object[] { WebBenchmarks.CommitSelector, i % 2 == 0 ? "Older" : "Newer", 60_000 });

    private static string SearchUrl(string text, string aggregateId) =>
        $"/search?q={Uri.EscapeDataString(text)}&aggregate={Uri.EscapeDataString(aggregateId)}";

    /// <summary>
    /// A warm-up turn may meet the prerendered page before the circuit took over (its links then load the
    /// page anew): after the page has loaded again, the turn is tried again.
    /// </summary>
    private static async Task<double> RetryAsync(IPage page, Func<Task<double>> turn)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await turn();
            }
            catch (PlaywrightException) when (attempt < 5)
            {
                await page.WaitForLoadStateAsync(LoadState.Load);
                await page.Locator("main").First.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Visible, Timeout = 30_000 });
                await page.WaitForTimeoutAsync(500);
            }
        }
    }
}
