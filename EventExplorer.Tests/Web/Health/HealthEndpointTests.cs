using System.Text.Json;
using EventExplorer.Data.Configuration;
using EventExplorer.Data.DynamoDb;
using EventExplorer.Testing;
using EventExplorer.Data.Model;
using EventExplorer.Tests.Infrastructure;
using EventExplorer.Web.Health;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace EventExplorer.Tests.Web.Health;

public sealed class HealthEndpointTests(DynaliteFixture dynalite) : IClassFixture<DynaliteFixture>
{
    [Fact]
    public async Task Healthz_StoreReachable_200WithWhatItIsConnectedTo()
    {
        var stem = DynaliteFixture.UniqueName("health");
        using var provider = Provider(dynalite.ServiceUrl, stem, isDevelopment: false);
        using var raw = dynalite.CreateRawClient();
        var tables = provider.GetRequiredService<EventExplorerOptions>().Tables;
        await TableProvisioner.CreateEventStoreAsync(raw, EventStoreLayout.CounterCommitIds, tables, CancellationToken.None);
        await TableProvisioner.CreateSnapshotStoreAsync(raw, tables.Snapshots, "aggregateId", CancellationToken.None);

        var (status, body) = await GetAsync(provider);

        Assert.Equal(200, status);
        Assert.Equal("ok", body.GetProperty("status").GetString());
        Assert.Equal(dynalite.ServiceUrl, body.GetProperty("endpoint").GetString());
        Assert.Equal($"{stem}-commits", body.GetProperty("commitTable").GetString());
        Assert.Equal("byId", body.GetProperty("index").GetString());
        Assert.Equal($"{stem}-counters", body.GetProperty("counterTable").GetString());
        Assert.Equal($"{stem}-snapshots", body.GetProperty("snapshotTable").GetString());
        Assert.StartsWith("A", body.GetProperty("layout").GetString());
        Assert.Equal("aggregateId", body.GetProperty("snapshotKey").GetString());
        Assert.True(body.GetProperty("readOnly").GetBoolean());
    }

    [Fact]
    public async Task Healthz_TablesMissing_503NamingTheTable()
    {
        var stem = DynaliteFixture.UniqueName("health-missing");
        using var provider = Provider(dynalite.ServiceUrl, stem, isDevelopment: true);

        var (status, body) = await GetAsync(provider);

        Assert.Equal(503, status);
        Assert.Equal("unavailable", body.GetProperty("status").GetString());
        Assert.Contains($"{stem}-commits", body.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Healthz_DatabaseDown_503WithAMessageAndNoExceptionDetails()
    {
        var url = $"http://127.0.0.1:{DynaliteServer.FreeLoopbackPort()}";
        using var provider = Provider(url, "down", isDevelopment: true);

        var (status, body) = await GetAsync(provider);

        Assert.Equal(503, status);
        var error = body.GetProperty("error").GetString()!;
        Assert.Contains(url, error);
        Assert.DoesNotContain("Exception", error);
        Assert.DoesNotContain("   at ", error);
        Assert.Equal(["error", "status"], body.EnumerateObject().Select(p => p.Name).Order());
    }

    [Fact]
    public async Task Healthz_DatabaseStopsAfterAHealthyCheck_Turns503()
    {
        // A private server: stopping it must not disturb the other tests' tables.
        var server = await DynaliteServer.StartAsync();
        using var provider = Provider(server.ServiceUrl, "stops", isDevelopment: true);
        var tables = provider.GetRequiredService<EventExplorerOptions>().Tables;
        using (var client = DynamoClientFactory.Create(new EventExplorerOptions { ServiceUrl = server.ServiceUrl }))
        {
            await TableProvisioner.CreateEventStoreAsync(client, EventStoreLayout.CounterCommitIds, tables, CancellationToken.None);
        }
        var (healthy, _) = await GetAsync(provider);

        await server.DisposeAsync();
        var (status, body) = await GetAsync(provider);

        Assert.Equal(200, healthy);
        Assert.Equal(503, status);
        Assert.Contains(server.ServiceUrl, body.GetProperty("error").GetString());
    }

    private static ServiceProvider Provider(string serviceUrl, string stem, bool isDevelopment)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["EventExplorer:ServiceUrl"] = serviceUrl,
            ["EventExplorer:MaxErrorRetry"] = "0",
            ["EventExplorer:RequestTimeout"] = "00:00:05",
            ["EventExplorer:Tables:Commits"] = $"{stem}-commits",
            ["EventExplorer:Tables:Counters"] = $"{stem}-counters",
            ["EventExplorer:Tables:Snapshots"] = $"{stem}-snapshots",
        }).Build();
        return new ServiceCollection().AddLogging().AddEventExplorerData(configuration, isDevelopment).BuildServiceProvider();
    }

    private static async Task<(int Status, JsonElement Body)> GetAsync(IServiceProvider provider)
    {
        var context = new DefaultHttpContext { RequestServices = provider };
        context.Response.Body = new MemoryStream();

        var result = await HealthEndpoint.CheckAsync(provider, CancellationToken.None);
        await result.ExecuteAsync(context);

        context.Response.Body.Position = 0;
        using var document = await JsonDocument.ParseAsync(context.Response.Body);
        return (context.Response.StatusCode, document.RootElement.Clone());
    }
}
