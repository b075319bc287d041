using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using EventExplorer.Data;
using EventExplorer.Data.Errors;
using EventExplorer.Data.Json;
using EventExplorer.Data.Model;
using EventExplorer.Web.Hosting;
using EventExplorer.Web.Model.Json;
using EventExplorer.Web.Security;

namespace EventExplorer.Web.Export;

/// <summary>
/// <c>GET /export</c>: a range of commits (one aggregate's versions, or the feed by commit id or time),
/// optionally only those matching a type, an aggregate id prefix or a search, downloaded as JSON lines
/// (one commit per line, the shape of <see cref="CommitExport"/>) or CSV (one row per event), in replay
/// order. Streamed: commits are written as the store reads them and nothing is kept, so a 100,000-commit
/// history costs the same memory as ten. It holds one of the user's scan places while it runs (429 when
/// none is free). A file cut short says so in its last line, so it never looks complete:
/// JSON lines end with <c>{"truncated":true,"continueFrom":"/export?...",...}</c>, CSV with a row
/// <c>#truncated,...,continueFrom=/export?...</c>; a failure part-way ends it with an error line the same way.
/// </summary>
public static class ExportEndpoint
{
    public const string CsvHeader = "aggregateId,version,commitId,committedAt,committedAtRaw,eventIndex,eventType,payload,problems";

    /// <summary>Output is handed to the connection once this much is waiting (and at the end).</summary>
    private const int FlushBytes = 64 * 1024;

    public static IEndpointRouteBuilder MapExportEndpoint(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(ExplorerUrls.ExportPath, ExportAsync).RequireAuthorization(ExplorerRoles.ViewerPolicy);
        return endpoints;
    }

