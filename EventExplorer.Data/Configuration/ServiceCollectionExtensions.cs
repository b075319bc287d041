using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace EventExplorer.Data.Configuration;

/// <summary>DI registration of the data service.</summary>
public static class ServiceCollectionExtensions
{
    public static IServiceCollection AddEventExplorerData(this IServiceCollection services, IConfiguration configuration, bool isDevelopment)
    {
        return services;
    }

    /// <summary>Creates missing tables and seeds demo data when configuration asks for it.</summary>
    public static Task PrepareLocalStoreAsync(this IServiceProvider services, CancellationToken cancellationToken) => Task.CompletedTask;
}
