using Bunit;
using EventExplorer.Data;
using EventExplorer.Data.Model;
using EventExplorer.Data.Reducers;
using EventExplorer.Data.State;
using EventExplorer.Testing;
using EventExplorer.Tests.Infrastructure;
using EventExplorer.Web.Components.Pages.FieldHistory;
using EventExplorer.Web.Components.Pages.State;
using EventExplorer.Web.Security;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace EventExplorer.Tests.Web.Components.Pages;

/// <summary>
/// The state diff, the history of a state field and reducers typed into the page, rendered over the real
/// store (dynalite) with the repo's reducers, as an Author and as a Viewer.
/// </summary>
public sealed class StateViewsPageTests(DynaliteFixture dynalite) : IClassFixture<DynaliteFixture>
{
    private static async Task<StoreBed> ArrangeAsync(BunitContext ctx, DynaliteFixture dynalite, WriterRole role = WriterRole.Author)
    {
        ctx.Services.AddSingleton(new ReducerCatalog(Path.Combine(RepositoryPaths.Root(), "reducers"), NullLogger<ReducerCatalog>.Instance));
        ctx.Services.AddSingleton<StateFolder>();
        ctx.Services.AddSingleton<StateFieldHistory>();
        // The server's own view of who is signed in, as the app's circuit writer context gives it.
        ctx.Services.AddSingleton<IWriterContext>(sp => new SignedInUser(sp.GetRequiredService<AuthenticationStateProvider>()));
        var bed = ctx.AddExplorer(await StoreBed.CreateAsync(dynalite), role);
        await bed.AddAsync("order-7", """{"type":"orderPlaced","customerId":"<b>c-7</b>","lines":[],"total":791.95,"currency":"EUR"}""");
        await bed.AddAsync("order-7", """{"type":"paymentAuthorized"}""");
        return bed;
    }

    [Fact]
    public async Task TheStateDiffOfACommit_ShowsTheChangedPaths_WithLinksToTheStateAndTheFieldsHistory()
    {
        await using var ctx = new BunitContext();
        await using var bed = await ArrangeAsync(ctx, dynalite);

        var page = ctx.RenderPage<StateDiffPage>("/state/diff?aggregate=order-7&left=0&right=1");

        page.WaitForAssertion(() => Assert.Matches("^ ?2 commits and 2 events folded up to version 1 ?· [0-9]+ requests?", Words(page.Find(".status-line").TextContent)));
        Assert.Contains("JavaScript reducer \"orders\"", page.Find(".reducer-description").TextContent, StringComparison.Ordinal);
        var row = page.Find(".json-change");
        Assert.Contains("$.status", row.TextContent, StringComparison.Ordinal);
        Assert.Equal(["\"placed\"", "\"paid\""], row.QuerySelectorAll(".json-diff-value").Select(v => v.TextContent.Trim()));
        var links = row.QuerySelectorAll("a").ToDictionary(a => a.TextContent.Trim(), a => a.GetAttribute("href"));
        Assert.Equal("/state?aggregate=order-7&version=1", links["state"]);
        Assert.Equal("/fields?aggregate=order-7&path=%24.status&of=state", links["history of this field"]);
        Assert.Contains("State after v0", page.Find(".json-diff-table thead").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StateBeforeTheFirstCommit_IsTheInitialState()
    {
        await using var ctx = new BunitContext();
        await using var bed = await ArrangeAsync(ctx, dynalite);

        var page = ctx.RenderPage<StateDiffPage>("/state/diff?aggregate=order-7&left=-1&right=0");

        page.WaitForAssertion(() => Assert.Contains("the reducer's initial state, before the first commit", page.Find(".diff-sides-notes").TextContent, StringComparison.Ordinal));
        // Stored text is shown as text, never as markup.
        Assert.Contains(page.FindAll(".json-diff-value"), value => value.TextContent.Contains("\"<b>c-7</b>\"", StringComparison.Ordinal));
        Assert.Empty(page.FindAll(".json-diff b"));
    }

    [Fact]
    public async Task TheHistoryOfAStateField_ListsTheEventsThatChangedIt_WithTheCommitAndTheStateDiff()
    {
        await using var ctx = new BunitContext();
        await using var bed = await ArrangeAsync(ctx, dynalite);

        var page = ctx.RenderPage<FieldHistory>("/fields?aggregate=order-7&path=%24.status&of=state");

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll(".state-field-table tbody tr").Count));
        var rows = page.FindAll(".state-field-table tbody tr");
        Assert.Contains("paymentAuthorized", rows[1].TextContent, StringComparison.Ordinal);
        Assert.Equal(["1", "\"placed\"", "\"paid\""], [rows[1].QuerySelector(".version a")!.TextContent.Trim(), .. rows[1].QuerySelectorAll(".value").Select(v => v.TextContent.Trim())]);
        Assert.Equal("/commit?aggregate=order-7&version=1", rows[1].QuerySelector(".version a")!.GetAttribute("href"));
        Assert.Equal("/state/diff?aggregate=order-7&left=0&right=1", rows[1].QuerySelector(".state-diff-link")!.GetAttribute("href"));
        Assert.Equal("-1", ExplorerLeft(rows[0].QuerySelector(".state-diff-link")!.GetAttribute("href")!));
    }

