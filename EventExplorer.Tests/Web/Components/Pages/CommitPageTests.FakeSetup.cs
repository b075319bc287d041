using Bunit;
using EventExplorer.Data;
using EventExplorer.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;

namespace EventExplorer.Tests.Web.Components.Pages;

public sealed partial class CommitPageTests
{
    /// <summary>
    /// The app's services with the fake's find-anything reads (raw items given by the test). Only
    /// ComparePageTests still uses it; it goes with FakeEventStore once those move to the real store.
    /// </summary>
    internal static (ExplorerFakes Fakes, RawItemOverrides Raw) Setup(BunitContext ctx)
    {
        // Before AddExplorer: it resolves services, after which bUnit takes no more registrations.
        ctx.Services.AddSingleton<IEventStoreSearch>(sp => new RawItemOverrides((FakeEventStore)sp.GetRequiredService<IEventStoreReader>()));
        var fakes = ctx.AddExplorer();
        return (fakes, (RawItemOverrides)ctx.Services.GetRequiredService<IEventStoreSearch>());
    }
}
