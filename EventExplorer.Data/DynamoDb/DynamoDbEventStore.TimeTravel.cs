using System.Globalization;
using Amazon.DynamoDBv2.Model;
using EventExplorer.Data.Errors;
using EventExplorer.Data.Model;
using static EventExplorer.Data.DynamoDb.CommitItemMapper;

namespace EventExplorer.Data.DynamoDb;

public sealed partial class DynamoDbEventStore
{
    /// <summary>
    /// Items each probe of the binary search reads: the first is the probe's answer, the others let it
    /// step over commits without a committedAt and show whether time goes backwards next to the answer,
    /// for the same one request.
    /// </summary>
    private const int ProbeWidth = 4;

    public async Task<TimeTravelResult> FindFirstAtOrAfterAsync(TimeTravelQuery query, CancellationToken cancellationToken)
    {
        if (query.AggregateId is { } aggregateId)
        {
            if (string.IsNullOrWhiteSpace(aggregateId)) throw new InvalidQueryException("An aggregate id is required.");
            return await BinarySearchAsync(query.At, aggregateId, cancellationToken).ConfigureAwait(false);
        }
        return await FindFeedAtOrAfterAsync(query.At, cancellationToken).ConfigureAwait(false);
    }

    private async Task<TimeTravelResult> FindFeedAtOrAfterAsync(DateTimeOffset at, CancellationToken cancellationToken)
    {
        var layout = await LayoutAsync(cancellationToken).ConfigureAwait(false);
        if (layout == EventStoreLayout.CounterCommitIds) return await BinarySearchAsync(at, null, cancellationToken).ConfigureAwait(false);

        // Layout B: an id starts with its writer's UTC clock, and the moment's prefix sorts before every id
        // written then, so the first id at or above the prefix is the answer: one request.
        var request = MakeIndexRequest(readDescending: false, (">=", new AttributeValue { S = CommitId.TimestampPrefix(at) }));
        request.Limit = 1;
        var response = await QueryAsync(request, cancellationToken).ConfigureAwait(false);
        var item = response.Items?.FirstOrDefault();
        var commit = item is null ? null : Map(item, layout);
        var warnings = new List<string>();
        if (commit is not null && commit.CommittedAt is { } committed && commit.CommitId?.Timestamp is { } idTime && committed != idTime)
        {
            warnings.Add($"Commit {commit.CommitId} was written at {Time(idTime)} by its id but has committedAt {Time(committed)}; the feed is ordered by the id.");
        }
        return new TimeTravelResult
        {
            Commit = commit,
            Position = commit?.CommitId?.Text,
            Method = TimeTravelMethod.CommitIdPrefix,
            Requests = 1,
            Span = 0,
            RequestBound = 1,
            Warnings = warnings,
            Confirmed = true,
        };
    }

