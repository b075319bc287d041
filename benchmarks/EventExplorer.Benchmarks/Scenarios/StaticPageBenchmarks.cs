using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using EventExplorer.Benchmarks.Infrastructure;
using EventExplorer.Benchmarks.Reporting;
using EventExplorer.Testing;
using Microsoft.Playwright;

namespace EventExplorer.Benchmarks.Scenarios;

/// <summary>
/// Item 8: the first visible commit of the long aggregate's newest page against the physical limit, a static
/// HTML file holding the same rows with the same stylesheets, served by the same server. The published app
/// (Production) first prerenders the page once; its HTML, without scripts, becomes a static asset of that
/// same published app (a file in wwwroot and an entry in its static-assets manifest, which is all
/// MapStaticAssets serves), and the app is started again. Then new browser contexts (no cache) open the
/// static page and the live page in turn.
/// </summary>
public sealed partial class StaticPageBenchmarks(BenchContext context)
{
    private const string StaticRoute = "bench-static-timeline.html";

    [GeneratedRegex("<script\\b[^>]*>.*?</script>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex Scripts();

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var published = Path.Combine(Path.GetTempPath(), $"ee-bench-static-{Environment.ProcessId}");
        await AppPublisher.PublishAsync(published, cancellationToken);
        try
        {
            var timeline = AppUrls.Timeline(Dataset.BigId);
            string html;
            await using (var first = await StartAsync(published, cancellationToken))
            {
                using var http = new HttpClient { BaseAddress = new Uri(first.BaseUrl) };
                html = await http.GetStringAsync(timeline, cancellationToken);
            }
            var staticHtml = Scripts().Replace(html, "");
            await AddStaticAssetAsync(published, staticHtml, cancellationToken);

            await using var app = await StartAsync(published, cancellationToken);
            var (playwright, browser) = await ChromiumBrowser.LaunchAsync();
            try
            {
                await MeasureAsync(app.BaseUrl, browser, timeline, html.Length, staticHtml.Length, cancellationToken);
            }
            finally
            {
                await browser.CloseAsync();
                playwright.Dispose();
            }
        }
        finally
        {
            try { Directory.Delete(published, recursive: true); } catch (IOException) { }
        }
    }

    private Task<AppHost> StartAsync(string published, CancellationToken cancellationToken) =>
        AppHost.StartAsync(context.AppSettings("Production"), published, cancellationToken);

    /// <summary>The page as a file of the published app's wwwroot, with the manifest entry MapStaticAssets serves it by.</summary>
    private static async Task AddStaticAssetAsync(string published, string html, CancellationToken cancellationToken)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(html);
        await File.WriteAllBytesAsync(Path.Combine(published, "wwwroot", StaticRoute), bytes, cancellationToken);
        var manifestPath = Directory.GetFiles(published, "*.staticwebassets.endpoints.json").Single();
        var manifest = JsonNode.Parse(await File.ReadAllTextAsync(manifestPath, cancellationToken))!;
        var hash = Convert.ToBase64String(SHA256.HashData(bytes));
        manifest["Endpoints"]!.AsArray().Add(new JsonObject
        {
            ["Route"] = StaticRoute,
            ["AssetFile"] = StaticRoute,
            ["Selectors"] = new JsonArray(),
            ["ResponseHeaders"] = new JsonArray(
                Header("Cache-Control", "no-cache"),
                Header("Content-Length", bytes.Length.ToString(CultureInfo.InvariantCulture)),
                Header("Content-Type", "text/html; charset=utf-8"),
                Header("ETag", $"\"{hash}\""),
                Header("Last-Modified", DateTimeOffset.UtcNow.ToString("R", CultureInfo.InvariantCulture))),
            ["EndpointProperties"] = new JsonArray(),
        });
        await File.WriteAllTextAsync(manifestPath, manifest.ToJsonString(), cancellationToken);

        static JsonObject Header(string name, string value) => new() { ["Name"] = name, ["Value"] = value };
    }

    private async Task MeasureAsync(string baseUrl, IBrowser browser, string timeline, int liveBytes, int staticBytes, CancellationToken cancellationToken)
    {
        var rounds = context.Settings.NavigationRounds;
        var targets = new[] { (Name: "static HTML copy", Path: "/" + StaticRoute), (Name: "the app's page", Path: timeline) };
        var samples = targets.Select(_ => new List<double>()).ToArray();
        var rows = new int[targets.Length];
        Console.WriteLine($"[8] first visible commit, static copy vs the app: {rounds} rounds + 2 warm-up");
        for (var round = -2; round < rounds; round++)
        {
            for (var k = 0; k < targets.Length; k++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var index = (k + Math.Max(round, 0)) % targets.Length;
                await using var browserContext = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseUrl });
                var page = await browserContext.NewPageAsync();
                var watch = Stopwatch.StartNew();
                await page.GotoAsync(targets[index].Path, new PageGotoOptions { WaitUntil = WaitUntilState.Commit });
                await page.Locator(WebBenchmarks.CommitSelector).First.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Visible, Timeout = 30_000 });
                var ms = watch.Elapsed.TotalMilliseconds;
                if (round < 0)
                {
                    rows[index] = await page.Locator(WebBenchmarks.CommitSelector).CountAsync();
                    continue;
                }
                samples[index].Add(ms);
            }
        }

        var stats = samples.Select(Stats.Of).ToArray();
        var section = context.Report.Section("8. First visible commit against a static page");
        section.Say($"The published app (Production, read-only) on the {Report.N(context.Data.BigCount)}-commit aggregate's newest page, and the same page as a static file: the app's prerendered HTML ({Report.N(liveBytes)} bytes) without its scripts ({Report.N(staticBytes)} bytes), so the same rows with the same stylesheets, served by the same app through MapStaticAssets. {rounds} rounds after 2 warm-ups, interleaved, each in a new browser context (no HTTP cache); ms from the start of the navigation until Playwright sees the first commit row visible. The static page is the physical limit: what is left is the server reading DynamoDB and rendering the page.");
        section.Table("First visible commit", ["page", "rows", "median", "p90", "min", "max"],
            targets.Select((t, i) => new[] { t.Name, Report.N(rows[i]), Report.Ms(stats[i].Median), Report.Ms(stats[i].P90), Report.Ms(stats[i].Min), Report.Ms(stats[i].Max) }));
        var ratio = stats[1].Median / stats[0].Median;
        context.Report.Goal("8", $"first visible commit, {Report.N(context.Data.BigCount)}-commit aggregate: the app / a static copy of the page on the same server", $"{Report.Ratio(ratio)} ({Report.Ms(stats[1].Median)} vs {Report.Ms(stats[0].Median)} ms)", "<= 2x", ratio <= 2,
            ratio <= 2 ? null : "The app's response waits for the DynamoDB read and the render; see section 8.");
    }
}
