using System.Globalization;
using System.Text;
using System.Text.Json;
using EventExplorer.Data;
using EventExplorer.Data.Errors;
using EventExplorer.Data.Model;

namespace EventExplorer.Tests.Fakes;

/// <summary>
/// In-memory event store for unit and render tests. Behaves like the real store where pages care
/// (version/commit-id order, opaque cursors that reject tampering, gaps in layout A, read-only
/// refusal, version conflicts) and can be told to fail every call with <see cref="FailWith"/>.
/// </summary>
public sealed class FakeEventStore : IEventStoreReader, IEventStoreWriter
{
    private static readonly DateTimeOffset Epoch = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly object _gate = new();
    private readonly List<Commit> _commits = [];
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

    /// <summary>Awaited at the start of every call; lets a test hold a call open to check cancellation.</summary>
    public Func<CancellationToken, Task>? BeforeEachCall { get; set; }

    /// <summary>How many reader/writer calls were made (successful or not).</summary>
    public int CallCount { get; private set; }

    /// <summary>How many full-table scans were requested (they are expensive: pages must ask first).</summary>
    public int ScanCount { get; private set; }

    /// <summary>The time new commits get: starts at 2000-01-01 and moves on one second per commit.</summary>
    public DateTimeOffset Clock { get; set; } = Epoch;

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

    /// <summary>Adds a commit with events of the given types: <c>{"type":"X","n":i}</c>.</summary>
    public Commit AddTyped(string aggregateId, params string[] eventTypes) =>
        Add(aggregateId, eventTypes.Select((t, i) => JsonSerializer.Serialize(new { type = t, n = i })).ToArray());

    /// <summary>Adds a commit at an explicit version with the raw <c>events</c> text (malformed text allowed).</summary>
    public Commit AddAt(string aggregateId, long version, string? eventsText)
    {
        lock (_gate)
        {
            var committedAt = Clock;
            Clock = Clock.AddSeconds(1);
            var number = ++_counter;
            var commitId = Layout == EventStoreLayout.CounterCommitIds
                ? number.ToString(CultureInfo.InvariantCulture)
                : committedAt.UtcDateTime.ToString("yyyyMMddHHmmssfff", CultureInfo.InvariantCulture) + ":" + aggregateId;
            var commit = Parse(aggregateId, version, commitId, Layout == EventStoreLayout.CounterCommitIds ? number : null, committedAt, eventsText);
            _commits.Add(commit);
            return commit;
        }
    }

    /// <summary>Adds a commit exactly as given (e.g. one with no version or a malformed item).</summary>
    public void AddRaw(Commit commit)
    {
        lock (_gate) _commits.Add(commit);
    }

    /// <summary>Burns commit ids, as a failed append does in layout A: the next commit leaves a gap.</summary>
    public void SkipCommitIds(int count)
    {
        lock (_gate) _counter += count;
    }

    public async Task<StoreDescription> DescribeAsync(CancellationToken cancellationToken)
    {
        await EnterAsync(cancellationToken);
        return Description;
    }

    public async Task<CommitPage> ReadTimelineAsync(TimelineQuery query, CancellationToken cancellationToken)
    {
        await EnterAsync(cancellationToken);
        CheckPageSize(query.PageSize);
        var ordered = Snapshot().Where(c => c.AggregateId == query.AggregateId && c.Version is not null)
            .OrderBy(c => c.Version).ToList();
        var window = Window(ordered, c => c.Version!.Value.ToString(CultureInfo.InvariantCulture), "t:" + query.AggregateId,
            query.Cursor, query.FromOldest, query.PageSize,
            query.FromVersion is { } from ? ordered.FindIndex(c => c.Version >= from) : null);
        return new CommitPage
        {
            Items = query.Order == ReadOrder.NewestFirst ? Enumerable.Reverse(window.Items).ToList() : window.Items,
            Older = window.Older,
            Newer = window.Newer,
            RequestCount = 1,
        };
    }

