using System.Net;
using EventExplorer.Data;
using EventExplorer.Data.Configuration;
using EventExplorer.Web.Health;
using EventExplorer.Web.Observability;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace EventExplorer.Web.Hosting;

/// <summary>
/// Everything about running the app in production, in one place: security headers, forwarded
/// headers, AllowedHosts, HSTS, no Server header, /healthz, per-user limits, shared data-protection
/// keys and telemetry. Call <see cref="AddEventExplorerHosting"/> after the data service is added
/// (it wraps its stores) and <see cref="UseEventExplorerHosting"/> first thing after Build.
/// </summary>
public static class HostingExtensions
{
    public static WebApplicationBuilder AddEventExplorerHosting(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var services = builder.Services;
        services.AddOptions<HostingOptions>().BindConfiguration(HostingOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<HostingOptions>, HostingOptionsValidator>());
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<HostingOptions>>().Value);
        // Where the keys are kept and whether telemetry is exported decide which services exist, so they are
        // read before the app is built; the options above check them at start with the rest.
        var shape = HostingOptions.Bind(configuration);

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // Says nothing about the server software to whoever asks.
            kestrel.AddServerHeader = false;
            KestrelRefusals.AddSecurityHeaders(kestrel);
        });
        // Ahead of every other startup filter: the framework's host filtering answers its 400 from the first of them.
        services.Insert(0, ServiceDescriptor.Transient<IStartupFilter, EdgeStartupFilter>());

        services.AddAllowedHostsDefaults(configuration);
        services.AddOptions<ForwardedHeadersOptions>().Configure<HostingOptions>((forwarded, hosting) => Configure(forwarded, hosting.ForwardedHeaders));
        services.AddHsts(hsts =>
        {
            hsts.MaxAge = TimeSpan.FromDays(365);
            hsts.IncludeSubDomains = false;
        });

        // The data-protection keys, and the cache the sign-in sessions are kept in: in Redis when configured.
        services.AddSharedState(configuration, shape.DataProtection);

        // Registered with the default deadline; its backstop then follows the configured one (EventExplorer:OperationTimeout).
        services.AddEventExplorerHealthChecks(new EventExplorerOptions().OperationTimeout);
        services.AddOptions<HealthCheckServiceOptions>().Configure<EventExplorerOptions>((health, data) =>
        {
            foreach (var check in health.Registrations.Where(r => r.Name == HealthEndpoint.DynamoDbCheck)) check.Timeout = data.OperationTimeout * 2;
        });

        services.AddHttpContextAccessor();
        services.AddSingleton<CurrentUserKey>();
        services.AddSingleton(sp => new ScanQuota(sp.GetRequiredService<HostingOptions>().Limits.ScansPerUser));
        services.AddSingleton(sp => new CircuitQuota(sp.GetRequiredService<HostingOptions>().Limits.CircuitsPerUser));
        services.AddScoped<CircuitHandler, CircuitLimitHandler>();
        // The pages reach the stores through these registrations; the writer stays as it is.
        Decorate<IEventStoreReader>(services, (sp, inner) => new ScanLimitedEventStoreReader(inner,
            sp.GetRequiredService<ScanQuota>(), sp.GetRequiredService<CurrentUserKey>(), sp.GetRequiredService<WebTelemetry>()));
        Decorate<ISnapshotStore>(services, (sp, inner) => new ScanLimitedSnapshotStore(inner,
            sp.GetRequiredService<ScanQuota>(), sp.GetRequiredService<CurrentUserKey>(), sp.GetRequiredService<WebTelemetry>()));
        // Long reads (search, field history, summary, export) hold a scan place while they stream.
        Decorate<IEventStoreSearch>(services, (sp, inner) => new ScanLimitedEventStoreSearch(inner,
            sp.GetRequiredService<ScanQuota>(), sp.GetRequiredService<CurrentUserKey>(), sp.GetRequiredService<WebTelemetry>()));

        builder.AddEventExplorerObservability(shape.Telemetry);
        return builder;
    }

    public static WebApplication UseEventExplorerHosting(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<HostingOptions>();
        // Its gauges exist from the start, not from the first circuit.
        app.Services.GetRequiredService<WebTelemetry>();

        if (app.Services.GetService<RedisConnection>() is { } redis)
        {
            app.Logger.LogInformation("Sign-in sessions and data-protection keys are kept in Redis at {Redis} (application name {ApplicationName}).", redis.Endpoints, options.DataProtection.ApplicationName);
        }
        else if (options.DataProtection.KeysPath is { Length: > 0 } keys)
        {
            app.Logger.LogInformation("Data-protection keys are kept in {KeysPath} (application name {ApplicationName}).", keys, options.DataProtection.ApplicationName);
        }
        else
        {
            app.Logger.LogInformation("Data-protection keys are kept in this machine's default location; set EventExplorer:Redis:ConnectionString when running several instances.");
        }
        return app;
    }

    /// <summary>
    /// What every response passes through first, before the framework's own middleware (host filtering,
    /// whose 400 would otherwise go out bare) and the app's.
    /// </summary>
    private sealed class EdgeStartupFilter(HostingOptions options) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            // First: everything after it (HSTS, host filtering, sign-in callbacks, limits, logs) must see the client's scheme and address.
            if (options.ForwardedHeaders.Enabled) app.UseForwardedHeaders();
            app.UseMiddleware<SecurityHeaders>();
            // Only over HTTPS, and never for localhost.
            app.UseHsts();
            next(app);
        };
    }

    /// <summary>Replaces the registration of <typeparamref name="T"/> with <paramref name="wrap"/> around it (same lifetime).</summary>
    private static void Decorate<T>(IServiceCollection services, Func<IServiceProvider, T, T> wrap)
        where T : class
    {
        var existing = services.LastOrDefault(d => d.ServiceType == typeof(T))
            ?? throw new InvalidOperationException($"{typeof(T).Name} is not registered: add the data service before the hosting.");
        services.Remove(existing);
        services.Add(ServiceDescriptor.Describe(typeof(T), sp => wrap(sp, Create<T>(existing, sp)), existing.Lifetime));
    }

    private static T Create<T>(ServiceDescriptor descriptor, IServiceProvider services) where T : class =>
        (T)(descriptor.ImplementationInstance
            ?? descriptor.ImplementationFactory?.Invoke(services)
            ?? ActivatorUtilities.CreateInstance(services, descriptor.ImplementationType!));

    private static void Configure(ForwardedHeadersOptions forwarded, ForwardedHeadersSettings settings)
    {
        forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
        forwarded.ForwardLimit = settings.ForwardLimit;
        if (settings.KnownProxies.Length > 0 || settings.KnownNetworks.Length > 0)
        {
            // Naming the proxies replaces the default (loopback) instead of adding to it: otherwise any
            // client on this machine could claim any address, and be a new user to the limits each time.
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
        }
        // Checked at start (HostingOptionsValidator).
        foreach (var proxy in settings.KnownProxies) forwarded.KnownProxies.Add(IPAddress.Parse(proxy.Trim()));
        foreach (var network in settings.KnownNetworks) forwarded.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network.Trim()));
    }
}
