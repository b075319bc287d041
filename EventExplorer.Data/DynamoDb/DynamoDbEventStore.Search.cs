using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Amazon.DynamoDBv2.Model;
using EventExplorer.Data.Errors;
using EventExplorer.Data.Json;
using EventExplorer.Data.Model;
using static EventExplorer.Data.DynamoDb.CommitItemMapper;

namespace EventExplorer.Data.DynamoDb;

/// <summary>
/// Long reads over a range in replay order: payload search, field history and export. Each reads the
/// range response by response (the next request already in flight while one is handled), keeps only what
/// it returns, and ends at the range's end, its budget, its result limit or the caller's token.
/// </summary>
public sealed partial class DynamoDbEventStore : IEventStoreSearch
{
    /// <summary>Malformed items listed over one read; the rest are only counted.</summary>
    public const int MaxMalformedListed = 100;

    public async IAsyncEnumerable<SearchProgress> SearchAsync(SearchRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        request.Budget.Validate();
        if (request.MaxMatches is < 1 or > SearchRequest.MaxMatchesLimit)
        {
            throw new InvalidQueryException($"The number of matches to stop at must be between 1 and {SearchRequest.MaxMatchesLimit:N0} (got {request.MaxMatches:N0}).");
        }
        ValidateFilter(request.Filter, request.Range);
        var range = await ResolveRangeAsync(request.Range, cancellationToken).ConfigureAwait(false);
        var (estimate, estimateRequests) = await EstimateAsync(range, cancellationToken).ConfigureAwait(false);
        var cost = range.Cost.Add(0, 0, null, estimateRequests);
        var matchCount = 0;
        var malformed = new MalformedTally();

        SearchProgress Progress(List<SearchMatch> matches, ReadState state, SearchRequest? resume) => new()
        {
            NewMatches = matches,
            NewMalformed = malformed.TakeNew(),
            MatchCount = matchCount,
            MalformedCount = malformed.Count,
            Cost = cost,
            EstimatedItems = estimate,
            State = state,
            Resume = resume,
            Warnings = range.Warnings,
        };

        if (range.Empty)
        {
            yield return Progress([], ReadState.Completed, null);
            yield break;
        }
        yield return Progress([], ReadState.Reading, null);

        var layout = range.Layout;
        var preFilter = PreFilter.For(request.Filter, request.Query);
        await foreach (var batch in ReadBatchesAsync(() => MakeRangeRequest(range, preFilter), range.StartKey, request.Budget, prefetch: true, null, cancellationToken).ConfigureAwait(false))
        {
            cost = cost.Add(batch.Scanned, batch.Items.Count, batch.CapacityUnits);
            var matches = new List<SearchMatch>();
            var stoppedAt = -1;
            for (var i = 0; i < batch.Items.Count; i++)
            {
                var item = batch.Items[i];
                if (IsPassedOver(range, item)) continue;
                var found = MatchItem(item, request.Query, request.Filter, layout, malformed);
                if (found is null) continue;
                matches.Add(found);
                if (++matchCount == request.MaxMatches)
                {
                    stoppedAt = i;
                    break;
                }
            }

            if (stoppedAt >= 0)
            {
                var next = stoppedAt + 1 < batch.Items.Count ? batch.Items[stoppedAt + 1] : null;
                // Items the pre-filter rejected after the last one returned cannot match: continue after all of them.
                var (after, nextReturned) = next is not null ? (batch.Items[stoppedAt], next) : (batch.LastEvaluatedKey ?? batch.Items[stoppedAt], null);
                if (next is null && batch.LastEvaluatedKey is null)
                {
                    yield return Progress(matches, ReadState.Completed, null);
                    yield break;
                }
                var (resume, requests) = await ResumeAfterAsync(range, after, nextReturned, cancellationToken).ConfigureAwait(false);
                cost = cost.Add(0, 0, null, requests);
                yield return Progress(matches, ReadState.ResultLimitReached, request with { Range = resume });
                yield break;
            }
            if (batch.LastEvaluatedKey is null)
            {
                yield return Progress(matches, ReadState.Completed, null);
                yield break;
            }
            if (batch.BudgetSpent)
            {
                var (resume, requests) = await ResumeAfterAsync(range, batch.LastEvaluatedKey, null, cancellationToken).ConfigureAwait(false);
                cost = cost.Add(0, 0, null, requests);
                yield return Progress(matches, ReadState.BudgetExhausted, request with { Range = resume });
                yield break;
            }
            yield return Progress(matches, ReadState.Reading, null);
        }
    }

