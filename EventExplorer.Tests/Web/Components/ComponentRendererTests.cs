using EventExplorer.Web.Components.Pages.Overview;

namespace EventExplorer.Tests.Web.Components;

public sealed class ComponentRendererTests
{
    [Fact]
    public async Task RenderAsync_OverviewPage_ReturnsParsedMarkup()
    {
        await using var renderer = new ComponentRenderer();

        var document = await renderer.RenderAsync<Overview>("/");

        Assert.NotNull(document.QuerySelector("h1"));
    }
}
