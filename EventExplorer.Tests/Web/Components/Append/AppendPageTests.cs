using EventExplorer.Tests.Fakes;
using EventExplorer.Web;
using EventExplorer.Web.Components.Pages.Append;

namespace EventExplorer.Tests.Web.Components.Append;

public sealed class AppendPageTests
{
    [Fact]
    public async Task ReadOnlyMode_SaysWritesAreDisabledAndOffersNoForm()
    {
        await using var renderer = new ComponentRenderer(new FakeEventStore(readOnly: true));

        var document = await renderer.RenderAsync<EventExplorer.Web.Components.Pages.Append.Append>(ExplorerUrls.Append("a", 1));

        Assert.Contains("read-only mode", document.QuerySelector(".empty-state")?.TextContent);
        Assert.Null(document.QuerySelector("form"));
        Assert.Null(document.QuerySelector("textarea"));
        Assert.Equal(0, renderer.Events.CallCount);
    }

    [Fact]
    public async Task WritableMode_PrefillsTheFormFromTheLinkAndProposesTheVersion()
    {
        var store = new FakeEventStore();
        store.AddTyped("order/7", "Created");
        await using var renderer = new ComponentRenderer(store);

        var document = await renderer.RenderAsync<EventExplorer.Web.Components.Pages.Append.Append>(ExplorerUrls.Append("order/7"));

        Assert.Equal("order/7", document.QuerySelector("#append-aggregate")?.GetAttribute("value"));
        Assert.Equal("1", document.QuerySelector("#append-version")?.GetAttribute("value"));
        Assert.NotNull(document.QuerySelector("textarea#append-events"));
        Assert.Contains("Proposed: 1", document.QuerySelector(".version-note")?.TextContent);
    }
}
