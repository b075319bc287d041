using System.Collections.Concurrent;
using System.Net;
using System.Text;
using EventExplorer.Data.Configuration;
using EventExplorer.Data.DynamoDb;
using EventExplorer.Tests.Infrastructure;
using EventExplorer.Web.Hosting;
using EventExplorer.Web.Observability;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Trace;

namespace EventExplorer.Tests.Web.Observability;

/// <summary>
/// OpenTelemetry is set up only when an OTLP endpoint is configured, and then exports the app's
/// requests and its DynamoDB calls (traces and metrics) to it: checked against a collector of our own.
/// </summary>
public sealed class ObservabilityTests(DynaliteFixture dynalite) : IClassFixture<DynaliteFixture>
{
    [Fact]
    public async Task WithoutAnEndpoint_NothingIsCollectedOrSent()
    {
        await using var app = await StartAppAsync(new Dictionary<string, string?>());

        Assert.Null(app.Services.GetService<TracerProvider>());
        Assert.Null(app.Services.GetService<OpenTelemetry.Metrics.MeterProvider>());
    }

    [Fact]
    public async Task WithTheStandardEnvironmentVariable_TracesAreSetUp()
    {
        await using var app = await StartAppAsync(new Dictionary<string, string?> { ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://127.0.0.1:4317" });

        Assert.NotNull(app.Services.GetService<TracerProvider>());
    }

    [Fact]
    public async Task WithAnEndpoint_RequestsAndDynamoDbCallsAreExportedAsTracesAndMetrics()
    {
        await using var collector = await Collector.StartAsync();
        var app = await StartAppAsync(new Dictionary<string, string?>
        {
            ["EventExplorer:Telemetry:OtlpEndpoint"] = collector.Url,
            ["EventExplorer:Telemetry:OtlpProtocol"] = "http/protobuf",
            ["EventExplorer:Telemetry:ServiceName"] = "explorer-under-test",
        });
        // The server's span ends a moment after the client has the response; stop the app only after it.
        var requestEnded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var listener = new System.Diagnostics.ActivityListener
        {
            ShouldListenTo = source => source.Name == "Microsoft.AspNetCore",
            Sample = (ref System.Diagnostics.ActivityCreationOptions<System.Diagnostics.ActivityContext> _) => System.Diagnostics.ActivitySamplingResult.AllData,
            ActivityStopped = activity =>
            {
                if (activity.GetTagItem("url.path") as string == "/probe") requestEnded.TrySetResult();
            },
        };
        System.Diagnostics.ActivitySource.AddActivityListener(listener);
        using (var client = app.GetTestClient())
        {
            using var response = await client.GetAsync("/probe");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        await requestEnded.Task.WaitAsync(TimeSpan.FromSeconds(10));

        // Stopping flushes what is batched (traces every few seconds, metrics every minute).
        await app.DisposeAsync();

        var traces = collector.Received("/v1/traces");
        Assert.Contains("explorer-under-test", traces);
        Assert.Contains("DynamoDB DescribeTable", traces);
        Assert.Contains("aws.dynamodb", traces);
        // The request that made the call, from ASP.NET Core's instrumentation.
        Assert.Contains("/probe", traces);
        var metrics = collector.Received("/v1/metrics");
        Assert.Contains("eventexplorer.dynamodb.call.duration", metrics);
        Assert.Contains("http.server.request.duration", metrics);
    }

    /// <summary>An app with the observability and one endpoint that makes a DynamoDB call (on a table that is not there).</summary>
    private async Task<WebApplication> StartAppAsync(Dictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddSingleton(new CircuitQuota(1));
        builder.Services.AddSingleton(new ScanQuota(1));
        builder.AddEventExplorerObservability(HostingOptions.Bind(builder.Configuration).Telemetry);
        var app = builder.Build();
        var options = new EventExplorerOptions { ServiceUrl = dynalite.ServiceUrl, Tables = new TableNames { Commits = "telemetry-probe-" + Guid.NewGuid().ToString("N") } };
        app.MapGet("/probe", async (CancellationToken cancellationToken) =>
        {
            using var client = DynamoClientFactory.Create(options);
            var store = new DynamoDbEventStore(client, new StoreSchemaDetector(client, options, readOnly: true), options);
            try
            {
                await store.GetCommitTableStatsAsync(cancellationToken);
            }
            catch (EventExplorer.Data.Errors.TableMissingException)
            {
            }
            return Results.Ok();
        });
        await app.StartAsync();
        return app;
    }

    /// <summary>An OTLP/HTTP collector that keeps what it is sent (protobuf: names appear as plain UTF-8).</summary>
    private sealed class Collector : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly ConcurrentQueue<(string Path, byte[] Body)> _received = new();

        private Collector(WebApplication app) => _app = app;

        public string Url { get; private set; } = "";

        public string Received(string path) =>
            string.Join("\n", _received.Where(r => r.Path == path).Select(r => Encoding.UTF8.GetString(r.Body)));

        public static async Task<Collector> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
            var app = builder.Build();
            var collector = new Collector(app);
            app.Run(async context =>
            {
                using var body = new MemoryStream();
                await context.Request.Body.CopyToAsync(body);
                collector._received.Enqueue((context.Request.Path.Value ?? "", body.ToArray()));
                context.Response.ContentType = "application/x-protobuf";
            });
            await app.StartAsync();
            collector.Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
            return collector;
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }
}
