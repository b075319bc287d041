using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace EventExplorer.Web.Security;

/// <summary>
/// The "authentication" when sign-in is not configured: every request is the local user (or, with
/// AllowAnonymous, an anonymous user named by their address), with both roles. One scheme for both
/// modes keeps the rest of the app (policies, header, writer check, audit) the same.
/// </summary>
internal sealed class LocalAccessHandler(IOptionsMonitor<LocalAccessOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<LocalAccessOptions>(options, logger, encoder)
{
    public const string SchemeName = "EventExplorer.SignInOff";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var anyone = Options.AllowAnonymous;
        var address = Context.Connection.RemoteIpAddress;
        var name = anyone
            ? $"anonymous at {(address is null ? "an unknown address" : LoopbackGuard.IsLoopback(address) ? "this machine" : address.ToString())}"
            : "local user (sign-in off)";
        var identity = new ClaimsIdentity(SchemeName, ExplorerRoles.NameClaimType, ExplorerRoles.RoleClaimType);
        identity.AddClaim(new Claim(ExplorerRoles.SubjectClaimType, anyone ? "anonymous" : "local"));
        identity.AddClaim(new Claim(ExplorerRoles.NameClaimType, name));
        identity.AddClaim(new Claim(ExplorerRoles.RoleClaimType, ExplorerRoles.Viewer));
        identity.AddClaim(new Claim(ExplorerRoles.RoleClaimType, ExplorerRoles.Author));
        identity.AddClaim(new Claim(ExplorerRoles.SignInOffClaimType, anyone ? "anyone" : "loopback"));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }
}

internal sealed class LocalAccessOptions : AuthenticationSchemeOptions
{
    public bool AllowAnonymous { get; set; }
}
