using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Amazon.DynamoDBv2.Model;
using EventExplorer.Data;
using EventExplorer.Data.DynamoDb;
using EventExplorer.Data.Errors;
using EventExplorer.Data.Json;
using EventExplorer.Data.Model;

namespace EventExplorer.Tests.Fakes;

/// <summary>
/// The fake's filtered pages and find-anything reads, in memory. They follow the real store's rules
/// where a page or a view can tell: budgets count items read, links continue from where reading
/// stopped (plain values, a cursor where a commit id repeats across the stop), matching and field
/// history use the data layer's own <see cref="PayloadMatcher"/> and <see cref="JsonPathPattern"/>, and
/// malformed items are reported, not thrown. A "response" is <see cref="ItemsPerResponse"/> items.
/// </summary>
public sealed partial class FakeEventStore : IEventStoreSearch
{
    /// <summary>Items per simulated response: the streamed reads give one update per this many items.</summary>
    public int ItemsPerResponse { get; set; } = 100;

    private CommitPage FilteredTimeline(RangeRead<Commit> range, TimelineQuery query, CommitFilter filter)
    {
        if (!string.IsNullOrEmpty(filter.AggregateIdPrefix)) throw new InvalidQueryException("A timeline shows one aggregate: filter it by event type or payload, not by aggregate id prefix.");
        var (items, older, newer, read) = ReadFiltered(range, filter, query.Budget, feed: false, query.Position);
        return new CommitPage { Items = InOrder(items, range.Descending, query.Order), Older = older, Newer = newer, RequestCount = read.Cost.Requests, Filtered = read };
    }

    private FeedPage FilteredFeed(RangeRead<Commit> range, FeedQuery query, CommitFilter filter)
    {
        var (items, older, newer, read) = ReadFiltered(range, filter, query.Budget, feed: true, query.Position);
        return new FeedPage { Items = InOrder(items, range.Descending, query.Order), Older = older, Newer = newer, RequestCount = read.Cost.Requests, Filtered = read };
    }

    private (List<Commit> Items, PageLink? Older, PageLink? Newer, FilteredRead Read) ReadFiltered(
        RangeRead<Commit> range, CommitFilter filter, ReadBudget? requested, bool feed, PageLink? position)
    {
        var budget = requested ?? ReadBudget.Page;
        budget.Validate();
        var step = range.Descending ? -1 : 1;
        var shown = new List<Commit>();
        long read = 0;
        var malformed = 0;
        Commit? beyond = null, stop = null;
        var budgetStop = false;
        var i = range.FirstIndex;
        for (; i >= 0 && i < range.Ascending.Count; i += step)
        {
            if (shown.Count == range.PageSize)
            {
                beyond = range.Ascending[i];
                break;
            }
            if (read == budget.MaxItems)
            {
                budgetStop = true;
                stop = range.Ascending[i - step];
                break;
            }
            var commit = range.Ascending[i];
            read++;
            if (filter.Matches(commit)) shown.Add(commit);
            else if (commit.Problems.Any(p => p.StartsWith("events", StringComparison.Ordinal))) malformed++;
        }

        var far = range.Descending ? Direction.Older : Direction.Newer;
        var near = range.Descending ? Direction.Newer : Direction.Older;
        PageLink? farLink = null, nearLink = null;
        if (beyond is not null) farLink = range.Link(far, shown[^1], beyond);
        else if (budgetStop) farLink = StopLink(feed, far, stop!, i >= 0 && i < range.Ascending.Count ? range.Ascending[i] : null);

        switch (range.Start)
        {
            case Start.Value or Start.Cursor when shown.Count > 0:
                nearLink = range.Link(near, shown[0], range.CursorItem);
                break;
            case Start.Value or Start.Cursor when budgetStop:
                nearLink = StopLink(feed, near, stop!, null);
                break;
            case Start.Value or Start.Cursor:
                nearLink = BackToStart(feed, near, position, range.CursorItem);
                break;
            case Start.Jump when range.FirstIndex > 0:
                nearLink = shown.Count > 0 ? range.Link(near, shown[0], null) : range.EmptyJumpOlder!();
                break;
        }
        var filtered = new FilteredRead
        {
            Cost = new ReadCost { ItemsRead = read, ItemsReturned = read, CapacityUnits = read * 0.5, Requests = 1 },
            StoppedByBudget = budgetStop,
            Budget = budget,
            MalformedSkipped = malformed,
        };
        return (shown, range.Descending ? farLink : nearLink, range.Descending ? nearLink : farLink, filtered);
    }

