using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.Json;
using EventExplorer.Data;
using EventExplorer.Data.Errors;
using EventExplorer.Data.Json;
using EventExplorer.Data.Model;

namespace EventExplorer.Tests.Fakes;

/// <summary>
/// In-memory event store for view-model and component tests. It behaves like the DynamoDB store
/// where pages can tell: version and commit-id order, plain Before/After page links with a cursor
/// only where commit ids repeat across a page boundary, version gaps (and commit-id gaps in layout A),
/// tokens that refuse tampering, read-only refusal, version conflicts that burn a layout-A commit id,
/// and problems of malformed items described in the same words. Calls can be made to fail
/// (<see cref="FailWith"/>, <see cref="FailOn"/>), held open (<see cref="BeforeEachCall"/>) and counted.
/// </summary>
public sealed partial class FakeEventStore : IEventStoreReader, IEventStoreWriter
{
    public static readonly DateTimeOffset Epoch = new(2026, 11, 21, 6, 0, 0, TimeSpan.Zero);

    private readonly Lock _gate = new();
    private readonly List<Commit> _commits = [];
    private readonly List<string> _calls = [];
    private readonly Dictionary<string, Exception> _failOn = new(StringComparer.Ordinal);
    private long _counter;

    public FakeEventStore(EventStoreLayout layout = EventStoreLayout.CounterCommitIds, bool readOnly = false)
    {
        Layout = layout;
        CanWrite = !readOnly;
    }

    public EventStoreLayout Layout { get; }

    public bool CanWrite { get; set; }

    /// <summary>When set, every call throws it (e.g. a <see cref="StoreUnavailableException"/>).</summary>
    public Exception? FailWith { get; set; }

    /// <summary>Awaited at the start of every call; lets a test hold a call open (e.g. to check cancellation).</summary>
    public Func<CancellationToken, Task>? BeforeEachCall { get; set; }

    /// <summary>The time the next commit gets; moves on one second per commit.</summary>
    public DateTimeOffset Clock { get; set; } = Epoch;

    /// <summary>Every reader/writer call made, by method name (successful or not).</summary>
    public IReadOnlyList<string> Calls
    {
        get { lock (_gate) return [.. _calls]; }
    }

    public int CallCount => Calls.Count;

    public int CallsTo(string method) => Calls.Count(c => c == method);

    /// <summary>Makes every call of <paramref name="method"/> (e.g. <c>nameof(FindAggregateAsync)</c>) throw; null stops it.</summary>
    public void FailOn(string method, Exception? failure)
    {
        lock (_gate)
        {
            if (failure is null) _failOn.Remove(method);
            else _failOn[method] = failure;
        }
    }

    public StoreDescription Description => new()
    {
        Endpoint = "http://fake.local:8000",
        CommitTable = Layout == EventStoreLayout.CounterCommitIds ? "commits" : "commitsByAggregateIdAndVersion",
        CommitIndex = Layout == EventStoreLayout.CounterCommitIds ? "byId" : "commitsByCommitId",
        CounterTable = Layout == EventStoreLayout.CounterCommitIds ? "counters" : null,
        SnapshotTable = "snapshots",
        Layout = Layout,
        LayoutConfigured = false,
        SnapshotKeyAttribute = "snapshotId",
        ReadOnly = !CanWrite,
    };

    public IReadOnlyList<Commit> All
    {
        get { lock (_gate) return [.. _commits]; }
    }

    /// <summary>Adds a well-formed commit at the aggregate's next version; each event is a JSON text.</summary>
    public Commit Add(string aggregateId, params string[] eventsJson)
    {
        lock (_gate)
        {
            var version = _commits.Where(c => c.AggregateId == aggregateId && c.Version is not null)
                .Select(c => c.Version!.Value).DefaultIfEmpty(-1).Max() + 1;
            return AddAt(aggregateId, version, "[" + string.Join(",", eventsJson) + "]");
        }
    }

    /// <summary>Adds a commit with one event per type: <c>{"type":"X","n":i}</c>.</summary>
    public Commit AddTyped(string aggregateId, params string[] eventTypes) =>
        Add(aggregateId, eventTypes.Select((t, i) => JsonSerializer.Serialize(new { type = t, n = i })).ToArray());

