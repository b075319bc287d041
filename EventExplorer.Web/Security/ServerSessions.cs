using System.Buffers.Text;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using EventExplorer.Data.Model;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.Extensions.Caching.Distributed;

namespace EventExplorer.Web.Security;

/// <summary>
/// Sign-in sessions kept on the server (the cookie handler's session store), in the distributed
/// cache: in this instance's memory by default, in Redis when configured (shared by every instance).
/// The session cookie carries only a random key, protected by the data-protection keys, and is worth
/// nothing without the entry. Signing out removes the entry, so a copy of the cookie is refused by every
/// instance that shares the store, and after a restart. The entry expires when the session does, and
/// moves with it as the cookie handler renews the session (sliding).
/// </summary>
public sealed class SessionTicketStore(IDistributedCache cache, TimeProvider time, SignInOptions signIn) : ITicketStore
{
    /// <summary>The session's key, on the principal of every request and circuit it signs in.</summary>
    public const string SessionClaimType = "eventexplorer:session";

    public static string? SessionOf(ClaimsPrincipal? user) => user?.FindFirst(SessionClaimType)?.Value;

    public Task<string> StoreAsync(AuthenticationTicket ticket) => StoreAsync(ticket, CancellationToken.None);

    public async Task<string> StoreAsync(AuthenticationTicket ticket, CancellationToken cancellationToken)
    {
        var key = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        await RenewAsync(key, ticket, cancellationToken);
        return key;
    }

    public Task RenewAsync(string key, AuthenticationTicket ticket) => RenewAsync(key, ticket, CancellationToken.None);

    public Task RenewAsync(string key, AuthenticationTicket ticket, CancellationToken cancellationToken)
    {
        var expires = ticket.Properties.ExpiresUtc ?? time.GetUtcNow() + signIn.SessionLifetime;
        if (expires <= time.GetUtcNow()) return cache.RemoveAsync(EntryKey(key), cancellationToken);
        return cache.SetAsync(EntryKey(key), TicketSerializer.Default.Serialize(ticket),
            new DistributedCacheEntryOptions { AbsoluteExpiration = expires }, cancellationToken);
    }

    public Task<AuthenticationTicket?> RetrieveAsync(string key) => RetrieveAsync(key, CancellationToken.None);

    public async Task<AuthenticationTicket?> RetrieveAsync(string key, CancellationToken cancellationToken)
    {
        if (await cache.GetAsync(EntryKey(key), cancellationToken) is not { } bytes) return null;
        var ticket = TicketSerializer.Default.Deserialize(bytes);
        if (ticket?.Principal.Identity is not ClaimsIdentity identity) return null;
        // The key travels with the user, so that an open tab and a write can ask whether the session still exists.
        foreach (var stale in identity.FindAll(SessionClaimType).ToList()) identity.RemoveClaim(stale);
        identity.AddClaim(new Claim(SessionClaimType, key));
        return ticket;
    }

    public Task RemoveAsync(string key) => RemoveAsync(key, CancellationToken.None);

    public Task RemoveAsync(string key, CancellationToken cancellationToken) => cache.RemoveAsync(EntryKey(key), cancellationToken);

    /// <summary>False once <paramref name="user"/>'s session was signed out or expired (or for a user without one).</summary>
    public async Task<bool> IsActiveAsync(ClaimsPrincipal? user, CancellationToken cancellationToken) =>
        SessionOf(user) is { } key && await cache.GetAsync(EntryKey(key), cancellationToken) is not null;

    /// <summary>
    /// Stored under a hash of the key: someone who can list the store's keys still cannot make a cookie
    /// from one (the cookie must hold the key itself, protected by the data-protection keys).
    /// </summary>
    private static string EntryKey(string key) => "session:" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}

/// <summary>
/// A circuit outlives the request that opened it: every <see cref="SignInOptions.SessionCheckInterval"/>
/// it checks that its session still exists (not signed out in another tab or on another instance, not
/// expired). When it does not, the circuit's user becomes nobody, and <see cref="EndedSession"/> says
/// who they were, for the audit of a write they still try.
/// </summary>
internal sealed class SessionStateProvider(ILoggerFactory loggerFactory, SessionTicketStore sessions, SignInOptions signIn)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => signIn.SessionCheckInterval;

    /// <summary>Who this circuit's user was, once their session has ended; null before.</summary>
    public WriterIdentity? EndedSession { get; private set; }

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        try
        {
            if (await sessions.IsActiveAsync(authenticationState.User, cancellationToken)) return true;
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            // The store cannot say (Redis away): the base class logs it and signs the circuit out, as for an ended session.
            EndedSession = ExplorerRoles.SignedOutWriterOf(authenticationState.User);
            throw;
        }
        EndedSession = ExplorerRoles.SignedOutWriterOf(authenticationState.User);
        return false;
    }
}
