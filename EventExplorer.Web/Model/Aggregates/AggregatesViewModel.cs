using EventExplorer.Data;
using EventExplorer.Data.Model;
using EventExplorer.Web.Model.Loading;

namespace EventExplorer.Web.Model.Aggregates;

/// <summary>What the aggregates page reads before anyone asks for anything: the recent aggregates and the table's size.</summary>
public sealed record AggregatesData(RecentAggregates? Recent, TableStats? Stats);

/// <summary>
/// State of /aggregates: the recently active aggregates, an exact id lookup, and a prefix search
/// over the whole commit table that says what it will read before it runs and what it read after.
/// </summary>
public sealed class AggregatesViewModel(IEventStoreReader reader) : IDisposable
{
    public const int RecentCount = 25;
    public const int ScanPageSize = 100;

    private readonly Dictionary<string, int> _found = new(StringComparer.Ordinal);
    private Func<Task>? _retry;
    private bool _loaded;

    public LatestLoad RecentLoad { get; } = new();
    public LatestLoad LookupLoad { get; } = new();
    public LatestLoad StatsLoad { get; } = new();
    public LatestLoad ScanLoad { get; } = new();

    public RecentAggregates? Recent { get; private set; }

    public string LookupId { get; set; } = "";

    /// <summary>What the last lookup found out, when it did not open an aggregate (or opened a trimmed id).</summary>
    public string? LookupMessage { get; private set; }

    public string Prefix { get; set; } = "";
    public TableStats? Stats { get; private set; }

    /// <summary>The prefix of the scan whose results are shown (the box may have changed since).</summary>
    public string? ScannedPrefix { get; private set; }

    /// <summary>Matches so far with the commits seen of each (a scan meets an aggregate's commits on several pages).</summary>
    public IReadOnlyList<ScannedAggregate> Found =>
        _found.Select(f => new ScannedAggregate { AggregateId = f.Key, CommitsSeen = f.Value })
            .OrderBy(f => f.AggregateId, StringComparer.Ordinal).ToList();

    public string? NextCursor { get; private set; }
    public bool ScanStarted { get; private set; }
    public bool ScanComplete => ScanStarted && NextCursor is null && !ScanLoad.IsLoading && ScanLoad.Error is null && !ScanCancelled;
    public bool ScanCancelled { get; private set; }
    public long ItemsScanned { get; private set; }
    public long ItemsMatched { get; private set; }
    public double? CapacityUnits { get; private set; }
    public int ScanRequests { get; private set; }

    /// <summary>The one error the page shows: the latest failure of any part.</summary>
    public LoadError? Error => ScanLoad.Error ?? LookupLoad.Error ?? RecentLoad.Error ?? StatsLoad.Error;

    /// <summary>The plan shown before a scan: how much of the table it reads.</summary>
    public string? ScanPlan => Stats switch
    {
        null => null,
        // DescribeTable's figures lag by up to six hours, so a young table reports 0 although it has items.
        { ItemCount: 0 } => $"This reads every item of table {Stats.TableName}. DescribeTable reports 0 items, but it refreshes that figure only about every six hours, so the table may hold more.",
        _ => $"This reads all ~{Stats.ItemCount:N0} items ({Formats.Bytes(Stats.SizeBytes)}) of table {Stats.TableName} (DescribeTable's figures, refreshed about every six hours).",
    };

    /// <summary>Applies the URL's prefix (pre-fills the box; the scan waits for a click) and loads the cheap parts once.</summary>
    public async Task LoadAsync(AggregatesState state)
    {
        Prefix = state.Prefix ?? "";
        if (_loaded) return;
        _loaded = true;
        await LoadOverviewAsync();
    }

    public void Restore(AggregatesState state, Prerendered<AggregatesData> handed)
    {
        Prefix = state.Prefix ?? "";
        _loaded = true;
        Recent = handed.Data?.Recent;
        Stats = handed.Data?.Stats;
        if (handed.Error is { } error)
        {
            RecentLoad.Fail(error);
            _retry = LoadOverviewAsync;
        }
    }

    public Prerendered<AggregatesData> Handover(AggregatesState state) => new(state.ToUrl(), new AggregatesData(Recent, Stats), RecentLoad.Error ?? StatsLoad.Error);

