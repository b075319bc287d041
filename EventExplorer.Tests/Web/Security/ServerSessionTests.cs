using System.Security.Claims;
using EventExplorer.Data.Configuration;
using EventExplorer.Testing;
using EventExplorer.Web.Hosting;
using EventExplorer.Web.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace EventExplorer.Tests.Web.Security;

/// <summary>
/// Sign-in sessions kept on the server, through the app's own registration (AddEventExplorerHosting):
/// in memory by default, in a real redis-server when configured. What must hold: the cookie's key is
/// worth nothing without its entry, removing the entry (signing out) ends the session for every
/// instance that shares the store, and the entry expires with the session and moves with it.
/// </summary>
public sealed class ServerSessionTests : IAsyncLifetime
{
    private RedisServer _redis = null!;

    public async Task InitializeAsync() => _redis = await RedisServer.StartAsync();

    public async Task DisposeAsync() => await _redis.DisposeAsync();

    /// <summary>An instance of the app's hosting (not its pages): its cache, key ring and session store.</summary>
    private sealed class Instance(WebApplication app) : IAsyncDisposable
    {
        public SessionTicketStore Sessions { get; } = new(app.Services.GetRequiredService<IDistributedCache>(), TimeProvider.System, new SignInOptions());
        public IServiceProvider Services => app.Services;
        public ValueTask DisposeAsync() => app.DisposeAsync();
    }

