using System.Security.Claims;
using EventExplorer.Data;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace EventExplorer.Web.Security;

/// <summary>How the app decides who someone is, as configured.</summary>
public enum AccessMode
{
    /// <summary>OpenID Connect sign-in; Viewer and Author from the configured groups.</summary>
    SignIn,

    /// <summary>No sign-in; only this machine (loopback) is served, and its user has both roles.</summary>
    LoopbackOnly,

    /// <summary>No sign-in and AllowAnonymous: anyone who can reach the app has both roles.</summary>
    Anonymous,
}

/// <summary>
/// Sign-in, roles and who writes. Every page, endpoint and the Blazor circuit require a signed-in
/// Viewer (the fallback policy); static web assets, /healthz and the pages about signing in do not.
/// </summary>
public static class SecurityExtensions
{
    public const string SignOutPath = "/signout";
    public const string NoAccessPath = "/no-access";
    public const string SignedOutPath = "/signed-out";
    public const string SignInFailedPath = "/signin-failed";
    public const string SessionCookieName = "EventExplorer.Session";

    /// <summary>
    /// Registers authentication (OpenID Connect with a cookie session, or the loopback-only local
    /// user), the role policies, and the data service's writer context. Throws, saying why, when sign-in
    /// is off and the app is asked to listen beyond loopback; settings that cannot be used stop it at start
    /// (<see cref="SignInOptionsValidator"/>).
    /// </summary>
    public static WebApplicationBuilder AddEventExplorerSecurity(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<SignInOptions>().BindConfiguration(SignInOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SignInOptions>, SignInOptionsValidator>());
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<SignInOptions>>().Value);
        // Whether sign-in is on decides which services exist and which addresses may be served, so it is read
        // before the app is built; the options above check every setting at start.
        var signIn = BindSignIn(builder.Configuration);
        if (LoopbackGuard.Refusal(LoopbackGuard.ConfiguredAddresses(builder.Configuration), signIn) is { } refusal)
        {
            throw new InvalidOperationException(refusal);
        }
        var mode = signIn.Enabled ? AccessMode.SignIn : signIn.AllowAnonymous ? AccessMode.Anonymous : AccessMode.LoopbackOnly;
        services.AddSingleton(new SecurityMode(mode));
        services.AddHttpContextAccessor();
        services.AddCascadingAuthenticationState();
        services.AddSingleton<CircuitServicesAccessor>();
        services.AddScoped<CircuitHandler, CircuitServicesHandler>();
        services.Replace(ServiceDescriptor.Singleton<IWriterContext, CircuitWriterContext>());

        if (mode == AccessMode.SignIn)
        {
            // Over the distributed cache AddEventExplorerHosting registers: memory, or Redis when configured.
            services.AddSingleton<SessionTicketStore>();
            services.AddScoped<AuthenticationStateProvider, SessionStateProvider>();
            AddOpenIdConnect(services);
        }
        else
        {
            services.AddAuthentication(LocalAccessHandler.SchemeName)
                .AddScheme<LocalAccessOptions, LocalAccessHandler>(LocalAccessHandler.SchemeName, o => o.AllowAnonymous = mode == AccessMode.Anonymous);
        }

