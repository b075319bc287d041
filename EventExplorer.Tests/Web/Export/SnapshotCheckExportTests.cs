using System.Security.Claims;
using System.Text.Encodings.Web;
using EventExplorer.Data;
using EventExplorer.Data.Configuration;
using EventExplorer.Data.Model;
using EventExplorer.Testing;
using EventExplorer.Tests.Infrastructure;
using EventExplorer.Tests.Web.Model.Snapshots;
using EventExplorer.Web.Export;
using EventExplorer.Web.Hosting;
using EventExplorer.Web.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EventExplorer.Tests.Web.Export;

/// <summary>/export/snapshot-check through ASP.NET Core (the Viewer policy, the app's hosting) over the real stores on dynalite.</summary>
public sealed class SnapshotCheckExportTests(DynaliteFixture dynalite) : IClassFixture<DynaliteFixture>
{
    private const string RoleHeader = "X-Test-Role";

    private static async Task<WebApplication> StartAsync(StoreBed bed, long? budgetItems = null, int? budgetRequests = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["EventExplorer:ServiceUrl"] = bed.Options.ServiceUrl,
            // Journeys and tests not about the read-capacity budget do not wait for it.
            ["EventExplorer:ReadCapacityPerSecond"] = "0",
            ["EventExplorer:Projections:Folder"] = Path.Combine(RepositoryPaths.Root(), "reducers"),
        });
        builder.Services.AddEventExplorerData(builder.Configuration, isDevelopment: false);
        // The bed's stores in place of the configured ones.
        builder.Services.AddSingleton<IEventStoreSearch>(bed.Events);
        builder.Services.AddSingleton<ISnapshotStore>(bed.Snapshots);
        builder.AddEventExplorerHosting();
        if (budgetItems is not null || budgetRequests is not null)
        {
            builder.Services.AddSingleton(new ExportBudget(new ReadBudget { MaxItems = budgetItems ?? 1_000, MaxRequests = budgetRequests ?? 100 }));
        }
        builder.Services.AddAuthentication(TestSignIn.Scheme).AddScheme<AuthenticationSchemeOptions, TestSignIn>(TestSignIn.Scheme, null);
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(ExplorerRoles.ViewerPolicy, p => p.RequireAuthenticatedUser().RequireRole(ExplorerRoles.Viewer, ExplorerRoles.Author));
        var app = builder.Build();
        app.UseEventExplorerHosting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapSnapshotCheckExportEndpoint();
        await app.StartAsync();
        return app;
    }

    private static async Task<(int Status, string Body, HttpResponse Response)> GetAsync(WebApplication app, string url, string? role = ExplorerRoles.Viewer)
    {
        var context = await app.GetTestServer().SendAsync(c =>
        {
            var question = url.IndexOf('?', StringComparison.Ordinal);
            c.Request.Path = question < 0 ? url : url[..question];
            c.Request.QueryString = question < 0 ? QueryString.Empty : new QueryString(url[question..]);
            if (role is not null) c.Request.Headers[RoleHeader] = role;
        });
        using var reader = new StreamReader(context.Response.Body);
        return (context.Response.StatusCode, await reader.ReadToEndAsync(), context.Response);
    }

    [Fact]
    public async Task AViewer_DownloadsTheMismatchesAsCsv_OneRowPerSnapshotThatDoesNotMatch()
    {
        await using var bed = await SnapshotWorld.ArrangeAsync(dynalite);
        await using var app = await StartAsync(bed);

        var (status, body, response) = await GetAsync(app, EventExplorer.Web.ExplorerUrls.SnapshotCheckExport("order-"));

        Assert.Equal(200, status);
        Assert.StartsWith("text/csv", response.ContentType, StringComparison.Ordinal);
        Assert.Contains("snapshot-check-order-.csv", response.Headers.ContentDisposition.ToString(), StringComparison.Ordinal);
        var rows = body.TrimEnd('\n').Split('\n');
        Assert.Equal(SnapshotCheckExportEndpoint.CsvHeader, rows[0]);
        Assert.Equal(
            ["order-2,matches-none", "order-3,matches-another-version", "order-4,malformed", "order-5,no-commits"],
            rows.Skip(1).Select(r => string.Join(',', r.Split(',')[0], r.Split(',')[2])).Order(StringComparer.Ordinal));
        Assert.StartsWith("order-3,2026-11-21T06:01:00.000Z,matches-another-version,2,1,1,3,orders,", rows.Single(r => r.StartsWith("order-3", StringComparison.Ordinal)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFileCutShortByTheBudget_EndsWithWhereToContinue()
    {
        await using var bed = await SnapshotWorld.ArrangeAsync(dynalite);
        await using var app = await StartAsync(bed, budgetRequests: 2);

        var (status, body, _) = await GetAsync(app, "/export/snapshot-check?prefix=order-");

        Assert.Equal(200, status);
        var last = body.TrimEnd('\n').Split('\n')[^1];
        Assert.StartsWith("#truncated,", last, StringComparison.Ordinal);
        Assert.Contains("continueFrom=/export/snapshot-check?prefix=order-&continue=", last, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADamagedContinueLink_IsABadRequest_AndNobodyUnsignedGetsAFile()
    {
        await using var bed = await SnapshotWorld.ArrangeAsync(dynalite);
        await using var app = await StartAsync(bed);

        var (status, body, _) = await GetAsync(app, "/export/snapshot-check?continue=x:abc");
        var (anonymous, _, _) = await GetAsync(app, "/export/snapshot-check", role: null);

        Assert.Equal(400, status);
        Assert.Contains("damaged", body, StringComparison.Ordinal);
        Assert.NotEqual(200, anonymous);
    }

    /// <summary>Signs the request in with the role the header names.</summary>
    private sealed class TestSignIn(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        public new const string Scheme = "Test";

        protected override Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            if (!Request.Headers.TryGetValue(RoleHeader, out var role)) return Task.FromResult(AuthenticateResult.NoResult());
            var identity = new ClaimsIdentity([new Claim(ExplorerRoles.NameClaimType, "viewer-1"), new Claim(ExplorerRoles.RoleClaimType, role.ToString())],
                Scheme, ExplorerRoles.NameClaimType, ExplorerRoles.RoleClaimType);
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme)));
        }
    }
}
