using Microsoft.Extensions.Options;

namespace EventExplorer.Web.Security;

/// <summary>
/// The <c>EventExplorer:SignIn</c> settings: any standard OpenID Connect provider (Entra ID, Okta,
/// Cognito, Keycloak, Google) with the authorization code flow, and which group or role values of
/// the user's claims make a Viewer or an Author.
/// </summary>
public sealed class SignInOptions
{
    public const string SectionName = "EventExplorer:SignIn";

    /// <summary>The provider's issuer URL (its /.well-known/openid-configuration lives below it). Sign-in is on when it is set.</summary>
    public string? Authority { get; set; }

    public string? ClientId { get; set; }

    /// <summary>Kept out of appsettings.json: an environment variable or a secret store.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>Scopes asked for; "openid" is always asked. Default: openid, profile.</summary>
    public string[] Scopes { get; set; } = [];

    /// <summary>The claim that carries the user's groups or roles: <c>groups</c>, <c>roles</c>, <c>cognito:groups</c>, or <c>email</c> for a provider without groups.</summary>
    public string RoleClaim { get; set; } = "groups";

    /// <summary>The claim shown as the user's name (and written to the audit). Falls back to preferred_username, email, sub.</summary>
    public string NameClaim { get; set; } = "name";

    /// <summary>Values of <see cref="RoleClaim"/> that make a Viewer (reads everything).</summary>
    public string[] ViewerGroups { get; set; } = [];

    /// <summary>Values of <see cref="RoleClaim"/> that make an Author (may also append and store snapshots where writes are enabled).</summary>
    public string[] AuthorGroups { get; set; } = [];

    /// <summary>Also read the userinfo endpoint (many providers put groups and names only there).</summary>
    public bool GetClaimsFromUserInfoEndpoint { get; set; } = true;

    /// <summary>How long a session lasts without use (sliding).</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>
    /// How often an open tab checks that its session still exists (not signed out elsewhere, not
    /// expired); it loses its user, and its writer, within this time. A write checks at once.
    /// </summary>
    public TimeSpan SessionCheckInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Without sign-in the app serves only loopback; this lets it serve any address without sign-in
    /// (everyone who can reach it is an Author). It is warned about at startup and in the header.
    /// </summary>
    public bool AllowAnonymous { get; set; }

    public bool Enabled => !string.IsNullOrWhiteSpace(Authority);

    /// <summary>True when the provider is on this machine (tests): its metadata may then come over plain http.</summary>
    public bool AuthorityIsLoopback => Uri.TryCreate(Authority, UriKind.Absolute, out var uri) && uri.IsLoopback;

    public IReadOnlyList<string> EffectiveScopes =>
        (Scopes.Length == 0 ? ["openid", "profile"] : Scopes.Prepend("openid")).Where(s => !string.IsNullOrWhiteSpace(s)).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>What is wrong with the settings, in words; empty when they can be used.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (!Enabled)
        {
            if (!string.IsNullOrWhiteSpace(ClientId)) problems.Add("EventExplorer:SignIn:ClientId is set but Authority is not.");
            return problems;
        }
        if (!Uri.TryCreate(Authority, UriKind.Absolute, out var authority) || authority.Scheme is not ("https" or "http"))
        {
            problems.Add($"EventExplorer:SignIn:Authority '{Authority}' is not an absolute http(s) URL.");
        }
        else if (authority.Scheme == "http" && !authority.IsLoopback)
        {
            problems.Add($"EventExplorer:SignIn:Authority '{Authority}' must use https (plain http is only accepted for a provider on this machine).");
        }
        if (string.IsNullOrWhiteSpace(ClientId)) problems.Add("EventExplorer:SignIn:ClientId is required.");
        if (SessionLifetime <= TimeSpan.Zero) problems.Add($"EventExplorer:SignIn:SessionLifetime must be positive (it is {SessionLifetime}).");
        if (SessionCheckInterval <= TimeSpan.Zero) problems.Add($"EventExplorer:SignIn:SessionCheckInterval must be positive (it is {SessionCheckInterval}).");
        if (string.IsNullOrWhiteSpace(RoleClaim)) problems.Add("EventExplorer:SignIn:RoleClaim is required (e.g. groups or roles).");
        if (ViewerGroups.Length == 0 && AuthorGroups.Length == 0)
        {
            problems.Add("Neither EventExplorer:SignIn:ViewerGroups nor AuthorGroups is set, so nobody could use the app.");
        }
        return problems;
    }
}

/// <summary>Stops the app at start when the sign-in settings cannot be used (<see cref="SignInOptions.Problems"/>).</summary>
public sealed class SignInOptionsValidator : IValidateOptions<SignInOptions>
{
    public ValidateOptionsResult Validate(string? name, SignInOptions options) =>
        options.Problems() is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
}
