using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;

namespace EventExplorer.Web.Security;

/// <summary>
/// Sessions that were signed out. A session cookie is self-contained: without this, a copy of it
/// taken before sign-out would still sign its holder in until it expires. Each session carries an
/// id; signing out revokes that id here (in this instance's memory, for as long as a session can
/// live), and a cookie or circuit with a revoked id is no longer signed in.
/// </summary>
public sealed class SessionRevocations(TimeProvider time)
{
    public const string SessionClaimType = "eventexplorer:session";

    private readonly ConcurrentDictionary<string, DateTimeOffset> _revoked = new(StringComparer.Ordinal);

    public static string? SessionOf(ClaimsPrincipal? user) => user?.FindFirst(SessionClaimType)?.Value;

    public void Revoke(string session, TimeSpan lifetime)
    {
        var now = time.GetUtcNow();
        foreach (var (id, until) in _revoked)
        {
            if (until < now) _revoked.TryRemove(id, out _);
        }
        _revoked[session] = now + lifetime;
    }

    public bool IsRevoked(ClaimsPrincipal? user) => SessionOf(user) is { } session && _revoked.ContainsKey(session);
}

/// <summary>
/// A circuit outlives the request that opened it: every half minute it checks that its session was
/// not signed out meanwhile (in another tab). When it was, the circuit's user becomes nobody, so the
/// data service's writer refuses their writes.
/// </summary>
internal sealed class RevalidatingSessionStateProvider(ILoggerFactory loggerFactory, SessionRevocations revocations)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromSeconds(30);

    protected override Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken) =>
        Task.FromResult(!revocations.IsRevoked(authenticationState.User));
}
