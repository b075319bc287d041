using Bunit;
using EventExplorer.Data.Model;
using EventExplorer.Testing;
using EventExplorer.Tests.Infrastructure;
using EventExplorer.Tests.Web.Model.Integrity;
using EventExplorer.Tests.Web.Model.Snapshots;
using EventExplorer.Web;
using EventExplorer.Web.Components.Pages.Integrity;
using EventExplorer.Web.Export;
using Microsoft.Extensions.DependencyInjection;

namespace EventExplorer.Tests.Web.Components.Pages;

/// <summary>The whole-table integrity check (<c>/integrity</c>), rendered over the real stores with damage arranged in them.</summary>
public sealed class IntegrityPageTests(DynaliteFixture dynalite) : IClassFixture<DynaliteFixture>
{
    private static StoreBed Arrange(BunitContext ctx, StoreBed bed, WriterRole role = WriterRole.Author)
    {
        ctx.Services.AddSingleton(SnapshotWorld.Reducers());
        return ctx.AddExplorer(bed, role);
    }

    private static void WaitUntilDone(IRenderedComponent<IntegrityPage> page) =>
        page.WaitForAssertion(() => Assert.Equal("Done", page.Find(".read-state").TextContent));

    private static string CountOf(IRenderedComponent<IntegrityPage> page, string kind) => page.Find($"tr[data-kind='{kind}'] td.count").TextContent.Trim();

    private static IEnumerable<string?> PlaceLinks(IRenderedComponent<IntegrityPage> page, string kind) =>
        page.FindAll($"section[data-kind='{kind}'] a.place-link").Select(a => a.GetAttribute("href"));

