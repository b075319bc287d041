using EventExplorer.Web.Hosting;

namespace EventExplorer.Web.Observability;

public static class ObservabilityExtensions
{
    public static WebApplicationBuilder AddEventExplorerObservability(this WebApplicationBuilder builder, TelemetrySettings settings) => builder;
}
