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
    /// {"status":"ok"|"unavailable"}, with the details for a signed-in caller. Without sign-in, the
    /// local user counts as signed in on this machine, but not when the app is open to anyone
    /// (AllowAnonymous): then nobody is known, and nobody gets the details.
    /// </summary>
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        var healthy = report.Status != HealthStatus.Unhealthy;
        var body = new Dictionary<string, object?> { ["status"] = healthy ? "ok" : "unavailable" };
        var known = context.User.Identity?.IsAuthenticated == true && ExplorerRoles.SignInOff(context.User) != "anyone";
        if (known && report.Entries.TryGetValue(DynamoDbCheck, out var entry))
        {
            if (healthy)
            {
                foreach (var (key, value) in entry.Data) body[key] = value;
            }
            else
            {
                // AWS texts can name account ids and ARNs: only Authors see them.
                body["error"] = AwsText.ForUser(entry.Description ?? entry.Exception?.GetType().Name ?? "unhealthy", ExplorerRoles.IsAuthor(context.User));
            }
        }
        context.Response.ContentType = "application/json; charset=utf-8";
        return context.Response.WriteAsync(JsonSerializer.Serialize(body), context.RequestAborted);
    }
}