    /// <summary>The link strictly past the last commit read: plain unless the next one shares its commit id.</summary>
    private PageLink StopLink(bool feed, Direction direction, Commit stop, Commit? next)
    {
        if (!feed) return new PageLink(Plain(direction), stop.Version!.Value.ToString(CultureInfo.InvariantCulture));
        return next is not null && next.CommitId == stop.CommitId
            ? new PageLink(PageLinkKind.Cursor, FakeCursor.Encode("feed", direction == Direction.Older, stop.Key))
            : new PageLink(Plain(direction), stop.CommitId!.Value.Text);
    }

    private PageLink BackToStart(bool feed, Direction direction, PageLink? position, Commit? cursorItem)
    {
        long? start = position is { Kind: PageLinkKind.Before or PageLinkKind.After } link ? long.Parse(link.Value, CultureInfo.InvariantCulture)
            : feed ? cursorItem?.CommitId?.Number : cursorItem?.Version;
        if ((feed && Layout == EventStoreLayout.TimestampCommitIds) || start is not { } value)
        {
            return new PageLink(PageLinkKind.Cursor, FakeCursor.Encode("feed", direction == Direction.Older, null));
        }
        return new PageLink(Plain(direction), (direction == Direction.Newer ? value - 1 : value + 1).ToString(CultureInfo.InvariantCulture));
    }

    public async IAsyncEnumerable<SearchProgress> SearchAsync(SearchRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await EnterAsync(nameof(SearchAsync), cancellationToken);
        request.Budget.Validate();
        if (request.MaxMatches is < 1 or > SearchRequest.MaxMatchesLimit) throw new InvalidQueryException($"The number of matches to stop at must be between 1 and {SearchRequest.MaxMatchesLimit:N0} (got {request.MaxMatches:N0}).");
        var range = Resolve(request.Range, request.Filter);
        var matches = 0;
        long malformed = 0;
        var cost = ReadCost.None;
        yield return Progress([], [], ReadState.Reading, null);

        var index = 0;
        while (true)
        {
            var newMatches = new List<SearchMatch>();
            var newMalformed = new List<MalformedItem>();
            var chunk = range.Items.Skip(index).Take(ItemsPerResponse).ToList();
            foreach (var commit in chunk)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (cost.ItemsRead == request.Budget.MaxItems)
                {
                    yield return Progress(newMatches, newMalformed, ReadState.BudgetExhausted, request with { Range = ResumeAfter(range, range.Items[index - 1], index) });
                    yield break;
                }
                cost = cost.Add(1, 1, 0.5, 0);
                index++;
                if (commit.IsMalformed)
                {
                    malformed++;
                    newMalformed.Add(new MalformedItem { Commit = CommitRef.Of(commit), Problems = commit.Problems });
                }
                if (request.Filter is { } filter && !filter.Matches(commit)) continue;
                var events = PayloadMatcher.Match(request.Query, commit);
                if (events.Count == 0) continue;
                newMatches.Add(new SearchMatch { Commit = CommitRef.Of(commit), Events = events });
                if (++matches == request.MaxMatches)
                {
                    var done = index == range.Items.Count;
                    yield return Progress(newMatches, newMalformed, done ? ReadState.Completed : ReadState.ResultLimitReached,
                        done ? null : request with { Range = ResumeAfter(range, commit, index) });
                    yield break;
                }
            }
            cost = cost with { Requests = cost.Requests + 1 };
            if (index >= range.Items.Count)
            {
                yield return Progress(newMatches, newMalformed, ReadState.Completed, null);
                yield break;
            }
            yield return Progress(newMatches, newMalformed, ReadState.Reading, null);
        }

