using Bunit;
using EventExplorer.Data.Reducers;
using EventExplorer.Data.State;
using EventExplorer.Testing;
using EventExplorer.Tests.Infrastructure;
using EventExplorer.Tests.Web.Model.Snapshots;
using EventExplorer.Web;
using EventExplorer.Web.Components.Pages.Snapshots;
using Microsoft.Extensions.DependencyInjection;

namespace EventExplorer.Tests.Web.Components.Pages;

/// <summary>"Verify against events" on a snapshot's page and the check of every snapshot, rendered over the real stores.</summary>
public sealed class SnapshotVerificationPagesTests(DynaliteFixture dynalite) : IClassFixture<DynaliteFixture>
{
    private async Task<StoreBed> ArrangeAsync(BunitContext ctx)
    {
        ctx.Services.AddSingleton(SnapshotWorld.Reducers());
        ctx.Services.AddSingleton<StateFolder>();
        ctx.Services.AddSingleton<SnapshotVerifier>();
        ctx.Services.AddSingleton<SnapshotCheck>();
        var bed = await SnapshotWorld.ArrangeAsync(dynalite);
        ctx.AddExplorer(bed);
        return bed;
    }

    [Fact]
    public async Task ASnapshotPage_OffersTheVerification_WithoutRunningIt()
    {
        await using var ctx = new BunitContext();
        await using var bed = await ArrangeAsync(ctx);

        var page = ctx.RenderPage<SnapshotDetail>("/snapshots/order-3");

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".verify-offer")));
        var verify = page.FindAll(".verify-offer a").Single(a => a.TextContent.Contains("Verify against events", StringComparison.Ordinal));
        Assert.Equal(ExplorerUrls.SnapshotVerification("order-3"), verify.GetAttribute("href"));
        Assert.Empty(page.FindAll(".verify-verdict"));
    }

    [Fact]
    public async Task VerifyingASnapshotOfAnOlderVersion_NamesTheVersion_AndListsTheDifferingPaths()
    {
        await using var ctx = new BunitContext();
        await using var bed = await ArrangeAsync(ctx);

        var page = ctx.RenderPage<SnapshotDetail>("/snapshots/order-3?verify=true");

        page.WaitForAssertion(() => Assert.Contains("Does not match its createdAt.", page.Find(".verify-verdict").TextContent, StringComparison.Ordinal));
        Assert.Contains("It matches the state after v1, 1 commit before the newest (v2).", Words(page.Find(".verify-verdict").TextContent), StringComparison.Ordinal);
        // The structural diff names the path that differs: the snapshot says paid, the state after v2 shipped.
        Assert.Contains(page.FindAll(".json-diff-path"), path => path.TextContent.Contains("status", StringComparison.Ordinal));
        Assert.Contains("3 items", Words(page.Find(".verify-cost").TextContent), StringComparison.Ordinal);
        Assert.Contains("JavaScript reducer \"orders\"", page.Find(".verify-reducer").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyingAMatchingSnapshot_SaysItMatches()
    {
        await using var ctx = new BunitContext();
        await using var bed = await ArrangeAsync(ctx);

        var page = ctx.RenderPage<SnapshotDetail>("/snapshots/order-1?verify=true");

        page.WaitForAssertion(() => Assert.Contains("Matches.", page.Find(".verify-verdict").TextContent, StringComparison.Ordinal));
        Assert.Empty(page.FindAll(".json-diff-path"));
    }

    [Fact]
    public async Task VerifyingASnapshotWithoutCommits_SaysSoPlainly()
    {
        await using var ctx = new BunitContext();
        await using var bed = await ArrangeAsync(ctx);

        var page = ctx.RenderPage<SnapshotDetail>("/snapshots/order-5?verify=true");

        page.WaitForAssertion(() => Assert.Contains("has no commits, so there is nothing to fold", page.Find(".verify-verdict").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheCheckPage_CountsEachVerdict_AndLinksEachMismatchToItsVerification()
    {
        await using var ctx = new BunitContext();
        await using var bed = await ArrangeAsync(ctx);

        var page = ctx.RenderPage<SnapshotCheckPage>("/snapshots/check?prefix=order-&run=true");

        page.WaitForAssertion(() => Assert.Contains("Done", page.Find(".read-state").TextContent, StringComparison.Ordinal));
        Assert.Equal("5", page.Find(".count-checked").TextContent);
        Assert.Equal("1", page.Find(".count-matching").TextContent);
        Assert.Equal("2", page.Find(".count-mismatching").TextContent);
        Assert.Equal("1", page.Find(".count-no-commits").TextContent);
        Assert.Equal("1", page.Find(".count-malformed").TextContent);
        var links = page.FindAll(".check-problems tbody a").Select(a => a.GetAttribute("href")).Order(StringComparer.Ordinal);
        Assert.Equal(new[] { "order-2", "order-3", "order-4", "order-5" }.Select(ExplorerUrls.SnapshotVerification), links);
        Assert.Contains(page.FindAll("a"), a => a.GetAttribute("href") == "/export/snapshot-check?prefix=order-");
    }

    [Fact]
    public async Task TheCheckPage_WithoutRun_ExplainsAndReadsNothing()
    {
        await using var ctx = new BunitContext();
        await using var bed = await ArrangeAsync(ctx);
        bed.Proxy.Reset();

        var page = ctx.RenderPage<SnapshotCheckPage>("/snapshots/check");

        Assert.Contains("Choose what to check.", page.Markup, StringComparison.Ordinal);
        Assert.Equal(0, bed.Requests);
    }

    private static string Words(string text) => System.Text.RegularExpressions.Regex.Replace(text, @"\s+", " ");
}
