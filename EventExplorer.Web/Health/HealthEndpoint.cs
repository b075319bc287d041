using EventExplorer.Data;
using EventExplorer.Data.Errors;
using EventExplorer.Data.Model;

namespace EventExplorer.Web.Health;

/// <summary>/healthz: DynamoDB reachable, tables found, layout detected.</summary>
public static class HealthEndpoint
{
    public const string Path = "/healthz";

    public static IEndpointRouteBuilder MapHealthEndpoint(this IEndpointRouteBuilder endpoints)
    {
        // Monitors and load balancers ask without signing in.
        endpoints.MapGet(Path, (HttpContext context, CancellationToken cancellationToken) => CheckAsync(context.RequestServices, cancellationToken)).AllowAnonymous();
        return endpoints;
    }

    /// <summary>
    /// 200 with what the explorer is connected to, or 503 with a message a person can act on. The
    /// store is resolved here rather than injected so that a failure to build it (no credentials, bad
    /// configuration) is reported as "unavailable" too, never as an exception page.
    /// </summary>
    internal static async Task<IResult> CheckAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        StoreDescription description;
        try
        {
            var reader = services.GetRequiredService<IEventStoreReader>();
            description = await reader.DescribeAsync(cancellationToken);
            // The description is cached after the first success; this DescribeTable is the live probe
            // that tells a monitor the database is reachable right now.
            await reader.GetCommitTableStatsAsync(cancellationToken);
        }
        catch (EventStoreException ex)
        {
            return Unavailable(ex.Message);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            services.GetService<ILoggerFactory>()?.CreateLogger(typeof(HealthEndpoint)).LogError(ex, "Health check failed unexpectedly.");
            return Unavailable("the data service could not be started; see the application log.");
        }

        return Results.Json(new
        {
            status = "ok",
            endpoint = description.Endpoint,
            commitTable = description.CommitTable,
            index = description.CommitIndex,
            counterTable = description.CounterTable,
            snapshotTable = description.SnapshotTable,
            snapshotTableMissing = description.SnapshotTableMissing,
            layout = description.Layout == EventStoreLayout.CounterCommitIds ? "A (counter commit ids)" : "B (timestamp commit ids)",
            snapshotKey = description.SnapshotKeyAttribute,
            readOnly = description.ReadOnly,
        });
    }

    private static IResult Unavailable(string message) =>
        Results.Json(new { status = "unavailable", error = message }, statusCode: StatusCodes.Status503ServiceUnavailable);
}
