using System.Net;

namespace EventExplorer.Web.Security;

/// <summary>
/// Without sign-in the app is for the person at this machine: it serves only loopback addresses.
/// Bound to anything else it refuses to start (unless AllowAnonymous says otherwise), and a request
/// that arrives from or to a non-loopback address anyway is refused.
/// </summary>
public static class LoopbackGuard
{
    /// <summary>Kestrel's own default when nothing is configured.</summary>
    private const string KestrelDefault = "http://localhost:5000";

    /// <summary>
    /// The addresses the app is configured to listen on: <c>urls</c> (ASPNETCORE_URLS, --urls),
    /// <c>http_ports</c>/<c>https_ports</c> (all interfaces) and Kestrel:Endpoints.
    /// </summary>
    public static IReadOnlyList<string> ConfiguredAddresses(IConfiguration configuration)
    {
        var addresses = new List<string>();
        foreach (var endpoint in configuration.GetSection("Kestrel:Endpoints").GetChildren())
        {
            if (endpoint["Url"] is { Length: > 0 } url) addresses.Add(url);
        }
        if (addresses.Count > 0) return addresses; // Kestrel:Endpoints replaces urls and ports.

        if (configuration["urls"] is { Length: > 0 } urls)
        {
            addresses.AddRange(urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }
        else
        {
            foreach (var (key, scheme) in new[] { ("http_ports", "http"), ("https_ports", "https") })
            {
                if (configuration[key] is not { Length: > 0 } ports) continue;
                addresses.AddRange(ports.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(p => $"{scheme}://*:{p}"));
            }
        }
        return addresses.Count > 0 ? addresses : [KestrelDefault];
    }

    /// <summary>Why the app must not start with these addresses and settings; null when it may.</summary>
    public static string? Refusal(IEnumerable<string> addresses, SignInOptions signIn)
    {
        if (signIn.Enabled || signIn.AllowAnonymous) return null;
        var open = addresses.Where(a => !IsLoopbackAddress(a)).ToList();
        if (open.Count == 0) return null;
        return $"EventExplorer refuses to start: sign-in is not configured, so it serves only this machine (loopback), " +
               $"but it is asked to listen on {string.Join(", ", open)}. Configure sign-in (EventExplorer:SignIn:Authority, ClientId, " +
               "ClientSecret, ViewerGroups/AuthorGroups), or listen on 127.0.0.1 / localhost only, or set " +
               "EventExplorer:SignIn:AllowAnonymous=true if anyone who can reach that address may read and write without signing in.";
    }

    /// <summary>True for http(s)://127.x.x.x, [::1] and localhost; false for *, +, 0.0.0.0, [::] and any other host.</summary>
    public static bool IsLoopbackAddress(string address)
    {
        var rest = address;
        var scheme = rest.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0) rest = rest[(scheme + 3)..];
        var slash = rest.IndexOf('/');
        if (slash >= 0) rest = rest[..slash];

        string host;
        if (rest.StartsWith('['))
        {
            var close = rest.IndexOf(']');
            if (close < 0) return false;
            host = rest[1..close];
        }
        else
        {
            var colon = rest.LastIndexOf(':');
            host = colon >= 0 ? rest[..colon] : rest;
        }
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)) return true;
        return IPAddress.TryParse(host, out var ip) && IsLoopback(ip);
    }

    /// <summary>IPv4-mapped IPv6 addresses (::ffff:127.0.0.1) count as the IPv4 address they carry.</summary>
    public static bool IsLoopback(IPAddress? address) =>
        address is not null && IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);
}
