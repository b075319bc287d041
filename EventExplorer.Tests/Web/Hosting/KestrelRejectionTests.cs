using System.Net.Sockets;
using System.Text;
using EventExplorer.Data.Configuration;
using EventExplorer.Web.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EventExplorer.Tests.Web.Hosting;

/// <summary>
/// Requests Kestrel refuses before any middleware runs (a request line or headers too large, a
/// malformed request) are answered by Kestrel itself: those answers carry the security headers too.
/// Sent over a raw socket, as a scanner would, against the app's hosting on a real Kestrel.
/// </summary>
public sealed class KestrelRejectionTests : IAsyncLifetime
{
    private WebApplication _app = null!;
    private int _port;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["EventExplorer:ServiceUrl"] = "http://127.0.0.1:9" });
        builder.Services.AddEventExplorerData(builder.Configuration, isDevelopment: false);
        builder.AddEventExplorerHosting();
        _app = builder.Build();
        _app.UseEventExplorerHosting();
        _app.MapGet("/echo", () => "hello");
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        _port = new Uri(address).Port;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    /// <summary>Sends <paramref name="request"/> as bytes and reads until the server closes the connection.</summary>
    private async Task<string> SendRawAsync(string request)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", _port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        using var reader = new StreamReader(stream, Encoding.ASCII);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        return await reader.ReadToEndAsync(deadline.Token);
    }

    private static void AssertSecurityHeaders(string head, string what)
    {
        Assert.True(head.Contains("\r\nContent-Security-Policy: ", StringComparison.OrdinalIgnoreCase), $"{what} has no Content-Security-Policy:\n{head}");
        Assert.Contains("frame-ancestors 'none'", head);
        Assert.Contains("\r\nX-Content-Type-Options: nosniff\r\n", head, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("\r\nReferrer-Policy: no-referrer\r\n", head, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("\r\nX-Frame-Options: DENY\r\n", head, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("\r\nServer:", head, StringComparison.OrdinalIgnoreCase);
    }

    private static List<string> Heads(string responses) =>
        responses.Split("HTTP/1.1 ").Where(part => part.Length > 0).Select(part => "HTTP/1.1 " + part[..part.IndexOf("\r\n\r\n", StringComparison.Ordinal)] + "\r\n").ToList();

    [Theory]
    [InlineData("a request line too long", 414)]
    [InlineData("headers too large", 431)]
    [InlineData("a malformed header", 400)]
    [InlineData("a malformed request line", 400)]
    [InlineData("an unknown protocol", 505)]
    public async Task KestrelsOwnRefusal_CarriesTheSecurityHeaders(string what, int status)
    {
        var request = what switch
        {
            "a request line too long" => $"GET /echo?q={new string('a', 10 * 1024)} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
            "headers too large" => $"GET /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: {new string('b', 40 * 1024)}\r\n\r\n",
            "a malformed header" => "GET /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nno colon here\r\n\r\n",
            "a malformed request line" => "GET /echo HTTP/1.1 and more\r\nHost: 127.0.0.1\r\n\r\n",
            _ => "NOT A REQUEST\r\n\r\n",
        };

        var response = await SendRawAsync(request);

        Assert.StartsWith($"HTTP/1.1 {status} ", response);
        AssertSecurityHeaders(Heads(response).Single(), what);
    }

    [Fact]
    public async Task ARefusalAfterAnAnsweredRequestOnTheSameConnection_CarriesThemOnce()
    {
        // Kept alive: the app answers the first request; Kestrel refuses the second.
        var response = await SendRawAsync(
            "GET /echo HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n" +
            $"GET /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: {new string('b', 40 * 1024)}\r\n\r\n");

        var heads = Heads(response);
        Assert.Equal(2, heads.Count);
        Assert.StartsWith("HTTP/1.1 200 ", heads[0]);
        Assert.Contains("hello", response);
        Assert.StartsWith("HTTP/1.1 431 ", heads[1]);
        foreach (var head in heads)
        {
            AssertSecurityHeaders(head, head[..12]);
            Assert.Single(head.Split("\r\n"), line => line.StartsWith("Content-Security-Policy:", StringComparison.OrdinalIgnoreCase));
        }
    }

    [Fact]
    public async Task AnAnsweredRequest_IsUnchangedByTheRefusalHandling()
    {
        var response = await SendRawAsync("GET /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");

        Assert.StartsWith("HTTP/1.1 200 ", response);
        Assert.Contains("hello", response[response.IndexOf("\r\n\r\n", StringComparison.Ordinal)..]);
        AssertSecurityHeaders(Heads(response).Single(), "the answer");
        // The app's own policy, with the page's nonce, not the one for Kestrel's refusals.
        Assert.Matches(@"script-src 'self' 'nonce-[A-Za-z0-9+/=]+';", response);
    }
}

/// <summary>
/// Kestrel terminating TLS itself: its TLS layer runs inside the connection middleware that adds the
/// headers to Kestrel's refusals, which then sees only encrypted bytes. It must pass them untouched,
/// over HTTP/1.1 and HTTP/2 alike (the app's own headers are still on every answer).
/// </summary>
public sealed class KestrelTlsTests : IAsyncLifetime
{
    private WebApplication _app = null!;
    private string _baseUrl = "";

    public async Task InitializeAsync()
    {
        using var key = System.Security.Cryptography.RSA.Create(2048);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=127.0.0.1", key,
            System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var certificate = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadPkcs12(created.Export(System.Security.Cryptography.X509Certificates.X509ContentType.Pfx), null);

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(System.Net.IPAddress.Loopback, 0, listen => listen.UseHttps(certificate)));
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["EventExplorer:ServiceUrl"] = "http://127.0.0.1:9", ["AllowedHosts"] = "127.0.0.1" });
        builder.Services.AddEventExplorerData(builder.Configuration, isDevelopment: false);
        builder.AddEventExplorerHosting();
        _app = builder.Build();
        _app.UseEventExplorerHosting();
        _app.MapGet("/echo", (Microsoft.AspNetCore.Http.HttpContext context) => context.Request.Protocol);
        await _app.StartAsync();
        _baseUrl = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Theory]
    [InlineData("1.1")]
    [InlineData("2.0")]
    public async Task AnswersOverTls_PassUntouched(string version)
    {
        using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator };
        using var http = new HttpClient(handler);

        // Several in a row: the connection is kept and reused.
        for (var i = 0; i < 3; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, _baseUrl + "/echo") { Version = Version.Parse(version), VersionPolicy = HttpVersionPolicy.RequestVersionExact };
            using var response = await http.SendAsync(request);

            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("HTTP/" + (version == "2.0" ? "2" : version), await response.Content.ReadAsStringAsync());
            Assert.Contains("frame-ancestors 'none'", string.Join(",", response.Headers.GetValues("Content-Security-Policy")));
        }
    }
}