    private static async Task ExportAsync(HttpContext context, IEventStoreSearch search, IEventStoreReader reader, ILoggerFactory loggers)
    {
        var response = context.Response;
        var cancellationToken = context.RequestAborted;
        ExportParameters parameters;
        try
        {
            parameters = ExportParameters.Parse(context.Request.QueryString.Value ?? "");
        }
        catch (InvalidQueryException e)
        {
            await PlainAsync(response, StatusCodes.Status400BadRequest, "Bad export link: " + e.Message, cancellationToken);
            return;
        }

        var cost = new LatestCost();
        var budget = context.RequestServices.GetService<ExportBudget>()?.Budget ?? ReadBudget.Export;
        await using var commits = search.ExportAsync(parameters.ToRequest() with { Budget = budget }, cost, cancellationToken).GetAsyncEnumerator(cancellationToken);
        bool any;
        ReadBudgetExhaustedException? stoppedEarly = null;
        // The first read decides the status: a refusal, a bad range or an unreachable store is answered
        // plainly before the file starts.
        try
        {
            any = await commits.MoveNextAsync();
        }
        catch (ScanLimitReachedException e)
        {
            await PlainAsync(response, StatusCodes.Status429TooManyRequests, e.Message, cancellationToken);
            return;
        }
        catch (Exception e) when (e is InvalidQueryException or InvalidCursorException)
        {
            await PlainAsync(response, StatusCodes.Status400BadRequest, "Bad export link: " + e.Message, cancellationToken);
            return;
        }
        catch (ReadBudgetExhaustedException e)
        {
            any = false;
            stoppedEarly = e;
        }
        catch (EventStoreException e)
        {
            await PlainAsync(response, StatusCodes.Status503ServiceUnavailable, "The export could not start: " + e.Message, cancellationToken);
            return;
        }

        // An aggregate without a single commit does not exist: a file with a header only would pass for an empty history.
        if (!any && stoppedEarly is null && parameters.Range is { AggregateId: { } aggregateId, After: null })
        {
            try
            {
                if (await reader.FindAggregateAsync(aggregateId, cancellationToken) is null)
                {
                    await PlainAsync(response, StatusCodes.Status404NotFound, $"Aggregate '{aggregateId}' does not exist: the commit table holds no commit with this id. Ids are exact and case-sensitive.", cancellationToken);
                    return;
                }
            }
            catch (EventStoreException e)
            {
                await PlainAsync(response, StatusCodes.Status503ServiceUnavailable, "The export could not start: " + e.Message, cancellationToken);
                return;
            }
        }

        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = parameters.Format == ExportFormat.Csv ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8";
        response.Headers.ContentDisposition = new System.Net.Http.Headers.ContentDispositionHeaderValue("attachment") { FileName = "\"" + parameters.FileName() + "\"", FileNameStar = parameters.FileName() }.ToString();
        response.Headers.CacheControl = "no-store";
        var output = response.BodyWriter;
        var line = new ArrayBufferWriter<byte>();
        var pending = 0L;
        long written = 0;
        if (parameters.Format == ExportFormat.Csv) pending += Write(output, CsvHeader + "\n");
        try
        {
            while (any)
            {
                line.Clear();
                if (parameters.Format == ExportFormat.Csv) WriteCsv(line, commits.Current);
                else WriteJsonLine(line, commits.Current);
                output.Write(line.WrittenSpan);
                pending += line.WrittenCount;
                written++;
                if (pending >= FlushBytes)
                {
                    await output.FlushAsync(cancellationToken);
                    pending = 0;
                }
                any = await commits.MoveNextAsync();
            }
        }
        catch (ReadBudgetExhaustedException e)
        {
            stoppedEarly = e;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // Too late for a status code: whatever failed (the store, or something we did not foresee), the file
            // ends with what went wrong, so it cannot pass for complete.
            var logger = loggers.CreateLogger(typeof(ExportEndpoint));
            string message;
            if (e is EventStoreException)
            {
                logger.LogWarning(e, "An export failed after {Commits} commits.", written);
                message = e.Message;
            }
            else
            {
                logger.LogError(e, "An export failed unexpectedly after {Commits} commits (request {RequestId}).", written, context.TraceIdentifier);
                message = $"The export stopped because of an unexpected error (request id {context.TraceIdentifier}); this file is complete only up to here.";
            }
            await EndWithErrorAsync(output, parameters.Format, message, written, logger, cancellationToken);
            return;
        }
        if (stoppedEarly is { } stopped)
        {
            var continueFrom = parameters.ContinueUrl(stopped.Resume.Range);
            Write(output, parameters.Format == ExportFormat.Csv
                ? "#truncated," + Csv($"The read budget ran out after {stopped.Cost.ItemsRead:N0} items read; this file is complete up to there. Continue with continueFrom=" + continueFrom) + "\n"
                : JsonLine(w =>
                {
                    w.WriteBoolean("truncated", true);
                    w.WriteString("continueFrom", continueFrom);
                    w.WriteNumber("commitsWritten", written);
                    w.WriteNumber("itemsRead", stopped.Cost.ItemsRead);
                }));
        }
        await output.FlushAsync(cancellationToken);
        loggers.CreateLogger(typeof(ExportEndpoint)).LogInformation("Exported {Commits} commits to {FileName}{Truncated}: {ItemsRead} items read, {CapacityUnits} RCU, {Requests} requests.",
            written, parameters.FileName(), stoppedEarly is null ? "" : " (truncated by the read budget)", cost.Cost.ItemsRead, cost.Cost.CapacityUnits, cost.Cost.Requests);
    }

    /// <summary>The error line (JSON lines) or row (CSV) that ends a file cut short; a connection that is gone already cannot take it.</summary>
    private static async Task EndWithErrorAsync(System.IO.Pipelines.PipeWriter output, ExportFormat format, string message, long written, ILogger logger, CancellationToken cancellationToken)
    {
        try
        {
            Write(output, format == ExportFormat.Csv
                ? "#error," + Csv(message) + "\n"
                : JsonLine(w => { w.WriteBoolean("error", true); w.WriteString("message", message); w.WriteNumber("commitsWritten", written); }));
            await output.FlushAsync(cancellationToken);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or InvalidOperationException)
        {
            logger.LogWarning(e, "The end of a failed export could not be sent: the connection is gone.");
        }
    }