        services.AddAuthorizationBuilder()
            .AddPolicy(ExplorerRoles.ViewerPolicy, p => p.RequireAuthenticatedUser().RequireRole(ExplorerRoles.Viewer, ExplorerRoles.Author))
            .AddPolicy(ExplorerRoles.AuthorPolicy, p => p.RequireAuthenticatedUser().RequireRole(ExplorerRoles.Author))
            .AddPolicy(ExplorerRoles.SignedInPolicy, p => p.RequireAuthenticatedUser())
            // Whatever is not marked otherwise needs a Viewer: pages, the Blazor hub, endpoints added later.
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().RequireRole(ExplorerRoles.Viewer, ExplorerRoles.Author).Build());
        return builder;
    }

    /// <summary>The sign-in settings as configured, before the app is built: for what decides which services exist.</summary>
    public static SignInOptions BindSignIn(IConfiguration configuration) =>
        configuration.GetSection(SignInOptions.SectionName).Get<SignInOptions>() ?? new SignInOptions();

    /// <summary>
    /// Authentication and authorization in the pipeline (before antiforgery), the loopback check of
    /// each request when sign-in is off, and the startup warnings.
    /// </summary>
    public static WebApplication UseEventExplorerSecurity(this WebApplication app)
    {
        var mode = app.Services.GetRequiredService<SecurityMode>().Mode;
        var signIn = app.Services.GetRequiredService<SignInOptions>();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("EventExplorer.Security");
        switch (mode)
        {
            case AccessMode.Anonymous:
                logger.LogWarning("Sign-in is off and EventExplorer:SignIn:AllowAnonymous is set: anyone who can reach this app may read everything{Writes} without signing in.",
                    app.Services.GetRequiredService<IEventStoreWriter>().CanWrite ? " and write" : "");
                break;
            case AccessMode.LoopbackOnly:
                logger.LogInformation("Sign-in is off: only this machine (loopback) is served.");
                app.Lifetime.ApplicationStarted.Register(() => RefuseIfListeningBeyondLoopback(app, signIn, logger));
                app.Use(async (context, next) =>
                {
                    // What the startup check cannot see: a socket handed over by a host, or a proxy on this machine passing requests on.
                    if (!LoopbackGuard.IsLoopback(context.Connection.LocalIpAddress) || !LoopbackGuard.IsLoopback(context.Connection.RemoteIpAddress))
                    {
                        context.Response.StatusCode = StatusCodes.Status403Forbidden;
                        await context.Response.WriteAsync("EventExplorer without sign-in serves only this machine (loopback).", context.RequestAborted);
                        return;
                    }
                    await next(context);
                });
                break;
            case AccessMode.SignIn:
                logger.LogInformation("Sign-in through {Authority} (client {ClientId}); Viewer groups {Viewers}, Author groups {Authors} in claim {Claim}.",
                    signIn.Authority, signIn.ClientId, signIn.ViewerGroups, signIn.AuthorGroups, signIn.RoleClaim);
                break;
        }
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }

    /// <summary>Sign-out (POST, with the antiforgery token).</summary>
    public static IEndpointRouteBuilder MapEventExplorerSecurity(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(SignOutPath, SignOutAsync).RequireAuthorization(ExplorerRoles.SignedInPolicy);
        return endpoints;
    }

    private static async Task<IResult> SignOutAsync(HttpContext context, IAntiforgery antiforgery, SecurityMode mode, CancellationToken cancellationToken)
    {
        if (!await antiforgery.IsRequestValidAsync(context)) return Results.BadRequest("The sign-out form has expired; reload the page and sign out again.");
        if (mode.Mode != AccessMode.SignIn) return Results.Redirect("/");

        var properties = new AuthenticationProperties { RedirectUri = SignedOutPath };
        var oidc = context.RequestServices.GetRequiredService<IOptionsMonitor<OpenIdConnectOptions>>().Get(OpenIdConnectDefaults.AuthenticationScheme);
        OpenIdConnectConfiguration? configuration = null;
        try
        {
            configuration = await oidc.ConfigurationManager!.GetConfigurationAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException or HttpRequestException)
        {
            context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("EventExplorer.Security")
                .LogWarning(ex, "The provider's metadata could not be read at sign-out; the session here ends, the provider's may not.");
        }
        // Ends the provider's session too where it can (not every provider has an end-session endpoint, Google has none).
        return string.IsNullOrEmpty(configuration?.EndSessionEndpoint)
            ? Results.SignOut(properties, [CookieAuthenticationDefaults.AuthenticationScheme])
            : Results.SignOut(properties, [CookieAuthenticationDefaults.AuthenticationScheme, OpenIdConnectDefaults.AuthenticationScheme]);
    }

    private static void AddOpenIdConnect(IServiceCollection services)
    {
        services.AddSingleton<RoleMapping>();
        services.AddAuthentication(options =>
            {
                options.DefaultScheme = CookieAuthenticationDefaults.AuthenticationScheme;
                options.DefaultChallengeScheme = OpenIdConnectDefaults.AuthenticationScheme;
                options.DefaultForbidScheme = CookieAuthenticationDefaults.AuthenticationScheme;
            })
            .AddCookie()
            .AddOpenIdConnect();
        services.AddOptions<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme)
            .Configure<SessionTicketStore, SignInOptions>((options, sessions, signIn) =>
            {
                // The cookie holds only the key of a session kept on the server (see SessionTicketStore):
                // signing out removes the session, and with it every copy of the cookie.
                options.SessionStore = sessions;
                options.Cookie.Name = SessionCookieName;
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Lax;
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.ExpireTimeSpan = signIn.SessionLifetime;
                options.SlidingExpiration = true;
                // A signed-in user without a role gets a page that says so, not another sign-in (a loop).
                options.AccessDeniedPath = NoAccessPath;
                options.ReturnUrlParameter = "returnUrl";
            });
        services.AddOptions<OpenIdConnectOptions>(OpenIdConnectDefaults.AuthenticationScheme)
            .Configure<SignInOptions, RoleMapping>((options, signIn, mapping) =>
            {
                options.Authority = signIn.Authority;
                options.ClientId = signIn.ClientId;
                options.ClientSecret = string.IsNullOrEmpty(signIn.ClientSecret) ? null : signIn.ClientSecret;
                options.ResponseType = OpenIdConnectResponseType.Code;
                options.UsePkce = true;
                // The provider sends the user back with a plain GET (not a cross-site form POST), so the
                // correlation and nonce cookies can be SameSite=Lax: that also works over plain http on
                // loopback, where browsers drop SameSite=None cookies (they need Secure).
                options.ResponseMode = OpenIdConnectResponseMode.Query;
                options.CorrelationCookie.SameSite = SameSiteMode.Lax;
                options.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.NonceCookie.SameSite = SameSiteMode.Lax;
                options.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.RequireHttpsMetadata = !signIn.AuthorityIsLoopback;
                options.Scope.Clear();
                foreach (var scope in signIn.EffectiveScopes) options.Scope.Add(scope);
                // Claim names as the provider sends them ("groups", "sub"), not renamed to long URIs.
                options.MapInboundClaims = false;
                options.GetClaimsFromUserInfoEndpoint = signIn.GetClaimsFromUserInfoEndpoint;
                options.ClaimActions.MapJsonKey(signIn.RoleClaim, signIn.RoleClaim);
                options.ClaimActions.MapUniqueJsonKey(signIn.NameClaim, signIn.NameClaim);
                options.ClaimActions.MapUniqueJsonKey("preferred_username", "preferred_username");
                options.TokenValidationParameters.NameClaimType = ExplorerRoles.NameClaimType;
                options.TokenValidationParameters.RoleClaimType = ExplorerRoles.RoleClaimType;
                // The id token is kept only as the hint for the provider's sign-out.
                options.SaveTokens = true;
                options.SignedOutRedirectUri = SignedOutPath;
                options.Events.OnRedirectToIdentityProvider = context =>
                {
                    // Only a page the user opens goes to the provider. The circuit's own requests (a
                    // reconnect, the disconnect beacon as a tab closes) get a 401: followed in the
                    // background, a redirect could sign the user silently back in (right after a sign-out).
                    if (!IsPageNavigation(context.Request))
                    {
                        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                        context.HandleResponse();
                    }
                    return Task.CompletedTask;
                };
                options.Events.OnTicketReceived = context =>
                {
                    context.Principal = mapping.Map(context.Principal!, CookieAuthenticationDefaults.AuthenticationScheme);
                    if (context.Properties!.GetTokenValue(OpenIdConnectParameterNames.IdToken) is { } idToken)
                    {
                        context.Properties!.StoreTokens([new AuthenticationToken { Name = OpenIdConnectParameterNames.IdToken, Value = idToken }]);
                    }
                    return Task.CompletedTask;
                };
                options.Events.OnRemoteFailure = context =>
                {
                    context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("EventExplorer.Security")
                        .LogWarning(context.Failure, "Sign-in failed: {Reason}", context.Failure?.Message);
                    context.Response.Redirect($"{SignInFailedPath}?reason={SignInFailure.Classify(context.Failure)}");
                    context.HandleResponse();
                    return Task.CompletedTask;
                };
            });
    }

    /// <summary>A GET of a page by the browser itself (not a script's fetch or a beacon).</summary>
    internal static bool IsPageNavigation(HttpRequest request)
    {
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method)) return false;
        var mode = request.Headers["Sec-Fetch-Mode"].ToString();
        if (mode.Length > 0) return mode == "navigate";
        // Browsers without fetch metadata: what the request accepts says whether it wants a page.
        return request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase);
    }

    private static void RefuseIfListeningBeyondLoopback(WebApplication app, SignInOptions signIn, ILogger logger)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        if (LoopbackGuard.Refusal(addresses, signIn) is not { } refusal) return;
        // Configured in a way the check before starting could not see: stop now; the request check
        // has refused anything that came in meanwhile.
        logger.LogCritical("{Refusal}", refusal);
        Environment.ExitCode = 1;
        app.Lifetime.StopApplication();
    }
}

