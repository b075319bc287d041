using EventExplorer.Tests.Infrastructure;
using EventExplorer.Tests.Web.Model.Integrity;
using EventExplorer.Web;
using EventExplorer.Web.Export;
using EventExplorer.Web.Model.Integrity;
using Microsoft.AspNetCore.Builder;

namespace EventExplorer.Tests.Web.Export;

/// <summary>/export/integrity through ASP.NET Core (the Viewer policy, the app's hosting) over damaged tables on dynalite.</summary>
public sealed class IntegrityExportTests(DynaliteFixture dynalite) : IClassFixture<DynaliteFixture>
{
    private static Task<WebApplication> StartAsync(StoreBed bed, int? budgetRequests = null) =>
        ExportHost.StartAsync(bed, app => app.MapIntegrityExportEndpoint(), budgetRequests is null ? null : 1_000, budgetRequests);

    private static string[] Lines(string body) => body.TrimEnd('\n').Split('\n');

    [Fact]
    public async Task AViewer_DownloadsEveryPlaceAsCsv_WithKindTableIdVersionCommitIdAndDetail()
    {
        await using var bed = await IntegrityWorld.DamagedAsync(dynalite);
        await using var app = await StartAsync(bed);

        var (status, body, response) = await ExportHost.GetAsync(app, ExplorerUrls.IntegrityExport(new IntegrityPageState { Segments = 2 }));

        Assert.Equal(200, status);
        Assert.StartsWith("text/csv", response.ContentType, StringComparison.Ordinal);
        Assert.Contains("integrity.csv", response.Headers.ContentDisposition.ToString(), StringComparison.Ordinal);
        var lines = Lines(body);
        Assert.Equal(IntegrityExportEndpoint.CsvHeader, lines[0]);
        var rows = lines.Skip(1).ToList();
        Assert.DoesNotContain(rows, r => r.StartsWith('#'));
        Assert.Single(rows, r => r.StartsWith($"version-gap,commits,{IntegrityWorld.Gap},", StringComparison.Ordinal));
        Assert.Single(rows, r => r.StartsWith($"events-not-json,commits,{IntegrityWorld.NotJson},0,", StringComparison.Ordinal));
        Assert.Single(rows, r => r.StartsWith($"snapshot-without-commits,snapshots,{IntegrityWorld.Ghost},,", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.StartsWith("counter-gap,", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TextThatASpreadsheetWouldRun_IsWrittenAsText()
    {
        await using var bed = await IntegrityWorld.CleanAsync(dynalite);
        await bed.PutSnapshotAsync("=HYPERLINK(\"http://x\")", "{}");
        await using var app = await StartAsync(bed);

        var (status, body, _) = await ExportHost.GetAsync(app, "/export/integrity");

        Assert.Equal(200, status);
        Assert.Contains("snapshot-without-commits,snapshots,\"'=HYPERLINK(\"\"http://x\"\")\",", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutASnapshotTable_TheFileSaysTheSnapshotsWereNotChecked()
    {
        await using var bed = await IntegrityWorld.CleanAsync(dynalite);
        using (var raw = dynalite.CreateRawClient()) await raw.DeleteTableAsync(bed.Tables.Snapshots);
        await using var app = await StartAsync(bed);

        var (status, body, _) = await ExportHost.GetAsync(app, "/export/integrity");

        Assert.Equal(200, status);
        var notice = Assert.Single(Lines(body), l => l.StartsWith("#notice,", StringComparison.Ordinal));
        Assert.Contains("snapshots were not checked", notice, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFileCutShortByTheBudget_EndsWithWhereToContinue()
    {
        await using var bed = await IntegrityWorld.DamagedAsync(dynalite);
        await using var app = await StartAsync(bed, budgetRequests: 2);

        var (status, body, _) = await ExportHost.GetAsync(app, "/export/integrity?segments=2&verify=true");

        Assert.Equal(200, status);
        var last = Lines(body)[^1];
        Assert.StartsWith("#truncated,", last, StringComparison.Ordinal);
        Assert.Contains("continueFrom=/export/integrity?segments=2&verify=true&continue=", last, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADamagedContinueLink_IsABadRequest_TheDatabaseDownIsA503_AndNobodyUnsignedGetsAFile()
    {
        await using var bed = await IntegrityWorld.CleanAsync(dynalite);
        await using var app = await StartAsync(bed);

        var (damaged, damagedBody, _) = await ExportHost.GetAsync(app, "/export/integrity?continue=x:abc");
        var (anonymous, _, _) = await ExportHost.GetAsync(app, "/export/integrity", role: null);
        bed.GoDown();
        var (down, downBody, _) = await ExportHost.GetAsync(app, "/export/integrity");

        Assert.Equal(400, damaged);
        Assert.StartsWith("Bad export link: ", damagedBody, StringComparison.Ordinal);
        Assert.NotEqual(200, anonymous);
        Assert.Equal(503, down);
        Assert.StartsWith("The integrity check could not start", downBody, StringComparison.Ordinal);
    }
}