    /// <summary>Adds <paramref name="count"/> commits of one event each (types alternate Placed/Shipped).</summary>
    public void AddMany(string aggregateId, int count)
    {
        for (var i = 0; i < count; i++) AddTyped(aggregateId, i % 2 == 0 ? "Placed" : "Shipped");
    }

    /// <summary>
    /// Adds a commit at an explicit version with the raw <c>events</c> text (malformed text allowed).
    /// The commit id is the next counter value (layout A) or the clock and aggregate id (layout B),
    /// unless <paramref name="commitId"/> gives one (to repeat an id, as other programs' data may).
    /// </summary>
    public Commit AddAt(string aggregateId, long? version, string? eventsText, CommitId? commitId = null)
    {
        lock (_gate)
        {
            var committedAt = Clock;
            Clock = Clock.AddSeconds(1);
            var id = commitId ?? (Layout == EventStoreLayout.CounterCommitIds
                ? CommitId.FromNumber(++_counter)
                : CommitId.FromTime(committedAt, aggregateId));
            if (id.Number is { } number && number > _counter) _counter = number;
            var commit = Parse(aggregateId, version, id, committedAt, eventsText);
            _commits.Add(commit);
            return commit;
        }
    }

    /// <summary>Adds a commit exactly as given (e.g. one with no commit id).</summary>
    public void AddRaw(Commit commit)
    {
        lock (_gate) _commits.Add(commit);
    }

    /// <summary>Burns layout-A commit ids, as a failed append does: the next commit leaves a gap in the feed.</summary>
    public void SkipCommitIds(int count)
    {
        lock (_gate) _counter += count;
    }

    public async Task<StoreDescription> DescribeAsync(CancellationToken cancellationToken)
    {
        await EnterAsync(nameof(DescribeAsync), cancellationToken);
        return Description;
    }

    public async Task<CommitPage> ReadTimelineAsync(TimelineQuery query, CancellationToken cancellationToken)
    {
        await EnterAsync(nameof(ReadTimelineAsync), cancellationToken);
        CheckPageSize(query.PageSize);
        if (string.IsNullOrWhiteSpace(query.AggregateId)) throw new InvalidQueryException("An aggregate id is required.");
        var starts = (query.Position is not null ? 1 : 0) + (query.FromVersion is not null ? 1 : 0) + (query.FromOldest ? 1 : 0);
        if (starts > 1) throw new InvalidQueryException("Give only one of: a paging link, a version to jump to, or 'from oldest'.");
        if (query.FromVersion is < 0) throw new InvalidQueryException($"The version to jump to must be 0 or more (got {query.FromVersion}).");

        var ascending = Snapshot().Where(c => c.AggregateId == query.AggregateId && c.Version is not null).OrderBy(c => c.Version).ToList();
        var range = new RangeRead<Commit>
        {
            Ascending = ascending,
            PageSize = query.PageSize,
            Link = (direction, edge, _) => new PageLink(Plain(direction), edge.Version!.Value.ToString(CultureInfo.InvariantCulture)),
        };
        switch (query.Position)
        {
            case null when query.FromVersion is { } from:
                range = range with
                {
                    Start = Start.Jump,
                    Descending = false,
                    FirstIndex = CountWhile(ascending, c => c.Version < from),
                    EmptyJumpOlder = () => new PageLink(PageLinkKind.Before, from.ToString(CultureInfo.InvariantCulture)),
                };
                break;
            case null:
                range = range with { Start = Start.End, Descending = !query.FromOldest, FirstIndex = query.FromOldest ? 0 : ascending.Count - 1 };
                break;
            case { Kind: PageLinkKind.Before or PageLinkKind.After } link:
                var version = long.TryParse(link.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v)
                    ? v
                    : throw new InvalidCursorException($"'{link.Value}' is not a version number");
                range = link.Kind == PageLinkKind.Before
                    ? range with { Start = Start.Value, Descending = true, FirstIndex = CountWhile(ascending, c => c.Version < version) - 1 }
                    : range with { Start = Start.Value, Descending = false, FirstIndex = CountWhile(ascending, c => c.Version <= version) };
                break;
            case { Kind: PageLinkKind.Cursor } link:
                // The real store issues timeline cursors only for versions that are not whole numbers, which
                // a Commit cannot carry; any token here is one the explorer did not make for this view.
                var token = FakeCursor.Decode(link.Value, "timeline:" + query.AggregateId);
                var at = ascending.FindIndex(c => c.Key == token.Key);
                if (at < 0) throw new InvalidCursorException("its position does not fit this table");
                range = range with { Start = Start.Cursor, Descending = token.Older, FirstIndex = token.Older ? at - 1 : at + 1, CursorItem = ascending[at] };
                break;
            default:
                throw new InvalidCursorException("its kind is unknown");
        }

        if (query.Filter is { IsEmpty: false } timelineFilter) return FilteredTimeline(range, query, timelineFilter);
        var page = range.Read();
        var holdsFirstCommit = page.Older is null && page.Items.Count > 0;
        return new CommitPage
        {
            Items = InOrder(page.Items, range.Descending, query.Order),
            Older = page.Older,
            Newer = page.Newer,
            Gaps = FindGaps(page.Items.Select(c => c.Version!.Value), fromZero: holdsFirstCommit),
            RequestCount = 1,
        };
    }