/// <summary>The access mode the app started in (for the header and the pages about signing in).</summary>
public sealed record SecurityMode(AccessMode Mode);

/// <summary>Why a sign-in failed, as a short code for the failure page (never the provider's own text in a URL).</summary>
public static class SignInFailure
{
    public static string Classify(Exception? failure) => failure?.Message switch
    {
        { } m when m.Contains("Correlation failed", StringComparison.OrdinalIgnoreCase) => "expired",
        { } m when m.Contains("message.State", StringComparison.Ordinal) => "foreign",
        { } m when m.Contains("access_denied", StringComparison.OrdinalIgnoreCase) => "cancelled",
        { } m when m.Contains("Message contains error", StringComparison.OrdinalIgnoreCase) || m.Contains("invalid_grant", StringComparison.OrdinalIgnoreCase) => "refused",
        { } m when m.Contains("IDX", StringComparison.Ordinal) => "token",
        _ => "other",
    };

    public static string Describe(string? reason) => reason switch
    {
        "expired" => "The sign-in took too long, or was finished in another browser or tab.",
        "foreign" => "The answer did not belong to a sign-in that EventExplorer started (it came from another provider, or from a link).",
        "cancelled" => "The sign-in was cancelled at the identity provider.",
        "refused" => "The identity provider did not accept the sign-in (for example: it came from another provider, or was used twice).",
        "token" => "The identity provider's answer could not be validated (wrong issuer, audience, signature or age).",
        _ => "The sign-in could not be completed.",
    };
}
