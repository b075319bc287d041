using EventExplorer.Web;
using EventExplorer.Web.Model;
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
    public void AddEventExplorerWeb_RegistersOneBrowserTimePerCircuit()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddEventExplorerWeb();
        using var provider = services.BuildServiceProvider();

        using var a = provider.CreateScope();
        using var b = provider.CreateScope();

        Assert.NotSame(a.ServiceProvider.GetRequiredService<BrowserTime>(), b.ServiceProvider.GetRequiredService<BrowserTime>());
    }
}
