using EventExplorer.Data;
using EventExplorer.Tests.Infrastructure;
using EventExplorer.Web;
using EventExplorer.Web.Hosting;
using EventExplorer.Web.Model.Loading;
using EventExplorer.Web.Model.Preferences;
using EventExplorer.Web.Model.Timeline;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EventExplorer.Tests.Web;

public sealed class WebServiceCollectionExtensionsTests(DynaliteFixture dynalite) : IClassFixture<DynaliteFixture>
{
    [Fact]
    public void AddEventExplorerWeb_CircuitAcceptsTheLargestLegitimateMessageAndLittleMore()
    {
        var services = new ServiceCollection();
        services.AddLogging();

        services.AddEventExplorerWeb();
        using var provider = services.BuildServiceProvider();

        // The Blazor circuit hub is internal; its options type is closed over it.
        var hubType = Type.GetType("Microsoft.AspNetCore.Components.Server.ComponentHub, Microsoft.AspNetCore.Components.Server", throwOnError: true)!;
        var optionsType = typeof(IOptions<>).MakeGenericType(typeof(HubOptions<>).MakeGenericType(hubType));
        var options = (HubOptions)optionsType.GetProperty("Value")!.GetValue(provider.GetRequiredService(optionsType))!;
        Assert.Equal(CircuitLimits.MaxReceiveMessageBytes, options.MaximumReceiveMessageSize);
        // The editor's largest text and the call around it, and the largest hand-over with the first message's other parts.
        Assert.True(options.MaximumReceiveMessageSize >= CircuitLimits.MaxEditorPayloadBytes + 4 * 1024);
        Assert.True(options.MaximumReceiveMessageSize >= HandOver.MaxStateBytes + 64 * 1024);
        // No longer the megabyte it once was: a message that size is not one the app sends.
        Assert.True(options.MaximumReceiveMessageSize <= 700 * 1024, $"MaximumReceiveMessageSize is {options.MaximumReceiveMessageSize}");
    }

    [Fact]
    public async Task AddEventExplorerComponentServices_EachPageScopeGetsItsOwnViewModelAndEachCircuitItsOwnPreferences()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        var services = new ServiceCollection();
        services.AddSingleton<IEventStoreReader>(bed.Events);
        services.AddSingleton<IEventStoreWriter>(bed.Events);
        services.AddSingleton<IEventStoreSearch>(bed.Events);
        services.AddSingleton<ISnapshotStore>(bed.Snapshots);
        services.AddEventExplorerComponentServices();
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });

        using var a = provider.CreateScope();
        using var b = provider.CreateScope();

        Assert.NotSame(a.ServiceProvider.GetRequiredService<TimelineViewModel>(), b.ServiceProvider.GetRequiredService<TimelineViewModel>());
        Assert.Same(a.ServiceProvider.GetRequiredService<TimelineViewModel>(), a.ServiceProvider.GetRequiredService<TimelineViewModel>());
        Assert.NotSame(a.ServiceProvider.GetRequiredService<PreferencesState>(), b.ServiceProvider.GetRequiredService<PreferencesState>());
    }
}
