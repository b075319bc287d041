using EventExplorer.Data;
using EventExplorer.Data.Errors;
using EventExplorer.Data.Model;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace EventExplorer.Web.Health;

/// <summary>
/// DynamoDB reachable, tables found, layout detected. The store is resolved here rather than
/// injected so that a failure to build it (no credentials, bad configuration) is reported as
/// unhealthy too, never as an exception page. The data service's deadline bounds the check.
/// </summary>
public sealed class DynamoDbHealthCheck(IServiceProvider services, ILogger<DynamoDbHealthCheck> logger) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken)
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
            return HealthCheckResult.Unhealthy(ex.Message);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogError(ex, "Health check failed unexpectedly.");
            return HealthCheckResult.Unhealthy("the data service could not be started; see the application log.");
        }

        return HealthCheckResult.Healthy("connected", new Dictionary<string, object>
        {
            ["endpoint"] = description.Endpoint,
            ["commitTable"] = description.CommitTable,
            ["index"] = description.CommitIndex,
            ["counterTable"] = description.CounterTable ?? "",
            ["snapshotTable"] = description.SnapshotTable,
            ["snapshotTableMissing"] = description.SnapshotTableMissing,
            ["layout"] = description.Layout == EventStoreLayout.CounterCommitIds ? "A (counter commit ids)" : "B (timestamp commit ids)",
            ["snapshotKey"] = description.SnapshotKeyAttribute,
            ["readOnly"] = description.ReadOnly,
        });
    }
}