    public async Task<FeedPage> ReadFeedAsync(FeedQuery query, CancellationToken cancellationToken)
    {
        await EnterAsync(cancellationToken);
        CheckPageSize(query.PageSize);
        var ordered = FeedOrder();
        var window = Window(ordered, c => c.CommitId!, "feed", query.Cursor, query.FromOldest, query.PageSize,
            query.FromCommitId is { } from ? ordered.FindIndex(c => CompareCommitIds(c.CommitId!, from) >= 0) : null);
        var gaps = new List<CommitIdGap>();
        for (var i = 1; i < window.Items.Count; i++)
        {
            if (window.Items[i - 1].CommitNumber is { } a && window.Items[i].CommitNumber is { } b && b - a > 1)
                gaps.Add(new CommitIdGap(a, b));
        }
        if (query.Order == ReadOrder.NewestFirst) gaps.Reverse();
        return new FeedPage
        {
            Items = query.Order == ReadOrder.NewestFirst ? Enumerable.Reverse(window.Items).ToList() : window.Items,
            Older = window.Older,
            Newer = window.Newer,
            Gaps = gaps,
            RequestCount = 1,
        };
    }

    public async Task<IReadOnlyList<Commit>> ReadFeedFromAsync(string? fromCommitId, int limit, CancellationToken cancellationToken)
    {
        await EnterAsync(cancellationToken);
        return FeedOrder().Where(c => fromCommitId is null || CompareCommitIds(c.CommitId!, fromCommitId) >= 0).Take(limit).ToList();
    }

    public async Task<Commit?> ReadLatestCommitAsync(CancellationToken cancellationToken)
    {
        await EnterAsync(cancellationToken);
        return FeedOrder().LastOrDefault();
    }

    public async Task<RecentAggregates> ReadRecentAggregatesAsync(int count, CancellationToken cancellationToken)
    {
        await EnterAsync(cancellationToken);
        var feed = FeedOrder();
        feed.Reverse();
        var items = new List<RecentAggregate>();
        var read = 0;
        foreach (var commit in feed)
        {
            if (items.Count >= count) break;
            read++;
            if (items.Any(i => i.AggregateId == commit.AggregateId)) continue;
            items.Add(new RecentAggregate
            {
                AggregateId = commit.AggregateId,
                LatestVersion = commit.Version,
                LatestCommitId = commit.CommitId,
                LatestCommittedAt = commit.CommittedAt,
            });
        }
        return new RecentAggregates { Items = items, CommitsRead = read };
    }

