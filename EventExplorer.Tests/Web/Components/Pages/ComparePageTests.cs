using Bunit;
using EventExplorer.Tests.Infrastructure;
using EventExplorer.Web.Components.Pages.Compare;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;

namespace EventExplorer.Tests.Web.Components.Pages;

/// <summary>The compare page over the real store on dynalite.</summary>
public sealed class ComparePageTests(DynaliteFixture dynalite) : IClassFixture<DynaliteFixture>
{
    [Fact]
    public async Task TwoVersions_ShowTheirEventsDifferencesByPathAndBothSides()
    {
        await using var ctx = new BunitContext();
        await using var bed = ctx.AddExplorer(await StoreBed.CreateAsync(dynalite));
        await bed.AddAsync("order-1", """{"type":"placed","total":10}""");
        await bed.AddAsync("order-1", """{"type":"placed","total":12}""");

        var page = ctx.RenderPage<Compare>("/compare?aggregate=order-1&left=0&right=1");

        page.WaitForAssertion(() => Assert.Contains("1 difference", page.Find(".json-diff-summary").TextContent, StringComparison.Ordinal));
        Assert.Equal("$[0].total", page.Find(".json-change .json-diff-path").TextContent);
        Assert.Equal(["Left: version 0", "Right: version 1"], page.FindAll(".compare-column h2").Select(h => h.TextContent.Trim()));
        Assert.Equal("/compare?aggregate=order-1&left=1&right=0", page.FindAll("a").Single(a => a.TextContent.Contains("Swap sides", StringComparison.Ordinal)).GetAttribute("href"));
    }

    [Fact]
    public async Task MissingSide_SaysSoAndTheOtherSideIsStillShown()
    {
        await using var ctx = new BunitContext();
        await using var bed = ctx.AddExplorer(await StoreBed.CreateAsync(dynalite));
        await bed.AddManyAsync("order-1", 2);

        var page = ctx.RenderPage<Compare>("/compare?aggregate=order-1&left=1&right=8");

        page.WaitForAssertion(() => Assert.Contains("There is no commit at version 8.", page.FindAll(".diff-side-status")[1].TextContent, StringComparison.Ordinal));
        Assert.Empty(page.FindAll(".json-diff"));
        Assert.Equal("Left: version 1", page.Find(".compare-column h2").TextContent.Trim());
    }

    [Fact]
    public async Task WithSnapshot_SaysWhatIsComparedAndDiffsTheFieldsTheCommitSet()
    {
        await using var ctx = new BunitContext();
        await using var bed = ctx.AddExplorer(await StoreBed.CreateAsync(dynalite));
        await bed.AddAsync("account-7", """{"type":"emailChanged","email":"b@x"}""");
        await bed.PutSnapshotAsync("account-7", """{"email":"c@x","status":"active"}""");

        var page = ctx.RenderPage<Compare>("/compare?aggregate=account-7&left=0&snapshot=account-7");

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".snapshot-agreement")));
        Assert.Contains("the same fields of the snapshot", page.Find(".compare-what").TextContent, StringComparison.Ordinal);
        Assert.Equal("$.email", page.Find(".json-change .json-diff-path").TextContent);
        Assert.Contains("The snapshot holds the value this commit set for 0 of 1 field.", page.Find(".snapshot-agreement").TextContent, StringComparison.Ordinal);
        Assert.Contains("Right: snapshot", page.FindAll(".compare-column h2")[1].TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithSnapshot_TheDiffsColumnsAreTheSidesTheHeaderNames_AndAFieldTheSnapshotLacksIsSaidSo()
    {
        await using var ctx = new BunitContext();
        await using var bed = ctx.AddExplorer(await StoreBed.CreateAsync(dynalite));
        await bed.AddAsync("order-1", """{"type":"placed","total":10,"lines":[{"sku":"A"}]}""");
        await bed.PutSnapshotAsync("order-1", """{"total":12,"status":"open"}""");

        var page = ctx.RenderPage<Compare>("/compare?aggregate=order-1&left=0&snapshot=order-1");

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".json-diff-table th")));
        var sides = page.FindAll(".diff-side-status").Select(s => s.TextContent).ToList();
        Assert.Contains("version 0", sides[0], StringComparison.Ordinal);
        Assert.StartsWith("Right:", sides[1].Trim(), StringComparison.Ordinal);
        Assert.Equal(["Path", "Change", "Version 0", "Snapshot"], page.FindAll(".json-diff-table th").Select(th => th.TextContent.Trim()));
        var rows = page.FindAll(".json-change").Select(r => r.QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToArray()).ToList();
        Assert.Contains(["$.total", "changed", "10", "12"], rows);
        Assert.Contains(rows, r => r[0] == "$.lines" && r[1] == "not in the snapshot" && r[2].Contains("\"A\"", StringComparison.Ordinal) && r[3].Length == 0);
        Assert.DoesNotContain(rows, r => r[1] is "added" or "removed");
    }

    [Fact]
    public async Task CompareForm_PutsTheVersionsInTheLink()
    {
        await using var ctx = new BunitContext();
        await using var bed = ctx.AddExplorer(await StoreBed.CreateAsync(dynalite));
        await bed.AddManyAsync("order-1", 3);
        var page = ctx.RenderPage<Compare>("/compare?aggregate=order-1&left=0&right=1");
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".json-diff-summary")));

        await page.Find("#compare-left").InputAsync(new ChangeEventArgs { Value = "2" });
        await page.Find("#compare-right").InputAsync(new ChangeEventArgs { Value = "0" });
        await page.Find("form.diff-picker").SubmitAsync();

        page.WaitForAssertion(() => Assert.Equal("/compare?aggregate=order-1&left=2&right=0", ctx.Location()));
        page.WaitForAssertion(() => Assert.Equal("Left: version 2", page.Find(".compare-column h2").TextContent.Trim()));
    }

    [Fact]
    public async Task CompareForm_TextForAVersion_IsRefusedBesideTheBoxes()
    {
        await using var ctx = new BunitContext();
        await using var bed = ctx.AddExplorer(await StoreBed.CreateAsync(dynalite));
        await bed.AddManyAsync("order-1", 2);
        var page = ctx.RenderPage<Compare>("/compare?aggregate=order-1&left=0&right=1");
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".json-diff-summary")));

        await page.Find("#compare-right").InputAsync(new ChangeEventArgs { Value = "latest" });
        await page.Find("form.diff-picker").SubmitAsync();

        Assert.Equal("Versions are whole numbers of 0 or more.", page.Find("[role=alert]").TextContent);
        Assert.Equal("/compare?aggregate=order-1&left=0&right=1", ctx.Location());
    }
}