    private static async Task<Instance> StartAsync(string? redis, Dictionary<string, string?>? more = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["EventExplorer:ServiceUrl"] = "http://127.0.0.1:9",
            ["AllowedHosts"] = "explorer.example.com",
            ["EventExplorer:Redis:ConnectionString"] = redis,
        });
        builder.Configuration.AddInMemoryCollection(more ?? []);
        builder.Services.AddEventExplorerData(builder.Configuration, isDevelopment: false);
        builder.AddEventExplorerHosting();
        var app = builder.Build();
        app.UseEventExplorerHosting();
        await app.StartAsync();
        return new Instance(app);
    }

    private static AuthenticationTicket Ticket(string subject, DateTimeOffset expires)
    {
        var identity = new ClaimsIdentity(
        [
            new Claim(ExplorerRoles.SubjectClaimType, subject, ClaimValueTypes.String, "https://id.example.com"),
            new Claim(ExplorerRoles.NameClaimType, "Alice Author", ClaimValueTypes.String, "https://id.example.com"),
            new Claim(ExplorerRoles.RoleClaimType, ExplorerRoles.Author, ClaimValueTypes.String, "https://id.example.com"),
        ], "Cookies", ExplorerRoles.NameClaimType, ExplorerRoles.RoleClaimType);
        return new AuthenticationTicket(new ClaimsPrincipal(identity), new AuthenticationProperties { ExpiresUtc = expires }, "Cookies");
    }

    [Fact]
    public async Task ASessionSignedOutOnOneInstance_IsGoneOnEveryInstanceSharingRedis_AndAfterARestart()
    {
        await using var first = await StartAsync(_redis.ConnectionString);
        await using var second = await StartAsync(_redis.ConnectionString);
        var key = await first.Sessions.StoreAsync(Ticket("alice", DateTimeOffset.UtcNow.AddHours(8)), CancellationToken.None);

        var seenBySecond = await second.Sessions.RetrieveAsync(key, CancellationToken.None);
        Assert.Equal("alice", seenBySecond?.Principal.FindFirst(ExplorerRoles.SubjectClaimType)?.Value);
        Assert.True(await first.Sessions.IsActiveAsync(seenBySecond!.Principal, CancellationToken.None));

        await second.Sessions.RemoveAsync(key, CancellationToken.None);
        await using var restarted = await StartAsync(_redis.ConnectionString);

        Assert.Null(await first.Sessions.RetrieveAsync(key, CancellationToken.None));
        Assert.Null(await second.Sessions.RetrieveAsync(key, CancellationToken.None));
        Assert.Null(await restarted.Sessions.RetrieveAsync(key, CancellationToken.None));
        Assert.False(await first.Sessions.IsActiveAsync(seenBySecond.Principal, CancellationToken.None));
    }

    [Fact]
    public async Task InMemory_ASessionIsThisInstancesOnly_AndARestartEndsIt()
    {
        await using var first = await StartAsync(redis: null);
        var key = await first.Sessions.StoreAsync(Ticket("alice", DateTimeOffset.UtcNow.AddHours(8)), CancellationToken.None);
        Assert.NotNull(await first.Sessions.RetrieveAsync(key, CancellationToken.None));

        await using var restarted = await StartAsync(redis: null);

        Assert.Null(await restarted.Sessions.RetrieveAsync(key, CancellationToken.None));
    }

    [Fact]
    public async Task TheRetrievedUserCarriesTheirSessionsKey_AndAForgedKeyFindsNothing()
    {
        await using var instance = await StartAsync(_redis.ConnectionString);
        var key = await instance.Sessions.StoreAsync(Ticket("alice", DateTimeOffset.UtcNow.AddHours(8)), CancellationToken.None);

        var ticket = await instance.Sessions.RetrieveAsync(key, CancellationToken.None);

        Assert.Equal(key, SessionTicketStore.SessionOf(ticket!.Principal));
        Assert.True(key.Length >= 43, $"A session key must not be guessable: '{key}'.");
        Assert.Null(await instance.Sessions.RetrieveAsync(key[..^1] + (key[^1] == 'A' ? 'B' : 'A'), CancellationToken.None));
        Assert.False(await instance.Sessions.IsActiveAsync(new ClaimsPrincipal(new ClaimsIdentity([new Claim(SessionTicketStore.SessionClaimType, "made-up")], "Cookies")), CancellationToken.None));
    }

    [Fact]
    public async Task AWriteChecksTheSessionAtOnce_ASignedOutWriterKeepsTheirSubjectAndHasNoRole()
    {
        // No wait for an open tab's next check: the write itself asks whether the session still exists.
        await using var instance = await StartAsync(_redis.ConnectionString);
        var key = await instance.Sessions.StoreAsync(Ticket("alice", DateTimeOffset.UtcNow.AddHours(8)), CancellationToken.None);
        var user = (await instance.Sessions.RetrieveAsync(key, CancellationToken.None))!.Principal;
        var http = new Microsoft.AspNetCore.Http.HttpContextAccessor { HttpContext = new Microsoft.AspNetCore.Http.DefaultHttpContext { User = user } };
        var writers = new CircuitWriterContext(new CircuitServicesAccessor(), http, instance.Sessions);
        var signedIn = await writers.GetCurrentWriterAsync(CancellationToken.None);

        await instance.Sessions.RemoveAsync(key, CancellationToken.None);
        var signedOut = await writers.GetCurrentWriterAsync(CancellationToken.None);

        Assert.Equal(("alice", "Alice Author", EventExplorer.Data.Model.WriterRole.Author), (signedIn.Subject, signedIn.Name, signedIn.Role));
        Assert.Equal(("alice", "Alice Author (signed out)", EventExplorer.Data.Model.WriterRole.None), (signedOut.Subject, signedOut.Name, signedOut.Role));
    }

    [Fact]
    public async Task TheEntryExpiresWithTheSession_AndMovesWhenTheSessionIsRenewed()
    {
        await using var instance = await StartAsync(_redis.ConnectionString);
        var now = DateTimeOffset.UtcNow;
        var key = await instance.Sessions.StoreAsync(Ticket("alice", now.AddHours(1)), CancellationToken.None);
        await using var redis = await ConnectionMultiplexer.ConnectAsync(_redis.ConnectionString);
        var stored = redis.GetServer(redis.GetEndPoints().Single()).Keys(pattern: "EventExplorer:session:*").Single();
        var ttlAtSignIn = await redis.GetDatabase().KeyTimeToLiveAsync(stored);

        // What the cookie handler does when a sliding session is used past half its life.
        await instance.Sessions.RenewAsync(key, Ticket("alice", now.AddHours(8)), CancellationToken.None);
        var ttlAfterRenewal = await redis.GetDatabase().KeyTimeToLiveAsync(stored);

        Assert.InRange(ttlAtSignIn!.Value, TimeSpan.FromMinutes(55), TimeSpan.FromHours(1));
        Assert.InRange(ttlAfterRenewal!.Value, TimeSpan.FromHours(7.9), TimeSpan.FromHours(8));
        // Kept under a hash: the store's key names are not session keys.
        Assert.DoesNotContain(key, stored.ToString());
    }

    [Fact]
    public async Task DataProtectionKeys_InRedis_AreSharedByEveryInstance()
    {
        await using var first = await StartAsync(_redis.ConnectionString);
        await using var second = await StartAsync(_redis.ConnectionString);
        await using var otherRedis = await RedisServer.StartAsync();
        await using var stranger = await StartAsync(otherRedis.ConnectionString);
        IDataProtector Protector(Instance instance) => instance.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("session");

        var cookie = Protector(first).Protect("signed in as support-1");

        Assert.Equal("signed in as support-1", Protector(second).Unprotect(cookie));
        Assert.ThrowsAny<System.Security.Cryptography.CryptographicException>(() => Protector(stranger).Unprotect(cookie));
        await using var redis = await ConnectionMultiplexer.ConnectAsync(_redis.ConnectionString);
        Assert.True(await redis.GetDatabase().KeyExistsAsync("EventExplorer:DataProtection-Keys"));
    }

    [Fact]
    public async Task RedisAndAKeysFolderBothSet_RefuseToStart_NamingBoth()
    {
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            StartAsync(_redis.ConnectionString, new() { ["EventExplorer:DataProtection:KeysPath"] = Path.GetTempPath() }));

        Assert.Contains("EventExplorer:Redis:ConnectionString", refused.Message);
        Assert.Contains("EventExplorer:DataProtection:KeysPath", refused.Message);
    }

    [Fact]
    public async Task AnUnusableRedisConnectionString_StopsTheStart_NamingTheSetting()
    {
        var refused = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => StartAsync("password=only-a-password"));

        Assert.Contains("EventExplorer:Redis:ConnectionString", refused.Message);
    }
}
