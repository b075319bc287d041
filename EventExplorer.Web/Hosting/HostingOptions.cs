using Microsoft.Extensions.Configuration;

namespace EventExplorer.Web.Hosting;

/// <summary>
/// How the app is run in production: behind a proxy, as several instances, with limits and
/// telemetry. Bound from the <c>EventExplorer</c> section, beside the data service's settings, as
/// <c>IOptions&lt;HostingOptions&gt;</c> checked at start (<see cref="HostingOptionsValidator"/>).
/// </summary>
public sealed class HostingOptions
{
    public const string SectionName = "EventExplorer";

    public ForwardedHeadersSettings ForwardedHeaders { get; set; } = new();
    public DataProtectionSettings DataProtection { get; set; } = new();
    public LimitSettings Limits { get; set; } = new();
    public TelemetrySettings Telemetry { get; set; } = new();

    /// <summary>
    /// The settings as configured, before the app is built: for what decides which services exist (where the
    /// data-protection keys are kept, whether telemetry is exported). Everything else reads the options.
    /// </summary>
    public static HostingOptions Bind(IConfiguration configuration) =>
        configuration.GetSection(SectionName).Get<HostingOptions>() ?? new HostingOptions();
}

/// <summary>
/// X-Forwarded-For and X-Forwarded-Proto from a load balancer or TLS terminator. Off unless enabled,
/// and then accepted only from the proxies and networks named here (loopback only when none are;
/// naming any replaces loopback): a client must not be able to claim another address or HTTPS by
/// sending the headers itself.
/// </summary>
public sealed class ForwardedHeadersSettings
{
    public bool Enabled { get; set; }

    /// <summary>Proxy addresses, e.g. 10.0.0.5.</summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>Proxy networks in CIDR notation, e.g. 10.0.0.0/16.</summary>
    public string[] KnownNetworks { get; set; } = [];

    /// <summary>How many proxies in a chain are trusted (entries read from the right of X-Forwarded-For), 1 to <see cref="HostingOptionsValidator.MaxForwardLimit"/>.</summary>
    public int ForwardLimit { get; set; } = 1;
}

/// <summary>
/// Where the keys that protect cookies, antiforgery tokens and the prerendered pages' hand-over are
/// kept when there is no Redis (<see cref="RedisOptions"/>, which keeps them itself). Several instances
/// must share them, or a user whose request lands on another instance cannot use its pages.
/// </summary>
public sealed class DataProtectionSettings
{
    /// <summary>A folder every instance can read and write (an NFS/EFS mount, a shared volume). Null: the per-machine default.</summary>
    public string? KeysPath { get; set; }

    /// <summary>Instances that share keys must share this name as well.</summary>
    public string ApplicationName { get; set; } = "EventExplorer";
}

/// <summary>Limits against accidental or deliberate load, per user as <see cref="UserKeys"/> tells them apart.</summary>
public sealed class LimitSettings
{
    /// <summary>Full-table scans (aggregate search, snapshot list) running at once, 1 to <see cref="HostingOptionsValidator.MaxScansPerUser"/>.</summary>
    public int ScansPerUser { get; set; } = 2;

    /// <summary>Connected Blazor circuits (open tabs) at once, 1 to <see cref="HostingOptionsValidator.MaxCircuitsPerUser"/>.</summary>
    public int CircuitsPerUser { get; set; } = 10;
}

/// <summary>OpenTelemetry export. Nothing is exported unless an endpoint is set here or in OTEL_EXPORTER_OTLP_ENDPOINT.</summary>
public sealed class TelemetrySettings
{
    /// <summary>An OTLP collector, e.g. http://otel-collector:4317 (gRPC) or http://otel-collector:4318 (with OtlpProtocol http/protobuf).</summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary>grpc (default) or http/protobuf.</summary>
    public string? OtlpProtocol { get; set; }

    /// <summary>The service name traces and metrics carry (OTEL_SERVICE_NAME also works).</summary>
    public string ServiceName { get; set; } = "EventExplorer";
}
