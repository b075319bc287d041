using Bunit;
using EventExplorer.Data.Model;
using EventExplorer.Testing;
using EventExplorer.Tests.Infrastructure;
using EventExplorer.Web.Components.Pages.FieldHistory;
using EventExplorer.Web.Components.Pages.Search;
using EventExplorer.Web.Components.Pages.Summary;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;

namespace EventExplorer.Tests.Web.Components.Pages;

/// <summary>The long-read pages: search, field history and summary, over the real store on dynalite.</summary>
public sealed class SearchPagesTests(DynaliteFixture dynalite) : IClassFixture<DynaliteFixture>
{
    private async Task<StoreBed> SetupAsync(BunitContext ctx)
    {
        var bed = ctx.AddExplorer(await StoreBed.CreateAsync(dynalite));
        await bed.AddAsync("order-1", """{"type":"orderPlaced","orderId":"order-2024-004711","lines":[{"sku":"SKU-1"}]}""");
        await bed.AddAsync("order-1", """{"type":"orderShipped","carrier":"<b>DHL</b>"}""");
        await bed.AddAsync("order-2", """{"type":"orderPlaced","orderId":"order-2024-000001"}""");
        return bed;
    }

    [Fact]
    public async Task Search_FromTheUrl_ListsTheMatchingCommitWithTheMatchedPathAndItsLinks()
    {
        await using var ctx = new BunitContext();
        await using var bed = await SetupAsync(ctx);

        var page = ctx.RenderPage<Search>("/search?q=" + Uri.EscapeDataString("orderId = \"order-2024-004711\""));

        // The match is streamed before the search ends: wait for both.
        page.WaitForAssertion(() => Assert.Single(page.FindAll("li.search-match")));
        page.WaitForAssertion(() => Assert.Contains("Done", page.Find(".read-progress").TextContent, StringComparison.Ordinal));
        var match = page.Find("li.search-match");
        Assert.Equal("$.orderId", match.QuerySelector("mark.match-path")!.TextContent);
        Assert.Equal("/aggregates/order-1?from=0&expand=0", match.QuerySelector("a.match-aggregate")!.GetAttribute("href"));
        Assert.Equal("/commit?aggregate=order-1&version=0", match.QuerySelector(".match-commit-link")!.GetAttribute("href"));
        Assert.Equal("/fields?aggregate=order-1&path=%24.orderId", match.QuerySelector("a.match-history")!.GetAttribute("href"));
        Assert.Equal("orderId = \"order-2024-004711\"", page.Find("#search-query").GetAttribute("value"));
        Assert.Contains(page.FindAll("a[download]"), a => a.GetAttribute("href") == "/export?q=orderId%20%3D%20%22order-2024-004711%22&format=jsonl");
    }