    public async Task<FeedPage> ReadFeedAsync(FeedQuery query, CancellationToken cancellationToken)
    {
        await EnterAsync(nameof(ReadFeedAsync), cancellationToken);
        CheckPageSize(query.PageSize);
        var starts = (query.Position is not null ? 1 : 0) + (query.FromCommitId is not null ? 1 : 0) + (query.FromOldest ? 1 : 0);
        if (starts > 1) throw new InvalidQueryException("Give only one of: a paging link, a commit id to jump to, or 'from oldest'.");

        var ascending = FeedOrder();
        var range = new RangeRead<Commit>
        {
            Ascending = ascending,
            PageSize = query.PageSize,
            // "Before c" / "after c" is exact only when the commit beyond the boundary has another id.
            Link = (direction, edge, beyond) => beyond is null || beyond.CommitId != edge.CommitId
                ? new PageLink(Plain(direction), edge.CommitId!.Value.Text)
                : new PageLink(PageLinkKind.Cursor, FakeCursor.Encode("feed", direction == Direction.Older, edge.Key)),
        };
        switch (query.Position)
        {
            case null when query.FromCommitId is { } typed:
                var (below, jumpId) = JumpTarget(typed);
                range = range with
                {
                    Start = Start.Jump,
                    Descending = false,
                    FirstIndex = CountWhile(ascending, c => below(c.CommitId!.Value)),
                    EmptyJumpOlder = () => jumpId is { } id
                        ? new PageLink(PageLinkKind.Before, id.Text)
                        : new PageLink(PageLinkKind.Cursor, FakeCursor.Encode("feed", older: true, key: null)),
                };
                break;
            case null:
                range = range with { Start = Start.End, Descending = !query.FromOldest, FirstIndex = query.FromOldest ? 0 : ascending.Count - 1 };
                break;
            case { Kind: PageLinkKind.Before or PageLinkKind.After } link:
                var bound = CommitId.TryParse(link.Value, Layout, out var problem) ?? throw new InvalidCursorException(problem!);
                range = link.Kind == PageLinkKind.Before
                    ? range with { Start = Start.Value, Descending = true, FirstIndex = CountWhile(ascending, c => c.CommitId < bound) - 1 }
                    : range with { Start = Start.Value, Descending = false, FirstIndex = CountWhile(ascending, c => c.CommitId <= bound) };
                break;
            case { Kind: PageLinkKind.Cursor } link:
                var token = FakeCursor.Decode(link.Value, "feed");
                if (token.Key is null)
                {
                    range = range with { Start = Start.End, Descending = token.Older, FirstIndex = token.Older ? ascending.Count - 1 : 0 };
                    break;
                }
                var at = ascending.FindIndex(c => c.Key == token.Key);
                if (at < 0) throw new InvalidCursorException("its position does not fit this table");
                range = range with { Start = Start.Cursor, Descending = token.Older, FirstIndex = token.Older ? at - 1 : at + 1, CursorItem = ascending[at] };
                break;
            default:
                throw new InvalidCursorException("its kind is unknown");
        }

        if (query.Filter is { IsEmpty: false } feedFilter) return FilteredFeed(range, query, feedFilter);
        var page = range.Read();
        return new FeedPage
        {
            Items = InOrder(page.Items, range.Descending, query.Order),
            Older = page.Older,
            Newer = page.Newer,
            Gaps = Layout == EventStoreLayout.CounterCommitIds ? FindGaps(page.Items.Select(c => c.CommitId!.Value.Number!.Value), fromZero: false) : [],
            RequestCount = 1,
        };
    }

