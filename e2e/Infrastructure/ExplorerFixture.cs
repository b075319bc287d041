using System.Runtime.CompilerServices;
using Amazon.DynamoDBv2;
using EventExplorer.Data.Configuration;
using EventExplorer.Data.DynamoDb;
using EventExplorer.Testing;
using EventExplorer.Data.Model;
using Microsoft.Playwright;

namespace EventExplorer.E2E.Infrastructure;

/// <summary>
/// Per test class or collection: a fresh in-memory dynalite on a free loopback port, tables in the
/// fixture's layout, data seeded by <see cref="SeedAsync"/>, the web app as its own process pointed
/// at it (through a counting <see cref="DynamoDbProxy"/> when <see cref="ProxyDatabase"/> says so),
/// and Chromium. Everything is stopped afterwards, even when a test fails.
/// </summary>
public class ExplorerFixture : IAsyncLifetime
{
    private string? _dataPath;
    private IPlaywright? _playwright;
    private bool _disposed;

    protected virtual EventStoreLayout Layout => EventStoreLayout.CounterCommitIds;

    /// <summary>Table names; the defaults are those of the seed documents.</summary>
    protected virtual TableNames Tables => new();

    /// <summary>snapshotId as in the npm package, or aggregateId as in seed document 000.</summary>
    protected virtual string SnapshotKeyAttribute => "snapshotId";

    /// <summary>The app's read-only switch (EventExplorer:ReadOnly).</summary>
    protected virtual bool ReadOnly => false;

    /// <summary>
    /// Keeps dynalite's data in a temporary folder instead of memory, so that
    /// <see cref="StopDatabaseAsync"/> and <see cref="StartDatabaseAsync"/> bring back the same data.
    /// </summary>
    protected virtual bool RestartableDatabase => false;

    /// <summary>Puts a <see cref="DynamoDbProxy"/> between the app and dynalite, so journeys can count the app's requests or inject faults.</summary>
    protected virtual bool ProxyDatabase => false;

    /// <summary>Further settings for the app, as environment variables (EventExplorer__OperationTimeout, ...).</summary>
    protected virtual IReadOnlyDictionary<string, string> AppSettings { get; } = new Dictionary<string, string>();

    /// <summary>Where the app to start is (null: the build output); set during <see cref="SeedAsync"/> at the latest.</summary>
    protected virtual string? AppDirectory => null;

    public DynaliteServer Dynalite { get; private set; } = null!;

    /// <summary>Between the app and dynalite when <see cref="ProxyDatabase"/> is true; otherwise null.</summary>
    public DynamoDbProxy? Proxy { get; private set; }
    public AppHost App { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;
    public IAmazonDynamoDB Client { get; private set; } = null!;

    /// <summary>The same configuration the app runs with, for seeding through the data service.</summary>
    public EventExplorerOptions Options { get; private set; } = null!;

    /// <summary>The data service with writes allowed: seeding, and "another client" in journeys.</summary>
    public DynamoDbEventStore Store { get; private set; } = null!;

    public DynamoDbSnapshotStore Snapshots { get; private set; } = null!;

    public StoreDescription Description { get; private set; } = null!;

    public string BaseUrl => App.BaseUrl;

    /// <summary>The app's audit file (EventExplorer:Audit:Path), in a temporary folder of this fixture.</summary>
    public string AuditPath { get; } = Path.Combine(Path.GetTempPath(), "ee-e2e-audit-" + Guid.NewGuid().ToString("N"), "audit.jsonl");

    /// <summary>Settings beyond the store's (sign-in, for one), given the app's address; may start what they point at.</summary>
    protected virtual Task<IReadOnlyDictionary<string, string>> AppSettingsAsync(string appBaseUrl) =>
        Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string>());

    static ExplorerFixture()
    {
        // Playwright's 5 s default is tight for a 2-core machine that also runs the app, dynalite and Chromium.
        Assertions.SetDefaultExpectTimeout(10_000);
    }

    public async Task InitializeAsync()
    {
        try
        {
            await StartAsync();
        }
        catch
        {
            // Stop what did start; xunit may not dispose a fixture whose initialisation failed.
            await DisposeAsync();
            throw;
        }
    }

