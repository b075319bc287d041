using System.Net;
using EventExplorer.Testing;
using EventExplorer.Web.Security;
using Microsoft.Extensions.Configuration;

namespace EventExplorer.Tests.Web.Security;

public sealed class LoopbackGuardTests
{
    private static readonly SignInOptions Off = new();

    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    [Theory]
    [InlineData("http://127.0.0.1:5080", true)]
    [InlineData("http://127.0.0.2:5080", true)]
    [InlineData("http://localhost:5000", true)]
    [InlineData("https://[::1]:5001", true)]
    [InlineData("http://0.0.0.0:5080", false)]
    [InlineData("http://*:8080", false)]
    [InlineData("http://+:80", false)]
    [InlineData("http://[::]:5080", false)]
    [InlineData("http://10.0.0.5:5080", false)]
    [InlineData("http://explorer.example.com", false)]
    public void IsLoopbackAddress(string address, bool loopback) => Assert.Equal(loopback, LoopbackGuard.IsLoopbackAddress(address));

    [Fact]
    public void MappedIPv4LoopbackIsLoopback()
    {
        Assert.True(LoopbackGuard.IsLoopback(IPAddress.Parse("::ffff:127.0.0.1")));
        Assert.False(LoopbackGuard.IsLoopback(IPAddress.Parse("::ffff:192.168.1.2")));
        Assert.False(LoopbackGuard.IsLoopback(null));
    }

    [Fact]
    public void WithoutSignIn_AnyNonLoopbackAddress_IsRefusedWithTheReasonAndTheWaysOut()
    {
        var refusal = LoopbackGuard.Refusal(["http://127.0.0.1:5080", "http://0.0.0.0:5081"], Off);

        Assert.NotNull(refusal);
        Assert.StartsWith("EventExplorer refuses to start: sign-in is not configured", refusal);
        Assert.Contains("http://0.0.0.0:5081", refusal);
        Assert.DoesNotContain("127.0.0.1:5080", refusal);
        Assert.Contains("EventExplorer:SignIn:AllowAnonymous=true", refusal);
        Assert.Contains("EventExplorer:SignIn:Authority", refusal);
    }

    [Fact]
    public void LoopbackOnly_OrSignIn_OrAllowAnonymous_MayStart()
    {
        Assert.Null(LoopbackGuard.Refusal(["http://127.0.0.1:5080", "http://localhost:5081"], Off));
        Assert.Null(LoopbackGuard.Refusal(["http://0.0.0.0:8080"], new SignInOptions { Authority = "https://id.example.com", ClientId = "c" }));
        Assert.Null(LoopbackGuard.Refusal(["http://0.0.0.0:8080"], new SignInOptions { AllowAnonymous = true }));
    }

    [Fact]
    public void ConfiguredAddresses_ComeFromUrlsPortsOrKestrelEndpoints_AndDefaultToKestrels()
    {
        Assert.Equal(["http://localhost:5000"], LoopbackGuard.ConfiguredAddresses(Config()));
        Assert.Equal(["http://127.0.0.1:5080", "http://0.0.0.0:5081"], LoopbackGuard.ConfiguredAddresses(Config(("urls", "http://127.0.0.1:5080;http://0.0.0.0:5081"))));
        // Containers set ASPNETCORE_HTTP_PORTS: every interface.
        Assert.Equal(["http://*:8080"], LoopbackGuard.ConfiguredAddresses(Config(("http_ports", "8080"))));
        Assert.Equal(["https://0.0.0.0:443"], LoopbackGuard.ConfiguredAddresses(Config(("urls", "http://127.0.0.1:1"), ("Kestrel:Endpoints:Public:Url", "https://0.0.0.0:443"))));
    }

    [Fact]
    public async Task TheAppStartedOnAllInterfacesWithoutSignIn_RefusesToStartAndSaysWhy()
    {
        var port = DynaliteServer.FreeLoopbackPort();
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => AppHost.StartAsync(new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = $"http://0.0.0.0:{port}",
            ["EventExplorer__ServiceUrl"] = "http://127.0.0.1:9",
        }, port: port));

        Assert.Contains("exited with code", failure.Message);
        Assert.Contains("EventExplorer refuses to start: sign-in is not configured, so it serves only this machine (loopback)", failure.Message);
    }
}
