namespace EventExplorer.Web;

/// <summary>Registers everything the UI needs (components, Radzen, view models).</summary>
public static class WebServiceCollectionExtensions
{
    public static IServiceCollection AddEventExplorerWeb(this IServiceCollection services)
    {
        services.AddRazorComponents().AddInteractiveServerComponents();
        return services;
    }
}
