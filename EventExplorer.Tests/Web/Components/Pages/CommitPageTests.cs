using AngleSharp.Dom;
using Bunit;
using EventExplorer.Data;
using EventExplorer.Tests.Fakes;
using EventExplorer.Tests.Web.Model.CommitView;
using EventExplorer.Web.Components.Pages.CommitView;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace EventExplorer.Tests.Web.Components.Pages;

public sealed class CommitPageTests
{
    /// <summary>The app's services with the fake's find-anything reads (raw items given by the test).</summary>
    internal static (ExplorerFakes Fakes, RawItemOverrides Raw) Setup(BunitContext ctx)
    {
        // Before AddExplorer: it resolves services, after which bUnit takes no more registrations.
        ctx.Services.AddSingleton<IEventStoreSearch>(sp => new RawItemOverrides((FakeEventStore)sp.GetRequiredService<IEventStoreReader>()));
        var fakes = ctx.AddExplorer();
        return (fakes, (RawItemOverrides)ctx.Services.GetRequiredService<IEventStoreSearch>());
    }

    private static IElement Tab(IRenderedComponent<CommitView> page, string text) =>
        page.FindAll(".mud-tab").Single(t => t.TextContent.Trim() == text);

    [Fact]
    public async Task Commit_ShowsItsFactsEventsAndLinks()
    {
        await using var ctx = new BunitContext();
        var (fakes, _) = Setup(ctx);
        fakes.Events.AddMany("order-1", 2);
        fakes.Events.Add("order-1", """{"type":"Refunded","amount":12.5}""");
        fakes.Events.AddMany("order-1", 1);

        var page = ctx.RenderPage<CommitView>("/commit?aggregate=order-1&version=2");

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
        await using var ctx = new BunitContext();
        var (fakes, _) = Setup(ctx);
        fakes.Events.AddMany("order-1", 2);
        var page = ctx.RenderPage<CommitView>("/commit?aggregate=order-1&version=1");

        await Tab(page, "Raw item").ClickAsync(new MouseEventArgs());

        page.WaitForAssertion(() => Assert.Equal("/commit?aggregate=order-1&version=1&view=raw", ctx.Location()));
        page.WaitForAssertion(() => Assert.Equal(["aggregateId", "version", "commitId", "committedAt", "events", "active"],
            page.FindAll(".raw-table .raw-name").Select(c => c.TextContent.Trim())));
    }

    [Fact]
    public async Task RawItem_AttributesAnotherProgramAdded_AreMarkedAndTheItemCopiesAsDynamoDbJson()
    {
        await using var ctx = new BunitContext();
        var (fakes, raw) = Setup(ctx);
        fakes.Events.AddMany("order-1", 2);
        var item = RawItems.WithExtra("order-1", "1");
        raw.Put("order-1", "1", item);
        ctx.JSInterop.Setup<bool>("eventExplorer.copy", item.DynamoDbJson).SetResult(true);

        var page = ctx.RenderPage<CommitView>("/commit?aggregate=order-1&version=1&view=raw");

        var unknown = Assert.Single(page.FindAll(".raw-attribute.unknown"));
        Assert.StartsWith("ttl", unknown.QuerySelector(".raw-name")!.TextContent.Trim(), StringComparison.Ordinal);
        Assert.Contains("added by another program", unknown.TextContent, StringComparison.Ordinal);
        Assert.Equal("N", unknown.QuerySelector(".raw-type")!.TextContent);
        Assert.Contains("1 attribute added by another program", page.Find(".raw-unknown-note").TextContent, StringComparison.Ordinal);
        Assert.Equal(item.DynamoDbJson, page.Find("pre.raw-json").TextContent);

        await page.FindAll("button").Single(b => b.TextContent.Contains("Copy as DynamoDB JSON", StringComparison.Ordinal)).ClickAsync(new MouseEventArgs());

        Assert.Contains(ctx.JSInterop.Invocations, i => i.Identifier == "eventExplorer.copy" && (string?)i.Arguments[0] == item.DynamoDbJson);
    }

    [Fact]
    public async Task FractionalVersion_ShowsTheRawItemAndSaysWhyThereAreNoEvents()
    {
        await using var ctx = new BunitContext();
        var (fakes, raw) = Setup(ctx);
        fakes.Events.AddMany("order-1", 2);
        raw.Put("order-1", "2.5", RawItems.WithExtra("order-1", "2.5"));

        var page = ctx.RenderPage<CommitView>("/commit?aggregate=order-1&version=2.5");

        Assert.Contains("Version 2.5 is not a whole number.", page.Find("[role=note]").TextContent, StringComparison.Ordinal);
        Assert.Equal(4, page.FindAll(".raw-table .raw-name").Count);
        Assert.Contains("mud-disabled", Tab(page, "Events").ClassName, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownVersion_SaysThereIsNoSuchCommit()
    {
        await using var ctx = new BunitContext();
        var (fakes, _) = Setup(ctx);
        fakes.Events.AddMany("order-1", 2);

        var page = ctx.RenderPage<CommitView>("/commit?aggregate=order-1&version=9");

        Assert.Contains("No commit of \"order-1\" at version 9.", page.Find(".empty-state").TextContent, StringComparison.Ordinal);
        Assert.Empty(page.FindAll(".mud-tab"));
    }

    [Fact]
    public async Task SnapshotUnderTheAggregateId_OffersTheComparison()
    {
        await using var ctx = new BunitContext();
        var (fakes, _) = Setup(ctx);
        fakes.Events.AddMany("account-7", 2);
        fakes.Snapshots.Put("account-7", """{"status":"active"}""");

        var page = ctx.RenderPage<CommitView>("/commit?aggregate=account-7&version=1");

        var link = page.FindAll("nav[aria-label='Around this commit'] a").Single(a => a.TextContent.Trim() == "Compare with snapshot");
        Assert.Equal("/compare?aggregate=account-7&left=1&snapshot=account-7", link.GetAttribute("href"));
    }

    [Fact]
    public async Task AValueInAnEvent_OffersItsFieldHistoryAndAFeedSearch()
    {
        await using var ctx = new BunitContext();
        var (fakes, _) = Setup(ctx);
        var commit = fakes.Events.Add("account-7", """{"type":"emailChanged","email":"b@example.com"}""");
        var page = ctx.RenderPage<CommitView>("/commit?aggregate=account-7&version=0");

        await page.Find("button[aria-label='Actions for the value at $.email']").ClickAsync(new MouseEventArgs());

        var popovers = ctx.Popovers();
        popovers.WaitForAssertion(() => Assert.Equal(2, popovers.FindAll(".mud-menu-item").Count));
        var items = popovers.FindAll("a.mud-menu-item").ToDictionary(a => a.TextContent.Trim(), a => a.GetAttribute("href"));
        Assert.Equal("/fields?aggregate=account-7&path=%24.email", items["History of this field"]);
        Assert.Equal(EventExplorer.Web.ExplorerUrls.Search("$.email = \"b@example.com\"", null, commit.CommittedAt!.Value.AddHours(-1), commit.CommittedAt.Value.AddHours(1)),
            items["Find this value in the feed around this time"]);
    }
}
