using Bunit;
using EventExplorer.Tests.Infrastructure;
using EventExplorer.Web.Components.Pages.CommitView;
using EventExplorer.Web.Components.Pages.FieldHistory;
using EventExplorer.Web.Components.Pages.Search;
using EventExplorer.Web.Components.Pages.Summary;
using EventExplorer.Web.Components.Pages.Timeline;
using Microsoft.AspNetCore.Components.Web;

namespace EventExplorer.Tests.Web.Components.OddItems;

/// <summary>
/// Issue 16 §2: events text holding a lone surrogate escape (what Node's JSON.stringify writes for a string
/// cut inside an emoji) failed every view of its aggregate with "This view failed unexpectedly". Each page
/// here reads it from dynalite through the real store: the value is shown as the escape, the commit flagged.
/// </summary>
public sealed class LoneSurrogatePageTests(DynaliteFixture dynalite) : IClassFixture<DynaliteFixture>
{
    /// <summary>Exactly the reproduction's events text.</summary>
    public const string CutEmoji = """[{"type":"x","s":"\ud800"}]""";

    private const string Aggregate = "order-cut-emoji";

    private async Task<StoreBed> ArrangeAsync(BunitContext ctx)
    {
        var bed = ctx.AddExplorer(await StoreBed.CreateAsync(dynalite));
        bed.Clock = DateTimeOffset.FromUnixTimeMilliseconds(946684800000);
        await bed.AddAtAsync(Aggregate, 0, """[{"type":"placed","s":"fine"}]""");
        await bed.AddAtAsync(Aggregate, 1, CutEmoji);
        return bed;
    }

    [Fact]
    public async Task Timeline_OpeningTheCommit_ShowsTheValueAsTheEscapeAndFlagsTheCommit()
    {
        await using var ctx = new BunitContext();
        await using var bed = await ArrangeAsync(ctx);

        var page = ctx.RenderPage<Timeline>("/aggregates/" + Aggregate);
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("tr.commit-row").Count));
        Assert.Single(page.FindAll("tr.commit-row.malformed"));
        await page.Find("button[aria-label='Open version 1']").ClickAsync(new MouseEventArgs());

        var details = page.WaitForElement("tr.detail-row");
        Assert.Contains("lone surrogate", details.QuerySelector("[role=note]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains(details.QuerySelectorAll(".json-string"), value => value.TextContent == "\"\\ud800\"");
        Assert.Equal("not valid Unicode", Assert.Single(details.QuerySelectorAll(".json-string-flag")).TextContent);
    }

    [Fact]
    public async Task CommitPage_ShowsTheEventAndTheRawItem()
    {
        await using var ctx = new BunitContext();
        await using var bed = await ArrangeAsync(ctx);

        var page = ctx.RenderPage<CommitView>("/commit?aggregate=" + Aggregate + "&version=1");

        page.WaitForAssertion(() => Assert.Contains(page.FindAll(".commit-events .json-string"), value => value.TextContent == "\"\\ud800\""));
        Assert.Contains("lone surrogate", page.Find(".commit-events [role=note]").TextContent, StringComparison.Ordinal);

        var raw = ctx.RenderPage<CommitView>("/commit?aggregate=" + Aggregate + "&version=1&view=raw");
        raw.WaitForAssertion(() => Assert.Contains(raw.FindAll(".raw-table .raw-name"), c => c.TextContent.Trim() == "events"));
    }

    [Fact]
    public async Task FieldHistory_ListsTheValueAsTheEscape()
    {
        await using var ctx = new BunitContext();
        await using var bed = await ArrangeAsync(ctx);

        var page = ctx.RenderPage<FieldHistory>("/fields?aggregate=" + Aggregate + "&path=s");

        page.WaitForAssertion(() => Assert.Contains("Done", page.Find(".read-progress").TextContent, StringComparison.Ordinal));
        Assert.Contains("\"\\ud800\"", page.Markup, StringComparison.Ordinal);
        Assert.Contains("\"fine\"", page.Markup, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("x")]
    [InlineData("s = \"fine\"")]
    [InlineData("ud800")]
    public async Task Search_InTheAggregateAndFeedWide_FindsAndShowsTheCommit(string query)
    {
        await using var ctx = new BunitContext();
        await using var bed = await ArrangeAsync(ctx);

        foreach (var url in (string[])["/search?q=" + Uri.EscapeDataString(query) + "&aggregate=" + Aggregate, "/search?q=" + Uri.EscapeDataString(query)])
        {
            var page = ctx.RenderPage<Search>(url);

            page.WaitForAssertion(() => Assert.Contains("Done", page.Find(".read-progress").TextContent, StringComparison.Ordinal));
            Assert.Single(page.FindAll("li.search-match"));
            foreach (var button in page.FindAll("li.search-match button").Where(b => b.TextContent.Contains("Show events", StringComparison.Ordinal)))
            {
                await button.ClickAsync(new MouseEventArgs());
            }
            page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("pre.json-lines")));
        }
    }

    [Fact]
    public async Task Search_ForTheEscapedValue_FindsIt()
    {
        await using var ctx = new BunitContext();
        await using var bed = await ArrangeAsync(ctx);

        var page = ctx.RenderPage<Search>("/search?q=" + Uri.EscapeDataString("s = \"\\ud800\""));

        page.WaitForAssertion(() => Assert.Contains("Done", page.Find(".read-progress").TextContent, StringComparison.Ordinal));
        var match = Assert.Single(page.FindAll("li.search-match"));
        Assert.Contains("\"\\ud800\"", match.QuerySelector(".match-snippet")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Summary_CountsTheCommitAsMalformed()
    {
        await using var ctx = new BunitContext();
        await using var bed = await ArrangeAsync(ctx);

        var page = ctx.RenderPage<Summary>("/summary?aggregate=" + Aggregate);

        page.WaitForAssertion(() => Assert.Contains("Malformedcommits1", page.Find("dl.summary-facts").TextContent.Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal));
    }
}
