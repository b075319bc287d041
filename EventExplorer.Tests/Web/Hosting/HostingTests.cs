using System.Net;
using System.Security.Claims;
using EventExplorer.Data.Configuration;
using EventExplorer.Web.Hosting;
using EventExplorer.Web.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EventExplorer.Tests.Web.Hosting;

/// <summary>
/// The production plumbing of AddEventExplorerHosting/UseEventExplorerHosting, through ASP.NET Core's
/// real middleware on a test server: HSTS only over HTTPS, forwarded headers only from known
/// proxies, AllowedHosts from the bound addresses, data-protection keys shared through a folder.
/// </summary>
public sealed class HostingTests
{
    /// <summary>The app's hosting in front of one endpoint that echoes what the request looks like to the app.</summary>
    private static async Task<WebApplication> StartAsync(Dictionary<string, string?>? settings = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            // Never contacted: the endpoint below does not read the store.
            ["EventExplorer:ServiceUrl"] = "http://127.0.0.1:9",
        });
        builder.Configuration.AddInMemoryCollection(settings ?? []);
        builder.Services.AddEventExplorerData(builder.Configuration, isDevelopment: false);
        builder.AddEventExplorerHosting();
        var app = builder.Build();
        app.UseEventExplorerHosting();
        app.MapGet("/echo", (HttpContext context) => $"{context.Request.Scheme} {context.Connection.RemoteIpAddress}");
        await app.StartAsync();
        return app;
    }

    private static Task<HttpContext> SendAsync(WebApplication app, string url, IPAddress? from = null, Dictionary<string, string>? headers = null) =>
        app.GetTestServer().SendAsync(context =>
        {
            var uri = new Uri(url);
            context.Request.Scheme = uri.Scheme;
            context.Request.Host = new HostString(uri.Authority);
            context.Request.Path = uri.AbsolutePath;
            context.Connection.RemoteIpAddress = from ?? IPAddress.Loopback;
            foreach (var (name, value) in headers ?? []) context.Request.Headers[name] = value;
        });

    private static async Task<string> BodyAsync(HttpContext context) => await new StreamReader(context.Response.Body).ReadToEndAsync();

    [Fact]
    public async Task Hsts_IsSentOverHttpsOnly()
    {
        await using var app = await StartAsync(new() { ["AllowedHosts"] = "explorer.example.com" });

        var https = await SendAsync(app, "https://explorer.example.com/echo");
        var http = await SendAsync(app, "http://explorer.example.com/echo");

        Assert.StartsWith("max-age=31536000", https.Response.Headers.StrictTransportSecurity.ToString());
        Assert.Empty(http.Response.Headers.StrictTransportSecurity.ToString());
        Assert.Contains("frame-ancestors 'none'", http.Response.Headers.ContentSecurityPolicy.ToString());
    }

    [Fact]
    public async Task ForwardedHeaders_FromAKnownProxy_GiveTheClientsSchemeAndAddress()
    {
        await using var app = await StartAsync(new()
        {
            ["AllowedHosts"] = "explorer.example.com",
            ["EventExplorer:ForwardedHeaders:Enabled"] = "true",
            ["EventExplorer:ForwardedHeaders:KnownNetworks:0"] = "10.0.0.0/16",
        });
        var forwarded = new Dictionary<string, string> { ["X-Forwarded-For"] = "203.0.113.7", ["X-Forwarded-Proto"] = "https" };

        var viaProxy = await SendAsync(app, "http://explorer.example.com/echo", IPAddress.Parse("10.0.4.2"), forwarded);
        var spoofed = await SendAsync(app, "http://explorer.example.com/echo", IPAddress.Parse("198.51.100.9"), forwarded);

        Assert.Equal("https 203.0.113.7", await BodyAsync(viaProxy));
        // Behind the TLS terminator the request was HTTPS: HSTS applies.
        Assert.NotEmpty(viaProxy.Response.Headers.StrictTransportSecurity.ToString());
        Assert.Equal("http 198.51.100.9", await BodyAsync(spoofed));
    }

    [Fact]
    public async Task ForwardedHeaders_NotEnabled_AreIgnored()
    {
        await using var app = await StartAsync(new() { ["AllowedHosts"] = "explorer.example.com" });

        var context = await SendAsync(app, "http://explorer.example.com/echo", IPAddress.Parse("10.0.4.2"),
            new() { ["X-Forwarded-For"] = "203.0.113.7", ["X-Forwarded-Proto"] = "https" });

        Assert.Equal("http 10.0.4.2", await BodyAsync(context));
    }

    [Fact]
    public async Task AllowedHosts_NotSet_AnswersOnlyTheNamesOfTheBoundAddresses()
    {
        // The test server binds nothing: as Kestrel's default (localhost:5000), loopback names only.
        await using var app = await StartAsync();

        var local = await SendAsync(app, "http://localhost/echo");
        var loopback = await SendAsync(app, "http://127.0.0.1:5080/echo");
        var foreign = await SendAsync(app, "http://attacker.example/echo");

        Assert.Equal(200, local.Response.StatusCode);
        Assert.Equal(200, loopback.Response.StatusCode);
        Assert.Equal(400, foreign.Response.StatusCode);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5080", "localhost;127.0.0.1;[::1]")]
    [InlineData("http://localhost:5000", "localhost;127.0.0.1;[::1]")]
    [InlineData("http://[::1]:5000", "localhost;127.0.0.1;[::1]")]
    [InlineData("https://explorer.internal:443", "explorer.internal")]
    [InlineData("http://10.1.2.3:8080", "10.1.2.3")]
    public void AllowedHostsDefaults_AreTheBoundHostNames(string address, string expected)
    {
        Assert.Equal(expected.Split(';'), AllowedHostsDefaults.For([address]));
    }

    [Theory]
    [InlineData("http://0.0.0.0:8080")]
    [InlineData("http://+:8080")]
    [InlineData("http://*:8080")]
    [InlineData("http://[::]:8080")]
    public void AllowedHostsDefaults_OnEveryAddress_RefuseAndSayWhatToSet(string address)
    {
        var refused = Assert.Throws<InvalidOperationException>(() => AllowedHostsDefaults.For(["http://127.0.0.1:5080", address]));

        Assert.Contains("AllowedHosts", refused.Message);
        Assert.Contains(address, refused.Message);
    }

    [Fact]
    public async Task DataProtection_InstancesSharingAKeysFolder_ReadEachOthersProtectedData()
    {
        var shared = Path.Combine(Path.GetTempPath(), "ee-keys-" + Guid.NewGuid().ToString("N"));
        var other = Path.Combine(Path.GetTempPath(), "ee-keys-" + Guid.NewGuid().ToString("N"));
        try
        {
            await using var first = await StartAsync(new() { ["EventExplorer:DataProtection:KeysPath"] = shared });
            await using var second = await StartAsync(new() { ["EventExplorer:DataProtection:KeysPath"] = shared });
            await using var stranger = await StartAsync(new() { ["EventExplorer:DataProtection:KeysPath"] = other });
            IDataProtector Protector(WebApplication app) => app.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("session");

            var cookie = Protector(first).Protect("signed in as support-1");

            Assert.Equal("signed in as support-1", Protector(second).Unprotect(cookie));
            Assert.ThrowsAny<System.Security.Cryptography.CryptographicException>(() => Protector(stranger).Unprotect(cookie));
            Assert.NotEmpty(Directory.GetFiles(shared, "key-*.xml"));
        }
        finally
        {
            foreach (var folder in new[] { shared, other })
            {
                if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
            }
        }
    }

    [Fact]
    public void Quota_RefusesBeyondTheLimitPerUser_AndFreesOnRelease()
    {
        var quota = new Quota(2);

        Assert.True(quota.TryTake("user:a"));
        Assert.True(quota.TryTake("user:a"));
        Assert.False(quota.TryTake("user:a"));
        Assert.True(quota.TryTake("user:b"));
        quota.Release("user:a");

        Assert.True(quota.TryTake("user:a"));
        Assert.Equal(3, quota.Total);
    }

    [Fact]
    public async Task ForwardedHeaders_WithKnownNetworks_NoLongerTrustLoopback()
    {
        // Naming the proxies' network replaces the default (loopback): a client on the app's own machine
        // must not pick its address by sending X-Forwarded-For (each new address was a new user for the limits).
        await using var app = await StartAsync(new()
        {
            ["AllowedHosts"] = "explorer.example.com",
            ["EventExplorer:ForwardedHeaders:Enabled"] = "true",
            ["EventExplorer:ForwardedHeaders:KnownNetworks:0"] = "10.0.0.0/16",
        });
        var forwarded = new Dictionary<string, string> { ["X-Forwarded-For"] = "203.0.113.7", ["X-Forwarded-Proto"] = "https" };

        var fromLoopback = await SendAsync(app, "http://explorer.example.com/echo", IPAddress.Loopback, forwarded);
        var fromIpv6Loopback = await SendAsync(app, "http://explorer.example.com/echo", IPAddress.IPv6Loopback, forwarded);

        Assert.Equal("http 127.0.0.1", await BodyAsync(fromLoopback));
        Assert.Equal("http ::1", await BodyAsync(fromIpv6Loopback));
    }

    [Fact]
    public async Task ForwardedHeaders_WithoutKnownProxies_TrustLoopbackOnly()
    {
        await using var app = await StartAsync(new()
        {
            ["AllowedHosts"] = "explorer.example.com",
            ["EventExplorer:ForwardedHeaders:Enabled"] = "true",
        });
        var forwarded = new Dictionary<string, string> { ["X-Forwarded-For"] = "203.0.113.7" };

        var viaLocalProxy = await SendAsync(app, "http://explorer.example.com/echo", IPAddress.Loopback, forwarded);
        var fromElsewhere = await SendAsync(app, "http://explorer.example.com/echo", IPAddress.Parse("10.0.4.2"), forwarded);

        Assert.Equal("http 203.0.113.7", await BodyAsync(viaLocalProxy));
        Assert.Equal("http 10.0.4.2", await BodyAsync(fromElsewhere));
    }

    [Fact]
    public async Task SecurityHeaders_AreOnTheHostFiltersRefusalToo()
    {
        await using var app = await StartAsync(new() { ["AllowedHosts"] = "explorer.example.com" });

        var refused = await SendAsync(app, "http://attacker.example/echo");

        Assert.Equal(400, refused.Response.StatusCode);
        Assert.Contains("frame-ancestors 'none'", refused.Response.Headers.ContentSecurityPolicy.ToString());
        Assert.Equal("nosniff", refused.Response.Headers.XContentTypeOptions.ToString());
        Assert.Equal("no-referrer", refused.Response.Headers["Referrer-Policy"].ToString());
        Assert.Equal("DENY", refused.Response.Headers.XFrameOptions.ToString());
    }

    private static ClaimsPrincipal SignedIn(string issuer, string subject, string name) =>
        new(new ClaimsIdentity(
        [
            new Claim(ExplorerRoles.SubjectClaimType, subject, ClaimValueTypes.String, issuer),
            new Claim(ExplorerRoles.NameClaimType, name, ClaimValueTypes.String, issuer),
        ], "oidc", ExplorerRoles.NameClaimType, ExplorerRoles.RoleClaimType));

    [Fact]
    public void UserKeys_AreWhoSomeoneIs_NotWhatTheyAreCalled()
    {
        const string issuer = "https://id.example.com";
        var author = SignedIn(issuer, "author-1", "Arthur Author");
        var namesake = SignedIn(issuer, "viewer-7", "Arthur Author");
        var sameSubjectElsewhere = SignedIn("https://other-id.example.com", "author-1", "Arthur Author");
        var renamed = SignedIn(issuer, "author-1", "Arthur A. Author");
        var address = IPAddress.Parse("10.0.0.1");

        Assert.NotEqual(UserKeys.Of(author, address), UserKeys.Of(namesake, address));
        Assert.NotEqual(UserKeys.Of(author, address), UserKeys.Of(sameSubjectElsewhere, address));
        Assert.Equal(UserKeys.Of(author, address), UserKeys.Of(renamed, IPAddress.Parse("10.0.0.2")));
    }

    [Fact]
    public void UserKeys_WithoutSignIn_AreTheLocalUserOrTheAddress()
    {
        ClaimsPrincipal SignInOff(string mode, string name) => new(new ClaimsIdentity(
        [
            new Claim(ExplorerRoles.SubjectClaimType, mode == "anyone" ? "anonymous" : "local"),
            new Claim(ExplorerRoles.NameClaimType, name),
            new Claim(ExplorerRoles.SignInOffClaimType, mode),
        ], "EventExplorer.SignInOff", ExplorerRoles.NameClaimType, ExplorerRoles.RoleClaimType));
        var nobody = new ClaimsPrincipal(new ClaimsIdentity());

        // The one user of this machine, however the request reached it.
        Assert.Equal(UserKeys.Of(SignInOff("loopback", "local user"), IPAddress.Loopback), UserKeys.Of(SignInOff("loopback", "local user"), IPAddress.IPv6Loopback));
        // Open to anyone: nobody is known, so each address counts as one user.
        Assert.NotEqual(UserKeys.Of(SignInOff("anyone", "anonymous"), IPAddress.Parse("10.0.0.1")), UserKeys.Of(SignInOff("anyone", "anonymous"), IPAddress.Parse("10.0.0.2")));
        Assert.Equal("address:10.0.0.1", UserKeys.Of(nobody, IPAddress.Parse("10.0.0.1")));
    }
}
