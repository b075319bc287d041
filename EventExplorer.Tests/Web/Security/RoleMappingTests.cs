using System.Security.Claims;
using EventExplorer.Data.Model;
using EventExplorer.Web.Security;

namespace EventExplorer.Tests.Web.Security;

public sealed class RoleMappingTests
{
    private static readonly SignInOptions Keycloak = new()
    {
        Authority = "https://id.example.com/realms/support",
        ClientId = "eventexplorer",
        RoleClaim = "groups",
        ViewerGroups = ["/support"],
        AuthorGroups = ["/support/event-authors"],
    };

    private static ClaimsPrincipal FromProvider(params (string Type, string Value)[] claims) =>
        new(new ClaimsIdentity(claims.Select(c => new Claim(c.Type, c.Value, ClaimValueTypes.String, "https://id.example.com")), "oidc"));

    [Fact]
    public void AMemberOfTheViewerGroup_IsAViewerOnly()
    {
        var user = new RoleMapping(Keycloak).Map(FromProvider(("sub", "u-1"), ("name", "Vera"), ("groups", "/staff"), ("groups", "/support")), "Cookies");

        Assert.Equal(WriterRole.Viewer, ExplorerRoles.RoleOf(user));
        Assert.Equal(new WriterIdentity { Subject = "u-1", Name = "Vera", Role = WriterRole.Viewer }, ExplorerRoles.WriterOf(user));
    }

    [Fact]
    public void AMemberOfTheAuthorGroup_IsAnAuthor_AndSoAlsoAViewer()
    {
        var user = new RoleMapping(Keycloak).Map(FromProvider(("sub", "u-2"), ("name", "Ada"), ("groups", "/support/event-authors")), "Cookies");

        Assert.Equal(WriterRole.Author, ExplorerRoles.RoleOf(user));
        Assert.True(user.IsInRole(ExplorerRoles.Viewer));
        Assert.True(user.IsInRole(ExplorerRoles.Author));
    }

    [Fact]
    public void AUserInNeitherGroup_HasNoRole_ButIsSignedIn()
    {
        var user = new RoleMapping(Keycloak).Map(FromProvider(("sub", "u-3"), ("groups", "/staff")), "Cookies");

        Assert.True(user.Identity!.IsAuthenticated);
        Assert.Equal(WriterRole.None, ExplorerRoles.RoleOf(user));
        Assert.Equal("u-3", user.Identity.Name);
    }

    [Fact]
    public void GroupsSentAsOneJsonArrayClaim_AreRead()
    {
        var mapping = new RoleMapping(Keycloak);

        Assert.Equal([ExplorerRoles.Viewer, ExplorerRoles.Author], mapping.RolesFor([new Claim("groups", """["/staff","/support/event-authors"]""")]));
    }

    [Fact]
    public void GroupIdsCompareWithoutCase_AsEntraIdsAreWrittenEitherWay()
    {
        var entra = new SignInOptions { RoleClaim = "groups", AuthorGroups = ["0B6C2E59-1F7A-4C52-9B0A-6B1D3F2E8A11"] };

        Assert.Contains(ExplorerRoles.Author, new RoleMapping(entra).RolesFor([new Claim("groups", "0b6c2e59-1f7a-4c52-9b0a-6b1d3f2e8a11")]));
    }

    [Fact]
    public void TheProviderCannotGrantARoleDirectly_OnlyThroughTheConfiguredGroups()
    {
        var user = new RoleMapping(Keycloak).Map(FromProvider(("sub", "u-4"), (ExplorerRoles.RoleClaimType, ExplorerRoles.Author), ("roles", "Author")), "Cookies");

        Assert.Equal(WriterRole.None, ExplorerRoles.RoleOf(user));
    }

    [Fact]
    public void TheSessionKeepsOnlyWhatItNeeds_NotEveryGroup()
    {
        var groups = Enumerable.Range(0, 200).Select(i => ("groups", $"/group-{i}")).Append(("groups", "/support")).Append(("sub", "u-5")).Append(("name", "Many Groups"));

        var user = new RoleMapping(Keycloak).Map(FromProvider(groups.ToArray()), "Cookies");

        Assert.Equal(["sub", "name", ExplorerRoles.RoleClaimType], user.Claims.Select(c => c.Type));
    }

    [Fact]
    public void TheConfiguredNameClaimIsTheName_WithFallbacks()
    {
        var byEmail = new RoleMapping(new SignInOptions { NameClaim = "email", ViewerGroups = ["v"] });

        Assert.Equal("ada@example.com", byEmail.Map(FromProvider(("sub", "u"), ("name", "Ada"), ("email", "ada@example.com")), "c").Identity!.Name);
        Assert.Equal("ada", byEmail.Map(FromProvider(("sub", "u"), ("preferred_username", "ada")), "c").Identity!.Name);
    }

    [Fact]
    public void Settings_SayWhatIsMissing()
    {
        Assert.Empty(new SignInOptions().Problems());
        Assert.Empty(Keycloak.Problems());
        var problems = new SignInOptions { Authority = "http://id.example.com", RoleClaim = "" }.Problems();
        Assert.Contains(problems, p => p.Contains("must use https"));
        Assert.Contains(problems, p => p.Contains("ClientId is required"));
        Assert.Contains(problems, p => p.Contains("RoleClaim is required"));
        Assert.Contains(problems, p => p.Contains("nobody could use the app"));
        Assert.Empty(new SignInOptions { Authority = "http://127.0.0.1:5001", ClientId = "c", ViewerGroups = ["v"] }.Problems());
        Assert.True(new SignInOptions { Authority = "http://127.0.0.1:5001" }.AuthorityIsLoopback);
        Assert.False(Keycloak.AuthorityIsLoopback);
    }

    [Fact]
    public void Scopes_AlwaysIncludeOpenId()
    {
        Assert.Equal(["openid", "profile"], new SignInOptions().EffectiveScopes);
        Assert.Equal(["openid", "email", "groups"], new SignInOptions { Scopes = ["email", "groups", "openid"] }.EffectiveScopes);
    }
}
