using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using System.Text.Json;
using EventExplorer.Data.Configuration;
using EventExplorer.Data.Model;
using EventExplorer.Testing;
using EventExplorer.Tests.Data.EventStore;
using EventExplorer.Tests.Infrastructure;
using EventExplorer.Web.Export;
using EventExplorer.Web.Hosting;
using EventExplorer.Web.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EventExplorer.Tests.Web.Export;

/// <summary>
/// /export over the real store on dynalite, behind the fault proxy: stored items of odd shapes, and a
/// database that fails once the file has started. A file that ends early must say so in its last line.
/// </summary>
public sealed class ExportOverDynaliteTests(DynaliteFixture dynalite) : IClassFixture<DynaliteFixture>, IAsyncLifetime
{
    private const string RoleHeader = "X-Test-Role";
    private const string CutEmoji = """[{"type":"x","s":"\ud800"}]""";

    private DynamoDbProxy _proxy = null!;

    public async Task InitializeAsync() => _proxy = await DynamoDbProxy.StartAsync(dynalite.ServiceUrl);

    public async Task DisposeAsync() => await _proxy.DisposeAsync();

    private async Task<(WebApplication App, EventStoreTestBed Bed)> StartAsync()
    {
        var bed = await EventStoreTestBed.CreateAsync(dynalite, EventStoreLayout.CounterCommitIds);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["EventExplorer:ServiceUrl"] = _proxy.Url,
            // Journeys and tests not about the read-capacity budget do not wait for it.
            ["EventExplorer:ReadCapacityPerSecond"] = "0",
            ["EventExplorer:Tables:Commits"] = bed.Tables.Commits,
            ["EventExplorer:Tables:CommitIdIndex"] = bed.Tables.CommitIdIndex,
            ["EventExplorer:Tables:Counters"] = bed.Tables.Counters,
            ["EventExplorer:Tables:Snapshots"] = bed.Tables.Snapshots,
            ["EventExplorer:MaxErrorRetry"] = "1",
        });
        builder.Services.AddEventExplorerData(builder.Configuration, isDevelopment: false);
        builder.AddEventExplorerHosting();
        builder.Services.AddAuthentication(TestSignIn.Scheme).AddScheme<AuthenticationSchemeOptions, TestSignIn>(TestSignIn.Scheme, null);
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(ExplorerRoles.ViewerPolicy, p => p.RequireAuthenticatedUser().RequireRole(ExplorerRoles.Viewer, ExplorerRoles.Author));
        var app = builder.Build();
        app.UseEventExplorerHosting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapExportEndpoint();
        await app.StartAsync();
        return (app, bed);
    }

    private static async Task<(int Status, string Body)> GetAsync(WebApplication app, string url)
    {
        var context = await app.GetTestServer().SendAsync(c =>
        {
            var question = url.IndexOf('?', StringComparison.Ordinal);
            c.Request.Path = question < 0 ? url : url[..question];
            c.Request.QueryString = question < 0 ? QueryString.Empty : new QueryString(url[question..]);
            c.Request.Headers[RoleHeader] = ExplorerRoles.Viewer;
        });
        using var reader = new StreamReader(context.Response.Body);
        return (context.Response.StatusCode, await reader.ReadToEndAsync());
    }

    /// <summary>Commits 1..count of their own aggregates, each about <paramref name="bytes"/> of events: enough to start the file before the odd one.</summary>
    private static async Task PutFillerAsync(EventStoreTestBed bed, int count, int bytes)
    {
        var note = new string('n', bytes);
        await bed.BatchPutRawAsync(Enumerable.Range(1, count).Select(i =>
            bed.Item($"filler-{i:D4}", 0, i.ToString(CultureInfo.InvariantCulture), 946684800000 + i, $$"""[{"type":"filled","note":"{{note}}"}]""")));
    }

    [Fact]
    public async Task Csv_OfAnAggregateWithALoneSurrogate_Is200AndTheEventIsShownAsTheEscapeAndFlagged()
    {
        var (app, bed) = await StartAsync();
        await using var _ = app;
        using var __ = bed;
        await bed.PutRawAsync(bed.Item("order-cut", 0, "1", 946684800000, """[{"type":"placed"}]"""));
        await bed.PutRawAsync(bed.Item("order-cut", 1, "2", 946684801000, CutEmoji));

        var (status, body) = await GetAsync(app, "/export?aggregate=order-cut&format=csv");

        Assert.Equal(200, status);
        var rows = body.TrimEnd('\n').Split('\n');
        Assert.Equal(3, rows.Length);
        Assert.StartsWith("order-cut,1,2,2000-01-01T00:00:01.000Z,946684801000,0,x,\"{\"\"type\"\":\"\"x\"\",\"\"s\"\":\"\"\\ud800\"\"}\",", rows[2], StringComparison.Ordinal);
        Assert.Contains("lone surrogate", rows[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task JsonLines_OfAnAggregateWithALoneSurrogate_KeepTheEventsExactlyAsStored()
    {
        var (app, bed) = await StartAsync();
        await using var _ = app;
        using var __ = bed;
        await bed.PutRawAsync(bed.Item("order-cut", 0, "1", 946684800000, CutEmoji));

        var (status, body) = await GetAsync(app, "/export?aggregate=order-cut");

        Assert.Equal(200, status);
        var line = Assert.Single(body.TrimEnd('\n').Split('\n'));
        Assert.Contains("\"events\":" + CutEmoji, line, StringComparison.Ordinal);
        using var parsed = JsonDocument.Parse(line);
        Assert.Contains("lone surrogate", parsed.RootElement.GetProperty("problems")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Csv_OfTheWholeFeed_WithALoneSurrogateAfterTheFileStarted_IsComplete()
    {
        var (app, bed) = await StartAsync();
        await using var _ = app;
        using var __ = bed;
        // 100 KB before it: the first 64 KB have gone to the client when the odd commit is written.
        await PutFillerAsync(bed, 100, 1000);
        await bed.PutRawAsync(bed.Item("order-cut", 0, "101", 946684900000, CutEmoji));
        await bed.PutRawAsync(bed.Item("order-after", 0, "102", 946684900001, """[{"type":"after"}]"""));

        var (status, body) = await GetAsync(app, "/export?format=csv");

        Assert.Equal(200, status);
        var rows = body.TrimEnd('\n').Split('\n');
        Assert.Equal(1 + 102, rows.Length);
        Assert.StartsWith("order-cut,0,101,", rows[^2], StringComparison.Ordinal);
        Assert.StartsWith("order-after,0,102,", rows[^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task CommittedAt_IsIsoUtcInBothFormats_WithTheStoredNumberBesideIt()
    {
        var (app, bed) = await StartAsync();
        await using var _ = app;
        using var __ = bed;
        await bed.PutRawAsync(bed.Item("order-1", 0, "1", 1790000000123, """[{"type":"placed"}]"""));

        var (_, jsonLines) = await GetAsync(app, "/export?aggregate=order-1");
        var (_, csv) = await GetAsync(app, "/export?aggregate=order-1&format=csv");

        using var line = JsonDocument.Parse(Assert.Single(jsonLines.TrimEnd('\n').Split('\n')));
        Assert.Equal("2026-09-21T14:13:20.123Z", line.RootElement.GetProperty("committedAt").GetString());
        Assert.Equal(1790000000123, line.RootElement.GetProperty("committedAtRaw").GetInt64());
        var rows = csv.TrimEnd('\n').Split('\n');
        Assert.Equal("aggregateId,version,commitId,committedAt,committedAtRaw,eventIndex,eventType,payload,problems", rows[0]);
        Assert.StartsWith("order-1,0,1,2026-09-21T14:13:20.123Z,1790000000123,0,placed,", rows[1], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("jsonl")]
    [InlineData("csv")]
    public async Task AnAggregateThatDoesNotExist_Is404SayingSo(string format)
    {
        var (app, bed) = await StartAsync();
        await using var _ = app;
        using var __ = bed;
        await bed.PutRawAsync(bed.Item("order-1", 0, "1", 1790000000123, """[{"type":"placed"}]"""));

        var (status, body) = await GetAsync(app, "/export?aggregate=order-2&format=" + format);

        Assert.Equal(404, status);
        Assert.Equal("Aggregate 'order-2' does not exist: the commit table holds no commit with this id. Ids are exact and case-sensitive.", body);
    }

    [Fact]
    public async Task AnAggregateThatExists_WithNothingMatching_IsAnEmptyFile()
    {
        var (app, bed) = await StartAsync();
        await using var _ = app;
        using var __ = bed;
        await bed.PutRawAsync(bed.Item("order-1", 0, "1", 1790000000123, """[{"type":"placed"}]"""));

        var (status, body) = await GetAsync(app, "/export?aggregate=order-1&type=cancelled&format=csv");

        Assert.Equal(200, status);
        Assert.Equal(ExportEndpoint.CsvHeader + "\n", body);
    }

    [Theory]
    [InlineData("csv")]
    [InlineData("jsonl")]
    public async Task WholeFeed_TheDatabaseFailingALaterPage_EndsTheFileWithTheErrorLine(string format)
    {
        var (app, bed) = await StartAsync();
        await using var _ = app;
        using var __ = bed;
        // Six commits of about 390 KB: a 1 MB page ends with the item that crosses 1 MB, so the last ones need a second page.
        await PutFillerAsync(bed, 6, 390_000);
        _proxy.Inject(ProxyFault.InternalServerError.On("Query").When(r => r.Body.Contains("ExclusiveStartKey", StringComparison.Ordinal)));
        try
        {
            var (status, body) = await GetAsync(app, "/export?format=" + format);

            Assert.Equal(200, status);
            var lines = body.TrimEnd('\n').Split('\n');
            Assert.NotEmpty(_proxy.Faulted);
            if (format == "csv")
            {
                Assert.InRange(lines.Length, 1 + 1 + 1, 1 + 5 + 1);
                Assert.StartsWith("#error,", lines[^1], StringComparison.Ordinal);
                Assert.All(lines[1..^1], row => Assert.StartsWith("filler-", row, StringComparison.Ordinal));
            }
            else
            {
                Assert.InRange(lines.Length, 1 + 1, 5 + 1);
                using var last = JsonDocument.Parse(lines[^1]);
                Assert.True(last.RootElement.GetProperty("error").GetBoolean());
                Assert.Equal(lines.Length - 1, last.RootElement.GetProperty("commitsWritten").GetInt64());
            }
        }
        finally
        {
            _proxy.Heal();
        }
    }

    /// <summary>Signs the request in as a Viewer (the header names the role).</summary>
    private sealed class TestSignIn(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        public new const string Scheme = "Test";

        protected override Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            if (!Request.Headers.TryGetValue(RoleHeader, out var role)) return Task.FromResult(AuthenticateResult.NoResult());
            var identity = new ClaimsIdentity([new Claim(ExplorerRoles.NameClaimType, "viewer-1"), new Claim(ExplorerRoles.RoleClaimType, role.ToString())],
                Scheme, ExplorerRoles.NameClaimType, ExplorerRoles.RoleClaimType);
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme)));
        }
    }
}
