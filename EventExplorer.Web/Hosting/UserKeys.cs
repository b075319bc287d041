using System.Net;
using System.Security.Claims;
using EventExplorer.Web.Security;

namespace EventExplorer.Web.Hosting;

/// <summary>
/// Who a limit counts against: who someone is, never what they are called (a display name is the
/// provider's free text: a Viewer named like an Author must not use up the Author's places).
/// </summary>
public static class UserKeys
{
    /// <summary>The one user of an app without sign-in that serves only this machine.</summary>
    public const string LocalUser = "local";

    /// <summary>
    /// A signed-in user: the issuer and subject of their sign-in (subjects are unique per issuer only).
    /// Without sign-in on loopback: the local user, however the request reached the app. Open to anyone
    /// (AllowAnonymous) or not signed in: nobody is known, so the address counts as the user.
    /// </summary>
    public static string Of(ClaimsPrincipal? user, IPAddress? remoteAddress)
    {
        if (user?.Identity?.IsAuthenticated == true)
        {
            switch (ExplorerRoles.SignInOff(user))
            {
                case "loopback":
                    return LocalUser;
                case null when user.FindFirst(ExplorerRoles.SubjectClaimType) is { Value.Length: > 0 } subject:
                    // Escaped, so that no issuer and subject can run together into another pair.
                    return $"subject:{Uri.EscapeDataString(subject.Issuer)} {Uri.EscapeDataString(subject.Value)}";
            }
        }
        return "address:" + (remoteAddress?.ToString() ?? "unknown");
    }
}

/// <summary>
/// The key of whoever the current code runs for. In a circuit that is the circuit's user, set around
/// each of its inbound activities (<see cref="CircuitLimitHandler"/>): page view-models live in scopes
/// of their own, so a scoped service could not carry it to them. Outside a circuit (the prerendered
/// request) it is the request's.
/// </summary>
public sealed class CurrentUserKey(IHttpContextAccessor accessor)
{
    private static readonly AsyncLocal<string?> CircuitUser = new();

    public string Value => CircuitUser.Value
        ?? (accessor.HttpContext is { } http ? UserKeys.Of(http.User, http.Connection.RemoteIpAddress) : "unknown");

    /// <summary>Runs <paramref name="activity"/> (and everything it starts) as <paramref name="key"/>.</summary>
    internal static async Task RunAsAsync(string key, Func<Task> activity)
    {
        CircuitUser.Value = key;
        await activity();
    }
}