    public async Task<IReadOnlyList<Commit>> ReadFeedFromAsync(CommitId? fromCommitId, int limit, CancellationToken cancellationToken)
    {
        await EnterAsync(nameof(ReadFeedFromAsync), cancellationToken);
        CheckPageSize(limit);
        if (fromCommitId is { } from && from.Layout != Layout)
        {
            throw new InvalidQueryException($"Commit id '{from.Text}' is not a commit id of this store.");
        }
        return FeedOrder().Where(c => fromCommitId is null || c.CommitId >= fromCommitId).Take(limit).ToList();
    }

    public async Task<Commit?> ReadLatestCommitAsync(CancellationToken cancellationToken)
    {
        await EnterAsync(nameof(ReadLatestCommitAsync), cancellationToken);
        return FeedOrder().LastOrDefault();
    }

    public async Task<RecentAggregates> ReadRecentAggregatesAsync(int count, CancellationToken cancellationToken)
    {
        await EnterAsync(nameof(ReadRecentAggregatesAsync), cancellationToken);
        CheckPageSize(count);
        var items = new List<RecentAggregate>();
        var read = 0;
        foreach (var commit in Enumerable.Reverse(FeedOrder()))
        {
            if (items.Count >= count) break;
            read++;
            if (items.Any(i => i.AggregateId == commit.AggregateId)) continue;
            items.Add(new RecentAggregate
            {
                AggregateId = commit.AggregateId,
                LatestVersion = commit.Version,
                LatestCommitId = commit.CommitId?.Text,
                LatestCommittedAt = commit.CommittedAt,
            });
        }
        return new RecentAggregates { Items = items, CommitsRead = read };
    }

    public async Task<AggregateInfo?> FindAggregateAsync(string aggregateId, CancellationToken cancellationToken)
    {
        await EnterAsync(nameof(FindAggregateAsync), cancellationToken);
        if (string.IsNullOrWhiteSpace(aggregateId)) throw new InvalidQueryException("An aggregate id is required.");
        var commits = Snapshot().Where(c => c.AggregateId == aggregateId).OrderBy(c => c.Version).ToList();
        if (commits.Count == 0) return null;
        return new AggregateInfo
        {
            AggregateId = aggregateId,
            FirstVersion = commits[0].Version,
            HeadVersion = commits[^1].Version,
            FirstCommittedAt = commits[0].CommittedAt,
            LastCommittedAt = commits[^1].CommittedAt,
        };
    }

    /// <summary>
    /// Reads the table in storage order. A full page stops before the first item of a new aggregate,
    /// which the next page reads: every item counts on exactly one page, as in the real scan.
    /// </summary>
    public async Task<ScanPage<ScannedAggregate>> ScanAggregatesAsync(ScanQuery query, CancellationToken cancellationToken)
    {
        await EnterAsync(nameof(ScanAggregatesAsync), cancellationToken);
        CheckPageSize(query.PageSize);
        var prefix = query.Prefix ?? "";
        var all = Snapshot();
        var start = query.Cursor is null ? 0 : FakeCursor.DecodeScan(query.Cursor, "aggregates", prefix, all.Count);
        var found = new List<ScannedAggregate>();
        var scanned = 0;
        var matched = 0;
        var index = start;
        for (; index < all.Count; index++)
        {
            var commit = all[index];
            var matches = commit.AggregateId.StartsWith(prefix, StringComparison.Ordinal);
            var existing = matches ? found.FindIndex(f => f.AggregateId == commit.AggregateId) : -1;
            if (matches && existing < 0 && found.Count == query.PageSize) break;
            scanned++;
            if (!matches) continue;
            matched++;
            if (existing >= 0) found[existing] = found[existing] with { CommitsSeen = found[existing].CommitsSeen + 1 };
            else found.Add(new ScannedAggregate { AggregateId = commit.AggregateId, CommitsSeen = 1 });
        }
        return new ScanPage<ScannedAggregate>
        {
            Items = found,
            Next = index < all.Count ? FakeCursor.EncodeScan("aggregates", prefix, index) : null,
            ItemsScanned = scanned,
            ItemsMatched = matched,
            CapacityUnits = scanned * 0.5,
            RequestCount = 1,
        };
    }

