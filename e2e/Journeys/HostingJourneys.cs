using System.Net;
using EventExplorer.Data.Demo;
using EventExplorer.E2E.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EventExplorer.E2E.Journeys;

/// <summary>
/// What a security team checks: the headers on every response, a Content-Security-Policy the pages
/// really run under (no violation on any page), a Host name the app is not bound to refused, and a
/// notice when a stylesheet or script did not load.
/// </summary>
[Collection(DemoStoreCollection.Name)]
public sealed class HostingJourneys(DemoStoreFixture store)
{
    private const string Ledger = DemoAggregates.LongLedger;

    /// <summary>Records every CSP violation the document reports, from its first script on.</summary>
    private const string RecordViolations = """
        window.__cspViolations = [];
        document.addEventListener('securitypolicyviolation', e =>
          window.__cspViolations.push(e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') + ' at ' + e.sourceFile + ':' + e.lineNumber));
        """;

    [Fact]
    public async Task EveryKindOfResponseCarriesTheSecurityHeadersAndNoServerHeader()
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(store.BaseUrl) };
        var html = await http.GetStringAsync("/");
        var css = System.Text.RegularExpressions.Regex.Match(html, "href=\"(_content/MudBlazor/MudBlazor[^\"]*\\.css)\"").Groups[1].Value;
        Assert.NotEmpty(css);

        foreach (var path in new[] { "/", "/" + css, "/_framework/blazor.web.js", "/healthz", "/no/such/page", "/aggregates/" + Ledger })
        {
            using var response = await http.GetAsync(path);
            var what = $"{path} ({(int)response.StatusCode})";
            var csp = Header(response, "Content-Security-Policy");
            Assert.True(csp is not null, $"{what} has no Content-Security-Policy.");
            Assert.Contains("frame-ancestors 'none'", csp);
            Assert.Matches(@"script-src 'self' 'nonce-[A-Za-z0-9+/=]+';", csp);
            Assert.DoesNotContain("unsafe-inline';", csp.Split("style-src")[0]);
            Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
            Assert.Equal("no-referrer", Header(response, "Referrer-Policy"));
            Assert.False(response.Headers.Contains("Server"), $"{what} names its server: {Header(response, "Server")}.");
            // Served over plain HTTP on loopback: HSTS would be meaningless (and pin localhost).
            Assert.False(response.Headers.Contains("Strict-Transport-Security"), $"{what} sends HSTS over HTTP.");
        }

        // A new nonce for every page: one seen once cannot be reused by injected markup later.
        using var first = await http.GetAsync("/");
        using var second = await http.GetAsync("/");
        Assert.NotEqual(Header(first, "Content-Security-Policy"), Header(second, "Content-Security-Policy"));
    }

    [Fact]
    public async Task ARequestForAnotherHostNameIsRefused()
    {
        // What a page elsewhere can make a browser send to this machine by pointing its own name at 127.0.0.1.
        using var http = new HttpClient { BaseAddress = new Uri(store.BaseUrl) };
        using var foreign = new HttpRequestMessage(HttpMethod.Get, "/healthz") { Headers = { Host = "attacker.example" } };
        using var local = new HttpRequestMessage(HttpMethod.Get, "/healthz") { Headers = { Host = "localhost:" + new Uri(store.BaseUrl).Port } };

        using var refused = await http.SendAsync(foreign);
        using var answered = await http.SendAsync(local);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        // The refusal is answered before the app's pipeline, and still carries the headers.
        Assert.Contains("frame-ancestors 'none'", Header(refused, "Content-Security-Policy"));
        Assert.Equal("nosniff", Header(refused, "X-Content-Type-Options"));
        Assert.Equal("no-referrer", Header(refused, "Referrer-Policy"));
        Assert.Equal("DENY", Header(refused, "X-Frame-Options"));
    }

    [Theory]
    [InlineData("GET /aggregates?q={0} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", 414)]
    [InlineData("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: {0}\r\n\r\n", 431)]
    [InlineData("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nnot a header line\r\n\r\n", 400)]
    public async Task KestrelsOwnRefusalsCarryTheSecurityHeaders(string request, int status)
    {
        // What a scanner sends: Kestrel refuses these itself, before any middleware runs.
        using var client = new System.Net.Sockets.TcpClient();
        await client.ConnectAsync("127.0.0.1", new Uri(store.BaseUrl).Port);
        var stream = client.GetStream();
        await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(string.Format(request, new string('x', 40 * 1024))));
        using var reader = new StreamReader(stream, System.Text.Encoding.ASCII);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var response = await reader.ReadToEndAsync(deadline.Token);

        Assert.StartsWith($"HTTP/1.1 {status} ", response);
        var head = response[..response.IndexOf("\r\n\r\n", StringComparison.Ordinal)] + "\r\n";
        Assert.Contains("\r\nContent-Security-Policy: default-src 'none'; frame-ancestors 'none'\r\n", head);
        Assert.Contains("\r\nX-Content-Type-Options: nosniff\r\n", head);
        Assert.Contains("\r\nReferrer-Policy: no-referrer\r\n", head);
        Assert.Contains("\r\nX-Frame-Options: DENY\r\n", head);
        Assert.DoesNotContain("\r\nServer:", head);
    }

    [Fact]
    public Task ThePagesRunUnderTheContentSecurityPolicyWithoutAViolation() => store.RunAsync(async page =>
    {
        await page.Context.AddInitScriptAsync(RecordViolations);
        var refused = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase)) lock (refused) refused.Add($"{page.Url}: {message.Text}");
        };
        var pages = new (string Url, Func<IPage, ILocator> Ready)[]
        {
            ("/", p => p.GetByRole(AriaRole.Region, new() { Name = "Store" })),
            ("/aggregates", p => p.GetByRole(AriaRole.Columnheader, new() { Name = "Last commit" })),
            ($"/aggregates/{Ledger}?from=2000&expand=2000", p => p.VersionDetails(2000)),
            ("/feed?live=1", p => p.FeedCommitIds().First),
            ("/snapshots", p => p.SnapshotListLinks().First),
            ("/snapshots/" + Ledger, p => p.GetByRole(AriaRole.List, new() { Name = "JSON tree" })),
            ($"/snapshots/diff?left={DemoStoreFixture.LeftSnapshot}&right={DemoStoreFixture.RightSnapshot}&view=lines", p => p.Locator("table.json-lines")),
            // The JSON editor is a JavaScript module found through the import map (the one inline script).
            ($"/append?aggregate={Ledger}", p => p.TextBox("Version")),
        };

        foreach (var (url, ready) in pages)
        {
            await page.OpenAsync(url);
            await Expect(ready(page)).ToBeVisibleAsync();
            await Expect(page.Locator("#asset-notice")).ToBeHiddenAsync();
        }
        // The editor's module answered: typing is checked by the server through it.
        await page.FillJsonEditorAsync("Events (a JSON array)", """[{"type":"checked"}]""", "A valid JSON array of events.");
        // MudBlazor's popovers (inline styles, its own scripts) and the skip link's handler.
        await page.OpenAsync("/feed");
        await page.Choice("Per page", "100").ClickAsync();
        await Expect(page.FeedCommitIds()).ToHaveCountAsync(100);
        await page.GetByRole(AriaRole.Link, new() { Name = "Skip to content" }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        Assert.True(await page.EvaluateAsync<bool>("() => document.activeElement === document.getElementById('main')"), "The skip link did not focus the content.");

        var violations = await page.EvaluateAsync<string[]>("() => window.__cspViolations");
        Assert.True(violations.Length == 0 && refused.Count == 0,
            "Content-Security-Policy violations:\n" + string.Join("\n", violations.Concat(refused)));
    });

    [Theory]
    [InlineData("/app", ".css", "app.")]
    [InlineData("/_content/MudBlazor/MudBlazor.min", ".css", "MudBlazor.min.")]
    [InlineData("/_framework/blazor.web", ".js", "blazor.web")]
    [InlineData("/_content/MudBlazor/MudBlazor.min", ".js", "MudBlazor.min.")]
    [InlineData("/app", ".js", null)]
    public Task AStylesheetOrScriptThatDidNotLoadIsSaid(string stem, string extension, string? named) => store.RunAsync(async page =>
    {
        // As a server outside Development answered them from build output: an error, or nothing at all.
        // The page asks for them by fingerprinted names (app.{hash}.css).
        var asset = new System.Text.RegularExpressions.Regex(System.Text.RegularExpressions.Regex.Escape(stem) + @"(\.[a-z0-9]+)?" + System.Text.RegularExpressions.Regex.Escape(extension) + "$");
        await page.RouteAsync(asset, route => route.FulfillAsync(new() { Status = named is null ? 500 : 200, Body = "", ContentType = "text/plain" }));

        await page.GotoAsync("/");

        var notice = page.Locator("#asset-notice");
        await Expect(notice).ToBeVisibleAsync();
        await Expect(notice).ToContainTextAsync("Part of this page did not load");
        // app.js itself missing: nothing can name the asset, but the notice shows all the same.
        if (named is not null) await Expect(notice).ToContainTextAsync(named);
    }, new Browsing { EvidenceSuffix = "." + stem.Split('/')[^1] + extension });

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values) ? string.Join(", ", values) : null;
}
