using EventExplorer.Web.Model;
using MudBlazor.Services;

namespace EventExplorer.Web;

/// <summary>Registers everything the UI needs (components, MudBlazor, view models).</summary>
public static class WebServiceCollectionExtensions
{
    public static IServiceCollection AddEventExplorerWeb(this IServiceCollection services)
    {
        services.AddRazorComponents()
            .AddInteractiveServerComponents()
            // The append page sends events of up to ~400 KB through the circuit; SignalR's default is 32 KB.
            .AddHubOptions(options => options.MaximumReceiveMessageSize = 1024 * 1024);
        services.AddEventExplorerComponentServices();
        return services;
    }

    /// <summary>The services the components themselves inject (also used by the render tests).</summary>
    public static IServiceCollection AddEventExplorerComponentServices(this IServiceCollection services)
    {
        services.AddMudServices();
        services.AddScoped<BrowserTime>();
        return services;
    }
}
