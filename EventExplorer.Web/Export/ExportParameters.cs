using EventExplorer.Web.Model;
using System.Globalization;
using EventExplorer.Data.Errors;
using EventExplorer.Data.Model;
using EventExplorer.Web.Model.Json;
using EventExplorer.Web.Model.Urls;

namespace EventExplorer.Web.Export;

public enum ExportFormat
{
    JsonLines,
    Csv,
}

/// <summary>
/// What an /export link asks for, as <see cref="ExplorerUrls.ExportTimeline"/> and <see cref="ExplorerUrls.ExportFeed"/>
/// write it (plus <c>after</c>/<c>cursor</c>, where a truncated export continues). Read as untrusted input:
/// anything that does not fit is refused, saying why (the endpoint answers 400), never guessed.
/// </summary>
public sealed record ExportParameters
{
    public required ExportFormat Format { get; init; }
    public required CommitRange Range { get; init; }
    public CommitFilter? Filter { get; init; }

    /// <summary>The query as typed (for the continue link and the file name); null exports every commit of the range.</summary>
    public string? Query { get; init; }

    public bool IgnoreCase { get; init; }

    /// <summary>Reads the link's parameters; throws <see cref="InvalidQueryException"/> saying what is wrong.</summary>
    public static ExportParameters Parse(string url)
    {
        var query = QueryReader.FromUrl(url);
        var format = query.Text("format") ?? "jsonl";
        if (format is not ("jsonl" or "csv")) throw new InvalidQueryException($"format '{format}' is not one of 'jsonl', 'csv'.");
        var aggregate = query.Text("aggregate")?.Trim();
        var since = query.Time("since", "since");
        var until = query.Time("until", "until");
        var ignoreCase = query.Choice("case", "case", "exact", "exact", "ignore") == "ignore";
        var text = query.Text("q");
        var payload = text is null ? null : PayloadQuery.Parse(text, ignoreCase);
        CommitRange range;
        if (!string.IsNullOrEmpty(aggregate))
        {
            if (since is not null || until is not null) throw new InvalidQueryException("since and until bound an export of the feed; for one aggregate give versions (from, to).");
            if (query.Text("prefix") is not null) throw new InvalidQueryException("prefix filters the feed; an export of one aggregate cannot use it.");
            range = CommitRange.Aggregate(aggregate, query.WholeNumber("from", "from"), query.WholeNumber("to", "to"));
        }
        else
        {
            range = new CommitRange { FromCommitId = query.Text("from")?.Trim(), ToCommitId = query.Text("to")?.Trim(), FromTime = since, ToTime = until };
        }
        if (query.Problems.Count > 0) throw new InvalidQueryException(string.Join(" ", query.Problems).Replace("; it was ignored.", ".", StringComparison.Ordinal));
        var after = query.Text("after") is { } afterText ? new PageLink(PageLinkKind.After, afterText.Trim())
            : query.Text("cursor") is { } cursor ? new PageLink(PageLinkKind.Cursor, cursor) : null;
        var filter = new CommitFilter { EventType = query.Text("type")?.Trim(), AggregateIdPrefix = range.IsFeed ? query.Text("prefix") : null, Payload = payload };
        return new ExportParameters
        {
            Format = format == "csv" ? ExportFormat.Csv : ExportFormat.JsonLines,
            Range = range with { After = after },
            Filter = filter.IsEmpty ? null : filter,
            Query = payload?.ToString(),
            IgnoreCase = ignoreCase,
        };
    }

    public ExportRequest ToRequest() => new() { Range = Range, Filter = Filter };

    /// <summary>The link that exports what is left after <paramref name="resume"/> stopped: same format, filter and upper bound.</summary>
    public string ContinueUrl(CommitRange resume)
    {
        var format = Format == ExportFormat.Csv ? "csv" : "jsonl";
        var url = resume.IsFeed
            ? ExplorerUrls.ExportFeed(resume.FromCommitId, resume.ToCommitId, format, Filter?.EventType, Filter?.AggregateIdPrefix, Query, resume.FromTime, resume.ToTime, IgnoreCase)
            : ExplorerUrls.ExportTimeline(resume.AggregateId!, resume.FromVersion, resume.ToVersion, format, Filter?.EventType, Query, IgnoreCase);
        // The builders always write format=, so the query string has begun.
        return resume.After switch
        {
            { Kind: PageLinkKind.Cursor } cursor => url + "&cursor=" + Uri.EscapeDataString(cursor.Value),
            { } after => url + "&after=" + Uri.EscapeDataString(after.Value),
            null => url,
        };
    }

    /// <summary>A file name that says what the file holds: the aggregate (or the feed), the range, matches only.</summary>
    public string FileName()
    {
        var stem = (Range.AggregateId ?? "feed") + (Query is null ? "" : "-matches");
        var first = Range.After?.Kind == PageLinkKind.After ? "after-" + Range.After.Value
            : Range.IsFeed ? Range.FromCommitId ?? (Range.FromTime is { } from ? Formats.UrlTime(from) : "first") : Range.FromVersion?.ToString(CultureInfo.InvariantCulture) ?? "first";
        var last = Range.IsFeed ? Range.ToCommitId ?? (Range.ToTime is { } to ? Formats.UrlTime(to) : "last") : Range.ToVersion?.ToString(CultureInfo.InvariantCulture) ?? "last";
        return Path.ChangeExtension(CommitExport.FileName(stem, first, last), Format == ExportFormat.Csv ? ".csv" : ".jsonl");
    }
}