    public async Task<AggregateInfo?> FindAggregateAsync(string aggregateId, CancellationToken cancellationToken)
    {
        await EnterAsync(cancellationToken);
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

    public async Task<ScanPage<ScannedAggregate>> ScanAggregatesAsync(ScanQuery query, CancellationToken cancellationToken)
    {
        ScanCount++;
        await EnterAsync(cancellationToken);
        CheckPageSize(query.PageSize);
        // Scans "read" the table in storage order; the cursor is the count of items already read.
        var all = Snapshot();
        var start = query.Cursor is null ? 0 : DecodeScanCursor(query.Cursor, all.Count);
        var found = new List<ScannedAggregate>();
        var scanned = 0;
        var index = start;
        for (; index < all.Count; index++)
        {
            var commit = all[index];
            var matches = query.Prefix is null || commit.AggregateId.StartsWith(query.Prefix, StringComparison.Ordinal);
            var existing = matches ? found.FindIndex(f => f.AggregateId == commit.AggregateId) : -1;
            // A full page stops before a new aggregate; that item is read again by the next page.
            if (matches && existing < 0 && found.Count == query.PageSize) break;
            scanned++;
            if (!matches) continue;
            if (existing >= 0) found[existing] = found[existing] with { CommitsSeen = found[existing].CommitsSeen + 1 };
            else found.Add(new ScannedAggregate { AggregateId = commit.AggregateId, CommitsSeen = 1 });
        }
        return new ScanPage<ScannedAggregate>
        {
            Items = found,
            Next = index < all.Count ? Base64("scan:" + index.ToString(CultureInfo.InvariantCulture)) : null,
            ItemsScanned = scanned,
            ItemsMatched = found.Sum(f => f.CommitsSeen),
            CapacityUnits = scanned * 0.5,
            RequestCount = 1,
        };
    }

    public async Task<TableStats> GetCommitTableStatsAsync(CancellationToken cancellationToken)
    {
        await EnterAsync(cancellationToken);
        var all = Snapshot();
        return new TableStats { TableName = Description.CommitTable, ItemCount = all.Count, SizeBytes = all.Sum(c => (long)c.SizeBytes) };
    }

    public async Task<Commit> AppendAsync(AppendRequest request, CancellationToken cancellationToken)
    {
        await EnterAsync(cancellationToken);
        if (!CanWrite) throw new ReadOnlyModeException("append");
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(request.AggregateId)) errors.Add("The aggregate id is empty.");
        if (request.Version < 0) errors.Add("The version must be 0 or more.");
        try
        {
            using var doc = JsonDocument.Parse(request.EventsJson);
            if (doc.RootElement.ValueKind != JsonValueKind.Array) errors.Add("The events must be a JSON array.");
        }
        catch (JsonException e)
        {
            errors.Add("The events are not valid JSON: " + e.Message);
        }
        if (errors.Count > 0) throw new WriteValidationException(errors);
        lock (_gate)
        {
            if (_commits.Any(c => c.AggregateId == request.AggregateId && c.Version == request.Version))
            {
                _counter++; // layout A burns the allocated id on a conflict
                throw new VersionConflictException(request.AggregateId, request.Version);
            }
            return AddAt(request.AggregateId, request.Version, request.EventsJson);
        }
    }

    public async Task<long> ProposeNextVersionAsync(string aggregateId, CancellationToken cancellationToken)
    {
        await EnterAsync(cancellationToken);
        return Snapshot().Where(c => c.AggregateId == aggregateId && c.Version is not null)
            .Select(c => c.Version!.Value).DefaultIfEmpty(-1).Max() + 1;
    }

    /// <summary>Parses an <c>events</c> text the way the real store does: raw text kept, problems described.</summary>
    public static Commit Parse(string aggregateId, long? version, string? commitId, long? commitNumber, DateTimeOffset? committedAt, string? eventsText)
    {
        var problems = new List<string>();
        var events = new List<CommitEvent>();
        if (eventsText is null)
        {
            problems.Add("The item has no 'events' attribute.");
        }
        else
        {
            try
            {
                using var doc = JsonDocument.Parse(eventsText);
                if (doc.RootElement.ValueKind != JsonValueKind.Array)
                {
                    problems.Add("'events' is JSON but not an array.");
                }
                else
                {
                    var i = 0;
                    foreach (var e in doc.RootElement.EnumerateArray())
                    {
                        string? type = e.ValueKind == JsonValueKind.Object && e.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String
                            ? t.GetString() : null;
                        events.Add(new CommitEvent { Index = i++, Type = type, Json = e.GetRawText() });
                    }
                }
            }
            catch (JsonException)
            {
                problems.Add("'events' is not valid JSON.");
            }
        }
        if (version is null) problems.Add("The item has no numeric 'version'.");
        return new Commit
        {
            AggregateId = aggregateId,
            Version = version,
            CommitId = commitId,
            CommitNumber = commitNumber,
            CommittedAt = committedAt,
            EventsJson = eventsText,
            Events = events,
            Problems = problems,
            SizeBytes = Encoding.UTF8.GetByteCount(aggregateId) + (eventsText is null ? 0 : Encoding.UTF8.GetByteCount(eventsText)) + 60,
        };
    }

