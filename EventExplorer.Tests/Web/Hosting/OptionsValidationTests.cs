using EventExplorer.Data.Configuration;
using EventExplorer.Testing;
using EventExplorer.Web.Hosting;
using EventExplorer.Web.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EventExplorer.Tests.Web.Hosting;

/// <summary>
/// A setting the app cannot use stops it at start with a message naming the setting: never clamped to
/// something else, never found out at the first request.
/// </summary>
public sealed class OptionsValidationTests
{
    /// <summary>The app's data, security and hosting services on a test server, started.</summary>
    private static async Task<WebApplication> StartAsync(Dictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            // Never contacted: nothing here reads the store.
            ["EventExplorer:ServiceUrl"] = "http://127.0.0.1:9",
        });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddEventExplorerData(builder.Configuration, isDevelopment: false);
        builder.AddEventExplorerSecurity();
        builder.AddEventExplorerHosting();
        var app = builder.Build();
        await app.StartAsync();
        return app;
    }

    [Theory]
    [InlineData("EventExplorer:Limits:ScansPerUser", "0", "EventExplorer:Limits:ScansPerUser must be between 1 and 100 (it is 0).")]
    [InlineData("EventExplorer:Limits:CircuitsPerUser", "-3", "EventExplorer:Limits:CircuitsPerUser must be between 1 and 1000 (it is -3).")]
    [InlineData("EventExplorer:ForwardedHeaders:KnownProxies:0", "10.0.0.300", "EventExplorer:ForwardedHeaders:KnownProxies: '10.0.0.300' is not an IP address.")]
    [InlineData("EventExplorer:Telemetry:OtlpProtocol", "udp", "EventExplorer:Telemetry:OtlpProtocol 'udp' is neither grpc nor http/protobuf.")]
    [InlineData("EventExplorer:MaxErrorRetry", "11", "EventExplorer:MaxErrorRetry must be between 0 and 10 (it is 11).")]
    [InlineData("EventExplorer:OperationTimeout", "00:00:00", "EventExplorer:OperationTimeout must be more than 0 and at most 00:10:00 (it is 00:00:00).")]
    [InlineData("EventExplorer:SignIn:ClientId", "explorer", "EventExplorer:SignIn:ClientId is set but Authority is not.")]
    public async Task ABadSetting_StopsTheHostAtStart_NamingTheSetting(string key, string value, string expected)
    {
        var refused = await Assert.ThrowsAsync<OptionsValidationException>(() => StartAsync(new() { [key] = value }));

        Assert.Contains(expected, refused.Message);
    }

    [Fact]
    public async Task TheDefaults_Start()
    {
        await using var app = await StartAsync([]);

        Assert.Equal(2, app.Services.GetRequiredService<HostingOptions>().Limits.ScansPerUser);
        Assert.False(app.Services.GetRequiredService<SignInOptions>().Enabled);
    }

    [Fact]
    public async Task TheApp_WithABadLimit_ExitsAtStartAndSaysWhichSetting()
    {
        var port = DynaliteServer.FreeLoopbackPort();
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => AppHost.StartAsync(new Dictionary<string, string>
        {
            ["EventExplorer__ServiceUrl"] = "http://127.0.0.1:9",
            ["EventExplorer__Limits__ScansPerUser"] = "0",
        }, port: port));

        Assert.Contains("exited with code", failure.Message);
        Assert.Contains("EventExplorer:Limits:ScansPerUser must be between 1 and 100 (it is 0).", failure.Message);
    }
}