    public async Task<TableStats> GetCommitTableStatsAsync(CancellationToken cancellationToken)
    {
        await EnterAsync(nameof(GetCommitTableStatsAsync), cancellationToken);
        var all = Snapshot();
        return new TableStats { TableName = Description.CommitTable, ItemCount = all.Count, SizeBytes = all.Sum(c => (long)c.SizeBytes) };
    }

    public async Task<Commit> AppendAsync(AppendRequest request, CancellationToken cancellationToken)
    {
        await EnterAsync(nameof(AppendAsync), cancellationToken);
        if (!CanWrite) throw new ReadOnlyModeException("appending a commit");
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(request.AggregateId)) errors.Add("The aggregate id is required.");
        if (request.Version < 0) errors.Add($"The version must be 0 or more (got {request.Version}).");
        string? events = null;
        try
        {
            using var document = StoredJson.Parse(request.EventsJson);
            if (document.RootElement.ValueKind != JsonValueKind.Array) errors.Add("The events must be a JSON array.");
            else events = StoredJson.WriteCompact(document.RootElement);
        }
        catch (JsonException error)
        {
            errors.Add($"The events are not valid JSON: {StoredJson.Describe(request.EventsJson, error)}");
        }
        if (errors.Count > 0) throw new WriteValidationException(errors);
        lock (_gate)
        {
            // Layout A takes the counter's next id before the conditional put, so a conflict burns it.
            if (Layout == EventStoreLayout.CounterCommitIds) _counter++;
            if (_commits.Any(c => c.AggregateId == request.AggregateId && c.Version == request.Version))
            {
                throw new VersionConflictException(request.AggregateId, request.Version);
            }
            return AddAt(request.AggregateId, request.Version, events,
                Layout == EventStoreLayout.CounterCommitIds ? CommitId.FromNumber(_counter) : null);
        }
    }

    public async Task<long> ProposeNextVersionAsync(string aggregateId, CancellationToken cancellationToken)
    {
        await EnterAsync(nameof(ProposeNextVersionAsync), cancellationToken);
        if (string.IsNullOrWhiteSpace(aggregateId)) return 0;
        var head = Snapshot().Where(c => c.AggregateId == aggregateId && c.Version is not null)
            .Select(c => c.Version!.Value).DefaultIfEmpty(-1).Max();
        // As the real store: never wrap around.
        return head < long.MaxValue
            ? head + 1
            : throw new InvalidQueryException($"The head version of '{aggregateId}' is {head}, the largest version there is: no commit can follow it.");
    }

    /// <summary>A commit as the real mapper makes it from an item: the raw text kept, problems described in the same words.</summary>
    public static Commit Parse(string aggregateId, long? version, CommitId? commitId, DateTimeOffset? committedAt, string? eventsText)
    {
        var problems = new List<string>();
        if (version is null) problems.Add("version is missing.");
        if (commitId is null) problems.Add("commitId is missing.");
        var events = new List<CommitEvent>();
        if (eventsText is null)
        {
            problems.Add("events is missing.");
        }
        else
        {
            try
            {
                using var document = StoredJson.Parse(eventsText);
                if (document.RootElement.ValueKind != JsonValueKind.Array)
                {
                    problems.Add("events is a JSON " + document.RootElement.ValueKind.ToString().ToLowerInvariant() + ", not an array.");
                }
                else
                {
                    foreach (var e in document.RootElement.EnumerateArray())
                    {
                        var type = e.ValueKind == JsonValueKind.Object && e.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String
                            ? t.GetString()
                            : null;
                        events.Add(new CommitEvent { Index = events.Count, Type = type, Json = e.GetRawText() });
                    }
                }
            }
            catch (JsonException error)
            {
                problems.Add($"events is not valid JSON: {StoredJson.Describe(eventsText, error)}");
            }
        }
        return new Commit
        {
            AggregateId = aggregateId,
            Version = version,
            CommitId = commitId,
            CommittedAt = committedAt,
            EventsJson = eventsText,
            Events = events,
            Problems = problems,
            SizeBytes = Encoding.UTF8.GetByteCount(aggregateId) + (eventsText is null ? 0 : Encoding.UTF8.GetByteCount(eventsText)) + 60,
        };
    }

    private async Task EnterAsync(string method, CancellationToken cancellationToken)
    {
        Exception? failure;
        lock (_gate)
        {
            _calls.Add(method);
            failure = _failOn.GetValueOrDefault(method);
        }
        if (BeforeEachCall is { } before) await before(cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        if (FailWith is { } all) throw all;
        if (failure is not null) throw failure;
    }

    private List<Commit> Snapshot()
    {
        lock (_gate) return [.. _commits];
    }

    /// <summary>The commit-id index: commits with an id, by id, then by table key (ids may repeat).</summary>
    private List<Commit> FeedOrder() =>
        Snapshot().Where(c => c.CommitId is not null)
            .OrderBy(c => c.CommitId!.Value)
            .ThenBy(c => c.AggregateId, StringComparer.Ordinal)
            .ThenBy(c => c.Version)
            .ToList();

    /// <summary>
    /// Where a typed jump starts, as the real store reads it: a commit id of the layout; in layout B also a
    /// leading part of a timestamp or a UTC time. Returns "lies below the target" and the id when one was typed.
    /// </summary>
    private (Func<CommitId, bool> Below, CommitId? Id) JumpTarget(string typed)
    {
        var text = typed.Trim();
        if (text.Length == 0) throw new InvalidQueryException("The commit id to jump to is empty.");
        if (CommitId.TryParse(text, Layout, out _) is { } id) return (c => c < id, id);
        if (Layout == EventStoreLayout.CounterCommitIds)
        {
            throw new InvalidQueryException($"Commit id '{text}' is not a whole number. This store numbers its commits (e.g. 1042).");
        }
        if (text.Length <= CommitId.TimestampFormat.Length && text.All(char.IsAsciiDigit)) return (c => string.CompareOrdinal(c.Text, text) < 0, null);
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var time))
        {
            var prefix = CommitId.TimestampPrefix(time);
            return (c => string.CompareOrdinal(c.Text, prefix) < 0, null);
        }
        throw new InvalidQueryException(
            $"'{text}' is neither a commit id of this store (yyyyMMddHHmmssfff:aggregateId) nor a UTC date and time (e.g. 2026-11-21T06:00Z).");
    }

    private static void CheckPageSize(int pageSize)
    {
        if (pageSize is < 1 or > 1000) throw new InvalidQueryException($"The page size must be between 1 and 1000 (got {pageSize}).");
    }

    private static int CountWhile(List<Commit> ascending, Func<Commit, bool> below) => ascending.TakeWhile(below).Count();

    private static List<Commit> InOrder(List<Commit> items, bool readDescending, ReadOrder order)
    {
        var copy = new List<Commit>(items);
        if (readDescending != (order == ReadOrder.NewestFirst)) copy.Reverse();
        return copy;
    }

    private static List<SequenceGap> FindGaps(IEnumerable<long> numbers, bool fromZero)
    {
        var sorted = numbers.Distinct().Order().ToList();
        var gaps = new List<SequenceGap>();
        if (fromZero && sorted.Count > 0 && sorted[0] > 0) gaps.Add(new SequenceGap(-1, sorted[0]));
        for (var i = 1; i < sorted.Count; i++)
        {
            if (sorted[i] - 1 > sorted[i - 1]) gaps.Add(new SequenceGap(sorted[i - 1], sorted[i]));
        }
        return gaps;
    }

    private static PageLinkKind Plain(Direction direction) => direction == Direction.Older ? PageLinkKind.Before : PageLinkKind.After;

    private enum Direction
    {
        Older,
        Newer,
    }

    private enum Start
    {
        End,
        Value,
        Cursor,
        Jump,
    }

    private sealed record RangePage<T>(List<T> Items, PageLink? Older, PageLink? Newer);

    /// <summary>
    /// One page read the way the real store reads it: pageSize + 1 items from a start in one direction,
    /// links derived from the items at the page's ends and what lies beyond them.
    /// </summary>
    private sealed record RangeRead<T> where T : class
    {
        public required List<T> Ascending { get; init; }
        public required int PageSize { get; init; }
        public required Func<Direction, T, T?, PageLink> Link { get; init; }
        public Start Start { get; init; }
        public bool Descending { get; init; }

        /// <summary>Index in <see cref="Ascending"/> of the first item read.</summary>
        public int FirstIndex { get; init; }

        public T? CursorItem { get; init; }
        public Func<PageLink>? EmptyJumpOlder { get; init; }

        public RangePage<T> Read()
        {
            var step = Descending ? -1 : 1;
            var read = new List<T>();
            for (var i = FirstIndex; i >= 0 && i < Ascending.Count && read.Count <= PageSize; i += step) read.Add(Ascending[i]);
            var far = Descending ? Direction.Older : Direction.Newer;
            var near = Descending ? Direction.Newer : Direction.Older;
            PageLink? farLink = null, nearLink = null;
            if (read.Count > PageSize)
            {
                farLink = Link(far, read[PageSize - 1], read[PageSize]);
                read.RemoveRange(PageSize, read.Count - PageSize);
            }
            switch (Start)
            {
                case Start.Value when read.Count > 0:
                    nearLink = Link(near, read[0], null);
                    break;
                case Start.Cursor when read.Count > 0:
                    nearLink = Link(near, read[0], CursorItem);
                    break;
                case Start.Jump when FirstIndex > 0:
                    nearLink = read.Count > 0 ? Link(near, read[0], null) : EmptyJumpOlder!();
                    break;
            }
            return Descending ? new RangePage<T>(read, farLink, nearLink) : new RangePage<T>(read, nearLink, farLink);
        }
    }

    /// <summary>The fake's opaque tokens: base64url text naming what they page, checked like the real ones.</summary>
    private static class FakeCursor
    {
        public static string Encode(string scope, bool older, string? key) =>
            Base64Url.EncodeToString(Encoding.UTF8.GetBytes(scope + "\n" + (older ? "older" : "newer") + "\n" + (key ?? "")));

        public static (bool Older, string? Key) Decode(string token, string scope)
        {
            var parts = Text(token).Split('\n');
            if (parts.Length != 3 || parts[1] is not ("older" or "newer")) throw new InvalidCursorException("it was made by another version of EventExplorer or is damaged");
            if (parts[0] != scope) throw new InvalidCursorException("it belongs to another view");
            return (parts[1] == "older", parts[2].Length == 0 ? null : parts[2]);
        }

        public static string EncodeScan(string kind, string prefix, int index) =>
            Base64Url.EncodeToString(Encoding.UTF8.GetBytes(kind + "\n" + prefix + "\n" + index.ToString(CultureInfo.InvariantCulture)));

        public static int DecodeScan(string token, string kind, string prefix, int count)
        {
            var parts = Text(token).Split('\n');
            if (parts.Length != 3 || parts[0] != kind || !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var index) || index > count)
            {
                throw new InvalidCursorException("it was made by another version of EventExplorer or is damaged");
            }
            if (parts[1] != prefix) throw new InvalidCursorException("it continues a search for another prefix");
            return index;
        }

        private static string Text(string token)
        {
            try
            {
                return new UTF8Encoding(false, true).GetString(Base64Url.DecodeFromChars(token.Trim()));
            }
            catch (Exception e) when (e is FormatException or ArgumentException)
            {
                throw new InvalidCursorException("it is not base64url text");
            }
        }
    }
}
