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
/// A download endpoint (/export, the snapshot check's and the integrity check's CSV) through ASP.NET Core: the Viewer
/// policy and the app's hosting (its scan quota wraps the store, as in production) over the bed's stores on dynalite,
/// signed in with the role a request header names.
/// </summary>
internal static class ExportHost
{
    private const string RoleHeader = "X-Test-Role";

    /// <param name="settings">More configuration (e.g. <c>EventExplorer:Limits:ScansPerUser</c>).</param>
    public static async Task<WebApplication> StartAsync(StoreBed bed, Action<WebApplication> map, long? budgetItems = null, int? budgetRequests = null,
        IReadOnlyDictionary<string, string?>? settings = null)
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
        if (settings is not null) builder.Configuration.AddInMemoryCollection(settings);
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
            // The subject names the user's scan places (UserKeys); an empty role header signs in with no role.
            var identity = new ClaimsIdentity([new Claim(ExplorerRoles.SubjectClaimType, "viewer-1"), new Claim(ExplorerRoles.NameClaimType, "viewer-1")],
                Scheme, ExplorerRoles.NameClaimType, ExplorerRoles.RoleClaimType);
            if (role.ToString().Length > 0) identity.AddClaim(new Claim(ExplorerRoles.RoleClaimType, role.ToString()));
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme)));
        }
    }
}