    /// <summary>
    /// Binary search over versions (a timeline, consistent reads) or layout-A commit ids (the feed) for the
    /// first commit whose committedAt is at or after <paramref name="at"/>. Each probe reads the few commits
    /// at or above a midpoint; commits without a committedAt are stepped over, and the answer is checked
    /// against its neighbours, so that missing or backward times are reported rather than landed on silently.
    /// Requests: 2 for the ends, at most ceil(log2 n) probes, 1 to confirm the answer's predecessor.
    /// </summary>
    private async Task<TimeTravelResult> BinarySearchAsync(DateTimeOffset at, string? aggregateId, CancellationToken cancellationToken)
    {
        var layout = await LayoutAsync(cancellationToken).ConfigureAwait(false);
        var feed = aggregateId is null;
        var sortName = feed ? Attr.CommitId : Attr.Version;
        var requests = 0;

        QueryRequest Probe(bool descending, string? op, decimal? value)
        {
            QueryRequest request;
            if (feed)
            {
                request = MakeIndexRequest(descending, op is null ? null : (op, new AttributeValue { N = Whole(value!.Value) }));
            }
            else
            {
                request = new QueryRequest
                {
                    TableName = _tables.Commits,
                    ConsistentRead = true,
                    ScanIndexForward = !descending,
                    KeyConditionExpression = "#a = :a",
                    ExpressionAttributeNames = new() { ["#a"] = Attr.AggregateId },
                    ExpressionAttributeValues = new() { [":a"] = new AttributeValue { S = aggregateId } },
                };
                if (op is not null)
                {
                    request.KeyConditionExpression += $" AND #v {op} :v";
                    request.ExpressionAttributeNames["#v"] = Attr.Version;
                    request.ExpressionAttributeValues[":v"] = new AttributeValue { N = Whole(value!.Value) };
                }
            }
            request.Limit = ProbeWidth;
            return request;
        }

        async Task<List<Commit>> Read(QueryRequest request)
        {
            requests++;
            var response = await QueryAsync(request, cancellationToken).ConfigureAwait(false);
            return (response.Items ?? []).Select(item => Map(item, layout)).ToList();
        }

        decimal? Key(Commit commit) => feed ? commit.CommitId?.Number : commit.Version;

        var lowTask = Read(Probe(descending: false, null, null));
        var highTask = Read(Probe(descending: true, null, null));
        await Task.WhenAll(lowTask, highTask).ConfigureAwait(false);
        var lowWindow = await lowTask.ConfigureAwait(false);
        var highWindow = await highTask.ConfigureAwait(false);

        var warnings = new List<string>();
        var what = feed ? "commit" : "version";
        if (lowWindow.Count == 0 || Key(lowWindow[0]) is not { } lowest || Key(highWindow[0]) is not { } highest)
        {
            if (lowWindow.Count > 0) warnings.Add($"The first or last {what} has no usable {sortName}; nothing to search by.");
            return Result(null, 0, warnings, confirmed: lowWindow.Count == 0);
        }
        var span = (long)Math.Min(long.MaxValue, Math.Max(1, Math.Floor(highest) - Math.Ceiling(lowest) + 1));
        var bound = 2 * CeilLog2(span) + 2;

        TimeTravelResult Result(Commit? answer, long n, List<string> w, bool confirmed) => new()
        {
            Commit = answer,
            Position = answer is null ? null : feed ? answer.CommitId?.Text : Key(answer) is { } k ? Whole(Math.Floor(k)) : null,
            Method = TimeTravelMethod.BinarySearch,
            Requests = requests,
            Span = n,
            RequestBound = 2 * CeilLog2(Math.Max(1, n)) + 2,
            Warnings = w,
            Confirmed = confirmed && w.Count == 0,
        };

        // At or before the first commit with a time: the first commit is the answer, nothing lies below it.
        var firstTimed = lowWindow.FirstOrDefault(c => c.CommittedAt is not null);
        if (firstTimed is not null && firstTimed.CommittedAt >= at && ReferenceEquals(firstTimed, lowWindow[0]))
        {
            CheckWindow([], lowWindow, at, what, warnings);
            return Result(lowWindow[0], span, warnings, confirmed: true);
        }
        var lastTimed = highWindow.FirstOrDefault(c => c.CommittedAt is not null);
        if (lastTimed is not null && lastTimed.CommittedAt < at && ReferenceEquals(lastTimed, highWindow[0]))
        {
            // Nothing at or after the time: the caller opens the newest page.
            return Result(null, span, warnings, confirmed: true);
        }

        // Invariant: the commit at lo is before the time (or has none), `answer` (at hi) is at or after it, and the
        // answer lies in (lo, hi]. Commits without a time count as before it; the check at the end names those that
        // lie next to the answer, so a landing they may have moved is never silent.
        var lo = lowest;
        var answer = highWindow[0];
        var answerWindow = new List<Commit> { highWindow[0] };
        var hi = highest;
        while (hi - lo > 1 && requests < bound - 1)
        {
            var mid = lo + Math.Floor((hi - lo) / 2);
            var window = await Read(Probe(descending: false, ">=", mid)).ConfigureAwait(false);
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
                // with a known time after them, and the check below names them as lying just before the answer.
                if (untimed.Count == ProbeWidth) warnings.Add($"committedAt is missing on {what}s {string.Join(", ", untimed.Select(c => DescribeCommit(c, feed)))} (and perhaps more after them); they were passed over.");
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
            warnings.Add($"The search ran out of requests ({requests} of {bound}) before it narrowed down the {what}s; it shows the nearest {what} found.");
        }

        // Confirm: the commits just below the answer must be before the time.
        var below = await Read(Probe(descending: true, "<", Key(answer)!.Value)).ConfigureAwait(false);
        var confirmed = CheckWindow(below, answerWindow, at, what, warnings);
        return Result(answer, span, warnings, confirmed);
    }

