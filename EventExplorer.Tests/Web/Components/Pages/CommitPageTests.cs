using AngleSharp.Dom;
using Bunit;
using Bunit.Rendering;
using EventExplorer.Tests.Infrastructure;
using EventExplorer.Tests.Web.Model.CommitView;
using EventExplorer.Web.Components.Pages.CommitView;
using Microsoft.AspNetCore.Components.Web;

namespace EventExplorer.Tests.Web.Components.Pages;

/// <summary>The commit page over the real stores on dynalite: every read is real I/O, so each test waits for what it checks.</summary>
public sealed partial class CommitPageTests(DynaliteFixture dynalite) : IClassFixture<DynaliteFixture>
{
    private static IElement Tab(IRenderedComponent<CommitView> page, string text) =>
        page.FindAll(".mud-tab").Single(t => t.TextContent.Trim() == text);

    /// <summary>
    /// Clicks what <paramref name="find"/> finds. The page may still be rendering after its read (MudTabs measures
    /// its headers and renders them again); a render between finding and clicking leaves the handler found stale,
    /// and then the element is found again in what was rendered since.
    /// </summary>
    private static async Task ClickAsync(Func<IElement> find)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await find().ClickAsync(new MouseEventArgs());
                return;
            }
            catch (UnknownEventHandlerIdException) when (attempt < 10)
            {
            }
        }
    }

    [Fact]
    public async Task Commit_ShowsItsFactsEventsAndLinks()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await using var ctx = new BunitContext();
        ctx.AddExplorer(bed);
        await bed.AddManyAsync("order-1", 2);
        await bed.AddAsync("order-1", """{"type":"Refunded","amount":12.5}""");
        await bed.AddManyAsync("order-1", 1);

        var page = ctx.RenderPage<CommitView>("/commit?aggregate=order-1&version=2");

        page.WaitForAssertion(() => Assert.Contains("Refunded", page.Find(".commit-events").TextContent, StringComparison.Ordinal));
        Assert.Equal("order-1", page.Find("#commit-aggregate").TextContent.Trim());
        Assert.Equal("/aggregates/order-1?from=2&expand=2", page.Find("#commit-aggregate").GetAttribute("href"));
        Assert.Equal("2", page.Find("#commit-version").TextContent);
        Assert.Contains("Commit id 3", page.Find("#commit-facts").TextContent, StringComparison.Ordinal);
        Assert.Contains("Refunded", page.Find(".commit-events").TextContent, StringComparison.Ordinal);
        var links = page.FindAll("nav[aria-label='Around this commit'] a").ToDictionary(a => a.TextContent.Trim(), a => a.GetAttribute("href"));
        Assert.Equal("/commit?aggregate=order-1&version=1", links["Version 1"]);
        Assert.Equal("/commit?aggregate=order-1&version=3", links["Version 3"]);
        Assert.Equal("/compare?aggregate=order-1&left=1&right=2", links["Compare with previous"]);
        Assert.Equal("/export?aggregate=order-1&from=2&to=2&format=jsonl", links["Export this commit"]);
        Assert.DoesNotContain("Compare with snapshot", links.Keys);
    }

    [Fact]
    public async Task RawTab_ChosenByTheUser_IsPutInTheLinkAndListsEveryAttribute()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await using var ctx = new BunitContext();
        ctx.AddExplorer(bed);
        await bed.AddManyAsync("order-1", 2);
        var page = ctx.RenderPage<CommitView>("/commit?aggregate=order-1&version=1");
        page.WaitForAssertion(() => Assert.Contains(page.FindAll(".mud-tab"), t => t.TextContent.Trim() == "Raw item"));

        await ClickAsync(() => Tab(page, "Raw item"));

        page.WaitForAssertion(() => Assert.Equal("/commit?aggregate=order-1&version=1&view=raw", ctx.Location()));
        page.WaitForAssertion(() => Assert.Equal(["aggregateId", "version", "commitId", "committedAt", "events", "active"],
            page.FindAll(".raw-table .raw-name").Select(c => c.TextContent.Trim())));
    }

    [Fact]
    public async Task RawItem_AttributesAnotherProgramAdded_AreMarkedAndTheItemCopiesAsDynamoDbJson()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await using var ctx = new BunitContext();
        ctx.AddExplorer(bed);
        await bed.AddManyAsync("order-1", 2);
        var json = await RawItems.PutWithExtraAsync(bed, "order-1", "1");
        ctx.JSInterop.Setup<bool>("eventExplorer.copy", json).SetResult(true);

        var page = ctx.RenderPage<CommitView>("/commit?aggregate=order-1&version=1&view=raw");

        page.WaitForElement(".raw-attribute.unknown");
        var unknown = Assert.Single(page.FindAll(".raw-attribute.unknown"));
        Assert.StartsWith("ttl", unknown.QuerySelector(".raw-name")!.TextContent.Trim(), StringComparison.Ordinal);
        Assert.Contains("added by another program", unknown.TextContent, StringComparison.Ordinal);
        Assert.Equal("N", unknown.QuerySelector(".raw-type")!.TextContent);
        Assert.Contains("1 attribute added by another program", page.Find(".raw-unknown-note").TextContent, StringComparison.Ordinal);
        Assert.Equal(json, page.Find("pre.raw-json").TextContent);

        await ClickAsync(() => page.FindAll("button").Single(b => b.TextContent.Contains("Copy as DynamoDB JSON", StringComparison.Ordinal)));

        Assert.Contains(ctx.JSInterop.Invocations, i => i.Identifier == "eventExplorer.copy" && (string?)i.Arguments[0] == json);
    }

    [Fact]
    public async Task FractionalVersion_ShowsTheRawItemAndSaysWhyThereAreNoEvents()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await using var ctx = new BunitContext();
        ctx.AddExplorer(bed);
        await bed.AddManyAsync("order-1", 2);
        await RawItems.PutWithExtraAsync(bed, "order-1", "2.5");

        var page = ctx.RenderPage<CommitView>("/commit?aggregate=order-1&version=2.5");

        page.WaitForAssertion(() => Assert.Contains("Version 2.5 is not a whole number.", page.Find("[role=note]").TextContent, StringComparison.Ordinal));
        Assert.Equal(4, page.FindAll(".raw-table .raw-name").Count);
        Assert.Contains("mud-disabled", Tab(page, "Events").ClassName, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownVersion_SaysThereIsNoSuchCommit()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await using var ctx = new BunitContext();
        ctx.AddExplorer(bed);
        await bed.AddManyAsync("order-1", 2);

        var page = ctx.RenderPage<CommitView>("/commit?aggregate=order-1&version=9");

        page.WaitForAssertion(() => Assert.Contains("No commit of \"order-1\" at version 9.", page.Find(".empty-state").TextContent, StringComparison.Ordinal));
        Assert.Empty(page.FindAll(".mud-tab"));
    }

    [Fact]
    public async Task SnapshotUnderTheAggregateId_OffersTheComparison()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await using var ctx = new BunitContext();
        ctx.AddExplorer(bed);
        await bed.AddManyAsync("account-7", 2);
        await bed.PutSnapshotAsync("account-7", """{"status":"active"}""");

        var page = ctx.RenderPage<CommitView>("/commit?aggregate=account-7&version=1");

        page.WaitForAssertion(() => Assert.Contains(page.FindAll("nav[aria-label='Around this commit'] a"), a => a.TextContent.Trim() == "Compare with snapshot"));
        var link = page.FindAll("nav[aria-label='Around this commit'] a").Single(a => a.TextContent.Trim() == "Compare with snapshot");
        Assert.Equal("/compare?aggregate=account-7&left=1&snapshot=account-7", link.GetAttribute("href"));
    }

    [Fact]
    public async Task AValueInAnEvent_OffersItsFieldHistoryAndAFeedSearch()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await using var ctx = new BunitContext();
        ctx.AddExplorer(bed);
        var commit = await bed.AddAsync("account-7", """{"type":"emailChanged","email":"b@example.com"}""");
        var page = ctx.RenderPage<CommitView>("/commit?aggregate=account-7&version=0");

        const string actions = "button[aria-label='Actions for the value at $.email']";
        page.WaitForElement(actions);
        await ClickAsync(() => page.Find(actions));

        var popovers = ctx.Popovers();
        popovers.WaitForAssertion(() => Assert.Equal(2, popovers.FindAll(".mud-menu-item").Count));
        var items = popovers.FindAll("a.mud-menu-item").ToDictionary(a => a.TextContent.Trim(), a => a.GetAttribute("href"));
        Assert.Equal("/fields?aggregate=account-7&path=%24.email", items["History of this field"]);
        Assert.Equal(EventExplorer.Web.ExplorerUrls.Search("$.email = \"b@example.com\"", null, commit.CommittedAt!.Value.AddHours(-1), commit.CommittedAt.Value.AddHours(1)),
            items["Find this value in the feed around this time"]);
    }
}
