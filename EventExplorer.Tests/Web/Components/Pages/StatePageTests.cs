using Bunit;
using EventExplorer.Data.Reducers;
using EventExplorer.Data.State;
using EventExplorer.Testing;
using EventExplorer.Tests.Infrastructure;
using EventExplorer.Web.Components.Pages.State;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace EventExplorer.Tests.Web.Components.Pages;

/// <summary>The state page rendered over the real store (dynalite) with the repo's reducers.</summary>
public sealed class StatePageTests(DynaliteFixture dynalite) : IClassFixture<DynaliteFixture>
{
    private async Task<StoreBed> ArrangeAsync(BunitContext ctx)
    {
        ctx.Services.AddSingleton(new ReducerCatalog(Path.Combine(RepositoryPaths.Root(), "reducers"), NullLogger<ReducerCatalog>.Instance));
        ctx.Services.AddSingleton<StateFolder>();
        var bed = ctx.AddExplorer(await StoreBed.CreateAsync(dynalite));
        bed.Clock = DateTimeOffset.FromUnixTimeMilliseconds(946684800000);
        await bed.AddAtAsync("order-7", 0, """[{"type":"orderPlaced","customerId":"<b>c-7</b>","lines":[],"total":791.95,"currency":"EUR"}]""");
        await bed.AddAtAsync("order-7", 1, """[{"type":"paymentAuthorized"}]""");
        return bed;
    }

    [Fact]
    public async Task ALink_ShowsTheStateAfterTheVersion_WhichReducerAndWhatWasFolded()
    {
        await using var ctx = new BunitContext();
        await using var arranged = await ArrangeAsync(ctx);

        var page = ctx.RenderPage<StatePage>("/state?aggregate=order-7&version=1");

        page.WaitForAssertion(() => Assert.Contains("2 commits and 2 events folded up to version 1", Words(page.Find(".status-line").TextContent), StringComparison.Ordinal));
        Assert.Contains("JavaScript reducer \"orders\" for aggregates starting with \"order-\"", page.Find(".reducer-description").TextContent, StringComparison.Ordinal);
        Assert.Contains(page.FindAll(".state-json .json-string"), value => value.TextContent == "\"paid\"");
        // Stored text is shown as text, never as markup.
        Assert.Contains(page.FindAll(".state-json .json-string"), value => value.TextContent == "\"<b>c-7</b>\"");
        Assert.Empty(page.FindAll(".state-json b"));
        Assert.Equal("order-7", page.Find("#state-aggregate").GetAttribute("value"));
    }

    [Fact]
    public async Task AVersionPastTheNewest_SaysThatTheStateIsTheNewest()
    {
        await using var ctx = new BunitContext();
        await using var arranged = await ArrangeAsync(ctx);

        var page = ctx.RenderPage<StatePage>("/state?aggregate=order-7&version=40");

        page.WaitForAssertion(() => Assert.Equal("Version 40 was asked for; the newest is 1, so this is the state after the newest commit.",
            Words(page.Find(".past-newest").TextContent).Trim()));
    }

    [Fact]
    public async Task AnAggregateWithoutCommits_SaysSo()
    {
        await using var ctx = new BunitContext();
        await using var arranged = await ArrangeAsync(ctx);

        var page = ctx.RenderPage<StatePage>("/state?aggregate=order-8");

        page.WaitForAssertion(() => Assert.Contains("This aggregate has no commits.", page.Markup, StringComparison.Ordinal));
    }

    private static string Words(string text) => System.Text.RegularExpressions.Regex.Replace(text, @"\s+", " ");
}