    private async Task StartAsync()
    {
        if (RestartableDatabase) _dataPath = Path.Combine(Path.GetTempPath(), "ee-e2e-" + Guid.NewGuid().ToString("N"));
        Dynalite = await DynaliteServer.StartAsync(_dataPath);
        Options = new EventExplorerOptions { ServiceUrl = Dynalite.ServiceUrl, Region = "us-east-1", ReadOnly = false, Tables = Tables };
        Client = DynamoClientFactory.Create(Options);
        await TableProvisioner.CreateEventStoreAsync(Client, Layout, Options.Tables, CancellationToken.None);
        await TableProvisioner.CreateSnapshotStoreAsync(Client, Options.Tables.Snapshots, SnapshotKeyAttribute, CancellationToken.None);
        var schema = new StoreSchemaDetector(Client, Options, readOnly: false);
        Description = await schema.DescribeAsync(CancellationToken.None);
        Store = new DynamoDbEventStore(Client, schema, Options);
        Snapshots = new DynamoDbSnapshotStore(Client, schema, Options);
        await SeedAsync();
        if (ProxyDatabase) Proxy = await DynamoDbProxy.StartAsync(Dynalite.ServiceUrl);

        var port = DynaliteServer.FreeLoopbackPort();
        var settings = new Dictionary<string, string>(AppSettings)
        {
            ["EventExplorer__ServiceUrl"] = Proxy?.Url ?? Dynalite.ServiceUrl,
            ["EventExplorer__Region"] = "us-east-1",
            // Journeys and tests not about the read-capacity budget do not wait for it.
            ["EventExplorer__ReadCapacityPerSecond"] = "0",
            ["EventExplorer__ReadOnly"] = ReadOnly ? "true" : "false",
            ["EventExplorer__Tables__Commits"] = Options.Tables.Commits,
            ["EventExplorer__Tables__CommitIdIndex"] = Options.Tables.CommitIdIndex,
            ["EventExplorer__Tables__Counters"] = Options.Tables.Counters,
            ["EventExplorer__Tables__Snapshots"] = Options.Tables.Snapshots,
            ["EventExplorer__Audit__Path"] = AuditPath,
            ["EventExplorer__Projections__Folder"] = Path.Combine(RepositoryPaths.Root(), "reducers"),
        };
        foreach (var (key, value) in await AppSettingsAsync($"http://127.0.0.1:{port}")) settings[key] = value;
        // Chromium starts while the app boots: both take a few seconds of a 2-core machine.
        var app = AppHost.StartAsync(settings, AppDirectory, port: port);
        var browser = ChromiumBrowser.LaunchAsync();
        try
        {
            App = await app;
        }
        finally
        {
            (_playwright, Browser) = await browser;
        }
    }

    /// <summary>Writes the class's data before the app starts.</summary>
    protected virtual Task SeedAsync() => Task.CompletedTask;

    /// <summary>
    /// Runs one journey in a fresh browser context (see <see cref="NewContextAsync"/>). On failure
    /// keeps a screenshot of every open page, the app's log and the browser console in
    /// e2e/test-output/, then rethrows.
    /// </summary>
    public Task RunAsync(Func<IPage, Task> journey, ColorScheme? colorScheme = null, [CallerMemberName] string name = "", [CallerFilePath] string file = "") =>
        RunAsync(journey, new Browsing { ColorScheme = colorScheme ?? ColorScheme.Light }, name, file);

    /// <inheritdoc cref="RunAsync(Func{IPage, Task}, ColorScheme?, string, string)"/>
    public async Task RunAsync(Func<IPage, Task> journey, Browsing browsing, [CallerMemberName] string name = "", [CallerFilePath] string file = "")
    {
        var stem = Path.Combine(Path.Combine(RepositoryPaths.Root(), "e2e", "test-output"), $"{Path.GetFileNameWithoutExtension(file)}.{name}{browsing.EvidenceSuffix}");
        DeleteOldEvidence(stem);
        await using var context = await NewContextAsync(browsing);
        var console = new List<string>();
        context.Page += (_, opened) => Watch(opened, console);
        var page = await context.NewPageAsync();
        try
        {
            await journey(page);
        }
        catch
        {
            await KeepEvidenceAsync(context, stem, console);
            throw;
        }
    }