    [Fact]
    public async Task TheStatePage_OffersEachValuesHistoryInTheState()
    {
        await using var ctx = new BunitContext();
        await using var bed = await ArrangeAsync(ctx, dynalite);

        var page = ctx.RenderPage<StatePage>("/state?aggregate=order-7&reducer=orders");

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".state-json .json-state-history")));
        Assert.Contains(page.FindAll(".state-json .json-state-history"), a => a.GetAttribute("href") == "/fields?aggregate=order-7&path=%24.total&of=state&reducer=orders");
        Assert.Equal("/state/diff?aggregate=order-7&left=0&right=1&reducer=orders", page.Find(".state-last-change").GetAttribute("href"));
    }

    [Fact]
    public async Task AViewer_IsNotOfferedATypedReducer()
    {
        await using var ctx = new BunitContext();
        await using var bed = await ArrangeAsync(ctx, dynalite, WriterRole.Viewer);

        var state = ctx.RenderPage<StatePage>("/state?aggregate=order-7");
        state.WaitForAssertion(() => Assert.NotEmpty(state.FindAll(".state-json")));

        Assert.Empty(state.FindAll(".typed-reducer"));
        Assert.DoesNotContain("Try a reducer of your own", state.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAuthorsEndlessLoop_IsAClearError_AndThePageStaysUsable()
    {
        await using var ctx = new BunitContext();
        await using var bed = await ArrangeAsync(ctx, dynalite);
        var page = ctx.RenderPage<StateDiffPage>("/state/diff?aggregate=order-7&left=0&right=1");
        page.WaitForAssertion(() => Assert.Single(page.FindAll(".json-change")));

        await page.Find(".typed-reducer .mud-expand-panel-header").ClickAsync(new MouseEventArgs());
        page.WaitForAssertion(() => page.Find("#typed-reducer").Change("when({ paymentAuthorized: (s) => { for (;;) {} } });"));
        await page.Find(".typed-run").ClickAsync(new MouseEventArgs());

        page.WaitForAssertion(() => Assert.Equal("Reducer \"typed\" failed at v1, event 0 (paymentAuthorized): a handler ran more than 100,000 statements (an endless loop?)",
            page.Find(".reducer-error").TextContent.Trim()));
        Assert.Contains("A reducer typed into this page", page.Find(".reducer-description").TextContent, StringComparison.Ordinal);
        Assert.Empty(page.FindAll(".json-change"));
        page.WaitForAssertion(() => Assert.Equal("Stopped", page.Find(".read-state").TextContent.Trim()));

        await page.Find(".typed-drop").ClickAsync(new MouseEventArgs());

        page.WaitForAssertion(() => Assert.Single(page.FindAll(".json-change")));
        Assert.Empty(page.FindAll(".reducer-error"));
        Assert.Contains("JavaScript reducer \"orders\"", page.Find(".reducer-description").TextContent, StringComparison.Ordinal);
    }

    private static string ExplorerLeft(string url) =>
        System.Text.RegularExpressions.Regex.Match(url, "left=(-?[0-9]+)").Groups[1].Value;

    private static string Words(string text) => System.Text.RegularExpressions.Regex.Replace(text, @"\s+", " ");

    private sealed class SignedInUser(AuthenticationStateProvider provider) : IWriterContext
    {
        public async Task<WriterIdentity> GetCurrentWriterAsync(CancellationToken cancellationToken) =>
            ExplorerRoles.WriterOf((await provider.GetAuthenticationStateAsync()).User);
    }
}
