using System.Globalization;
using EventExplorer.Data;
using EventExplorer.Data.Integrity;
using EventExplorer.Data.Model;
using EventExplorer.Data.Reducers;
using EventExplorer.Data.State;
using EventExplorer.Web.Hosting;
using EventExplorer.Web.Model.Integrity;
using EventExplorer.Web.Model.Urls;
using EventExplorer.Web.Security;

namespace EventExplorer.Web.Export;

/// <summary>
/// <c>GET /export/integrity?segments=&amp;verify=&amp;continue=</c>: the integrity check of the page, run again for the
/// file, as CSV with one row per place found (every place, not only the page's first ones per kind). Streamed
/// as the check finds them; what the check could not do heads it (<c>#notice,…</c>); a run cut short by the read budget ends with <c>#truncated,…continueFrom=/export/integrity?…</c>
/// and a failure part-way with <c>#error,…</c> (<see cref="CheckCsvExport"/>). Viewers may download it, as they may run the page.
/// </summary>
public static class IntegrityExportEndpoint
{
    public const string CsvHeader = "kind,table,id,version,commitId,detail";

    public static IEndpointRouteBuilder MapIntegrityExportEndpoint(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(ExplorerUrls.IntegrityExportPath, ExportAsync).RequireAuthorization(ExplorerRoles.ViewerPolicy);
        return endpoints;
    }

    private static async Task ExportAsync(HttpContext context, IntegrityCheck check, ReducerCatalog reducers, IEventStoreReader reader, ILoggerFactory loggers)
    {
        var state = IntegrityPageState.Read(QueryReader.FromUrl(context.Request.Path + context.Request.QueryString));
        var budget = context.RequestServices.GetService<ExportBudget>()?.Budget ?? ReadBudget.Export;
        // The file lists every place (up to the check's limit of 100,000 per kind); the page shows the first ones of each kind.
        var request = state.ToRequest() with { Budget = budget, PlacesPerKind = 100_000 };
        var noticeWritten = false;
        await CheckCsvExport.WriteAsync(context, check.RunAsync(request, (id, token) => reducers.ForAggregateAsync(reader, id, token), context.RequestAborted), "The integrity check", "integrity.csv", CsvHeader,
            progress =>
            {
                // What the check could not do (no snapshot table) heads the file once, so an empty part is not read as clean.
                var rows = progress.NewPlaces.Select(Row);
                if (noticeWritten || progress.Notice is not { } notice) return rows;
                noticeWritten = true;
                return rows.Prepend("#notice," + ExportEndpoint.Csv(notice) + "\n");
            },
            last => last is { State: ReadState.BudgetExhausted, Next: { } next }
                ? $"The read budget ran out after {Count(last.CommitsChecked)} commits, {Count(last.FeedEntriesChecked)} feed entries and {Count(last.SnapshotsChecked)} snapshots checked "
                  + $"({Count(last.Cost.ItemsRead)} items read); this file is complete up to there. Continue with continueFrom="
                  + ExplorerUrls.IntegrityExport(state with { Continue = next })
                : null,
            loggers.CreateLogger(typeof(IntegrityExportEndpoint)));
    }

    private static string Row(IntegrityPlace place) => string.Join(',',
        IntegrityKinds.CsvName(place.Kind),
        place.Table.ToString().ToLowerInvariant(),
        ExportEndpoint.Csv(place.Id ?? ""),
        ExportEndpoint.Csv(place.Version ?? ""),
        ExportEndpoint.Csv(place.CommitId ?? ""),
        ExportEndpoint.Csv(place.Detail)) + "\n";

    private static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