    /// <summary>
    /// A browser context as a user's: clipboard allowed, the app as base URL, a light system scheme and
    /// a 1400 × 1000 window unless <paramref name="browsing"/> says otherwise.
    /// </summary>
    public async Task<IBrowserContext> NewContextAsync(Browsing? browsing = null)
    {
        browsing ??= new Browsing();
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl,
            ViewportSize = new ViewportSize { Width = browsing.Width, Height = browsing.Height },
            ColorScheme = browsing.ColorScheme,
            TimezoneId = browsing.TimezoneId,
            Permissions = ["clipboard-read", "clipboard-write"],
        });
        context.SetDefaultTimeout(15_000);
        await context.AddInitScriptAsync(Interactivity.InitScript);
        if (browsing.Theme is { } theme)
        {
            // What the app bar's theme menu leaves behind: the server paints the first response in it.
            await context.AddCookiesAsync([new Cookie { Name = "ee-theme", Value = theme, Url = BaseUrl }]);
        }
        return context;
    }

    private static void Watch(IPage page, List<string> console)
    {
        page.Console += (_, message) => { lock (console) console.Add($"[{message.Type}] {message.Text}"); };
        page.PageError += (_, error) => { lock (console) console.Add($"[pageerror] {error}"); };
    }

    private static void DeleteOldEvidence(string stem)
    {
        var folder = Path.GetDirectoryName(stem)!;
        if (!Directory.Exists(folder)) return;
        foreach (var old in Directory.GetFiles(folder, Path.GetFileName(stem) + ".*")) File.Delete(old);
    }

    private async Task KeepEvidenceAsync(IBrowserContext context, string stem, List<string> console)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(stem)!);
        var index = 0;
        foreach (var open in context.Pages)
        {
            try
            {
                var suffix = index++ == 0 ? "" : "." + index;
                await open.ScreenshotAsync(new PageScreenshotOptions { Path = stem + suffix + ".png", FullPage = true, Timeout = 10_000 });
            }
            catch (PlaywrightException)
            {
                // The page may be gone; the logs still help.
            }
            catch (TimeoutException)
            {
            }
        }
        await File.WriteAllTextAsync(stem + ".app.log", App.Log);
        lock (console) File.WriteAllLines(stem + ".console.log", console);
    }

    /// <summary>Stops the app's process (the browser stays, its circuit loses the server).</summary>
    public ValueTask StopAppAsync() => App.DisposeAsync();

    /// <summary>Stops the database while the app keeps running (the data survives on disk).</summary>
    public async Task StopDatabaseAsync()
    {
        if (_dataPath is null) throw new InvalidOperationException("Override RestartableDatabase to stop and start the database.");
        await Dynalite.DisposeAsync();
    }

    /// <summary>Starts the database again on the same port with the same data.</summary>
    public async Task StartDatabaseAsync() => Dynalite = await DynaliteServer.StartAsync(_dataPath, Dynalite.Port);

    public virtual async Task DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        // Each step in its own try: one failure must not leave the others running.
        await Quietly(async () => { if (Browser is not null) await Browser.CloseAsync(); });
        _playwright?.Dispose();
        await Quietly(async () => { if (App is not null) await App.DisposeAsync(); });
        await Quietly(async () => { if (Proxy is not null) await Proxy.DisposeAsync(); });
        await Quietly(async () => { if (Dynalite is not null) await Dynalite.DisposeAsync(); });
        Client?.Dispose();
        try
        {
            Directory.Delete(Path.GetDirectoryName(AuditPath)!, recursive: true);
        }
        catch (IOException)
        {
        }
        if (_dataPath is not null)
        {
            try
            {
                Directory.Delete(_dataPath, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static async Task Quietly(Func<Task> step)
    {
        try
        {
            await step();
        }
        catch (Exception)
        {
            // Best effort: the remaining processes are still stopped.
        }
    }
}

/// <summary>How a journey's browser is set up.</summary>
public sealed record Browsing
{
    /// <summary>The system's colour scheme as the browser reports it (prefers-color-scheme).</summary>
    public ColorScheme ColorScheme { get; init; } = ColorScheme.Light;

    /// <summary>The theme chosen in the app bar (the ee-theme cookie: light, dark, system); null: never chosen.</summary>
    public string? Theme { get; init; }

    /// <summary>The browser's time zone (IANA id); null: the machine's.</summary>
    public string? TimezoneId { get; init; }

    public int Width { get; init; } = 1400;
    public int Height { get; init; } = 1000;

    /// <summary>Tells the evidence of one variant of a journey from another's.</summary>
    public string EvidenceSuffix { get; init; } = "";
}