    public async IAsyncEnumerable<FieldHistoryProgress> ReadFieldHistoryAsync(FieldHistoryRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        request.Budget.Validate();
        if (request.MaxChanges is < 1 or > 10_000) throw new InvalidQueryException($"The number of changes to stop at must be between 1 and 10,000 (got {request.MaxChanges:N0}).");
        if (request.PreviousValueJson is { } previousText && StoredJson.FindError(previousText) is { } error) throw new InvalidQueryException($"The previous value is not JSON: {error}");
        var range = await ResolveRangeAsync(CommitRange.Aggregate(request.AggregateId, request.FromVersion), cancellationToken).ConfigureAwait(false);
        var (estimate, estimateRequests) = await EstimateAsync(range, cancellationToken).ConfigureAwait(false);
        var cost = range.Cost.Add(0, 0, null, estimateRequests);
        var changeCount = 0;
        var malformed = new MalformedTally();
        var previous = request.PreviousValueJson;

        FieldHistoryProgress Progress(List<FieldChange> changes, ReadState state, FieldHistoryRequest? resume) => new()
        {
            NewChanges = changes,
            NewMalformed = malformed.TakeNew(),
            ChangeCount = changeCount,
            MalformedCount = malformed.Count,
            Cost = cost,
            EstimatedItems = estimate,
            State = state,
            Resume = resume,
        };

        yield return Progress([], ReadState.Reading, null);
        var layout = range.Layout;
        var preFilter = PreFilter.For(null, null, request.Path);
        var places = new List<(string Path, JsonElement Value)>();
        await foreach (var batch in ReadBatchesAsync(() => MakeRangeRequest(range, preFilter), null, request.Budget, prefetch: true, null, cancellationToken).ConfigureAwait(false))
        {
            cost = cost.Add(batch.Scanned, batch.Items.Count, batch.CapacityUnits);
            var changes = new List<FieldChange>();
            Dictionary<string, AttributeValue>? stoppedAfter = null;
            foreach (var item in batch.Items)
            {
                using var document = ParseEvents(item, layout, malformed);
                if (document is null) continue;
                CommitRef? commit = null;
                var index = 0;
                foreach (var element in document.RootElement.EnumerateArray())
                {
                    places.Clear();
                    request.Path.Find(element, places);
                    foreach (var (path, value) in places)
                    {
                        commit ??= CommitRef.Of(Map(item, layout));
                        var json = StoredJson.WriteCompact(value);
                        changes.Add(new FieldChange
                        {
                            Commit = commit,
                            EventIndex = index,
                            EventType = TypeOf(element),
                            Path = path,
                            OldValueJson = previous,
                            NewValueJson = json,
                            Changed = previous is null || !PayloadMatcher.JsonTextEquals(previous, json),
                        });
                        previous = json;
                        changeCount++;
                    }
                    index++;
                }
                // A commit's rows are never split: the limit is checked between commits.
                if (changeCount >= request.MaxChanges)
                {
                    stoppedAfter = item;
                    break;
                }
            }

            var endOfRange = batch.LastEvaluatedKey is null && (stoppedAfter is null || ReferenceEquals(stoppedAfter, batch.Items[^1]));
            if (endOfRange)
            {
                yield return Progress(changes, ReadState.Completed, null);
                yield break;
            }
            if (stoppedAfter is not null || batch.BudgetSpent)
            {
                var after = stoppedAfter ?? batch.LastEvaluatedKey!;
                // Versions are unique, so "from the next version" is exact (a stored 2.5 resumes from 3). After a
                // version past long (1E+125, another program's) no later one can be named: the read ends there.
                if (StoredNumber.NextWhole(after[Attr.Version].N) is not { } from)
                {
                    yield return Progress(changes, ReadState.Completed, null);
                    yield break;
                }
                yield return Progress(changes, stoppedAfter is not null ? ReadState.ResultLimitReached : ReadState.BudgetExhausted,
                    request with { FromVersion = from, PreviousValueJson = previous });
                yield break;
            }
            yield return Progress(changes, ReadState.Reading, null);
        }
    }

    public async IAsyncEnumerable<Commit> ExportAsync(ExportRequest request, IProgress<ReadCost>? progress, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        request.Budget.Validate();
        ValidateFilter(request.Filter, request.Range);
        var range = await ResolveRangeAsync(request.Range, cancellationToken).ConfigureAwait(false);
        var cost = range.Cost;
        if (range.Empty)
        {
            progress?.Report(cost);
            yield break;
        }
        var layout = range.Layout;
        var filter = request.Filter is { IsEmpty: false } f ? f : null;
        var preFilter = PreFilter.For(filter);
        await foreach (var batch in ReadBatchesAsync(() => MakeRangeRequest(range, preFilter), range.StartKey, request.Budget, prefetch: true, null, cancellationToken).ConfigureAwait(false))
        {
            cost = cost.Add(batch.Scanned, batch.Items.Count, batch.CapacityUnits);
            foreach (var item in batch.Items)
            {
                if (IsPassedOver(range, item)) continue;
                var commit = Map(item, layout);
                if (filter is not null && !filter.Matches(commit)) continue;
                yield return commit;
            }
            progress?.Report(cost);
            if (batch.LastEvaluatedKey is null) yield break;
            if (batch.BudgetSpent)
            {
                var (resume, requests) = await ResumeAfterAsync(range, batch.LastEvaluatedKey, null, cancellationToken).ConfigureAwait(false);
                throw new ReadBudgetExhaustedException(request with { Range = resume }, cost.Add(0, 0, null, requests));
            }
        }
    }

