namespace EventExplorer.Web.Health;

/// <summary>/healthz: DynamoDB reachable, tables found, layout detected.</summary>
public static class HealthEndpoint
{
    public static IEndpointRouteBuilder MapHealthEndpoint(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/healthz", () => Results.Ok("TODO"));
        return endpoints;
    }
}
