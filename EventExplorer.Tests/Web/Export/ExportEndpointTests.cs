using System.Security.Claims;
using System.Text.Json;
using EventExplorer.Tests.Infrastructure;
using EventExplorer.Web.Export;
using EventExplorer.Web.Hosting;
using EventExplorer.Web.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace EventExplorer.Tests.Web.Export;

/// <summary>
/// /export through ASP.NET Core: the app's hosting (its scan quota wraps the store, as in production),
/// the Viewer policy, and the real store on dynalite behind it.
/// </summary>
public sealed class ExportEndpointTests(DynaliteFixture dynalite) : IClassFixture<DynaliteFixture>
{
    private static Task<WebApplication> StartAsync(StoreBed bed, int scansPerUser = 2, long? budgetItems = null) =>
        ExportHost.StartAsync(bed, app => app.MapExportEndpoint(), budgetItems, settings: new Dictionary<string, string?>
        {
            ["EventExplorer:Limits:ScansPerUser"] = scansPerUser.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });

    private static Task<(int Status, string Body, HttpResponse Response)> GetAsync(WebApplication app, string url, string? role = ExplorerRoles.Viewer) =>
        ExportHost.GetAsync(app, url, role);

    private async Task<StoreBed> OrdersAsync(int count)
    {
        var bed = await StoreBed.CreateAsync(dynalite);
        for (var i = 0; i < count; i++) await bed.AddAsync("order-1", $$$"""{"type":"{{{(i % 2 == 0 ? "placed" : "paid")}}}","n":{{{i}}},"note":"a, \"b\""}""");
        await bed.AddAsync("order-2", """{"type":"placed","n":99}""");
        return bed;
    }