    /// <summary>
    /// Checks the commits around an answer (<paramref name="below"/> newest first, <paramref name="from"/> the
    /// answer first and what follows it): the one before must be before the time, times should not go backwards,
    /// and commits without a time are named. True when the answer is confirmed.
    /// </summary>
    private static bool CheckWindow(List<Commit> below, List<Commit> from, DateTimeOffset at, string what, List<string> warnings)
    {
        var confirmed = true;
        var feed = what == "commit";
        var answer = from[0];
        if (answer.CommittedAt is null)
        {
            warnings.Add($"committedAt is missing on the {what} found, {DescribeCommit(answer, feed)}: the search could not tell whether it is at or after {Time(at)}.");
            confirmed = false;
        }
        var previousTimed = below.FirstOrDefault(c => c.CommittedAt is not null);
        var missingBefore = below.TakeWhile(c => c.CommittedAt is null).Reverse().ToList();
        if (missingBefore.Count > 0)
        {
            warnings.Add($"committedAt is missing on {what}{(missingBefore.Count == 1 ? "" : "s")} {string.Join(", ", missingBefore.Select(c => DescribeCommit(c, feed)))} just before the answer: {(missingBefore.Count == 1 ? "it" : "they")} may belong at or after {Time(at)}.");
            confirmed = false;
        }
        if (previousTimed is not null && previousTimed.CommittedAt >= at)
        {
            warnings.Add($"committedAt goes backwards: {what} {DescribeCommit(previousTimed, feed)} comes before the answer {DescribeCommit(answer, feed)} but has {Time(previousTimed.CommittedAt!.Value)}, which is not before {Time(at)}.");
            confirmed = false;
        }
        var ordered = below.AsEnumerable().Reverse().Concat(from).Where(c => c.CommittedAt is not null).ToList();
        for (var i = 1; i < ordered.Count; i++)
        {
            if (ordered[i].CommittedAt < ordered[i - 1].CommittedAt && !(ReferenceEquals(ordered[i - 1], previousTimed) && ReferenceEquals(ordered[i], answer)))
            {
                warnings.Add($"committedAt goes backwards near the answer: {what} {DescribeCommit(ordered[i - 1], feed)} has {Time(ordered[i - 1].CommittedAt!.Value)}, the next one, {DescribeCommit(ordered[i], feed)}, {Time(ordered[i].CommittedAt!.Value)}.");
                if (ordered[i].CommittedAt < at) confirmed = false;
            }
        }
        var missingAfter = from.Skip(1).Where(c => c.CommittedAt is null).ToList();
        if (missingAfter.Count > 0) warnings.Add($"committedAt is missing on {what}{(missingAfter.Count == 1 ? "" : "s")} {string.Join(", ", missingAfter.Select(c => DescribeCommit(c, feed)))} just after the answer.");
        return confirmed;
    }

    /// <summary>How a warning names a commit: by commit id (and aggregate and version) in the feed, by version in a timeline.</summary>
    private static string DescribeCommit(Commit commit, bool feed) =>
        feed && commit.CommitId is { } id && commit.Version is { } v
            ? $"{id} ({commit.AggregateId} v{v.ToString(CultureInfo.InvariantCulture)})"
            : commit.Version is { } version ? version.ToString(CultureInfo.InvariantCulture)
            : commit.Key.Replace('\u0000', ' ');

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static string Whole(decimal value) => Math.Floor(value).ToString(CultureInfo.InvariantCulture);

    /// <summary>ceil(log2 n) for n >= 1.</summary>
    internal static int CeilLog2(long n) => n <= 1 ? 0 : 64 - (int)long.LeadingZeroCount(n - 1);
}