        SearchProgress Progress(List<SearchMatch> found, List<MalformedItem> bad, ReadState state, SearchRequest? resume) => new()
        {
            NewMatches = found,
            NewMalformed = bad,
            MatchCount = matches,
            MalformedCount = malformed,
            Cost = cost,
            EstimatedItems = range.Items.Count,
            State = state,
            Resume = resume,
        };
    }

    public async IAsyncEnumerable<FieldHistoryProgress> ReadFieldHistoryAsync(FieldHistoryRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await EnterAsync(nameof(ReadFieldHistoryAsync), cancellationToken);
        request.Budget.Validate();
        var commits = Resolve(CommitRange.Aggregate(request.AggregateId, request.FromVersion), null).Items;
        var changes = new List<FieldChange>();
        var previous = request.PreviousValueJson;
        long read = 0;
        var places = new List<(string Path, JsonElement Value)>();
        foreach (var commit in commits)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (read == request.Budget.MaxItems || changes.Count >= request.MaxChanges)
            {
                var state = changes.Count >= request.MaxChanges ? ReadState.ResultLimitReached : ReadState.BudgetExhausted;
                yield return History(state, request with { FromVersion = commit.Version, PreviousValueJson = previous });
                yield break;
            }
            read++;
            foreach (var commitEvent in commit.Events)
            {
                using var document = StoredJson.Parse(commitEvent.Json);
                places.Clear();
                request.Path.Find(document.RootElement, places);
                foreach (var (path, value) in places)
                {
                    var json = StoredJson.WriteCompact(value);
                    changes.Add(new FieldChange
                    {
                        Commit = CommitRef.Of(commit),
                        EventIndex = commitEvent.Index,
                        EventType = commitEvent.Type,
                        Path = path,
                        OldValueJson = previous,
                        NewValueJson = json,
                        Changed = previous is null || !PayloadMatcher.JsonTextEquals(previous, json),
                    });
                    previous = json;
                }
            }
        }
        yield return History(ReadState.Completed, null);

        FieldHistoryProgress History(ReadState state, FieldHistoryRequest? resume) => new()
        {
            NewChanges = changes,
            NewMalformed = [],
            ChangeCount = changes.Count,
            MalformedCount = 0,
            Cost = new ReadCost { ItemsRead = read, ItemsReturned = read, CapacityUnits = read * 0.5, Requests = 1 },
            EstimatedItems = commits.Count,
            State = state,
            Resume = resume,
        };
    }

    public async Task<TimeTravelResult> FindFirstAtOrAfterAsync(TimeTravelQuery query, CancellationToken cancellationToken)
    {
        await EnterAsync(nameof(FindFirstAtOrAfterAsync), cancellationToken);
        var feed = query.AggregateId is null;
        var ordered = feed ? FeedOrder() : Snapshot().Where(c => c.AggregateId == query.AggregateId && c.Version is not null).OrderBy(c => c.Version).ToList();
        var answer = ordered.FirstOrDefault(c => c.CommittedAt >= query.At);
        var span = ordered.Count;
        var prefix = feed && Layout == EventStoreLayout.TimestampCommitIds;
        var warnings = new List<string>();
        if (answer is not null && ordered.TakeWhile(c => c != answer).Any(c => c.CommittedAt is null)) warnings.Add("committedAt is missing on a commit before the answer.");
        return new TimeTravelResult
        {
            Commit = answer,
            Position = answer is null ? null : feed ? answer.CommitId?.Text : answer.Version?.ToString(CultureInfo.InvariantCulture),
            Method = prefix ? TimeTravelMethod.CommitIdPrefix : TimeTravelMethod.BinarySearch,
            Requests = prefix ? 1 : Math.Min(2 * DynamoDbEventStore.CeilLog2(Math.Max(1, span)) + 2, DynamoDbEventStore.CeilLog2(Math.Max(1, span)) + 3),
            Span = prefix ? 0 : span,
            RequestBound = prefix ? 1 : 2 * DynamoDbEventStore.CeilLog2(Math.Max(1, span)) + 2,
            Warnings = warnings,
            Confirmed = warnings.Count == 0,
        };
    }

    public async Task<Commit?> ReadCommitAsync(string aggregateId, long version, CancellationToken cancellationToken)
    {
        await EnterAsync(nameof(ReadCommitAsync), cancellationToken);
        if (string.IsNullOrWhiteSpace(aggregateId)) throw new InvalidQueryException("An aggregate id is required.");
        return Snapshot().FirstOrDefault(c => c.AggregateId == aggregateId && c.Version == version);
    }

    public async Task<RawItem?> ReadRawItemAsync(string aggregateId, string version, CancellationToken cancellationToken)
    {
        await EnterAsync(nameof(ReadRawItemAsync), cancellationToken);
        if (!decimal.TryParse(version, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)) throw new InvalidQueryException($"'{version}' is not a version (a number as stored, e.g. 12 or 2.5).");
        var commit = Snapshot().FirstOrDefault(c => c.AggregateId == aggregateId && c.Version == number);
        if (commit is null) return null;
        var item = new List<KeyValuePair<string, AttributeValue>>
        {
            new("aggregateId", new AttributeValue { S = commit.AggregateId }),
            new("version", new AttributeValue { N = version }),
        };
        if (commit.CommitId is { } id) item.Add(new("commitId", id.Number is not null ? new AttributeValue { N = id.Text } : new AttributeValue { S = id.Text }));
        if (commit.CommittedAt is { } at) item.Add(new("committedAt", new AttributeValue { N = at.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) }));
        if (commit.EventsJson is { } events) item.Add(new("events", new AttributeValue { S = events }));
        item.Add(new("active", new AttributeValue { S = "t" }));
        return new RawItem
        {
            Attributes = item.Select(kv => new RawAttribute { Name = kv.Key, Type = kv.Value.S is not null ? "S" : "N", Value = kv.Value.S is { } s ? JsonSerializer.Serialize(s) : kv.Value.N, Known = true }).ToList(),
            DynamoDbJson = DynamoDbEventStore.DynamoDbJson(item),
            SizeBytes = ItemSize.Of(item.ToDictionary(kv => kv.Key, kv => kv.Value)),
        };
    }

    public async IAsyncEnumerable<AggregateSummary> SummariseAggregateAsync(string aggregateId, ReadBudget budget, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await EnterAsync(nameof(SummariseAggregateAsync), cancellationToken);
        budget.Validate();
        if (string.IsNullOrWhiteSpace(aggregateId)) throw new InvalidQueryException("An aggregate id is required.");
        var all = Snapshot().Where(c => c.AggregateId == aggregateId).OrderBy(c => c.Version).ToList();
        var commits = all.Take((int)Math.Min(budget.MaxItems, int.MaxValue)).ToList();
        var versions = commits.Select(c => c.Version).OfType<long>().ToList();
        var gaps = FindGaps(versions, fromZero: true);
        yield return new AggregateSummary
        {
            AggregateId = aggregateId,
            Commits = commits.Count,
            FirstVersion = versions.Count > 0 ? versions[0] : null,
            LastVersion = versions.Count > 0 ? versions[^1] : null,
            FirstCommittedAt = commits.Select(c => c.CommittedAt).FirstOrDefault(t => t is not null),
            LastCommittedAt = commits.Select(c => c.CommittedAt).LastOrDefault(t => t is not null),
            Gaps = gaps.Take(AggregateSummary.MaxGapsListed).ToList(),
            MissingVersions = gaps.Sum(g => g.MissingCount),
            EventTypes = commits.SelectMany(c => c.Events).GroupBy(e => e.Type ?? "").ToDictionary(g => g.Key, g => (long)g.Count(), StringComparer.Ordinal),
            Events = commits.Sum(c => c.Events.Count),
            TotalSizeBytes = commits.Sum(c => (long)c.SizeBytes),
            MalformedCommits = commits.Count(c => c.IsMalformed),
            Cost = new ReadCost { ItemsRead = commits.Count, ItemsReturned = commits.Count, CapacityUnits = commits.Count * 0.5, Requests = 1 },
            EstimatedItems = all.Count,
            State = commits.Count < all.Count ? ReadState.BudgetExhausted : ReadState.Completed,
        };
    }

    public async IAsyncEnumerable<Commit> ExportAsync(ExportRequest request, IProgress<ReadCost>? progress, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await EnterAsync(nameof(ExportAsync), cancellationToken);
        request.Budget.Validate();
        var range = Resolve(request.Range, request.Filter);
        var cost = ReadCost.None;
        for (var i = 0; i < range.Items.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (cost.ItemsRead == request.Budget.MaxItems)
            {
                throw new ReadBudgetExhaustedException(request with { Range = ResumeAfter(range, range.Items[i - 1], i) }, cost);
            }
            cost = cost.Add(1, 1, 0.5, i % ItemsPerResponse == 0 ? 1 : 0);
            var commit = range.Items[i];
            if (request.Filter is { } filter && !filter.Matches(commit)) continue;
            yield return commit;
            if ((i + 1) % ItemsPerResponse == 0) progress?.Report(cost);
        }
        progress?.Report(cost);
    }

    private sealed record FakeRange(CommitRange Range, List<Commit> Items);

    /// <summary>The commits of a range in replay order, validated as the real store does.</summary>
    private FakeRange Resolve(CommitRange range, CommitFilter? filter)
    {
        if (filter?.AggregateIdPrefix is { Length: > 0 } && !range.IsFeed) throw new InvalidQueryException("A range of one aggregate cannot be filtered by aggregate id prefix.");
        if (!range.IsFeed)
        {
            if (string.IsNullOrWhiteSpace(range.AggregateId)) throw new InvalidQueryException("An aggregate id is required.");
            if (range.FromCommitId is not null || range.ToCommitId is not null || range.FromTime is not null || range.ToTime is not null)
            {
                throw new InvalidQueryException("A range of one aggregate is given by versions; commit ids and times bound a range of the feed.");
            }
            var versions = Snapshot().Where(c => c.AggregateId == range.AggregateId && c.Version is not null).OrderBy(c => c.Version).ToList();
            var after = range.After switch
            {
                null => range.FromVersion is { } from ? versions.TakeWhile(c => c.Version < from).Count() : 0,
                { Kind: PageLinkKind.After } link => versions.TakeWhile(c => c.Version <= long.Parse(link.Value, CultureInfo.InvariantCulture)).Count(),
                { Kind: PageLinkKind.Cursor } link => versions.FindIndex(c => c.Key == FakeCursor.Decode(link.Value, "timeline:" + range.AggregateId).Key) + 1,
                _ => throw new InvalidCursorException("a range continues after a position, not before one"),
            };
            return new FakeRange(range, versions.Skip(after).Where(c => range.ToVersion is not { } to || c.Version <= to).ToList());
        }
        if (range.FromVersion is not null || range.ToVersion is not null) throw new InvalidQueryException("Versions bound a range of one aggregate; give an aggregate id.");
        var feed = FeedOrder();
        var start = range.After switch
        {
            null when range.FromCommitId is { } typed => feed.TakeWhile(c => JumpTarget(typed).Below(c.CommitId!.Value)).Count(),
            null when range.FromTime is { } time => Layout == EventStoreLayout.TimestampCommitIds
                ? feed.TakeWhile(c => string.CompareOrdinal(c.CommitId!.Value.Text, CommitId.TimestampPrefix(time)) < 0).Count()
                : feed.FindIndex(c => c.CommittedAt >= time) is var i and >= 0 ? i : feed.Count,
            null => 0,
            { Kind: PageLinkKind.After } link => feed.TakeWhile(c => c.CommitId <= (CommitId.TryParse(link.Value, Layout, out var problem) ?? throw new InvalidCursorException(problem!))).Count(),
            { Kind: PageLinkKind.Cursor } link => feed.FindIndex(c => c.Key == FakeCursor.Decode(link.Value, "feed").Key) + 1,
            _ => throw new InvalidCursorException("a range continues after a position, not before one"),
        };
        var end = feed.Count;
        if (range.ToCommitId is { } toText)
        {
            end = CommitId.TryParse(toText, Layout, out _) is { } to ? feed.TakeWhile(c => c.CommitId <= to).Count()
                : feed.TakeWhile(c => string.CompareOrdinal(c.CommitId!.Value.Text, toText) < 0 || c.CommitId!.Value.Text.StartsWith(toText, StringComparison.Ordinal)).Count();
        }
        else if (range.ToTime is { } toTime)
        {
            end = Layout == EventStoreLayout.TimestampCommitIds
                ? feed.TakeWhile(c => string.CompareOrdinal(c.CommitId!.Value.Text, CommitId.TimestampPrefix(toTime)) < 0).Count()
                : feed.FindIndex(c => c.CommittedAt >= toTime) is var j and >= 0 ? j : feed.Count;
        }
        return new FakeRange(range, start >= end ? [] : feed.GetRange(start, end - start));
    }

    private CommitRange ResumeAfter(FakeRange range, Commit last, int nextIndex)
    {
        PageLink link;
        if (!range.Range.IsFeed)
        {
            link = new PageLink(PageLinkKind.After, last.Version!.Value.ToString(CultureInfo.InvariantCulture));
        }
        else
        {
            var next = nextIndex < range.Items.Count ? range.Items[nextIndex] : null;
            link = next is not null && next.CommitId == last.CommitId
                ? new PageLink(PageLinkKind.Cursor, FakeCursor.Encode("feed", older: false, last.Key))
                : new PageLink(PageLinkKind.After, last.CommitId!.Value.Text);
        }
        return range.Range with { After = link, FromVersion = null, FromCommitId = null, FromTime = null };
    }
}
