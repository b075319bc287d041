using EventExplorer.Data;
using EventExplorer.Tests.Fakes;
using EventExplorer.Web;
using EventExplorer.Web.Model.Preferences;
using EventExplorer.Web.Model.Timeline;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EventExplorer.Tests.Web;

public sealed class WebServiceCollectionExtensionsTests
{
    [Fact]
    public void AddEventExplorerWeb_CircuitAcceptsMessagesOfAtLeastOneMegabyte()
    {
        var services = new ServiceCollection();
        services.AddLogging();

        services.AddEventExplorerWeb();
        using var provider = services.BuildServiceProvider();

        // The Blazor circuit hub is internal; its options type is closed over it.
        var hubType = Type.GetType("Microsoft.AspNetCore.Components.Server.ComponentHub, Microsoft.AspNetCore.Components.Server", throwOnError: true)!;
        var optionsType = typeof(IOptions<>).MakeGenericType(typeof(HubOptions<>).MakeGenericType(hubType));
        var options = (HubOptions)optionsType.GetProperty("Value")!.GetValue(provider.GetRequiredService(optionsType))!;
        Assert.True(options.MaximumReceiveMessageSize >= 1024 * 1024, $"MaximumReceiveMessageSize is {options.MaximumReceiveMessageSize}");
    }

    [Fact]
    public void AddEventExplorerComponentServices_EachPageScopeGetsItsOwnViewModelAndEachCircuitItsOwnPreferences()
    {
        var services = new ServiceCollection();
        var store = new FakeEventStore();
        services.AddSingleton<IEventStoreReader>(store);
        services.AddSingleton<IEventStoreWriter>(store);
        services.AddSingleton<ISnapshotStore>(new FakeSnapshotStore());
        services.AddEventExplorerComponentServices();
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });

        using var a = provider.CreateScope();
        using var b = provider.CreateScope();

        Assert.NotSame(a.ServiceProvider.GetRequiredService<TimelineViewModel>(), b.ServiceProvider.GetRequiredService<TimelineViewModel>());
        Assert.Same(a.ServiceProvider.GetRequiredService<TimelineViewModel>(), a.ServiceProvider.GetRequiredService<TimelineViewModel>());
        Assert.NotSame(a.ServiceProvider.GetRequiredService<PreferencesState>(), b.ServiceProvider.GetRequiredService<PreferencesState>());
    }
}
