using System.Text.Json;
using EventExplorer.Data.Model;
using EventExplorer.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EventExplorer.E2E.Infrastructure;

/// <summary>
/// The app with sign-in on, against a real OpenID provider (npm oidc-provider on loopback), writable,
/// layout A, through a <see cref="DynamoDbProxy"/>. A second provider with the same client and users
/// stands for "another issuer". Users: <c>author</c> (Authors group), <c>viewer</c> (Viewers group),
/// <c>nobody</c> (neither), <c>impostor</c> (a Viewer with the author's display name). A second
/// instance of the app (same store, same provider, sessions kept as the first's) starts on demand.
/// </summary>
public class SignInFixture : ExplorerFixture
{
    public const string ClientId = "eventexplorer-e2e";
    private const string ClientSecret = "e2e-secret-not-for-anything-else";
    public const string Aggregate = "e2e-signin";

    private static readonly Dictionary<string, OpenIdUser> Users = new()
    {
        ["author"] = new OpenIdUser("Alice Author", ["staff", "explorer-authors"]),
        ["viewer"] = new OpenIdUser("Victor Viewer", ["staff", "explorer-viewers"]),
        ["nobody"] = new OpenIdUser("Nora Nobody", ["staff"]),
        // Display names are the provider's free text: nothing may be keyed by them.
        ["impostor"] = new OpenIdUser("Alice Author", ["staff", "explorer-viewers"]),
    };

    /// <summary>Per-user limits low enough for a journey to reach: one long read, two connected tabs.</summary>
    public const int ScansPerUser = 1;
    public const int CircuitsPerUser = 2;

    private IReadOnlyDictionary<string, string> _signInSettings = new Dictionary<string, string>();
    private AppHost? _second;
    private int _secondPort;

    protected override bool ProxyDatabase => true;

    protected override IReadOnlyDictionary<string, string> AppSettings { get; } = new Dictionary<string, string>
    {
        ["EventExplorer__Limits__ScansPerUser"] = ScansPerUser.ToString(),
        ["EventExplorer__Limits__CircuitsPerUser"] = CircuitsPerUser.ToString(),
        // An open tab notices a sign-out elsewhere within a second (30 s by default).
        ["EventExplorer__SignIn__SessionCheckInterval"] = "00:00:01",
    };