    [Fact]
    public async Task JsonLines_OneCommitPerLineInReplayOrder_AsAnAttachment()
    {
        await using var bed = await OrdersAsync(3);
        await using var app = await StartAsync(bed);

        var (status, body, response) = await GetAsync(app, EventExplorer.Web.ExplorerUrls.ExportTimeline("order-1"));

        Assert.Equal(200, status);
        Assert.StartsWith("application/x-ndjson", response.ContentType, StringComparison.Ordinal);
        Assert.Contains("attachment", response.Headers.ContentDisposition.ToString(), StringComparison.Ordinal);
        Assert.Contains("order-1-first-last.jsonl", response.Headers.ContentDisposition.ToString(), StringComparison.Ordinal);
        var lines = body.TrimEnd('\n').Split('\n');
        Assert.Equal([0L, 1L, 2L], lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("version").GetInt64()));
        Assert.Equal("paid", JsonDocument.Parse(lines[1]).RootElement.GetProperty("events")[0].GetProperty("type").GetString());
    }

    [Fact]
    public async Task JsonLines_IndentedStoredEvents_StayOnOneLine()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await bed.AddAtAsync("order-1", 0, "[\n  {\"type\": \"placed\",\n   \"text\": \"two\\nlines\"}\n]");
        await using var app = await StartAsync(bed);

        var (_, body, _) = await GetAsync(app, "/export?aggregate=order-1");

        var line = Assert.Single(body.TrimEnd('\n').Split('\n'));
        Assert.Equal("two\nlines", JsonDocument.Parse(line).RootElement.GetProperty("events")[0].GetProperty("text").GetString());
    }

    [Fact]
    public async Task Csv_OneRowPerEventWithFieldsQuoted()
    {
        await using var bed = await OrdersAsync(2);
        await using var app = await StartAsync(bed);

        var (status, body, response) = await GetAsync(app, "/export?aggregate=order-1&format=csv");

        Assert.Equal(200, status);
        Assert.StartsWith("text/csv", response.ContentType, StringComparison.Ordinal);
        var rows = body.TrimEnd('\n').Split('\n');
        Assert.Equal(ExportEndpoint.CsvHeader, rows[0]);
        Assert.Equal(3, rows.Length);
        Assert.StartsWith("order-1,1,2,2026-11-21T06:00:01.000Z,1795240801000,0,paid,\"{\"\"type\"\":\"\"paid\"\",\"\"n\"\":1,\"\"note\"\":\"\"a, \\\"\"b\\\"\"\"\"}\",", rows[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Csv_TextAnotherProgramWroteAsAFormula_IsNotRunByASpreadsheet()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await bed.AddAtAsync("=HYPERLINK(\"http://x\")", 0, """[{"type":"@SUM(A1)"},{"type":"-2+3"}]""");
        await using var app = await StartAsync(bed);

        var (_, body, _) = await GetAsync(app, "/export?aggregate=" + Uri.EscapeDataString("=HYPERLINK(\"http://x\")") + "&format=csv");

        var rows = body.TrimEnd('\n').Split('\n').Skip(1).ToList();
        Assert.Equal(2, rows.Count);
        Assert.All(rows, row => Assert.StartsWith("\"'=HYPERLINK(\"\"http://x\"\")\",0,", row, StringComparison.Ordinal));
        Assert.Contains(",0,'@SUM(A1),", rows[0], StringComparison.Ordinal);
        Assert.Contains(",1,'-2+3,", rows[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Query_ExportsOnlyTheMatchingCommits()
    {
        await using var bed = await OrdersAsync(4);
        await using var app = await StartAsync(bed);

        var (_, body, _) = await GetAsync(app, EventExplorer.Web.ExplorerUrls.ExportFeed(query: "n = 99"));

        var line = Assert.Single(body.TrimEnd('\n').Split('\n'));
        Assert.Equal("order-2", JsonDocument.Parse(line).RootElement.GetProperty("aggregateId").GetString());
    }

    [Theory]
    [InlineData("/export?aggregate=order-1&from=seven", "from 'seven' is not a whole number")]
    [InlineData("/export?aggregate=order-1&format=xml", "format 'xml' is not one of")]
    [InlineData("/export?q=orderId%20%3D", "Nothing follows '='")]
    [InlineData("/export?aggregate=order-1&since=2026-10-02", "since and until bound an export of the feed")]
    public async Task BadParameter_400WithAPlainMessage(string url, string says)
    {
        await using var bed = await OrdersAsync(1);
        await using var app = await StartAsync(bed);

        var (status, body, response) = await GetAsync(app, url);

        Assert.Equal(400, status);
        Assert.StartsWith("text/plain", response.ContentType, StringComparison.Ordinal);
        Assert.Contains(says, body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NotSignedIn_IsRefused()
    {
        await using var bed = await OrdersAsync(1);
        await using var app = await StartAsync(bed);

        var (status, body, _) = await GetAsync(app, "/export?aggregate=order-1", role: null);

        Assert.Equal(401, status);
        Assert.DoesNotContain("order-1", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignedInWithoutARole_IsForbidden()
    {
        await using var bed = await OrdersAsync(1);
        await using var app = await StartAsync(bed);

        var (status, _, _) = await GetAsync(app, "/export?aggregate=order-1", role: "");

        Assert.Equal(403, status);
    }

    [Fact]
    public async Task NoScanPlaceFree_429SayingWhy()
    {
        await using var bed = await OrdersAsync(1);
        await using var app = await StartAsync(bed, scansPerUser: 1);
        // The user's one place is taken by a long read still running (in another tab).
        var viewer = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ExplorerRoles.SubjectClaimType, "viewer-1")], "test"));
        app.Services.GetRequiredService<ScanQuota>().Quota.TryTake(UserKeys.Of(viewer, remoteAddress: null));

        var (status, body, _) = await GetAsync(app, "/export?aggregate=order-1");

        Assert.Equal(429, status);
        Assert.Contains("long read running", body, StringComparison.Ordinal);
        Assert.Equal(0, bed.Requests);
    }

    [Fact]
    public async Task Export_HoldsAScanPlaceOnlyWhileItRuns()
    {
        await using var bed = await OrdersAsync(3);
        await using var app = await StartAsync(bed, scansPerUser: 1);

        var (first, _, _) = await GetAsync(app, "/export?aggregate=order-1");
        var (second, _, _) = await GetAsync(app, "/export?aggregate=order-1");

        Assert.Equal([200, 200], [first, second]);
        Assert.Equal(0, app.Services.GetRequiredService<ScanQuota>().Quota.Total);
    }

    [Fact]
    public async Task BudgetRunningOut_JsonLinesEndWithATruncatedLineWhoseLinkExportsTheRest()
    {
        await using var bed = await OrdersAsync(25);
        await using var app = await StartAsync(bed, budgetItems: 10);

        var (status, body, _) = await GetAsync(app, "/export?aggregate=order-1");

        Assert.Equal(200, status);
        var lines = body.TrimEnd('\n').Split('\n');
        Assert.Equal(11, lines.Length);
        var last = JsonDocument.Parse(lines[^1]).RootElement;
        Assert.True(last.GetProperty("truncated").GetBoolean());
        Assert.Equal(10, last.GetProperty("commitsWritten").GetInt64());
        var next = last.GetProperty("continueFrom").GetString()!;
        Assert.Equal("/export?aggregate=order-1&format=jsonl&after=9", next);

        var (_, rest, _) = await GetAsync(app, next);

        Assert.Equal(10L, JsonDocument.Parse(rest.Split('\n')[0]).RootElement.GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task BudgetRunningOut_CsvEndsWithATruncatedRow()
    {
        await using var bed = await OrdersAsync(25);
        await using var app = await StartAsync(bed, budgetItems: 10);

        var (_, body, _) = await GetAsync(app, "/export?aggregate=order-1&format=csv&type=paid");

        var rows = body.TrimEnd('\n').Split('\n');
        Assert.Equal(1 + 5 + 1, rows.Length);
        Assert.StartsWith("#truncated,", rows[^1], StringComparison.Ordinal);
        Assert.Contains("continueFrom=/export?aggregate=order-1&type=paid&format=csv&after=9", rows[^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task RangeReadToItsEnd_HasNoTruncatedLine()
    {
        // 9 within a budget of 10: a read that takes the whole budget cannot tell that nothing follows
        // (DynamoDB returns a LastEvaluatedKey when it stops at the Limit), so it offers to continue.
        await using var bed = await OrdersAsync(9);
        await using var app = await StartAsync(bed, budgetItems: 10);

        var (_, body, _) = await GetAsync(app, "/export?aggregate=order-1");

        Assert.Equal(9, body.TrimEnd('\n').Split('\n').Length);
        Assert.DoesNotContain("truncated", body, StringComparison.Ordinal);
    }
}