    private static void ValidateFilter(CommitFilter? filter, CommitRange range)
    {
        if (filter?.AggregateIdPrefix is { Length: > 0 } && !range.IsFeed)
        {
            throw new InvalidQueryException("A range of one aggregate cannot be filtered by aggregate id prefix.");
        }
    }

    /// <summary>
    /// Matches one item without building a <see cref="Commit"/> unless it matches or is malformed: the
    /// events text is parsed once, and most items of a long read do neither.
    /// </summary>
    private static SearchMatch? MatchItem(Dictionary<string, AttributeValue> item, PayloadQuery query, CommitFilter? filter, EventStoreLayout layout, MalformedTally malformed)
    {
        if (filter?.AggregateIdPrefix is { Length: > 0 } prefix && (item.GetValueOrDefault(Attr.AggregateId)?.S is not { } id || !id.StartsWith(prefix, StringComparison.Ordinal))) return null;
        using var document = ParseEvents(item, layout, malformed);
        if (document is null) return null;

        List<EventMatch>? events = null;
        var typeSeen = string.IsNullOrEmpty(filter?.EventType);
        var extra = filter?.Payload;
        var extraSeen = extra is null;
        var index = 0;
        foreach (var element in document.RootElement.EnumerateArray())
        {
            var type = TypeOf(element);
            if (!typeSeen && type == filter!.EventType) typeSeen = true;
            if (!extraSeen && PayloadMatcher.Match(extra!, element).Count > 0) extraSeen = true;
            var paths = PayloadMatcher.Match(query, element);
            if (paths.Count > 0) (events ??= []).Add(new EventMatch { Index = index, Type = type, Paths = paths });
            index++;
        }
        if (events is null || !typeSeen || !extraSeen) return null;
        return new SearchMatch { Commit = CommitRef.Of(Map(item, layout)), Events = events };
    }

    /// <summary>
    /// The item's events as a JSON array, or null (the item reported as malformed) when they are not one.
    /// Other defects (a version, commit id or time that is wrong) are reported too, and the item is still read.
    /// </summary>
    private static JsonDocument? ParseEvents(Dictionary<string, AttributeValue> item, EventStoreLayout layout, MalformedTally malformed)
    {
        JsonDocument? document = null;
        var wholeCharacters = true;
        if (item.GetValueOrDefault(Attr.Events)?.S is { } json)
        {
            // Half a character in a string: readable (shown as its escape), and still a defect to report.
            wholeCharacters = StoredJson.FindLoneSurrogate(json) is null;
            try
            {
                document = StoredJson.Parse(json);
                if (document.RootElement.ValueKind != JsonValueKind.Array)
                {
                    document.Dispose();
                    document = null;
                }
            }
            catch (JsonException)
            {
                document = null;
            }
        }
        if (document is null || !wholeCharacters || !LooksWellFormed(item, layout))
        {
            var commit = Map(item, layout);
            if (commit.IsMalformed) malformed.Add(new MalformedItem { Commit = CommitRef.Of(commit), Problems = commit.Problems });
        }
        return document;
    }

    /// <summary>A cheap check of the attributes besides events; only an item that fails it is mapped to find its problems.</summary>
    private static bool LooksWellFormed(Dictionary<string, AttributeValue> item, EventStoreLayout layout)
    {
        if (item.GetValueOrDefault(Attr.AggregateId)?.S is null) return false;
        if (item.GetValueOrDefault(Attr.Version)?.N is not { } version || !long.TryParse(version, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)) return false;
        if (item.GetValueOrDefault(Attr.CommittedAt)?.N is not { } at || !long.TryParse(at, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var ms) || ToTime(ms) is null) return false;
        var id = item.GetValueOrDefault(Attr.CommitId);
        var idText = layout == EventStoreLayout.CounterCommitIds ? id?.N : id?.S;
        return CommitId.TryParse(idText, layout, out _) is not null;
    }

    private static string? TypeOf(JsonElement element) => StoredJson.EventType(element);

    /// <summary>Malformed items met during one read: all counted, the first <see cref="MaxMalformedListed"/> listed, handed out once.</summary>
    private sealed class MalformedTally
    {
        private List<MalformedItem> _new = [];
        private int _listed;

        public long Count { get; private set; }

        public void Add(MalformedItem item)
        {
            Count++;
            if (_listed >= MaxMalformedListed) return;
            _listed++;
            _new.Add(item);
        }

        public List<MalformedItem> TakeNew()
        {
            var taken = _new;
            _new = [];
            return taken;
        }
    }
}