    /// <summary>Settings of where sessions and keys are shared (Redis, in a subclass); none: each instance keeps its own sessions in memory.</summary>
    protected virtual Task<IReadOnlyDictionary<string, string>> SharedStateSettingsAsync() =>
        Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string>());

    /// <summary>Where the second instance listens (known to the provider from the start; running once started).</summary>
    public string SecondBaseUrl => $"http://127.0.0.1:{_secondPort}";

    /// <summary>The second instance; null until <see cref="StartSecondAsync"/>.</summary>
    public AppHost? Second => _second;

    /// <summary>The provider the app is configured with.</summary>
    public OpenIdProvider Provider { get; private set; } = null!;

    /// <summary>Another provider (another issuer) with the same client and users.</summary>
    public OpenIdProvider OtherProvider { get; private set; } = null!;

    protected override async Task SeedAsync()
    {
        await Store.AppendAsync(new AppendRequest { AggregateId = Aggregate, Version = 0, EventsJson = """[{"type":"created"}]""" }, CancellationToken.None);
        await Store.AppendAsync(new AppendRequest { AggregateId = Aggregate, Version = 1, EventsJson = """[{"type":"renamed"}]""" }, CancellationToken.None);
    }

    protected override async Task<IReadOnlyDictionary<string, string>> AppSettingsAsync(string appBaseUrl)
    {
        _secondPort = DynaliteServer.FreeLoopbackPort();
        string[] instances = [appBaseUrl, SecondBaseUrl];
        var providers = await Task.WhenAll(
            OpenIdProvider.StartAsync(instances, ClientId, ClientSecret, Users, tag: "main"),
            OpenIdProvider.StartAsync(instances, ClientId, ClientSecret, Users, tag: "other"));
        (Provider, OtherProvider) = (providers[0], providers[1]);
        var settings = new Dictionary<string, string>
        {
            ["EventExplorer__SignIn__Authority"] = Provider.Issuer,
            ["EventExplorer__SignIn__ClientId"] = ClientId,
            ["EventExplorer__SignIn__ClientSecret"] = ClientSecret,
            ["EventExplorer__SignIn__Scopes__0"] = "openid",
            ["EventExplorer__SignIn__Scopes__1"] = "profile",
            ["EventExplorer__SignIn__Scopes__2"] = "groups",
            ["EventExplorer__SignIn__RoleClaim"] = "groups",
            ["EventExplorer__SignIn__ViewerGroups__0"] = "explorer-viewers",
            ["EventExplorer__SignIn__AuthorGroups__0"] = "explorer-authors",
        };
        foreach (var (key, value) in await SharedStateSettingsAsync()) settings[key] = value;
        _signInSettings = settings;
        return settings;
    }

    /// <summary>
    /// Starts the second instance (again, after <see cref="StopSecondAsync"/>: a restart), with the
    /// first's settings: the same store, audit file, provider and session store.
    /// </summary>
    public async Task<AppHost> StartSecondAsync()
    {
        if (_second is { HasExited: false }) return _second;
        var settings = new Dictionary<string, string>(AppSettings)
        {
            ["EventExplorer__ServiceUrl"] = Proxy?.Url ?? Dynalite.ServiceUrl,
            ["EventExplorer__Region"] = "us-east-1",
            ["EventExplorer__ReadOnly"] = "false",
            ["EventExplorer__Tables__Commits"] = Options.Tables.Commits,
            ["EventExplorer__Tables__CommitIdIndex"] = Options.Tables.CommitIdIndex,
            ["EventExplorer__Tables__Counters"] = Options.Tables.Counters,
            ["EventExplorer__Tables__Snapshots"] = Options.Tables.Snapshots,
            ["EventExplorer__Audit__Path"] = AuditPath,
        };
        foreach (var (key, value) in _signInSettings) settings[key] = value;
        _second = await AppHost.StartAsync(settings, port: _secondPort);
        return _second;
    }

    /// <summary>Stops the second instance, as a crash or a deployment would (nothing is handed over).</summary>
    public async Task StopSecondAsync()
    {
        if (_second is not null) await _second.DisposeAsync();
    }

    /// <summary>Stops and starts the second instance on the same address.</summary>
    public async Task<AppHost> RestartSecondAsync()
    {
        await StopSecondAsync();
        return await StartSecondAsync();
    }

    /// <summary>The provider's sign-in form (our own minimal one; oidc-provider runs the protocol).</summary>
    public static ILocator LoginName(IPage page) => page.GetByLabel("User name");

    /// <summary>
    /// Opens <paramref name="path"/> signed out, which must send the browser to the provider's sign-in,
    /// signs in as <paramref name="user"/> there, and waits until the app shows <paramref name="path"/>.
    /// <paramref name="instance"/> is the base URL of the instance to sign in at (the first by default).
    /// </summary>
    public async Task SignInAsync(IPage page, string user, string path = "/", bool waitForCircuit = true, string? instance = null)
    {
        instance ??= BaseUrl;
        await page.GotoAsync(instance + path);
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("^" + System.Text.RegularExpressions.Regex.Escape(Provider.Issuer) + "/interaction/"));
        await LoginName(page).FillAsync(user);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(url => url.StartsWith(instance, StringComparison.Ordinal) && !url.Contains("/signin-oidc", StringComparison.Ordinal));
        if (waitForCircuit) await page.WaitForCircuitAsync();
    }

    /// <summary>The session cookie(s) the browser holds for the app (cookies do not tell ports apart: one for every instance).</summary>
    public async Task<IReadOnlyDictionary<string, string>> SessionCookiesAsync(IBrowserContext context) =>
        (await context.CookiesAsync([BaseUrl])).Where(c => c.Name.StartsWith("EventExplorer.Session", StringComparison.Ordinal)).ToDictionary(c => c.Name, c => c.Value);

    /// <summary>
    /// What <paramref name="instance"/> answers a request carrying only <paramref name="cookies"/>, as a
    /// copied cookie would be replayed: true for the page (200), false for the provider's sign-in (302).
    /// </summary>
    public async Task<bool> AcceptsPageAsync(IReadOnlyDictionary<string, string> cookies, string instance, string path = "/")
    {
        using var response = await SendWithCookiesAsync(cookies, instance + path, "text/html");
        if (response.StatusCode == System.Net.HttpStatusCode.OK) return true;
        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith(Provider.Issuer + "/auth?", response.Headers.Location?.ToString());
        return false;
    }

    /// <summary>The same for an export (a download, not a page): true for the file (200), false for 401.</summary>
    public async Task<bool> AcceptsExportAsync(IReadOnlyDictionary<string, string> cookies, string instance)
    {
        using var response = await SendWithCookiesAsync(cookies, $"{instance}/export?aggregate={Aggregate}&format=jsonl", "application/x-ndjson");
        if (response.StatusCode == System.Net.HttpStatusCode.OK) return true;
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, response.StatusCode);
        return false;
    }

    private static async Task<HttpResponseMessage> SendWithCookiesAsync(IReadOnlyDictionary<string, string> cookies, string url, string accept)
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { Timeout = TimeSpan.FromSeconds(30) };
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("Cookie", string.Join("; ", cookies.Select(c => $"{c.Key}={c.Value}")));
        request.Headers.Add("Accept", accept);
        return await http.SendAsync(request);
    }

    /// <summary>The audit file's records, oldest first, as JSON.</summary>
    public async Task<IReadOnlyList<JsonElement>> AuditRecordsAsync()
    {
        if (!File.Exists(AuditPath)) return [];
        var lines = await File.ReadAllLinesAsync(AuditPath);
        return lines.Where(l => l.Length > 0).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
    }

    public async Task<IReadOnlyList<Commit>> ReadAllAsync(string aggregateId) =>
        (await Store.ReadTimelineAsync(new TimelineQuery { AggregateId = aggregateId, PageSize = 100, Order = ReadOrder.OldestFirst }, CancellationToken.None)).Items;

    public override async Task DisposeAsync()
    {
        if (_second is not null) await _second.DisposeAsync();
        await base.DisposeAsync();
        if (Provider is not null) await Provider.DisposeAsync();
        if (OtherProvider is not null) await OtherProvider.DisposeAsync();
    }
}
