using System.Globalization;
using System.Text;
using EventExplorer.Data.Errors;
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
        var response = context.Response;
        var cancellationToken = context.RequestAborted;
        var state = SnapshotCheckState.Read(QueryReader.FromUrl(context.Request.Path + context.Request.QueryString));
        var budget = context.RequestServices.GetService<ExportBudget>()?.Budget ?? ReadBudget.Export;
        var request = new SnapshotCheckRequest { Prefix = state.Prefix, Continue = state.Continue, Budget = budget };
        await using var run = check.RunAsync(request, (id, token) => reducers.ForAggregateAsync(reader, id, token), cancellationToken).GetAsyncEnumerator(cancellationToken);

        // The first step decides the status: a damaged link or an unreachable store is answered plainly.
        bool any;
        try
        {
            any = await run.MoveNextAsync();
        }
        catch (InvalidCursorException e)
        {
            await PlainAsync(response, StatusCodes.Status400BadRequest, "Bad export link: " + e.Message, cancellationToken);
            return;
        }
        catch (ScanLimitReachedException e)
        {
            await PlainAsync(response, StatusCodes.Status429TooManyRequests, e.Message, cancellationToken);
            return;
        }
        catch (EventStoreException e)
        {
            await PlainAsync(response, StatusCodes.Status503ServiceUnavailable, "The snapshot check could not start: " + e.Message, cancellationToken);
            return;
        }

        var fileName = "snapshot-check" + (state.Prefix is { } prefix ? "-" + FileSafe(prefix) : "") + ".csv";
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/csv; charset=utf-8";
        response.Headers.ContentDisposition = new System.Net.Http.Headers.ContentDispositionHeaderValue("attachment") { FileName = "\"" + fileName + "\"", FileNameStar = fileName }.ToString();
        response.Headers.CacheControl = "no-store";
        await response.WriteAsync(CsvHeader + "\n", cancellationToken);
        SnapshotCheckProgress? last = null;
        long written = 0;
        try
        {
            while (any)
            {
                last = run.Current;
                var rows = new StringBuilder();
                foreach (var row in last.Rows.Where(r => r.Verdict != SnapshotVerdict.Matches))
                {
                    rows.Append(Row(row));
                    written++;
                }
                if (rows.Length > 0) await response.WriteAsync(rows.ToString(), cancellationToken);
                any = await run.MoveNextAsync();
            }
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            var logger = loggers.CreateLogger(typeof(SnapshotCheckExportEndpoint));
            logger.LogWarning(e, "A snapshot check export failed after {Rows} rows (request {RequestId}).", written, context.TraceIdentifier);
            var message = e is EventStoreException ? e.Message : $"The check stopped because of an unexpected error (request id {context.TraceIdentifier}); this file is complete only up to here.";
            await response.WriteAsync("#error," + ExportEndpoint.Csv(message) + "\n", cancellationToken);
            return;
        }
        if (last is { State: ReadState.BudgetExhausted, Next: { } next })
        {
            var continueFrom = ExplorerUrls.SnapshotCheckExport(state.Prefix, next);
            await response.WriteAsync("#truncated," + ExportEndpoint.Csv(
                $"The read budget ran out after {last.Checked.ToString("N0", CultureInfo.InvariantCulture)} snapshots ({last.Cost.ItemsRead.ToString("N0", CultureInfo.InvariantCulture)} items read); "
                + "this file is complete up to there. Continue with continueFrom=" + continueFrom) + "\n", cancellationToken);
        }
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

    private static string FileSafe(string text) => new(text.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_').Take(60).ToArray());

    private static async Task PlainAsync(HttpResponse response, int status, string message, CancellationToken cancellationToken)
    {
        response.StatusCode = status;
        response.ContentType = "text/plain; charset=utf-8";
        await response.WriteAsync(message, cancellationToken);
    }
}
