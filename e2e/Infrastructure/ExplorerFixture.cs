using System.Runtime.CompilerServices;
using Amazon.DynamoDBv2;
using EventExplorer.Data.Configuration;
using EventExplorer.Data.DynamoDb;
using EventExplorer.Data.Local;
using EventExplorer.Data.Model;
using Microsoft.Playwright;

namespace EventExplorer.E2E.Infrastructure;

/// <summary>
/// Per test class: a fresh dynalite on a free loopback port (data in a temporary folder, so the
/// database can be stopped and started again on the same port), tables in the fixture's layout,
/// data seeded by <see cref="SeedAsync"/>, the web app as its own process pointed at it, and
/// Chromium. Everything is stopped afterwards, even when a test fails.
/// </summary>
public class ExplorerFixture : IAsyncLifetime
{
    private readonly string _dataPath = Path.Combine(Path.GetTempPath(), "ee-e2e-" + Guid.NewGuid().ToString("N"));
    private IPlaywright? _playwright;

    protected virtual EventStoreLayout Layout => EventStoreLayout.CounterCommitIds;

    /// <summary>snapshotId as in the npm package, or aggregateId as in seed document 000.</summary>
    protected virtual string SnapshotKeyAttribute => "snapshotId";

    /// <summary>The app's read-only switch (EventExplorer:ReadOnly).</summary>
    protected virtual bool ReadOnly => false;

    public DynaliteServer Dynalite { get; private set; } = null!;
    public AppHost App { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;
    public IAmazonDynamoDB Client { get; private set; } = null!;

    /// <summary>The same configuration the app runs with, for seeding through the data service.</summary>
    public EventExplorerOptions Options { get; private set; } = null!;

    public string BaseUrl => App.BaseUrl;

    public async Task InitializeAsync()
    {
        Dynalite = await DynaliteServer.StartAsync(_dataPath);
        Options = new EventExplorerOptions { ServiceUrl = Dynalite.ServiceUrl, Region = "us-east-1", ReadOnly = false };
        Client = DynamoClientFactory.Create(Options);
        await TableProvisioner.CreateEventStoreAsync(Client, Layout, Options.Tables, CancellationToken.None);
        await TableProvisioner.CreateSnapshotStoreAsync(Client, Options.Tables.Snapshots, SnapshotKeyAttribute, CancellationToken.None);
        await SeedAsync();

        App = await AppHost.StartAsync(new Dictionary<string, string>
        {
            ["EventExplorer__ServiceUrl"] = Dynalite.ServiceUrl,
            ["EventExplorer__Region"] = "us-east-1",
            ["EventExplorer__ReadOnly"] = ReadOnly ? "true" : "false",
            ["EventExplorer__Tables__Commits"] = Options.Tables.Commits,
            ["EventExplorer__Tables__CommitIdIndex"] = Options.Tables.CommitIdIndex,
            ["EventExplorer__Tables__Counters"] = Options.Tables.Counters,
            ["EventExplorer__Tables__Snapshots"] = Options.Tables.Snapshots,
        });
        (_playwright, Browser) = await Infrastructure.Browser.LaunchAsync();
    }

    /// <summary>Writes the class's data before the app starts.</summary>
    protected virtual Task SeedAsync() => Task.CompletedTask;

    /// <summary>
    /// Runs one journey in a fresh browser context. On failure keeps a screenshot and the app's log
    /// in e2e/test-output/, then rethrows.
    /// </summary>
    public async Task RunAsync(Func<IPage, Task> journey, [CallerMemberName] string name = "")
    {
        await using var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl,
            ViewportSize = new ViewportSize { Width = 1400, Height = 1000 },
        });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        var console = new List<string>();
        page.Console += (_, message) => console.Add($"[{message.Type}] {message.Text}");
        try
        {
            await journey(page);
        }
        catch
        {
            var folder = AppHost.Metadata("TestOutputDirectory");
            Directory.CreateDirectory(folder);
            var stem = Path.Combine(folder, $"{GetType().Name}.{name}");
            try
            {
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = stem + ".png", FullPage = true });
            }
            catch (PlaywrightException)
            {
                // The page may be gone; the log still helps.
            }
            await File.WriteAllTextAsync(stem + ".app.log", App.Log);
            await File.WriteAllLinesAsync(stem + ".console.log", console);
            throw;
        }
    }

    /// <summary>Stops the database while the app keeps running (the data survives on disk).</summary>
    public async Task StopDatabaseAsync() => await Dynalite.DisposeAsync();

    /// <summary>Starts the database again on the same port with the same data.</summary>
    public async Task StartDatabaseAsync() => Dynalite = await DynaliteServer.StartAsync(_dataPath, Dynalite.Port);

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        _playwright?.Dispose();
        if (App is not null) await App.DisposeAsync();
        if (Dynalite is not null) await Dynalite.DisposeAsync();
        Client?.Dispose();
        try
        {
            Directory.Delete(_dataPath, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
