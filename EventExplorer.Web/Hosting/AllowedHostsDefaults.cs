using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.HostFiltering;
using Microsoft.Extensions.Options;

namespace EventExplorer.Web.Hosting;

/// <summary>
/// AllowedHosts when it is not configured: the host names of the addresses the app listens on.
/// A browser only sends another Host to a locally run app when a page elsewhere points a name of
/// its own at this machine (DNS rebinding); with a developer's AWS credentials behind the app, such
/// requests are refused. An app that listens on every address cannot know the names it is reached
/// by, so it refuses to start until AllowedHosts says them (or "*", behind a proxy that checks Host).
/// </summary>
public static class AllowedHostsDefaults
{
    /// <summary>What a loopback address may be called.</summary>
    public static readonly IReadOnlyList<string> LoopbackNames = ["localhost", "127.0.0.1", "[::1]"];

    /// <summary>Kestrel's address when none is configured.</summary>
    private const string KestrelDefault = "http://localhost:5000";

    /// <summary>
    /// The host names requests may carry for an app listening on <paramref name="addresses"/>; throws
    /// when one of them is every address (0.0.0.0, [::], *, +), which names no host.
    /// </summary>
    public static IReadOnlyList<string> For(IEnumerable<string> addresses)
    {
        var hosts = new List<string>();
        var all = addresses.DefaultIfEmpty(KestrelDefault).ToList();
        foreach (var address in all)
        {
            var host = BindingAddress.Parse(address).Host;
            if (IsWildcard(host))
            {
                throw new InvalidOperationException(
                    $"EventExplorer listens on every network address ({address}) and AllowedHosts is not set, so it cannot tell which host names " +
                    "it may answer. Set AllowedHosts to the names users reach it by, separated by ';' (e.g. AllowedHosts=explorer.example.com), " +
                    "or to * when a proxy in front of it checks the Host header.");
            }
            foreach (var name in IsLoopback(host) ? LoopbackNames : [host])
            {
                if (!hosts.Contains(name, StringComparer.OrdinalIgnoreCase)) hosts.Add(name);
            }
        }
        return hosts;
    }

    private static bool IsWildcard(string host) =>
        host is "*" or "+" or "0.0.0.0" or "[::]" or "::" || host.Length == 0;

    private static bool IsLoopback(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));

    /// <summary>
    /// Sets <see cref="HostFilteringOptions.AllowedHosts"/> from the server's addresses when AllowedHosts
    /// is not configured, and makes the app fail at start (not at its first request) when it cannot.
    /// </summary>
    internal static IServiceCollection AddAllowedHostsDefaults(this IServiceCollection services, IConfiguration configuration)
    {
        if (!string.IsNullOrWhiteSpace(configuration["AllowedHosts"])) return services;
        services.AddOptions<HostFilteringOptions>().PostConfigure<IServer>((options, server) =>
        {
            var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses.ToList() ?? [];
            // Endpoints configured for Kestrel itself are not among the server's addresses before it binds.
            addresses.AddRange(configuration.GetSection("Kestrel:Endpoints").GetChildren().Select(e => e["Url"]).OfType<string>());
            options.AllowedHosts = For(addresses).ToList();
        });
        services.AddTransient<IStartupFilter, ValidateAtStart>();
        return services;
    }

    /// <summary>Runs when the pipeline is built, after the configured addresses are known and before the server listens.</summary>
    private sealed class ValidateAtStart(IOptionsMonitor<HostFilteringOptions> options, ILogger<ValidateAtStart> logger) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            logger.LogInformation("AllowedHosts is not set; answering only requests for {Hosts} (the addresses the app listens on).",
                string.Join(", ", options.CurrentValue.AllowedHosts));
            next(app);
        };
    }
}
