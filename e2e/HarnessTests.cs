using EventExplorer.Data.Configuration;
using EventExplorer.Data.DynamoDb;
using EventExplorer.Testing;
using System.Net.Sockets;
using EventExplorer.E2E.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EventExplorer.E2E;

/// <summary>The harness itself: a real interactive app, evidence on failure, nothing left running.</summary>
public sealed class HarnessTests(ExplorerFixture explorer) : IClassFixture<ExplorerFixture>
{
    [Fact]
    public Task App_StartedAgainstFreshDynalite_ServesInteractiveBlazor() => explorer.RunAsync(async page =>
    {
        var response = await page.OpenAsync("/");
        Assert.Equal(200, response!.Status);

        // The interactive circuit needs the Blazor script (served from the framework's static assets).
        var script = await page.APIRequest.GetAsync("/_framework/blazor.web.js");
        Assert.Equal(200, script.Status);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Overview", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByText("The commit table is empty.")).ToBeVisibleAsync();
    });

    [Fact]
    public async Task RunAsync_JourneyFails_KeepsScreenshotAppLogAndConsole()
    {
        var folder = Path.Combine(RepositoryPaths.Root(), "e2e", "test-output");
        var stem = Path.Combine(folder, $"{nameof(HarnessTests)}.{nameof(RunAsync_JourneyFails_KeepsScreenshotAppLogAndConsole)}");

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => explorer.RunAsync(async page =>
        {
            await page.OpenAsync("/");
            throw new InvalidOperationException("a deliberately failing journey");
        }));

        Assert.Equal("a deliberately failing journey", failure.Message);
        try
        {
            Assert.True(new FileInfo(stem + ".png").Length > 1000, "no screenshot");
            Assert.Contains("Now listening on", await File.ReadAllTextAsync(stem + ".app.log"));
            Assert.Contains("WebSocket connected", await File.ReadAllTextAsync(stem + ".console.log"));
        }
        finally
        {
            foreach (var file in Directory.GetFiles(folder, Path.GetFileName(stem) + ".*")) File.Delete(file);
        }
    }

    [Fact]
    public async Task DisposeAsync_AfterAClass_StopsTheAppAndTheDatabase()
    {
        var fixture = new ExplorerFixture();
        await fixture.InitializeAsync();
        var app = fixture.App;
        var databasePort = fixture.Dynalite.Port;
        var appPort = new Uri(fixture.BaseUrl).Port;

        await fixture.DisposeAsync();

        Assert.True(app.HasExited);
        Assert.False(await IsListeningAsync(appPort), "the app still listens");
        Assert.False(await IsListeningAsync(databasePort), "dynalite still listens");
    }

    [Fact]
    public async Task DynamoDbProxy_ForwardsEveryRequestAndCountsItByOperation()
    {
        await using var proxy = await DynamoDbProxy.StartAsync(explorer.Dynalite.ServiceUrl);
        using var client = DynamoClientFactory.Create(new EventExplorerOptions { ServiceUrl = proxy.Url, Region = "us-east-1", MaxErrorRetry = 0 });

        var tables = await client.ListTablesAsync();
        var described = await client.DescribeTableAsync(explorer.Options.Tables.Commits);

        Assert.Contains(explorer.Options.Tables.Commits, tables.TableNames);
        Assert.Equal(explorer.Options.Tables.Commits, described.Table.TableName);
        Assert.Equal(new Dictionary<string, int> { ["ListTables"] = 1, ["DescribeTable"] = 1 }, proxy.CountByOperation());
        Assert.Equal(explorer.Options.Tables.Commits, proxy.Requests[1].TableName);

        // The hook fault tests will use: answer instead of forwarding.
        proxy.Reset();
        proxy.Intercept = (request, _) => Task.FromResult<ProxyReply?>(request.Operation == "DescribeTable"
            ? new ProxyReply(400, """{"__type":"com.amazonaws.dynamodb.v20120810#ResourceNotFoundException","message":"refused by the proxy"}""")
            : null);
        var refused = await Assert.ThrowsAsync<Amazon.DynamoDBv2.Model.ResourceNotFoundException>(() => client.DescribeTableAsync(explorer.Options.Tables.Commits));
        Assert.Contains("refused by the proxy", refused.Message);
        Assert.Equal(1, proxy.Count("DescribeTable"));
        Assert.Contains(explorer.Options.Tables.Commits, (await client.ListTablesAsync()).TableNames);
    }

    private static async Task<bool> IsListeningAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync("127.0.0.1", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
