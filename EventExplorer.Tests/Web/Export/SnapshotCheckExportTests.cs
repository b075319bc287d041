using EventExplorer.Tests.Infrastructure;
using EventExplorer.Tests.Web.Model.Snapshots;
using EventExplorer.Web.Export;
using EventExplorer.Web.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace EventExplorer.Tests.Web.Export;

/// <summary>/export/snapshot-check through ASP.NET Core (the Viewer policy, the app's hosting) over the real stores on dynalite.</summary>
public sealed class SnapshotCheckExportTests(DynaliteFixture dynalite) : IClassFixture<DynaliteFixture>
{
    private static Task<WebApplication> StartAsync(StoreBed bed, long? budgetItems = null, int? budgetRequests = null) =>
        ExportHost.StartAsync(bed, app => app.MapSnapshotCheckExportEndpoint(), budgetItems, budgetRequests);

    private static Task<(int Status, string Body, HttpResponse Response)> GetAsync(WebApplication app, string url, string? role = ExplorerRoles.Viewer) =>
        ExportHost.GetAsync(app, url, role);

    [Fact]
    public async Task AViewer_DownloadsTheMismatchesAsCsv_OneRowPerSnapshotThatDoesNotMatch()
    {
        await using var bed = await SnapshotWorld.ArrangeAsync(dynalite);
        await using var app = await StartAsync(bed);

        var (status, body, response) = await GetAsync(app, EventExplorer.Web.ExplorerUrls.SnapshotCheckExport("order-"));

        Assert.Equal(200, status);
        Assert.StartsWith("text/csv", response.ContentType, StringComparison.Ordinal);
        Assert.Contains("snapshot-check-order-.csv", response.Headers.ContentDisposition.ToString(), StringComparison.Ordinal);
        var rows = body.TrimEnd('\n').Split('\n');
        Assert.Equal(SnapshotCheckExportEndpoint.CsvHeader, rows[0]);
        Assert.Equal(
            ["order-2,matches-none", "order-3,matches-another-version", "order-4,malformed", "order-5,no-commits"],
            rows.Skip(1).Select(r => string.Join(',', r.Split(',')[0], r.Split(',')[2])).Order(StringComparer.Ordinal));
        Assert.StartsWith("order-3,2026-11-21T06:01:00.000Z,matches-another-version,2,1,1,3,orders,", rows.Single(r => r.StartsWith("order-3", StringComparison.Ordinal)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFileCutShortByTheBudget_EndsWithWhereToContinue()
    {
        await using var bed = await SnapshotWorld.ArrangeAsync(dynalite);
        await using var app = await StartAsync(bed, budgetRequests: 2);

        var (status, body, _) = await GetAsync(app, "/export/snapshot-check?prefix=order-");

        Assert.Equal(200, status);
        var last = body.TrimEnd('\n').Split('\n')[^1];
        Assert.StartsWith("#truncated,", last, StringComparison.Ordinal);
        Assert.Contains("continueFrom=/export/snapshot-check?prefix=order-&continue=", last, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADamagedContinueLink_IsABadRequest_AndNobodyUnsignedGetsAFile()
    {
        await using var bed = await SnapshotWorld.ArrangeAsync(dynalite);
        await using var app = await StartAsync(bed);

        var (status, body, _) = await GetAsync(app, "/export/snapshot-check?continue=x:abc");
        var (anonymous, _, _) = await GetAsync(app, "/export/snapshot-check", role: null);

        Assert.Equal(400, status);
        Assert.Contains("damaged", body, StringComparison.Ordinal);
        Assert.NotEqual(200, anonymous);
    }
}