    private static async Task PlainAsync(HttpResponse response, int status, string message, CancellationToken cancellationToken)
    {
        response.StatusCode = status;
        response.ContentType = "text/plain; charset=utf-8";
        await response.WriteAsync(message, cancellationToken);
    }

    /// <summary>One commit on one line: stored events may be indented, and JSON lines allow no line break inside a value.</summary>
    internal static void WriteJsonLine(ArrayBufferWriter<byte> line, Commit commit)
    {
        var start = line.WrittenCount;
        using (var writer = new Utf8JsonWriter(line, StoredJson.CompactWriter)) CommitExport.Write(writer, commit);
        // Valid JSON holds CR and LF only as whitespace between tokens (inside strings they are escaped),
        // and the raw events are written only when they parse: dropping them keeps the same JSON.
        var written = line.WrittenSpan[start..];
        if (written.IndexOfAny((byte)'\n', (byte)'\r') >= 0)
        {
            var compact = written.ToArray().Where(b => b is not ((byte)'\n' or (byte)'\r')).ToArray();
            line.ResetWrittenCount();
            line.Write(compact);
        }
        line.Write("\n"u8);
    }

    /// <summary>One row per event; a commit whose events cannot be read is one row with its raw text and problems.</summary>
    internal static void WriteCsv(ArrayBufferWriter<byte> output, Commit commit)
    {
        var version = commit.Version?.ToString(CultureInfo.InvariantCulture) ?? "";
        var commitId = commit.CommitId?.Text ?? "";
        var at = commit.CommittedAt is { } time ? CommitExport.Time(time) : "";
        var raw = commit.CommittedAt is { } stored ? CommitExport.Raw(stored).ToString(CultureInfo.InvariantCulture) : "";
        var problems = string.Join(" ", commit.Problems);
        var prefix = $"{Csv(commit.AggregateId)},{version},{Csv(commitId)},{at},{raw},";
        var text = new StringBuilder();
        if (commit.Events.Count == 0)
        {
            text.Append(prefix).Append(",,").Append(Csv(commit.EventsJson ?? "")).Append(',').Append(Csv(problems)).Append('\n');
        }
        foreach (var commitEvent in commit.Events)
        {
            text.Append(prefix).Append(commitEvent.Index.ToString(CultureInfo.InvariantCulture)).Append(',').Append(Csv(commitEvent.Type ?? "")).Append(',')
                .Append(Csv(Compact(commitEvent.Json))).Append(',').Append(Csv(problems)).Append('\n');
        }
        Write(output, text.ToString());
    }

    private static string Compact(string json)
    {
        if (StoredJson.FindError(json) is not null) return json;
        using var document = StoredJson.Parse(json);
        return StoredJson.WriteCompact(document.RootElement);
    }

    /// <summary>
    /// A CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break. Text from the table that
    /// a spreadsheet would run as a formula (starting with =, +, -, @, a tab or a carriage return: an aggregate id
    /// or event type another program wrote) gets a leading apostrophe, as OWASP advises for CSV injection, so
    /// opening an export never runs what is stored.
    /// </summary>
    internal static string Csv(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r') value = "'" + value;
        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    private static string JsonLine(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, StoredJson.CompactWriter))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan) + "\n";
    }

    private static int Write(IBufferWriter<byte> output, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        output.Write(bytes);
        return bytes.Length;
    }

    /// <summary>The cost the store reported last (for the log line at the end).</summary>
    private sealed class LatestCost : IProgress<ReadCost>
    {
        public ReadCost Cost { get; private set; } = ReadCost.None;
        public void Report(ReadCost value) => Cost = value;
    }
}

/// <summary>What one export may read (<see cref="ReadBudget.Export"/> unless registered otherwise); a larger range ends truncated with where to continue.</summary>
public sealed record ExportBudget(ReadBudget Budget);
