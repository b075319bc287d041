using EventExplorer.Web.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace EventExplorer.Web.Health;

/// <summary>
/// The session store answers (when sessions are kept in Redis): without it nobody can sign in or stay
/// signed in, so an instance that cannot reach it is as unavailable as one that cannot reach DynamoDB.
/// </summary>
public sealed class RedisHealthCheck(RedisConnection redis) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken)
    {
        try
        {
            await redis.Multiplexer.GetDatabase().PingAsync().WaitAsync(cancellationToken);
            return HealthCheckResult.Healthy("connected", new Dictionary<string, object> { ["sessionStore"] = $"redis at {redis.Endpoints}" });
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy($"The session store (Redis at {redis.Endpoints}) is not answering: {ex.Message}");
        }
    }
}
