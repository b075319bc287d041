using System.Security.Claims;
using System.Text.Encodings.Web;
using EventExplorer.Data;
using EventExplorer.Data.Configuration;
using EventExplorer.Data.Model;
using EventExplorer.Testing;
using EventExplorer.Tests.Infrastructure;
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

/// <summary>
/// A check's CSV endpoint (the snapshot check, the integrity check) through ASP.NET Core: the Viewer policy and the
/// app's hosting over the bed's stores on dynalite, signed in with the role a request header names.
/// </summary>
internal static class CheckExportHost
{
    private const string RoleHeader = "X-Test-Role";

    public static async Task<WebApplication> StartAsync(StoreBed bed, Action<WebApplication> map, long? budgetItems = null, int? budgetRequests = null)
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
        builder.Services.AddSingleton(bed.Integrity);
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
        map(app);
        await app.StartAsync();
        return app;
    }

    public static async Task<(int Status, string Body, HttpResponse Response)> GetAsync(WebApplication app, string url, string? role = ExplorerRoles.Viewer)
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
