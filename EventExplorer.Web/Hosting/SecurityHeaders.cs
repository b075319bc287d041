using System.Security.Cryptography;

namespace EventExplorer.Web.Hosting;

/// <summary>
/// Security headers on every response, static files, error pages and the host filter's refusal
/// included (set as the response starts, after anything that clears headers; Kestrel's own refusals
/// get theirs from <see cref="KestrelRefusals"/>). The Content-Security-Policy allows no inline script:
/// the one inline script the page has, Blazor's import map, carries the request's nonce. Inline
/// styles are allowed because MudBlazor sets style attributes and writes its theme as a style element.
/// </summary>
public sealed class SecurityHeaders(RequestDelegate next)
{
    private const string NonceKey = "EventExplorer.CspNonce";

    /// <summary>The nonce of this request's Content-Security-Policy, for the page's one inline script.</summary>
    public static string Nonce(HttpContext context)
    {
        if (context.Items[NonceKey] is string nonce) return nonce;
        nonce = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        context.Items[NonceKey] = nonce;
        return nonce;
    }

    /// <summary>The policy for a page whose inline scripts carry <paramref name="nonce"/>.</summary>
    public static string ContentSecurityPolicy(string nonce) =>
        "default-src 'self'; " +
        $"script-src 'self' 'nonce-{nonce}'; " +
        "style-src 'self' 'unsafe-inline'; " +
        "img-src 'self' data:; " +
        "font-src 'self' data:; " +
        // The circuit's WebSocket is same-origin ('self' covers ws:/wss: to this host).
        "connect-src 'self'; " +
        "object-src 'none'; " +
        "base-uri 'self'; " +
        "frame-ancestors 'none'";

    public Task InvokeAsync(HttpContext context)
    {
        // From here until it completes, what goes out on this connection is the app's (see KestrelRefusals).
        context.Features.Get<AppResponses>()?.Track(context);
        context.Response.OnStarting(static state =>
        {
            var http = (HttpContext)state;
            var headers = http.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy(Nonce(http));
            headers.XContentTypeOptions = "nosniff";
            // URLs carry aggregate and snapshot ids: they must not travel to other sites.
            headers["Referrer-Policy"] = "no-referrer";
            // For browsers that predate frame-ancestors.
            headers.XFrameOptions = "DENY";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            return Task.CompletedTask;
        }, context);
        return next(context);
    }
}
