using EventExplorer.Web.Health;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.StackExchangeRedis;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace EventExplorer.Web.Hosting;

/// <summary>
/// <c>EventExplorer:Redis</c>: where several instances keep what they must share. With it, the
/// sign-in sessions and the data-protection keys are kept in that Redis; without it, sessions are kept
/// in each instance's memory (a restart ends them) and the keys in <see cref="DataProtectionSettings.KeysPath"/>.
/// </summary>
public sealed class RedisOptions
{
    public const string SectionName = "EventExplorer:Redis";

    /// <summary>
    /// A StackExchange.Redis connection string: <c>host:port</c>, then options separated by commas
    /// (<c>password=...</c>, <c>user=...</c>, <c>ssl=true</c>). Empty: no Redis.
    /// </summary>
    public string? ConnectionString { get; set; }

    public bool Enabled => !string.IsNullOrWhiteSpace(ConnectionString);

    internal static bool IsUsable(string? connectionString)
    {
        try
        {
            return ConfigurationOptions.Parse(connectionString!).EndPoints.Count > 0;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}

/// <summary>The one connection to Redis that the sessions, the key ring and the health check share.</summary>
public sealed class RedisConnection(IOptions<RedisOptions> options) : IDisposable
{
    private readonly Lazy<ConnectionMultiplexer> _connection = new(() =>
    {
        var configuration = ConfigurationOptions.Parse(options.Value.ConnectionString!);
        // Start, and keep running, while Redis is briefly away: it reconnects on its own, and until
        // then what needs it (a signed-in request, the health check) fails and says so.
        configuration.AbortOnConnectFail = false;
        return ConnectionMultiplexer.Connect(configuration);
    });

    public IConnectionMultiplexer Multiplexer => _connection.Value;

    /// <summary>Where it connects, for the health check and the startup log (no password).</summary>
    public string Endpoints => string.Join(", ", ConfigurationOptions.Parse(options.Value.ConnectionString!).EndPoints.Select(EndPointCollection.ToString));

    public void Dispose()
    {
        if (_connection.IsValueCreated) _connection.Value.Dispose();
    }
}

internal static class SharedState
{
    /// <summary>
    /// The distributed cache the sign-in sessions are kept in, and the data-protection key ring: both in
    /// Redis when <see cref="RedisOptions"/> says so, else in memory and in the keys folder (or the machine's default).
    /// </summary>
    public static void AddSharedState(this IServiceCollection services, IConfiguration configuration, DataProtectionSettings keys)
    {
        var section = configuration.GetSection(RedisOptions.SectionName);
        services.AddOptions<RedisOptions>().Bind(section)
            .Validate(o => !o.Enabled || RedisOptions.IsUsable(o.ConnectionString),
                "EventExplorer:Redis:ConnectionString is not a Redis connection string: host:port, then options separated by commas (password=..., ssl=true).")
            .ValidateOnStart();
        var redis = section.Get<RedisOptions>() ?? new RedisOptions();

        var dataProtection = services.AddDataProtection().SetApplicationName(keys.ApplicationName);
        if (!redis.Enabled)
        {
            services.AddDistributedMemoryCache();
            if (!string.IsNullOrWhiteSpace(keys.KeysPath)) dataProtection.PersistKeysToFileSystem(new DirectoryInfo(keys.KeysPath));
            return;
        }
        if (!string.IsNullOrWhiteSpace(keys.KeysPath))
        {
            throw new InvalidOperationException("EventExplorer refuses to start: EventExplorer:Redis:ConnectionString and EventExplorer:DataProtection:KeysPath " +
                "are both set. With Redis the data-protection keys are kept there, shared by every instance; remove KeysPath (or Redis).");
        }

        services.AddSingleton<RedisConnection>();
        // Instances that share keys share the application name: it also keeps their entries apart from other apps' in the same Redis.
        services.AddOptions<KeyManagementOptions>().Configure<RedisConnection>((options, connection) =>
            options.XmlRepository = new RedisXmlRepository(() => connection.Multiplexer.GetDatabase(), $"{keys.ApplicationName}:DataProtection-Keys"));
        services.AddStackExchangeRedisCache(_ => { });
        services.AddOptions<RedisCacheOptions>().Configure<RedisConnection>((options, connection) =>
        {
            options.InstanceName = $"{keys.ApplicationName}:";
            options.ConnectionMultiplexerFactory = () => Task.FromResult(connection.Multiplexer);
        });
        services.AddHealthChecks().AddCheck<RedisHealthCheck>(HealthEndpoint.RedisCheck, timeout: TimeSpan.FromSeconds(5));
    }
}
