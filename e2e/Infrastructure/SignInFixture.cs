using System.Text.Json;
using EventExplorer.Data.Model;
using EventExplorer.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EventExplorer.E2E.Infrastructure;

/// <summary>
/// The app with sign-in on, against a real OpenID provider (npm oidc-provider on loopback), writable,
/// layout A. A second provider with the same client and users stands for "another issuer". Users:
/// <c>author</c> (Authors group), <c>viewer</c> (Viewers group), <c>nobody</c> (neither).
/// </summary>
public sealed class SignInFixture : ExplorerFixture
{
    public const string ClientId = "eventexplorer-e2e";
    private const string ClientSecret = "e2e-secret-not-for-anything-else";
    public const string Aggregate = "e2e-signin";

    private static readonly Dictionary<string, OpenIdUser> Users = new()
    {
        ["author"] = new OpenIdUser("Alice Author", ["staff", "explorer-authors"]),
        ["viewer"] = new OpenIdUser("Victor Viewer", ["staff", "explorer-viewers"]),
        ["nobody"] = new OpenIdUser("Nora Nobody", ["staff"]),
    };

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
        var providers = await Task.WhenAll(
            OpenIdProvider.StartAsync(appBaseUrl, ClientId, ClientSecret, Users, tag: "main"),
            OpenIdProvider.StartAsync(appBaseUrl, ClientId, ClientSecret, Users, tag: "other"));
        (Provider, OtherProvider) = (providers[0], providers[1]);
        return new Dictionary<string, string>
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
    }

    /// <summary>The provider's sign-in form (our own minimal one; oidc-provider runs the protocol).</summary>
    public static ILocator LoginName(IPage page) => page.GetByLabel("User name");

    /// <summary>
    /// Opens <paramref name="path"/> signed out, which must send the browser to the provider's sign-in,
    /// signs in as <paramref name="user"/> there, and waits until the app shows <paramref name="path"/>.
    /// </summary>
    public async Task SignInAsync(IPage page, string user, string path = "/", bool waitForCircuit = true)
    {
        await page.GotoAsync(path);
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("^" + System.Text.RegularExpressions.Regex.Escape(Provider.Issuer) + "/interaction/"));
        await LoginName(page).FillAsync(user);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(url => url.StartsWith(BaseUrl, StringComparison.Ordinal) && !url.Contains("/signin-oidc", StringComparison.Ordinal));
        if (waitForCircuit) await page.WaitForCircuitAsync();
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
        await base.DisposeAsync();
        if (Provider is not null) await Provider.DisposeAsync();
        if (OtherProvider is not null) await OtherProvider.DisposeAsync();
    }
}
