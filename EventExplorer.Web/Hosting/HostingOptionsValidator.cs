using System.Net;
using Microsoft.Extensions.Options;

namespace EventExplorer.Web.Hosting;

/// <summary>
/// Checks the hosting settings when the app starts (ValidateOnStart): a limit out of range, a proxy that is
/// no address or a telemetry protocol that does not exist stops the app with a message naming the setting,
/// instead of being clamped or failing at the first request.
/// </summary>
public sealed class HostingOptionsValidator : IValidateOptions<HostingOptions>
{
    public const int MaxScansPerUser = 100;
    public const int MaxCircuitsPerUser = 1000;
    public const int MaxForwardLimit = 10;

    public ValidateOptionsResult Validate(string? name, HostingOptions options)
    {
        const string section = HostingOptions.SectionName;
        var problems = new List<string>();
        InRange(problems, $"{section}:Limits:ScansPerUser", options.Limits.ScansPerUser, MaxScansPerUser);
        InRange(problems, $"{section}:Limits:CircuitsPerUser", options.Limits.CircuitsPerUser, MaxCircuitsPerUser);

        var forwarded = options.ForwardedHeaders;
        InRange(problems, $"{section}:ForwardedHeaders:ForwardLimit", forwarded.ForwardLimit, MaxForwardLimit);
        problems.AddRange(forwarded.KnownProxies.Where(p => !IPAddress.TryParse(p.Trim(), out _))
            .Select(p => $"{section}:ForwardedHeaders:KnownProxies: '{p}' is not an IP address."));
        problems.AddRange(forwarded.KnownNetworks.Where(n => !System.Net.IPNetwork.TryParse(n.Trim(), out _))
            .Select(n => $"{section}:ForwardedHeaders:KnownNetworks: '{n}' is not a network in CIDR notation (e.g. 10.0.0.0/16)."));

        if (string.IsNullOrWhiteSpace(options.DataProtection.ApplicationName))
        {
            problems.Add($"{section}:DataProtection:ApplicationName must not be empty: instances that share keys share this name.");
        }

        var telemetry = options.Telemetry;
        if (telemetry.OtlpProtocol?.Trim().ToLowerInvariant() is { Length: > 0 } protocol && protocol is not ("grpc" or "http/protobuf" or "http"))
        {
            problems.Add($"{section}:Telemetry:OtlpProtocol '{telemetry.OtlpProtocol}' is neither grpc nor http/protobuf.");
        }
        if (!string.IsNullOrWhiteSpace(telemetry.OtlpEndpoint) && !Uri.TryCreate(telemetry.OtlpEndpoint, UriKind.Absolute, out _))
        {
            problems.Add($"{section}:Telemetry:OtlpEndpoint '{telemetry.OtlpEndpoint}' is not an absolute URL (e.g. http://otel-collector:4317).");
        }
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    private static void InRange(List<string> problems, string setting, int value, int max)
    {
        if (value < 1 || value > max) problems.Add($"{setting} must be between 1 and {max} (it is {value}).");
    }
}
