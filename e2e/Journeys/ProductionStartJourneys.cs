using System.Text.RegularExpressions;
using EventExplorer.E2E.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EventExplorer.E2E.Journeys;

/// <summary>
/// Fault 6: the production start the README documents (a published build, ASPNETCORE_ENVIRONMENT=Production)
/// serves MudBlazor's and the app's stylesheets and scripts and becomes interactive; the build output
/// started the same way (what `dotnet run` did) answers them empty, and the page says so.
/// </summary>
public sealed class ProductionStartJourneys(PublishedAppFixture app) : IClassFixture<PublishedAppFixture>
{
    private static IReadOnlyList<string> AssetsOf(string html) =>
        Regex.Matches(html, "<(?:link rel=\"stylesheet\" href|script src)=\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToList();

    [Fact]
    public async Task ThePublishedBuildServesEveryStylesheetAndScriptWithContent()
    {
        using var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        var html = await http.GetStringAsync("/");
        var assets = AssetsOf(html);

        Assert.Contains(assets, a => a.Contains("MudBlazor.min", StringComparison.Ordinal) && a.EndsWith(".css", StringComparison.Ordinal));
        Assert.Contains(assets, a => a.Contains("MudBlazor.min", StringComparison.Ordinal) && a.EndsWith(".js", StringComparison.Ordinal));
        Assert.Contains("_framework/blazor.web.js", assets);
        Assert.Equal(6, assets.Count);
        foreach (var asset in assets)
        {
            using var response = await http.GetAsync("/" + asset);
            var body = await response.Content.ReadAsByteArrayAsync();
            Assert.True(response.IsSuccessStatusCode, $"{asset} answered {(int)response.StatusCode}.");
            Assert.True(body.Length > 100, $"{asset} answered {body.Length} bytes.");
            Assert.Matches(asset.EndsWith(".css", StringComparison.Ordinal) ? "^text/css" : "javascript", response.Content.Headers.ContentType?.MediaType ?? "");
        }
    }

    [Fact]
    public async Task ThePublishedBuildSendsEveryLargeStylesheetAndScriptCompressed()
    {
        // MudBlazor.min.css is 627 KB: a new browser (a pasted link, a new support laptop) must not wait for it raw.
        using var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        var assets = AssetsOf(await http.GetStringAsync("/"));
        foreach (var asset in assets)
        {
            using var raw = await http.GetAsync("/" + asset);
            var size = (await raw.Content.ReadAsByteArrayAsync()).Length;
            if (size < 10_000) continue;
            using var request = new HttpRequestMessage(HttpMethod.Get, "/" + asset);
            request.Headers.AcceptEncoding.ParseAdd("br, gzip");
            using var compressed = await http.SendAsync(request);
            var sent = (await compressed.Content.ReadAsByteArrayAsync()).Length;
            Assert.True(compressed.Content.Headers.ContentEncoding.Count > 0, $"{asset} ({size:N0} bytes) was sent uncompressed to a browser that accepts br and gzip.");
            Assert.True(sent < size / 3, $"{asset}: {sent:N0} bytes sent for {size:N0}.");
        }
    }

    [Fact]
    public Task ThePublishedBuildIsInteractiveInChromium() => app.RunAsync(async page =>
    {
        await page.OpenAsync("/aggregates/" + PublishedAppFixture.Aggregate);
        await Expect(page.TimelineVersions()).ToHaveTextAsync(["2", "1", "0"]);
        await Expect(page.Locator("#asset-notice")).ToBeHiddenAsync();
        // MudBlazor's stylesheet is in force (its app bar is laid out, not a bare list).
        Assert.Equal("fixed", await page.Locator(".mud-appbar").EvaluateAsync<string>("e => getComputedStyle(e).position"));

        await page.OpenVersionButton(1).ClickAsync();
        await Expect(page.VersionDetails(1)).ToContainTextAsync("published");
        await page.Choice("Per page", "10").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("size=10"));
    });

    [Fact]
    public Task TheUnpublishedBuildInProductionSaysItsAssetsDidNotLoad() => app.RunAsync(async page =>
    {
        await using var unpublished = await app.StartUnpublishedInProductionAsync();

        await page.GotoAsync(unpublished.BaseUrl + "/");

        var notice = page.Locator("#asset-notice");
        await Expect(notice).ToBeVisibleAsync();
        await Expect(notice).ToContainTextAsync("Part of this page did not load");
        await Expect(notice).ToContainTextAsync("published build");
    });
}