    [Theory]
    [InlineData(EventStoreLayout.CounterCommitIds)]
    [InlineData(EventStoreLayout.TimestampCommitIds)]
    public async Task ADamagedTable_ShowsEachKindsCount_AndLinksEachPlace(EventStoreLayout layout)
    {
        await using var ctx = new BunitContext();
        await using var bed = Arrange(ctx, await IntegrityWorld.DamagedAsync(dynalite, layout));

        var page = ctx.RenderPage<IntegrityPage>("/integrity?run=true");

        WaitUntilDone(page);
        Assert.Equal("1", CountOf(page, "version-gap"));
        Assert.Equal("1", CountOf(page, "events-not-json"));
        Assert.Equal("1", CountOf(page, "snapshot-without-commits"));
        Assert.Equal("0", CountOf(page, "repeated-commit-id"));
        Assert.Equal("not checked", CountOf(page, "snapshot-matches-no-state"));
        Assert.Contains("found", page.Find("tr[data-kind='version-gap']").ClassList);
        Assert.Contains("none", page.Find("tr[data-kind='repeated-commit-id']").ClassList);
        Assert.StartsWith(ExplorerUrls.AggregatesPath + IntegrityWorld.Gap + "?", Assert.Single(PlaceLinks(page, "version-gap")), StringComparison.Ordinal);
        Assert.Equal([ExplorerUrls.CommitPage(IntegrityWorld.NotJson, 0)], PlaceLinks(page, "events-not-json"));
        Assert.Equal([ExplorerUrls.Snapshot(IntegrityWorld.Ghost)], PlaceLinks(page, "snapshot-without-commits"));
        Assert.Equal(layout == EventStoreLayout.CounterCommitIds, page.FindAll("section[data-kind='counter-gap']").Count == 1);
        Assert.Empty(page.FindAll(".integrity-kind[data-kind='repeated-commit-id']"));
        Assert.Contains(page.FindAll("a"), a => a.GetAttribute("href") == "/export/integrity");
        Assert.DoesNotContain("No damage found.", page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ACleanTable_SaysSoPlainly()
    {
        await using var ctx = new BunitContext();
        await using var bed = Arrange(ctx, await IntegrityWorld.CleanAsync(dynalite));

        var page = ctx.RenderPage<IntegrityPage>("/integrity?segments=2&run=true");

        WaitUntilDone(page);
        Assert.Contains("No damage found.", page.Markup, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("tr.found"));
        Assert.Empty(page.FindAll("section.integrity-kind"));
        Assert.Contains("1 snapshot checked", Words(page.Find(".integrity-checked").TextContent), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithVerification_ASnapshotThatMatchesNoState_IsCounted_AndLinksToItsVerification()
    {
        await using var ctx = new BunitContext();
        await using var bed = Arrange(ctx, await IntegrityWorld.CleanAsync(dynalite));
        await bed.PutSnapshotAsync("order-1", """{"status":"shipped"}""");

        var page = ctx.RenderPage<IntegrityPage>("/integrity?verify=true&run=true");

        WaitUntilDone(page);
        Assert.Equal("1", CountOf(page, "snapshot-matches-no-state"));
        Assert.Equal([ExplorerUrls.SnapshotVerification("order-1")], PlaceLinks(page, "snapshot-matches-no-state"));
        Assert.Contains("generic reducer", page.Find("[data-kind='snapshot-matches-no-state'] .kind-note").TextContent, StringComparison.Ordinal);
        Assert.Contains(page.FindAll("a"), a => a.GetAttribute("href") == "/export/integrity?verify=true");
    }

    [Fact]
    public async Task WithoutASnapshotTable_ThePageSaysTheSnapshotsWereNotChecked()
    {
        await using var ctx = new BunitContext();
        await using var bed = Arrange(ctx, await IntegrityWorld.CleanAsync(dynalite));
        using (var raw = dynalite.CreateRawClient()) await raw.DeleteTableAsync(bed.Tables.Snapshots);

        var page = ctx.RenderPage<IntegrityPage>("/integrity?run=true");

        WaitUntilDone(page);
        Assert.Contains("snapshots were not checked", page.Find(".integrity-notice").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpeningThePage_ReadsNothing_AndRunGoesToTheRunsLink()
    {
        await using var ctx = new BunitContext();
        await using var bed = Arrange(ctx, await IntegrityWorld.CleanAsync(dynalite));
        bed.Proxy.Reset();

        var page = ctx.RenderPage<IntegrityPage>("/integrity?segments=3");
        await page.Find("form").SubmitAsync();

        Assert.Equal("/integrity?segments=3&run=true", ctx.Location());
        WaitUntilDone(page);
        Assert.True(bed.Requests > 0);
    }

    [Fact]
    public async Task ARunStoppedByASmallBudget_OffersToContinue_AndTheLinkCarriesOn()
    {
        await using var ctx = new BunitContext();
        ctx.Services.AddSingleton(new ExportBudget(new ReadBudget { MaxItems = 1_000, MaxRequests = 2 }));
        await using var bed = Arrange(ctx, await IntegrityWorld.DamagedAsync(dynalite));

        var page = ctx.RenderPage<IntegrityPage>("/integrity?run=true");

        page.WaitForAssertion(() => Assert.Equal("Stopped: read budget reached", page.Find(".read-state").TextContent));
        var next = page.Find("a.read-continue").GetAttribute("href")!;
        Assert.StartsWith("/integrity?continue=", next, StringComparison.Ordinal);
        ctx.Navigation().NavigateTo(next);
        page.WaitForAssertion(() => Assert.Contains("continued", page.Find(".integrity-status").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ATamperedContinueToken_IsSaidInWords_AndOffersToStartAgain()
    {
        await using var ctx = new BunitContext();
        await using var bed = Arrange(ctx, await IntegrityWorld.CleanAsync(dynalite));

        var page = ctx.RenderPage<IntegrityPage>("/integrity?segments=2&continue=x:abc");

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".message-bar")));
        Assert.Contains("link", page.Find(".message-bar").TextContent, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(page.FindAll(".message-bar a"), a => a.GetAttribute("href") == "/integrity?segments=2&run=true");
        Assert.Equal("2", page.Find("#integrity-segments").GetAttribute("value"));
        Assert.Empty(page.FindAll(".integrity-kinds"));
    }

    [Fact]
    public async Task TheDatabaseDown_IsSaidWithRetry_AndRetryRunsTheCheckOnceItIsBack()
    {
        await using var ctx = new BunitContext();
        await using var bed = Arrange(ctx, await IntegrityWorld.DamagedAsync(dynalite));
        bed.GoDown();

        var page = ctx.RenderPage<IntegrityPage>("/integrity?run=true");

        page.WaitForAssertion(() => Assert.Contains("Database unavailable", page.Find(".message-bar").TextContent, StringComparison.Ordinal));
        Assert.Empty(page.FindAll(".integrity-kinds"));
        bed.ComeBack();
        await page.FindAll(".message-bar button").Single(b => b.TextContent.Trim() == "Retry").ClickAsync(new());
        WaitUntilDone(page);
        Assert.Equal("1", CountOf(page, "version-gap"));
        Assert.Empty(page.FindAll(".message-bar"));
    }

    [Fact]
    public async Task AViewer_RunsTheCheck()
    {
        await using var ctx = new BunitContext();
        await using var bed = Arrange(ctx, await IntegrityWorld.DamagedAsync(dynalite), WriterRole.Viewer);

        var page = ctx.RenderPage<IntegrityPage>("/integrity?run=true");

        WaitUntilDone(page);
        Assert.Equal("1", CountOf(page, "events-not-json"));
    }

    [Fact]
    public async Task TextFromTheTable_IsShownAsText_NeverAsMarkup()
    {
        await using var ctx = new BunitContext();
        await using var bed = Arrange(ctx, await IntegrityWorld.CleanAsync(dynalite));
        await bed.PutSnapshotAsync("<b>x</b>", "{}");

        var page = ctx.RenderPage<IntegrityPage>("/integrity?run=true");

        WaitUntilDone(page);
        var link = Assert.Single(page.FindAll("section[data-kind='snapshot-without-commits'] a.place-link"));
        Assert.Equal("<b>x</b>", link.TextContent);
        Assert.Empty(page.FindAll("section b"));
    }

    private static string Words(string text) => System.Text.RegularExpressions.Regex.Replace(text, @"\s+", " ");
}
