using Bunit;
using EventExplorer.Data.Model;
using EventExplorer.Tests.Infrastructure;
using EventExplorer.Web.Components.Shared;
using EventExplorer.Web.Components.Shared.Json;
using Microsoft.AspNetCore.Components.Web;

namespace EventExplorer.Tests.Web.Components.Shared;

public sealed class JsonValueActionsTests
{
    private static Commit Commit(string eventsJson) =>
        StoreBed.CommitFrom("account-7", 3, CommitId.FromNumber(9), new DateTimeOffset(2026, 10, 2, 14, 34, 0, TimeSpan.Zero), eventsJson);

    [Fact]
    public async Task ValueInACommitsEvent_OffersHistoryAndSearchForItsPathAndValue()
    {
        await using var ctx = new BunitContext();
        ctx.AddExplorerWithoutStores();
        var events = ctx.RenderWithPopovers<CommitEvents>(p => p.Add(c => c.Commit, Commit("""[{"type":"moved","address":{"city":"Zürich"}},{"type":"x","qty":[5,2]}]""")));

        await events.Find("button[aria-label='Actions for the value at $.qty[1]']").ClickAsync(new MouseEventArgs());

        var popovers = ctx.Popovers();
        popovers.WaitForAssertion(() => Assert.Equal(2, popovers.FindAll("a.mud-menu-item").Count));
        var links = popovers.FindAll("a.mud-menu-item").Select(a => a.GetAttribute("href")).ToList();
        Assert.Equal("/fields?aggregate=account-7&path=%24.qty%5B1%5D", links[0]);
        Assert.Equal("/search?q=%24.qty%5B1%5D%20%3D%202&since=2026-10-02T13%3A34Z&until=2026-10-02T15%3A34Z", links[1]);
    }

    [Fact]
    public async Task EveryValueHasAnActionsButton_ButNoMenuUntilOneIsUsed()
    {
        await using var ctx = new BunitContext();
        ctx.AddExplorerWithoutStores();

        var events = ctx.RenderWithPopovers<CommitEvents>(p => p.Add(c => c.Commit, Commit("""[{"type":"moved","address":{"city":"Zürich","zip":"8000"}}]""")));

        Assert.Equal(["$.type", "$.address.city", "$.address.zip"],
            events.FindAll("button.json-value-button").Select(b => b.GetAttribute("aria-label")!["Actions for the value at ".Length..]));
        Assert.Empty(events.FindAll(".mud-menu"));
        // The copy-path action is still on every node, containers included.
        Assert.Equal(["$", "$.type", "$.address", "$.address.city", "$.address.zip"],
            events.FindAll("button.copy-button[data-copy^='$']").Select(b => b.GetAttribute("data-copy")));
    }

    [Fact]
    public async Task JsonOutsideACommit_HasNoValueActions()
    {
        await using var ctx = new BunitContext();
        ctx.AddExplorerWithoutStores();

        var view = ctx.RenderWithPopovers<JsonView>(p => p.Add(c => c.Json, """{"status":"active"}"""));

        Assert.Empty(view.FindAll("button.json-value-button"));
        Assert.Single(view.FindAll("button.copy-button[data-copy='$.status']"));
    }

    [Fact]
    public async Task CommitWithoutTime_OffersOnlyTheFieldHistory()
    {
        await using var ctx = new BunitContext();
        ctx.AddExplorerWithoutStores();
        var commit = StoreBed.CommitFrom("account-7", 3, null, null, """[{"type":"t"}]""");
        var events = ctx.RenderWithPopovers<CommitEvents>(p => p.Add(c => c.Commit, commit));

        await events.Find("button[aria-label='Actions for the value at $.type']").ClickAsync(new MouseEventArgs());

        var popovers = ctx.Popovers();
        popovers.WaitForAssertion(() => Assert.Single(popovers.FindAll("a.mud-menu-item")));
        Assert.Contains("the commit has no time", popovers.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CommitEvents_LinkTheCommitsOwnPage()
    {
        await using var ctx = new BunitContext();
        ctx.AddExplorerWithoutStores();

        var events = ctx.RenderWithPopovers<CommitEvents>(p => p.Add(c => c.Commit, Commit("""[{"type":"t"}]""")));

        Assert.Equal("/commit?aggregate=account-7&version=3", events.FindAll("a").Single(a => a.TextContent.Contains("Commit page", StringComparison.Ordinal)).GetAttribute("href"));
    }
}
