using System.Net;
using System.Security.Claims;

namespace EventExplorer.Web.Hosting;

/// <summary>Who a limit counts against: the signed-in user's name, else the remote address.</summary>
public static class UserKeys
{
    public static string Of(ClaimsPrincipal? user, IPAddress? remoteAddress)
    {
        if (user?.Identity?.IsAuthenticated == true)
        {
            var name = user.Identity.Name ?? user.FindFirst(ClaimTypes.NameIdentifier)?.Value ?? user.FindFirst("sub")?.Value;
            if (!string.IsNullOrEmpty(name)) return "user:" + name;
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