    private async Task EnterAsync(CancellationToken cancellationToken)
    {
        CallCount++;
        if (BeforeEachCall is { } before) await before(cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        if (FailWith is { } failure) throw failure;
    }

    private List<Commit> Snapshot()
    {
        lock (_gate) return [.. _commits];
    }

    private List<Commit> FeedOrder()
    {
        var list = Snapshot().Where(c => c.CommitId is not null).ToList();
        list.Sort((a, b) => CompareCommitIds(a.CommitId!, b.CommitId!));
        return list;
    }

    private int CompareCommitIds(string a, string b)
    {
        if (Layout == EventStoreLayout.CounterCommitIds)
        {
            if (!long.TryParse(b, NumberStyles.None, CultureInfo.InvariantCulture, out var nb))
                throw new InvalidQueryException($"'{b}' is not a commit id: in this layout commit ids are whole numbers.");
            return long.Parse(a, CultureInfo.InvariantCulture).CompareTo(nb);
        }
        return string.CompareOrdinal(a, b);
    }

    private static void CheckPageSize(int pageSize)
    {
        if (pageSize is < 1 or > 1000) throw new InvalidQueryException($"Page size {pageSize} is outside 1 to 1000.");
    }

    private sealed record PageWindow(IReadOnlyList<Commit> Items, string? Older, string? Newer);

    /// <summary>
    /// Picks a page from an ascending list. Cursors say "before key X" or "after key X", bound to a
    /// scope (aggregate or feed) so a token from another view is rejected like a tampered one.
    /// </summary>
    private static PageWindow Window(List<Commit> ordered, Func<Commit, string> key, string scope, string? cursor, bool fromOldest, int pageSize, int? fromIndex)
    {
        int start, end; // [start, end)
        if (cursor is not null)
        {
            var (direction, at) = DecodeCursor(cursor, scope);
            var pivot = ordered.FindIndex(c => key(c) == at);
            if (pivot < 0) throw new InvalidCursorException("it points at a position that does not exist");
            if (direction == "before") { end = pivot; start = Math.Max(0, end - pageSize); }
            else { start = pivot + 1; end = Math.Min(ordered.Count, start + pageSize); }
        }
        else if (fromIndex is { } from)
        {
            start = from < 0 ? ordered.Count : from;
            end = Math.Min(ordered.Count, start + pageSize);
        }
        else if (fromOldest)
        {
            start = 0;
            end = Math.Min(ordered.Count, pageSize);
        }
        else
        {
            end = ordered.Count;
            start = Math.Max(0, end - pageSize);
        }
        var items = ordered.GetRange(start, end - start);
        return new PageWindow(
            items,
            start > 0 && start < ordered.Count ? EncodeCursor(scope, "before", key(ordered[start])) : null,
            end < ordered.Count && end > 0 ? EncodeCursor(scope, "after", key(ordered[end - 1])) : null);
    }

    private static string EncodeCursor(string scope, string direction, string key) => Base64(scope + "\n" + direction + "\n" + key);

    private static (string Direction, string Key) DecodeCursor(string cursor, string scope)
    {
        string text;
        try
        {
            text = Encoding.UTF8.GetString(Convert.FromBase64String(cursor.Replace('-', '+').Replace('_', '/').PadRight((cursor.Length + 3) / 4 * 4, '=')));
        }
        catch (FormatException)
        {
            throw new InvalidCursorException("it is not a token this explorer issued");
        }
        var parts = text.Split('\n');
        if (parts.Length != 3 || parts[1] is not ("before" or "after")) throw new InvalidCursorException("it is not a token this explorer issued");
        if (parts[0] != scope) throw new InvalidCursorException("it belongs to another view");
        return (parts[1], parts[2]);
    }

    private static int DecodeScanCursor(string cursor, int count)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(cursor.Replace('-', '+').Replace('_', '/').PadRight((cursor.Length + 3) / 4 * 4, '=')));
            if (text.StartsWith("scan:", StringComparison.Ordinal) && int.TryParse(text[5..], NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index <= count)
                return index;
        }
        catch (FormatException)
        {
        }
        throw new InvalidCursorException("it is not a scan token this explorer issued");
    }

    private static string Base64(string text) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
