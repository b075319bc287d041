using EventExplorer.Data.Model;
using EventExplorer.Web.Security;
using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace EventExplorer.Web.Health;

/// <summary>
/// /healthz on ASP.NET Core's health checks: 200 or 503. Anyone (a load balancer, a monitor) learns
/// only healthy or not; a signed-in user also sees what the app is connected to, or why it cannot
/// reach the store.
/// </summary>
public static class HealthEndpoint
{
    public const string Path = "/healthz";

    public const string DynamoDbCheck = "dynamodb";

    /// <summary>Registered when sessions are kept in Redis (<see cref="Hosting.RedisOptions"/>).</summary>
    public const string RedisCheck = "redis";

    /// <summary>The checks behind /healthz. The framework's timeout is a backstop for a check that ignores the data service's deadline.</summary>
    public static IServiceCollection AddEventExplorerHealthChecks(this IServiceCollection services, TimeSpan operationTimeout)
    {
        services.AddHealthChecks().AddCheck<DynamoDbHealthCheck>(DynamoDbCheck, HealthStatus.Unhealthy, tags: [], timeout: operationTimeout * 2);
        return services;
    }

    public static IEndpointRouteBuilder MapHealthEndpoint(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks(Path, new HealthCheckOptions { ResponseWriter = WriteAsync, AllowCachingResponses = false })
            // A load balancer's probe never signs in.
            .AllowAnonymous();
        return endpoints;
    }

    /// <summary>
    /// {"status":"ok"|"unavailable"}, with the details for a Viewer or Author (someone the app's pages
    /// are for). Signed in without a role, a user gets no page, and no endpoint or table names here
    /// either. Without sign-in, the local user has both roles on this machine, but not when the app is
    /// open to anyone (AllowAnonymous): then nobody is known, and nobody gets the details.
    /// </summary>
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        var healthy = report.Status != HealthStatus.Unhealthy;
        var body = new Dictionary<string, object?> { ["status"] = healthy ? "ok" : "unavailable" };
        var known = ExplorerRoles.RoleOf(context.User) != WriterRole.None && ExplorerRoles.SignInOff(context.User) != "anyone";
        if (known)
        {
            foreach (var (_, entry) in report.Entries.Where(e => e.Value.Status != HealthStatus.Unhealthy))
            {
                foreach (var (key, value) in entry.Data) body[key] = value;
            }
            var problems = report.Entries.Values.Where(e => e.Status == HealthStatus.Unhealthy)
                // AWS texts can name account ids and ARNs: only Authors see them.
                .Select(e => AwsText.ForUser(e.Description ?? e.Exception?.GetType().Name ?? "unhealthy", ExplorerRoles.IsAuthor(context.User)))
                .ToList();
            if (problems.Count > 0)
            {
                // What the app is connected to is said only when all is well; otherwise only what is wrong.
                body.Clear();
                body["status"] = "unavailable";
                body["error"] = string.Join(" ", problems);
            }
        }
        context.Response.ContentType = "application/json; charset=utf-8";
        return context.Response.WriteAsync(JsonSerializer.Serialize(body), context.RequestAborted);
    }
}
