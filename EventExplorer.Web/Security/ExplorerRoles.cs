using EventExplorer.Data.Json;
using System.Security.Claims;
using System.Text.Json;
using EventExplorer.Data.Model;

namespace EventExplorer.Web.Security;

/// <summary>The two roles, the policies that require them, and the claims the app puts in a session.</summary>
public static class ExplorerRoles
{
    public const string Viewer = "Viewer";
    public const string Author = "Author";

    /// <summary>Policy: a signed-in Viewer or Author (every page, the circuit). Author implies Viewer.</summary>
    public const string ViewerPolicy = "EventExplorer.Viewer";

    /// <summary>Policy: an Author (the audit page).</summary>
    public const string AuthorPolicy = "EventExplorer.Author";

    /// <summary>Policy: signed in, whatever the role (sign-out, the no-access page).</summary>
    public const string SignedInPolicy = "EventExplorer.SignedIn";

    /// <summary>
    /// Our own claim types. The provider's claims never carry them: they are removed before the
    /// configured groups are mapped, so no provider claim can grant a role directly.
    /// </summary>
    public const string RoleClaimType = "eventexplorer:role";
    public const string SubjectClaimType = "sub";
    public const string NameClaimType = "name";

    /// <summary>Set when sign-in is off: "loopback" (this machine only) or "anyone" (AllowAnonymous).</summary>
    public const string SignInOffClaimType = "eventexplorer:sign-in-off";

    public static WriterRole RoleOf(ClaimsPrincipal? user) =>
        user?.Identity?.IsAuthenticated != true ? WriterRole.None
        : user.IsInRole(Author) ? WriterRole.Author
        : user.IsInRole(Viewer) ? WriterRole.Viewer
        : WriterRole.None;

    public static bool IsAuthor(ClaimsPrincipal? user) => RoleOf(user) == WriterRole.Author;

    /// <summary>The user as the data service's writer and the audit see them.</summary>
    public static WriterIdentity WriterOf(ClaimsPrincipal? user)
    {
        if (user?.Identity?.IsAuthenticated != true) return WriterIdentity.Unknown;
        var subject = user.FindFirst(SubjectClaimType)?.Value ?? "";
        return new WriterIdentity
        {
            Subject = subject,
            Name = user.Identity.Name is { Length: > 0 } name ? name : subject,
            Role = RoleOf(user),
        };
    }

    /// <summary>
    /// The user of a session that has ended (signed out, expired): who they were, with no role, so that
    /// a write they still try is refused and audited under their subject, not as an unidentified user.
    /// </summary>
    public static WriterIdentity SignedOutWriterOf(ClaimsPrincipal? user) =>
        WriterOf(user) is { Subject.Length: > 0 } known ? known with { Name = $"{known.Name} (signed out)", Role = WriterRole.None } : WriterIdentity.Unknown;

    /// <summary>"loopback" or "anyone" when sign-in is off; null with sign-in.</summary>
    public static string? SignInOff(ClaimsPrincipal? user) => user?.FindFirst(SignInOffClaimType)?.Value;
}

/// <summary>
/// Turns what the provider says about a user into the session's identity: subject, a display name,
/// and Viewer/Author from the configured group or role values. Everything else the provider sent
/// is left out, which keeps the session small (a user in 200 groups).
/// </summary>
public sealed class RoleMapping(SignInOptions options)
{
    private readonly HashSet<string> _viewers = new(options.ViewerGroups.Where(g => g.Length > 0), StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _authors = new(options.AuthorGroups.Where(g => g.Length > 0), StringComparer.OrdinalIgnoreCase);

    /// <summary>Viewer and/or Author for these provider claims; Author implies Viewer.</summary>
    public IReadOnlyList<string> RolesFor(IEnumerable<Claim> providerClaims)
    {
        var values = GroupValues(providerClaims).ToList();
        if (values.Any(_authors.Contains)) return [ExplorerRoles.Viewer, ExplorerRoles.Author];
        if (values.Any(_viewers.Contains)) return [ExplorerRoles.Viewer];
        return [];
    }

    /// <summary>The session's principal for a user the provider signed in.</summary>
    public ClaimsPrincipal Map(ClaimsPrincipal fromProvider, string authenticationType)
    {
        var claims = fromProvider.Claims.ToList();
        var subject = First(claims, "sub", ClaimTypes.NameIdentifier) ?? "";
        var name = First(claims, options.NameClaim, "name", "preferred_username", "email", ClaimTypes.Name) ?? subject;
        var issuer = claims.FirstOrDefault(c => c.Type == "sub")?.Issuer ?? ClaimsIdentity.DefaultIssuer;

        var identity = new ClaimsIdentity(authenticationType, ExplorerRoles.NameClaimType, ExplorerRoles.RoleClaimType);
        identity.AddClaim(new Claim(ExplorerRoles.SubjectClaimType, subject, ClaimValueTypes.String, issuer));
        identity.AddClaim(new Claim(ExplorerRoles.NameClaimType, name, ClaimValueTypes.String, issuer));
        foreach (var role in RolesFor(claims)) identity.AddClaim(new Claim(ExplorerRoles.RoleClaimType, role, ClaimValueTypes.String, issuer));
        return new ClaimsPrincipal(identity);
    }

    /// <summary>
    /// The values of the configured claim. Providers send a list as one claim per value, or (some
    /// userinfo answers, some handlers) as one claim holding a JSON array.
    /// </summary>
    private IEnumerable<string> GroupValues(IEnumerable<Claim> claims)
    {
        foreach (var claim in claims)
        {
            if (!string.Equals(claim.Type, options.RoleClaim, StringComparison.Ordinal)) continue;
            var value = claim.Value.Trim();
            if (value.StartsWith('[') && TryParseArray(value) is { } items)
            {
                foreach (var item in items) yield return item;
            }
            else
            {
                yield return value;
            }
        }
    }

    private static List<string>? TryParseArray(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Array
                ? document.RootElement.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(StoredJson.GetString).ToList()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? First(List<Claim> claims, params string[] types)
    {
        foreach (var type in types)
        {
            if (claims.FirstOrDefault(c => c.Type == type && !string.IsNullOrWhiteSpace(c.Value)) is { } found) return found.Value;
        }
        return null;
    }
}
