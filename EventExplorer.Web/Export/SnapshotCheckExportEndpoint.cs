using System.Globalization;
using EventExplorer.Data;
using EventExplorer.Data.Model;
using EventExplorer.Data.Reducers;
using EventExplorer.Data.State;
using EventExplorer.Web.Hosting;
using EventExplorer.Web.Model.Snapshots;
using EventExplorer.Web.Model.Urls;
using EventExplorer.Web.Security;

namespace EventExplorer.Web.Export;

/// <summary>
/// <c>GET /export/snapshot-check?prefix=&amp;continue=</c>: the snapshot check of the page, run again for the
/// file, as CSV with one row per snapshot that does not match the state at its createdAt (mismatches, no
/// commits, malformed, reducer failures). Streamed row by row; a run cut short by the read budget ends
/// with <c>#truncated,…continueFrom=/export/snapshot-check?…</c> and a failure part-way with <c>#error,…</c>,
/// so a file never passes for complete. Viewers may download it.
/// </summary>
public static class SnapshotCheckExportEndpoint
{
    public const string CsvHeader = "snapshotId,createdAt,verdict,versionAtCreation,matchingVersion,commitsAfterMatch,commits,reducer,detail";

    public static IEndpointRouteBuilder MapSnapshotCheckExportEndpoint(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(ExplorerUrls.SnapshotCheckExportPath, ExportAsync).RequireAuthorization(ExplorerRoles.ViewerPolicy);
        return endpoints;
    }

    private static async Task ExportAsync(HttpContext context, SnapshotCheck check, ReducerCatalog reducers, IEventStoreReader reader, ILoggerFactory loggers)
    {
        var state = SnapshotCheckState.Read(QueryReader.FromUrl(context.Request.Path + context.Request.QueryString));
        var budget = context.RequestServices.GetService<ExportBudget>()?.Budget ?? ReadBudget.Export;
        var request = new SnapshotCheckRequest { Prefix = state.Prefix, Continue = state.Continue, Budget = budget };
        var fileName = "snapshot-check" + (state.Prefix is { } prefix ? "-" + CheckCsvExport.FileSafe(prefix) : "") + ".csv";
        await CheckCsvExport.WriteAsync(context, check.RunAsync(request, (id, token) => reducers.ForAggregateAsync(reader, id, token), context.RequestAborted), "The snapshot check", fileName, CsvHeader,
            progress => progress.Rows.Where(r => r.Verdict != SnapshotVerdict.Matches).Select(Row),
            last => last is { State: ReadState.BudgetExhausted, Next: { } next }
                ? $"The read budget ran out after {last.Checked.ToString("N0", CultureInfo.InvariantCulture)} snapshots ({last.Cost.ItemsRead.ToString("N0", CultureInfo.InvariantCulture)} items read); "
                  + "this file is complete up to there. Continue with continueFrom=" + ExplorerUrls.SnapshotCheckExport(state.Prefix, next)
                : null,
            loggers.CreateLogger(typeof(SnapshotCheckExportEndpoint)));
    }

    private static string Row(SnapshotCheckRow row) => string.Join(',',
        ExportEndpoint.Csv(row.SnapshotId),
        row.CreatedAt is { } at ? at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture) : "",
        Verdict(row.Verdict),
        Number(row.VersionAtCreation),
        Number(row.MatchingVersion),
        Number(row.CommitsAfterMatch),
        row.Commits.ToString(CultureInfo.InvariantCulture),
        ExportEndpoint.Csv(row.Reducer),
        ExportEndpoint.Csv(row.Detail ?? "")) + "\n";

    private static string Verdict(SnapshotVerdict verdict) => verdict switch
    {
        SnapshotVerdict.Matches => "matches",
        SnapshotVerdict.MatchesAnotherVersion => "matches-another-version",
        SnapshotVerdict.MatchesNone => "matches-none",
        SnapshotVerdict.NoCommits => "no-commits",
        SnapshotVerdict.Malformed => "malformed",
        _ => "reducer-failed",
    };

    private static string Number(long? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";
}
