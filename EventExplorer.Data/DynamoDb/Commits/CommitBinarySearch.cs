using System.Globalization;
using Amazon.DynamoDBv2.Model;
using EventExplorer.Data.Model;
using static EventExplorer.Data.DynamoDb.CommitItemMapper;

namespace EventExplorer.Data.DynamoDb.Commits;

/// <summary>
/// One binary search over versions (a timeline, consistent reads) or layout-A commit ids (the feed) for the
/// first commit whose committedAt is at or after a time. Each probe reads the few commits at or above a
/// midpoint; commits without a committedAt are stepped over, and the answer is checked against its
/// neighbours (<see cref="TimeTravelCheck"/>), so that missing or backward times are reported rather than
/// landed on silently. Requests: 2 for the ends, at most ceil(log2 n) probes, 1 to confirm the answer's predecessor.
/// </summary>
internal sealed class CommitBinarySearch(KeyRangeReader reader, EventStoreLayout layout, string? aggregateId)
{
    /// <summary>
    /// Items each probe reads: the first is the probe's answer, the others let it step over commits without a
    /// committedAt and show whether time goes backwards next to the answer, for the same one request.
    /// </summary>
    private const int ProbeWidth = 4;

    private readonly bool _feed = aggregateId is null;
    private readonly List<string> _warnings = [];
    private int _requests;

    private string What => _feed ? "commit" : "version";

    /// <summary>ceil(log2 n) for n >= 1.</summary>
    public static int CeilLog2(long n) => n <= 1 ? 0 : 64 - (int)long.LeadingZeroCount(n - 1);

    public async Task<TimeTravelResult> RunAsync(DateTimeOffset at, CancellationToken cancellationToken)
    {
        var lowTask = ReadAsync(Probe(descending: false, null, null), cancellationToken);
        var highTask = ReadAsync(Probe(descending: true, null, null), cancellationToken);
        await Task.WhenAll(lowTask, highTask).ConfigureAwait(false);
        var lowWindow = await lowTask.ConfigureAwait(false);
        var highWindow = await highTask.ConfigureAwait(false);

        if (lowWindow.Count == 0 || Key(lowWindow[0]) is not { } lowest || Key(highWindow[0]) is not { } highest)
        {
            if (lowWindow.Count > 0) _warnings.Add($"The first or last {What} has no usable {(_feed ? Attr.CommitId : Attr.Version)}; nothing to search by.");
            return Result(null, 0, confirmed: lowWindow.Count == 0);
        }
        var span = (long)Math.Min(long.MaxValue, Math.Max(1, Math.Floor(highest) - Math.Ceiling(lowest) + 1));

        // At or before the first commit with a time: the first commit is the answer, nothing lies below it.
        var firstTimed = lowWindow.FirstOrDefault(c => c.CommittedAt is not null);
        if (firstTimed is not null && firstTimed.CommittedAt >= at && ReferenceEquals(firstTimed, lowWindow[0]))
        {
            TimeTravelCheck.CheckWindow([], lowWindow, at, What, _warnings);
            return Result(lowWindow[0], span, confirmed: true);
        }
        var lastTimed = highWindow.FirstOrDefault(c => c.CommittedAt is not null);
        if (lastTimed is not null && lastTimed.CommittedAt < at && ReferenceEquals(lastTimed, highWindow[0]))
        {
            // Nothing at or after the time: the caller opens the newest page.
            return Result(null, span, confirmed: true);
        }

        var (answer, answerWindow) = await NarrowAsync(at, lowest, highest, highWindow[0], 2 * CeilLog2(span) + 2, cancellationToken).ConfigureAwait(false);

        // Confirm: the commits just below the answer must be before the time.
        var below = await ReadAsync(Probe(descending: true, "<", Key(answer)!.Value), cancellationToken).ConfigureAwait(false);
        var confirmed = TimeTravelCheck.CheckWindow(below, answerWindow, at, What, _warnings);
        return Result(answer, span, confirmed);
    }

    /// <summary>
    /// Halves (lo, hi] until the answer is found or the request bound is near. Invariant: the commit at lo is
    /// before the time (or has none), the answer (at hi) is at or after it, and the answer lies in (lo, hi].
    /// Commits without a time count as before it; the check at the end names those that lie next to the
    /// answer, so a landing they may have moved is never silent.
    /// </summary>
    private async Task<(Commit Answer, List<Commit> AnswerWindow)> NarrowAsync(DateTimeOffset at, decimal lo, decimal hi, Commit highest, int bound, CancellationToken cancellationToken)
    {
        var answer = highest;
        var answerWindow = new List<Commit> { highest };
        while (hi - lo > 1 && _requests < bound - 1)
        {
            var mid = lo + Math.Floor((hi - lo) / 2);
            var window = await ReadAsync(Probe(descending: false, ">=", mid), cancellationToken).ConfigureAwait(false);
            var timed = window.FirstOrDefault(c => c.CommittedAt is not null && Key(c) < hi);
            if (timed is null)
            {
                var untimed = window.Where(c => Key(c) < hi).ToList();
                if (untimed.Count == 0)
                {
                    // Nothing at all between mid and hi: the answer lies below mid, or is the one at hi.
                    hi = mid;
                    continue;
                }
                // Only commits without a time: they count as before it, so the search lands on the first commit
                // with a known time after them, and the check names them as lying just before the answer.
                if (untimed.Count == ProbeWidth) _warnings.Add($"committedAt is missing on {What}s {string.Join(", ", untimed.Select(c => TimeTravelCheck.DescribeCommit(c, _feed)))} (and perhaps more after them); they were passed over.");
                lo = Key(untimed[^1])!.Value;
            }
            else if (timed.CommittedAt >= at)
            {
                hi = Key(timed)!.Value;
                answer = timed;
                answerWindow = window.SkipWhile(c => !ReferenceEquals(c, timed)).ToList();
            }
            else
            {
                lo = Key(timed)!.Value;
            }
        }
        if (hi - lo > 1)
        {
            _warnings.Add($"The search ran out of requests ({_requests} of {bound}) before it narrowed down the {What}s; it shows the nearest {What} found.");
        }
        return (answer, answerWindow);
    }

    private QueryRequest Probe(bool descending, string? op, decimal? value)
    {
        (string, AttributeValue)? condition = op is null ? null : (op, new AttributeValue { N = Whole(value!.Value) });
        var request = _feed ? reader.IndexRequest(descending, condition) : reader.TimelineRequest(aggregateId!, descending, condition);
        request.Limit = ProbeWidth;
        return request;
    }

    private async Task<List<Commit>> ReadAsync(QueryRequest request, CancellationToken cancellationToken)
    {
        _requests++;
        var response = await reader.QueryAsync(request, cancellationToken).ConfigureAwait(false);
        return (response.Items ?? []).Select(item => Map(item, layout)).ToList();
    }

    private decimal? Key(Commit commit) => _feed ? commit.CommitId?.Number : commit.Version;

    private TimeTravelResult Result(Commit? answer, long span, bool confirmed) => new()
    {
        Commit = answer,
        Position = answer is null ? null : _feed ? answer.CommitId?.Text : Key(answer) is { } k ? Whole(Math.Floor(k)) : null,
        Method = TimeTravelMethod.BinarySearch,
        Requests = _requests,
        Span = span,
        RequestBound = 2 * CeilLog2(Math.Max(1, span)) + 2,
        Warnings = _warnings,
        Confirmed = confirmed && _warnings.Count == 0,
    };

    private static string Whole(decimal value) => Math.Floor(value).ToString(CultureInfo.InvariantCulture);
}
