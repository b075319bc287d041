using EventExplorer.Data.Model;

namespace EventExplorer.Data;

/// <summary>
/// Follows the feed: each <see cref="PollAsync"/> returns the commits that became visible since the
/// previous poll. Commit ids are allocated before the write (a counter in layout A, the writer's
/// clock in layout B), so a commit can become visible after one with a higher id. Each poll therefore
/// re-reads a trailing window behind the highest id seen and de-duplicates by <see cref="Commit.Key"/>:
/// a late commit is delivered once, when it appears, and nothing is delivered twice. The seen-set only
/// holds commits inside the window, since nothing below it is ever read again.
/// One poll at a time; create one tail per viewer.
/// </summary>
public sealed class FeedTail
{
    /// <summary>Layout A: how many commit ids behind the highest one each poll re-reads.</summary>
    public const long DefaultIdWindow = 200;

    /// <summary>Layout B: how far behind the newest commit's timestamp each poll re-reads (covers writer delay and clock skew).</summary>
    public static readonly TimeSpan DefaultTimeWindow = TimeSpan.FromSeconds(10);

    private const int BatchSize = 1000;

    private readonly IEventStoreReader _reader;
    private readonly CommitId? _start;
    private readonly long _idWindow;
    private readonly TimeSpan _timeWindow;
    private readonly int _maxPerPoll;

    // Keyed by Commit.Key (the table key as stored), which is unique where commit ids are not.
    private readonly Dictionary<string, CommitId> _seen = new(StringComparer.Ordinal);
    private EventStoreLayout _layout;
    private bool _started;
    private bool _following;
    private CommitId? _highest;
    private int _polling;

    /// <param name="reader">The event store.</param>
    /// <param name="startCommitId">
    /// Deliver commits from this id (inclusive); null starts after the current latest commit. In layout B,
    /// <c>CommitId.FromTime(moment, "")</c> sorts before every id written at that moment.
    /// </param>
    /// <param name="idWindow">Layout A trailing window, in commit ids.</param>
    /// <param name="timeWindow">Layout B trailing window.</param>
    /// <param name="maxPerPoll">At most this many commits per poll; the rest come with the next polls.</param>
    public FeedTail(IEventStoreReader reader, CommitId? startCommitId = null, long idWindow = DefaultIdWindow, TimeSpan? timeWindow = null, int maxPerPoll = 5000)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(idWindow);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPerPoll, 1);
        _reader = reader;
        _start = startCommitId;
        _idWindow = idWindow;
        _timeWindow = timeWindow ?? DefaultTimeWindow;
        _maxPerPoll = maxPerPoll;
    }

    /// <summary>
    /// A tail that continues from what a page shows: those commits are not delivered again, and any
    /// commit that becomes visible later is, even one whose id is below the newest shown (a commit
    /// whose writer took its id earlier but finished later), as long as it is within the window.
    /// Nothing below the oldest commit shown is delivered: the window reaches past the page into
    /// commits that were there when it was read and belong to the older pages (or, on a filtered
    /// page, to rows the filter hid), and those are not news.
    /// </summary>
    public static FeedTail Following(IEventStoreReader reader, IEnumerable<Commit> shown, long idWindow = DefaultIdWindow, TimeSpan? timeWindow = null, int maxPerPoll = 5000)
    {
        var ids = shown.Where(c => c.CommitId is not null).ToList();
        var oldest = ids.Count == 0 ? (CommitId?)null : ids.Min(c => c.CommitId!.Value);
        var tail = new FeedTail(reader, oldest, idWindow, timeWindow, maxPerPoll) { _following = true };
        foreach (var commit in ids)
        {
            var id = commit.CommitId!.Value;
            tail._seen[commit.Key] = id;
            tail._highest = Max(tail._highest, id);
        }
        return tail;
    }

    /// <summary>The highest commit id seen so far (null before the first commit).</summary>
    public CommitId? HighestCommitId => _highest;

    /// <summary>How many commits the de-duplication set currently holds (bounded by the window).</summary>
    public int TrackedCommits => _seen.Count;

    /// <summary>Commits that arrived since the previous poll, in commit-id order.</summary>
    public async Task<IReadOnlyList<Commit>> PollAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _polling, 1) == 1) throw new InvalidOperationException("A FeedTail polls one call at a time.");
        try
        {
            if (!_started)
            {
                _layout = (await _reader.DescribeAsync(cancellationToken).ConfigureAwait(false)).Layout;
                if (_start is null && !_following)
                {
                    // Start "now": remember what is already there (the whole window) without delivering it.
                    var latest = await _reader.ReadLatestCommitAsync(cancellationToken).ConfigureAwait(false);
                    if (latest?.CommitId is { } latestId)
                    {
                        await ReadFromAsync(WindowStart(latestId), int.MaxValue, deliver: null, cancellationToken).ConfigureAwait(false);
                        _highest = Max(_highest, latestId);
                    }
                    _started = true;
                    return [];
                }
                _started = true;
            }

            var delivered = new List<Commit>();
            var from = _highest is { } highest ? WindowStart(highest) : _start;
            await ReadFromAsync(from, _maxPerPoll, delivered, cancellationToken).ConfigureAwait(false);
            Prune();
            return delivered;
        }
        finally
        {
            Volatile.Write(ref _polling, 0);
        }
    }

    private async Task ReadFromAsync(CommitId? from, int maxDelivered, List<Commit>? deliver, CancellationToken cancellationToken)
    {
        while (true)
        {
            var batch = await _reader.ReadFeedFromAsync(from, BatchSize, cancellationToken).ConfigureAwait(false);
            foreach (var commit in batch)
            {
                if (commit.CommitId is not { } id) continue;
                if (!_seen.TryAdd(commit.Key, id)) continue;
                _highest = Max(_highest, id);
                if (deliver is null || id < _start) continue;
                deliver.Add(commit);
                if (deliver.Count >= maxDelivered) return;
            }

            if (batch.Count < BatchSize) return;
            // A full batch of one repeated commit id cannot be paged past by id; stop rather than spin.
            if (batch[^1].CommitId is not { } last || last == from) return;
            from = last;
        }
    }

    /// <summary>Forgets commits below the window: the next poll starts reading at the window.</summary>
    private void Prune()
    {
        if (_highest is not { } highest) return;
        var floor = WindowStart(highest);
        foreach (var (key, id) in _seen.ToList())
        {
            if (id < floor) _seen.Remove(key);
        }
    }

    /// <summary>The lowest commit id the next poll re-reads.</summary>
    private CommitId WindowStart(CommitId highest)
    {
        if (_layout == EventStoreLayout.CounterCommitIds)
        {
            return highest.Number is { } number
                ? CommitId.FromNumber(number < long.MinValue + _idWindow ? long.MinValue : number - _idWindow)
                : highest;
        }

        if (highest.Timestamp is not { } time) return highest;
        var windowStart = time - _timeWindow;
        // An id with an empty aggregate id is the first id of its millisecond: it sorts before every id written then.
        return CommitId.FromTime(windowStart < DateTimeOffset.MinValue.AddYears(1) ? DateTimeOffset.MinValue : windowStart, "");
    }

    private static CommitId Max(CommitId? a, CommitId b) => a is { } current && current >= b ? current : b;
}
