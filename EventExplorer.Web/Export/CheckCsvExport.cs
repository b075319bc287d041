using System.Text;
using EventExplorer.Data.Errors;
using EventExplorer.Web.Hosting;

namespace EventExplorer.Web.Export;

/// <summary>
/// Streams a check's run (the snapshot check, the integrity check) as a CSV download. The first update
/// decides the status: a damaged continue link is a 400, no free scan place a 429 and an unreachable store a
/// 503, answered plainly before the file starts. After that the rows of each update are written as they come;
/// a failure part-way ends the file with <c>#error,…</c> and a run cut short by its budget with the
/// <c>#truncated,…</c> line the caller gives, so a file never passes for complete.
/// </summary>
public static class CheckCsvExport
{
    /// <param name="context">The request; its RequestAborted cancels the run.</param>
    /// <param name="run">The check, not started yet.</param>
    /// <param name="what">What the check is called in a message ("The snapshot check").</param>
    /// <param name="rows">The CSV rows of one update, each ending in a line break.</param>
    /// <param name="truncated">The text of the closing <c>#truncated</c> line for the last update; null when the run reached its end.</param>
    public static async Task WriteAsync<TProgress>(HttpContext context, IAsyncEnumerable<TProgress> run, string what, string fileName, string header,
        Func<TProgress, IEnumerable<string>> rows, Func<TProgress, string?> truncated, ILogger logger)
    {
        var response = context.Response;
        var cancellationToken = context.RequestAborted;
        await using var updates = run.GetAsyncEnumerator(cancellationToken);
        bool any;
        try
        {
            any = await updates.MoveNextAsync();
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
            await PlainAsync(response, StatusCodes.Status503ServiceUnavailable, what + " could not start: " + e.Message, cancellationToken);
            return;
        }

        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/csv; charset=utf-8";
        response.Headers.ContentDisposition = new System.Net.Http.Headers.ContentDispositionHeaderValue("attachment") { FileName = "\"" + fileName + "\"", FileNameStar = fileName }.ToString();
        response.Headers.CacheControl = "no-store";
        await response.WriteAsync(header + "\n", cancellationToken);
        var last = default(TProgress);
        long written = 0;
        try
        {
            while (any)
            {
                last = updates.Current;
                var text = new StringBuilder();
                foreach (var row in rows(last))
                {
                    text.Append(row);
                    written++;
                }
                if (text.Length > 0) await response.WriteAsync(text.ToString(), cancellationToken);
                any = await updates.MoveNextAsync();
            }
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(e, "{What} export failed after {Rows} rows (request {RequestId}).", what, written, context.TraceIdentifier);
            var message = e is EventStoreException ? e.Message : $"The check stopped because of an unexpected error (request id {context.TraceIdentifier}); this file is complete only up to here.";
            await response.WriteAsync("#error," + ExportEndpoint.Csv(message) + "\n", cancellationToken);
            return;
        }
        if (last is not null && truncated(last) is { } stopped)
        {
            await response.WriteAsync("#truncated," + ExportEndpoint.Csv(stopped) + "\n", cancellationToken);
        }
    }

    /// <summary>A file name made of letters, digits, '-' and '_' only (the rest become '_'), at most 60 characters.</summary>
    public static string FileSafe(string text) => new(text.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_').Take(60).ToArray());

    private static async Task PlainAsync(HttpResponse response, int status, string message, CancellationToken cancellationToken)
    {
        response.StatusCode = status;
        response.ContentType = "text/plain; charset=utf-8";
        await response.WriteAsync(message, cancellationToken);
    }
}
