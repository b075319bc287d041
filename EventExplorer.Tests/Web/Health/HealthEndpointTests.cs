using System.Net;
using System.Security.Claims;
using System.Text.Json;
using EventExplorer.Data.Configuration;
using EventExplorer.Data.DynamoDb;
using EventExplorer.Data.Model;
using EventExplorer.Testing;
using EventExplorer.Tests.Infrastructure;
using EventExplorer.Web.Health;
using EventExplorer.Web.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EventExplorer.Tests.Web.Health;

/// <summary>
/// /healthz on ASP.NET Core's health checks, through its real middleware: the status code a load
/// balancer sees, only "ok" or "unavailable" for an anonymous caller, and the details (what the app is
/// connected to, or why it cannot reach the store) for a signed-in one.
/// </summary>
public sealed class HealthEndpointTests(DynaliteFixture dynalite) : IClassFixture<DynaliteFixture>
{
    /// <summary>Tells the test app to sign the request in (standing in for the app's real sign-in).</summary>
    private const string SignedInHeader = "X-Test-Signed-In";

    [Fact]
    public async Task Healthz_StoreReachable_SignedIn_200WithWhatItIsConnectedTo()
    {
        var stem = DynaliteFixture.UniqueName("health");
        await using var app = await StartAsync(dynalite.ServiceUrl, stem, isDevelopment: false);
        using var raw = dynalite.CreateRawClient();
        var tables = app.Services.GetRequiredService<EventExplorerOptions>().Tables;
        await TableProvisioner.CreateEventStoreAsync(raw, EventStoreLayout.CounterCommitIds, tables, CancellationToken.None);
        await TableProvisioner.CreateSnapshotStoreAsync(raw, tables.Snapshots, "aggregateId", CancellationToken.None);

        var (status, body) = await GetAsync(app, signedIn: true);

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
    public async Task Healthz_StoreReachable_Anonymous_200SayingOnlyOk()
    {
        var stem = DynaliteFixture.UniqueName("health-anon");
        await using var app = await StartAsync(dynalite.ServiceUrl, stem, isDevelopment: false);
        using var raw = dynalite.CreateRawClient();
        var tables = app.Services.GetRequiredService<EventExplorerOptions>().Tables;
        await TableProvisioner.CreateEventStoreAsync(raw, EventStoreLayout.CounterCommitIds, tables, CancellationToken.None);

        var (status, body) = await GetAsync(app, signedIn: false);

        Assert.Equal(200, status);
        Assert.Equal(["status"], body.EnumerateObject().Select(p => p.Name));
        Assert.Equal("ok", body.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Healthz_SignedInWithoutARole_SaysOnlyOkOrUnavailable()
    {
        // Signed in at the provider but in none of the groups: no page is theirs, and neither is what the app is connected to.
        var stem = DynaliteFixture.UniqueName("health-norole");
        await using var healthy = await StartAsync(dynalite.ServiceUrl, stem, isDevelopment: false);
        using var raw = dynalite.CreateRawClient();
        var tables = healthy.Services.GetRequiredService<EventExplorerOptions>().Tables;
        await TableProvisioner.CreateEventStoreAsync(raw, EventStoreLayout.CounterCommitIds, tables, CancellationToken.None);
        await using var missing = await StartAsync(dynalite.ServiceUrl, DynaliteFixture.UniqueName("health-norole-missing"), isDevelopment: false);

        var (status, body) = await GetAsync(healthy, signedIn: false, role: "none");
        var (missingStatus, missingBody) = await GetAsync(missing, signedIn: false, role: "none");

        Assert.Equal(200, status);
        Assert.Equal("""{"status":"ok"}""", body.GetRawText());
        Assert.Equal(503, missingStatus);
        Assert.Equal("""{"status":"unavailable"}""", missingBody.GetRawText());
    }

    [Fact]
    public async Task Healthz_TablesMissing_503NamingTheTableToASignedInUserOnly()
    {
        var stem = DynaliteFixture.UniqueName("health-missing");
        await using var app = await StartAsync(dynalite.ServiceUrl, stem, isDevelopment: true);

        var (status, body) = await GetAsync(app, signedIn: true);
        var (anonymousStatus, anonymous) = await GetAsync(app, signedIn: false);

        Assert.Equal(503, status);
        Assert.Equal("unavailable", body.GetProperty("status").GetString());
        Assert.Contains($"{stem}-commits", body.GetProperty("error").GetString());
        Assert.Equal(503, anonymousStatus);
        Assert.Equal("""{"status":"unavailable"}""", anonymous.GetRawText());
    }

    [Fact]
    public async Task Healthz_DatabaseDown_503WithAMessageAndNoExceptionDetails()
    {
        var url = $"http://127.0.0.1:{DynaliteServer.FreeLoopbackPort()}";
        await using var app = await StartAsync(url, "down", isDevelopment: true);

        var (status, body) = await GetAsync(app, signedIn: true);

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
        await using var app = await StartAsync(server.ServiceUrl, "stops", isDevelopment: true);
        var tables = app.Services.GetRequiredService<EventExplorerOptions>().Tables;
        using (var client = DynamoClientFactory.Create(new EventExplorerOptions { ServiceUrl = server.ServiceUrl }))
        {
            await TableProvisioner.CreateEventStoreAsync(client, EventStoreLayout.CounterCommitIds, tables, CancellationToken.None);
        }
        var (healthy, _) = await GetAsync(app, signedIn: true);

        await server.DisposeAsync();
        var (status, body) = await GetAsync(app, signedIn: true);

        Assert.Equal(200, healthy);
        Assert.Equal(503, status);
        Assert.Contains(server.ServiceUrl, body.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Healthz_ADataServiceThatCannotBeBuilt_IsUnhealthyNotAnErrorPage()
    {
        // Resolving the store throws (as a bad configuration would): /healthz still answers.
        await using var app = await StartAsync(dynalite.ServiceUrl, "broken", isDevelopment: true, breakStore: true);

        var (status, body) = await GetAsync(app, signedIn: true);

        Assert.Equal(503, status);
        Assert.Contains("could not be started", body.GetProperty("error").GetString());
    }

    private static async Task<WebApplication> StartAsync(string serviceUrl, string stem, bool isDevelopment, bool breakStore = false)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = isDevelopment ? "Development" : "Production" });
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        var settings = new Dictionary<string, string?>
        {
            ["EventExplorer:ServiceUrl"] = serviceUrl,
            ["EventExplorer:MaxErrorRetry"] = "0",
            ["EventExplorer:RequestTimeout"] = "00:00:05",
            ["EventExplorer:Tables:Commits"] = $"{stem}-commits",
            ["EventExplorer:Tables:Counters"] = $"{stem}-counters",
            ["EventExplorer:Tables:Snapshots"] = $"{stem}-snapshots",
        };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        builder.Services.AddEventExplorerData(configuration, isDevelopment);
        if (breakStore)
        {
            builder.Services.AddSingleton<EventExplorer.Data.IEventStoreReader>(_ => throw new InvalidOperationException("cannot build the store"));
        }
        builder.Services.AddEventExplorerHealthChecks(TimeSpan.FromSeconds(10));
        var app = builder.Build();
        app.Use((context, next) =>
        {
            if (context.Request.Headers[SignedInHeader] is [{ } role])
            {
                var identity = new ClaimsIdentity([new Claim(ExplorerRoles.NameClaimType, "support-1")], "test", ExplorerRoles.NameClaimType, ExplorerRoles.RoleClaimType);
                if (role != "none") identity.AddClaim(new Claim(ExplorerRoles.RoleClaimType, role));
                context.User = new ClaimsPrincipal(identity);
            }
            return next(context);
        });
        app.MapHealthEndpoint();
        await app.StartAsync();
        return app;
    }

    /// <summary>/healthz as a Viewer (<paramref name="signedIn"/>), as nobody, or signed in with <paramref name="role"/> ("none": no role).</summary>
    private static async Task<(int Status, JsonElement Body)> GetAsync(WebApplication app, bool signedIn, string? role = null)
    {
        using var client = app.GetTestClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, HealthEndpoint.Path);
        if (signedIn || role is not null) request.Headers.Add(SignedInHeader, role ?? ExplorerRoles.Viewer);
        using var response = await client.SendAsync(request);
        Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return ((int)response.StatusCode, document.RootElement.Clone());
    }
}