    [Fact]
    public async Task Search_ShowEvents_RendersTheEventJsonAsTextWithTheMatchMarked()
    {
        await using var ctx = new BunitContext();
        await using var bed = await SetupAsync(ctx);
        var page = ctx.RenderPage<Search>("/search?q=DHL&aggregate=order-1");
        page.WaitForAssertion(() => Assert.Contains("Done", page.Find(".read-progress").TextContent, StringComparison.Ordinal));
        Assert.Single(page.FindAll("li.search-match"));

        await page.FindAll("li.search-match button").Single(b => b.TextContent.Contains("Show events", StringComparison.Ordinal)).ClickAsync(new MouseEventArgs());

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("mark.json-match")));
        Assert.Equal("\"carrier\": \"<b>DHL</b>\"", page.Find("mark.json-match").TextContent.Trim());
        Assert.Empty(page.FindAll(".json-lines b"));
    }

    [Fact]
    public async Task Search_MalformedItemsMet_AreListedApartWithALinkToTheRawItem()
    {
        await using var ctx = new BunitContext();
        await using var bed = await SetupAsync(ctx);
        // Cut off after the type: the search's pre-filter lets it through, and its events cannot be read.
        await bed.AddAtAsync("order-9", 0, """[{"type":"orderPlaced",""");

        var page = ctx.RenderPage<Search>("/search?q=orderPlaced");

        page.WaitForAssertion(() => Assert.Contains("Done", page.Find(".read-progress").TextContent, StringComparison.Ordinal));
        Assert.Equal(2, page.FindAll("li.search-match").Count);
        var malformed = page.Find("section.malformed");
        Assert.Equal("/commit?aggregate=order-9&version=0&view=raw", malformed.QuerySelector("a")!.GetAttribute("href"));
        Assert.Equal("order-9 version 0", malformed.QuerySelector("a")!.TextContent);
        Assert.Contains("1 malformed item met", page.Find(".status-line").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_ABadQuery_IsShownAtTheBoxAndNothingIsRead()
    {
        await using var ctx = new BunitContext();
        await using var bed = await SetupAsync(ctx);

        var page = ctx.RenderPage<Search>("/search?q=" + Uri.EscapeDataString("orderId ="));

        Assert.Contains("Nothing follows '='", page.Find(".mud-input-helper-text.mud-input-error, .mud-input-error").TextContent, StringComparison.Ordinal);
        Assert.Equal(0, bed.Requests);
    }

    [Fact]
    public async Task Search_WhilePrerendering_ShowsTheFormAndSearchingWithoutReading()
    {
        await using var ctx = new BunitContext();
        await using var bed = await SetupAsync(ctx);
        ctx.SetRendererInfo(new RendererInfo("Static", isInteractive: false));

        var page = ctx.RenderPage<Search>("/search?q=order");

        Assert.Contains("Searching…", page.Find(".loading").TextContent, StringComparison.Ordinal);
        Assert.Equal("order", page.Find("#search-query").GetAttribute("value"));
        Assert.Equal(0, bed.Requests);
    }

    [Fact]
    public async Task Search_Cancel_StopsTheSearchAndSaysSo()
    {
        await using var ctx = new BunitContext();
        await using var bed = await SetupAsync(ctx);
        // The search's reads (not the one-item reads of its estimate, which have a projection) never answer.
        bed.Proxy.Inject(ProxyFault.Stall.On("Query").When(r => !r.Body.Contains("ProjectionExpression", StringComparison.Ordinal)));

        var page = ctx.RenderPage<Search>("/search?q=order");
        page.WaitForAssertion(() => Assert.Contains("Reading…", page.Find(".read-progress").TextContent, StringComparison.Ordinal));
        await page.FindAll(".read-progress button").Single().ClickAsync(new MouseEventArgs());

        page.WaitForAssertion(() => Assert.Contains("Cancelled", page.Find(".read-progress").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Search_WithoutAQuery_ShowsTheFormWithExamples()
    {
        await using var ctx = new BunitContext();
        await using var bed = await SetupAsync(ctx);

        var page = ctx.RenderPage<Search>("/search");

        Assert.Contains("Type what to look for.", page.Find(".empty-state").TextContent, StringComparison.Ordinal);
        Assert.Empty(page.FindAll(".read-progress"));
    }

    [Fact]
    public async Task FieldHistory_ListsEachSetWithOldAndNewValueAndLinksToTheCommit()
    {
        await using var ctx = new BunitContext();
        await using var bed = await SetupAsync(ctx);
        await bed.AddAsync("acc", """{"type":"created","email":"a@x"}""");
        await bed.AddAsync("acc", """{"type":"emailChanged","email":"b@x"}""");
        await bed.AddAsync("acc", """{"type":"emailChanged","email":"b@x"}""");

        var page = ctx.RenderPage<FieldHistory>("/fields?aggregate=acc&path=email");

        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("tr.field-row").Count));
        var rows = page.FindAll("tr.field-row");
        Assert.Equal("/commit?aggregate=acc&version=1", rows[1].QuerySelector("a")!.GetAttribute("href"));
        Assert.Contains("\"a@x\"", rows[1].Children[4].TextContent, StringComparison.Ordinal);
        Assert.Contains("\"b@x\"", rows[1].Children[5].TextContent, StringComparison.Ordinal);
        Assert.Contains("unchanged", rows[2].ClassName, StringComparison.Ordinal);
        Assert.Contains("unchanged", rows[2].Children[5].TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FieldHistory_WithoutAPath_ShowsTheFormWithAHint()
    {
        await using var ctx = new BunitContext();
        await using var bed = await SetupAsync(ctx);

        var page = ctx.RenderPage<FieldHistory>("/fields?aggregate=order-1");

        Assert.Contains("Name an aggregate and a field.", page.Find(".empty-state").TextContent, StringComparison.Ordinal);
        Assert.Equal("order-1", page.Find("#field-aggregate").GetAttribute("value"));
        Assert.Equal(0, bed.Requests);
    }

    [Fact]
    public async Task Summary_ShowsCountsAndEachTypeLinksToItsFilteredTimeline()
    {
        await using var ctx = new BunitContext();
        await using var bed = await SetupAsync(ctx);
        await bed.AddAtAsync("order-1", 4, """[{"type":"orderDelivered"}]""");

        var page = ctx.RenderPage<Summary>("/summary?aggregate=order-1");

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".summary-facts")));
        var facts = page.Find(".summary-facts").TextContent;
        Assert.Contains("Commits3", facts.Replace(" ", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("2 in 1 gap", facts, StringComparison.Ordinal);
        var typeLink = page.FindAll(".type-table a").Single(a => a.TextContent == "orderShipped");
        Assert.Equal("/aggregates/order-1?type=orderShipped", typeLink.GetAttribute("href"));
        Assert.Equal("versions 2–3 missing (2)", page.Find(".gap-list a").TextContent.Trim());
    }

    [Theory]
    [InlineData("/fields?aggregate=order-1&path=orderId")]
    [InlineData("/summary?aggregate=order-1")]
    public async Task FieldHistoryAndSummary_WhilePrerendering_ReadNothing(string url)
    {
        await using var ctx = new BunitContext();
        await using var bed = await SetupAsync(ctx);
        ctx.SetRendererInfo(new RendererInfo("Static", isInteractive: false));

        var page = url.StartsWith("/fields", StringComparison.Ordinal)
            ? (IRenderedComponent<Microsoft.AspNetCore.Components.IComponent>)ctx.RenderPage<FieldHistory>(url)
            : ctx.RenderPage<Summary>(url);

        Assert.Contains("Reading the history…", page.Find(".loading").TextContent, StringComparison.Ordinal);
        Assert.Equal(0, bed.Requests);
    }
}
