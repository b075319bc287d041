using EventExplorer.Web.Hosting;
using EventExplorer.Web.Model.Aggregates;
using EventExplorer.Web.Model.Append;
using EventExplorer.Web.Model.Audit;
using EventExplorer.Web.Model.CommitView;
using EventExplorer.Web.Model.Compare;
using EventExplorer.Web.Model.Feed;
using EventExplorer.Web.Model.FieldHistory;
using EventExplorer.Web.Model.Integrity;
using EventExplorer.Web.Model.Overview;
using EventExplorer.Web.Model.Preferences;
using EventExplorer.Web.Model.Search;
using EventExplorer.Web.Model.Shell;
using EventExplorer.Web.Model.Snapshots;
using EventExplorer.Web.Model.Summary;
using EventExplorer.Web.Model.Timeline;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MudBlazor.Services;

namespace EventExplorer.Web;

/// <summary>Registers everything the UI needs: Razor components, MudBlazor and the view-models.</summary>
public static class WebServiceCollectionExtensions
{
    public static IServiceCollection AddEventExplorerWeb(this IServiceCollection services)
    {
        services.AddRazorComponents()
            .AddInteractiveServerComponents()
            // What the largest legitimate message needs (the append page's events), no more: see CircuitLimits.
            .AddHubOptions(options => options.MaximumReceiveMessageSize = CircuitLimits.MaxReceiveMessageBytes);
        services.AddEventExplorerComponentServices();
        return services;
    }

    /// <summary>
    /// What the components inject (also used by the component tests): MudBlazor, the circuit's
    /// preferences, and one view-model per page. View-models are scoped: pages resolve them in their own
    /// scope (OwningComponentBase), so a view-model lives exactly as long as its page.
    /// </summary>
    public static IServiceCollection AddEventExplorerComponentServices(this IServiceCollection services)
    {
        services.AddMudServices();
        services.TryAddSingleton(TimeProvider.System);
        services.AddScoped<PreferencesState>();
        services.AddScoped<ShellViewModel>();
        services.AddScoped<OverviewViewModel>();
        services.AddScoped<AggregatesViewModel>();
        services.AddScoped<TimelineViewModel>();
        services.AddScoped<FeedViewModel>();
        services.AddScoped<SnapshotListViewModel>();
        services.AddScoped<SnapshotViewModel>();
        services.AddScoped<SnapshotDiffViewModel>();
        services.AddScoped<SnapshotVerificationViewModel>();
        services.AddScoped<SnapshotCheckViewModel>();
        services.AddScoped<IntegrityViewModel>();
        services.AddScoped<AppendViewModel>();
        services.AddScoped<AuditViewModel>();
        services.AddScoped<CommitViewModel>();
        services.AddScoped<CompareViewModel>();
        services.AddScoped<SearchViewModel>();
        services.AddScoped<FieldHistoryViewModel>();
        services.AddScoped<SummaryViewModel>();
        services.AddScoped<Model.State.StateViewModel>();
        services.AddScoped<Model.State.StateDiffViewModel>();
        return services;
    }
}
