using EventExplorer.Data.Diagnostics;
using EventExplorer.Web.Hosting;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace EventExplorer.Web.Observability;

/// <summary>
/// OpenTelemetry traces, metrics and logs, exported by OTLP only when an endpoint is configured
/// (EventExplorer:Telemetry:OtlpEndpoint, or the standard OTEL_EXPORTER_OTLP_ENDPOINT). Without one,
/// nothing is collected and nothing is sent; the app's sources and meters can still be read in
/// process (dotnet-counters, dotnet-trace).
/// </summary>
public static class ObservabilityExtensions
{
    /// <summary>What is traced: requests, outgoing HTTP (the SDK's calls to DynamoDB), our DynamoDB calls, circuits.</summary>
    public static readonly string[] ActivitySources =
    [
        StoreTelemetry.Name,
        "System.Net.Http",
        "Microsoft.AspNetCore.Components",
        "Microsoft.AspNetCore.Components.Server.Circuits",
    ];

    /// <summary>What is measured, beside ASP.NET Core's request metrics.</summary>
    public static readonly string[] Meters =
    [
        StoreTelemetry.Name,
        WebTelemetry.Name,
        "System.Net.Http",
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Server.Kestrel",
        "Microsoft.AspNetCore.Http.Connections",
        "Microsoft.AspNetCore.Components",
        "Microsoft.AspNetCore.Components.Server.Circuits",
    ];

    public static WebApplicationBuilder AddEventExplorerObservability(this WebApplicationBuilder builder, TelemetrySettings settings)
    {
        builder.Services.AddSingleton<WebTelemetry>();
        builder.Services.AddConsoleLogEscaping();

        var configured = settings.OtlpEndpoint;
        var fromEnvironment = builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"];
        if (string.IsNullOrWhiteSpace(configured) && string.IsNullOrWhiteSpace(fromEnvironment)) return builder;

        var serviceName = builder.Configuration["OTEL_SERVICE_NAME"] is { Length: > 0 } named ? named : settings.ServiceName;
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName, serviceInstanceId: Environment.MachineName))
            .WithTracing(tracing => tracing.AddAspNetCoreInstrumentation().AddSource(ActivitySources))
            .WithMetrics(metrics => metrics.AddAspNetCoreInstrumentation().AddMeter(Meters))
            .WithLogging(logging => { }, options =>
            {
                options.IncludeFormattedMessage = true;
                options.IncludeScopes = true;
            });

        if (!string.IsNullOrWhiteSpace(configured))
        {
            var protocol = settings.OtlpProtocol?.Trim().ToLowerInvariant() switch
            {
                null or "" or "grpc" => OtlpExportProtocol.Grpc,
                "http/protobuf" or "http" => OtlpExportProtocol.HttpProtobuf,
                var other => throw new InvalidOperationException($"EventExplorer:Telemetry:OtlpProtocol '{other}' is neither grpc nor http/protobuf."),
            };
            telemetry.UseOtlpExporter(protocol, new Uri(configured));
        }
        else
        {
            // The standard OTEL_EXPORTER_OTLP_* variables (endpoint, protocol, headers) configure it.
            telemetry.UseOtlpExporter();
        }
        return builder;
    }
}