    private async Task LoadOverviewAsync()
    {
        var recent = RecentLoad.RunAsync(async ct => Recent = await reader.ReadRecentAggregatesAsync(RecentCount, ct));
        var stats = StatsLoad.RunAsync(async ct => Stats = await reader.GetCommitTableStatsAsync(ct));
        var ok = await Task.WhenAll(recent, stats);
        _retry = ok.All(x => x) ? null : LoadOverviewAsync;
    }

    /// <summary>
    /// Exact lookup. Returns the timeline URL when the aggregate exists; otherwise sets
    /// <see cref="LookupMessage"/>. Spaces around a pasted id are taken off (and said), since
    /// they are nearly always an accident of copying, and an id with them would never match.
    /// </summary>
    public async Task<string?> LookupAsync()
    {
        LookupMessage = null;
        var typed = LookupId;
        var id = typed.Trim();
        if (id.Length == 0)
        {
            LookupMessage = "Type an aggregate id to look it up.";
            return null;
        }
        var trimmed = id.Length != typed.Length;
        if (trimmed) LookupId = id;

        AggregateInfo? info = null;
        if (!await LookupLoad.RunAsync(async ct => info = await reader.FindAggregateAsync(id, ct)))
        {
            _retry = LookupLoad.Error is null ? null : async () => { await LookupAsync(); };
            return null;
        }
        if (info is not null)
        {
            if (trimmed) LookupMessage = $"Opened \"{id}\": the spaces around the pasted id were removed.";
            return ExplorerUrls.Timeline(info.AggregateId);
        }

        // Not found trimmed: the spaces may have been part of the id after all.
        if (trimmed && await FindAsync(typed) is { } exact) return ExplorerUrls.Timeline(exact.AggregateId);
        LookupMessage = trimmed
            ? $"No aggregate with id \"{id}\" (spaces around the pasted id were removed; it was not found with them either)."
            : $"No aggregate with id \"{id}\".";
        return null;
    }

    /// <summary>Starts a new scan for <see cref="Prefix"/> (an empty prefix lists every aggregate).</summary>
    public Task StartScanAsync()
    {
        _found.Clear();
        ItemsScanned = 0;
        ItemsMatched = 0;
        CapacityUnits = null;
        ScanRequests = 0;
        NextCursor = null;
        ScannedPrefix = Prefix;
        ScanStarted = true;
        return ScanPageAsync(null);
    }

    /// <summary>Reads the next page of the same scan.</summary>
    public Task ContinueScanAsync() => NextCursor is { } cursor ? ScanPageAsync(cursor) : Task.CompletedTask;

    public void CancelScan()
    {
        if (!ScanLoad.IsLoading) return;
        ScanLoad.Cancel();
        ScanCancelled = true;
    }

    public Task RetryAsync()
    {
        var retry = _retry;
        _retry = null;
        RecentLoad.ClearError();
        LookupLoad.ClearError();
        StatsLoad.ClearError();
        ScanLoad.ClearError();
        return retry?.Invoke() ?? Task.CompletedTask;
    }

    public void Dispose()
    {
        RecentLoad.Dispose();
        LookupLoad.Dispose();
        StatsLoad.Dispose();
        ScanLoad.Dispose();
    }

    private async Task<AggregateInfo?> FindAsync(string id)
    {
        AggregateInfo? info = null;
        await LookupLoad.RunAsync(async ct => info = await reader.FindAggregateAsync(id, ct));
        return info;
    }

    private async Task ScanPageAsync(string? cursor)
    {
        ScanCancelled = false;
        var prefix = ScannedPrefix;
        ScanPage<ScannedAggregate>? page = null;
        var ok = await ScanLoad.RunAsync(async ct => page = await reader.ScanAggregatesAsync(
            new ScanQuery { Prefix = string.IsNullOrEmpty(prefix) ? null : prefix, Cursor = cursor, PageSize = ScanPageSize }, ct));
        if (!ok || page is null)
        {
            // A failed page keeps the cursor it started from, so Retry/Continue reads it again.
            NextCursor = cursor;
            _retry = ScanLoad.Error is null ? null : () => ScanPageAsync(cursor);
            return;
        }
        foreach (var item in page.Items)
        {
            _found[item.AggregateId] = _found.GetValueOrDefault(item.AggregateId) + item.CommitsSeen;
        }
        ItemsScanned += page.ItemsScanned;
        ItemsMatched += page.ItemsMatched;
        if (page.CapacityUnits is { } units) CapacityUnits = (CapacityUnits ?? 0) + units;
        ScanRequests += page.RequestCount;
        NextCursor = page.Next;
    }
}
