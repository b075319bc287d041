namespace EventExplorer.Data.DynamoDb;

/// <summary>Which reads go first when the read-capacity budget is spent.</summary>
public enum ReadPriority
{
    /// <summary>A page someone is looking at: one or a few requests; goes first.</summary>
    Page,

    /// <summary>A search, export, scan or fold: many requests; waits while pages wait and leaves a reserve for them.</summary>
    Long,
}

/// <summary>What the budget is doing now, for a status line ("Waiting for read capacity (budget N RCU/s, used by M reads)").</summary>
/// <param name="PerSecond">The configured budget in read capacity units per second; 0 is unlimited.</param>
/// <param name="CurrentRate">The rate in force now: below the budget for a while after DynamoDB throttled a read.</param>
/// <param name="Waiting">Reads waiting for capacity.</param>
/// <param name="Reading">Reads admitted and not yet answered.</param>
public sealed record ReadCapacityState(double PerSecond, double CurrentRate, int Waiting, int Reading)
{
    public bool Unlimited => PerSecond == 0;

    public bool IsWaiting => Waiting > 0;

    /// <summary>True while the instance reads slower than its budget because DynamoDB throttled it.</summary>
    public bool ThrottledBack => !Unlimited && CurrentRate < PerSecond;
}

/// <summary>
/// The read capacity one app instance may consume, shared by every page, search, export, scan and
/// the tail (one per instance): a token bucket refilled at the budget's rate, charged with the
/// ConsumedCapacity each reply reports. A read waits until the bucket is out of debt; a long read
/// also waits while pages wait and until a reserve is back, so pages come first. A throttled read
/// halves the rate, which then recovers gradually. Waiting is cancellable and counts against no
/// call's deadline (the caller waits before its deadline starts). <see cref="Watch"/> tells a status
/// line when any of that changes.
/// </summary>
public sealed class ReadCapacityBudget
{
    /// <summary>How many seconds of budget the bucket holds when nobody reads (a burst).</summary>
    private const double BurstSeconds = 1;

    /// <summary>Long reads leave this many seconds of budget in the bucket for pages.</summary>
    private const double ReserveSeconds = 0.25;

    /// <summary>After throttling, the rate climbs back by this share of the budget per second (half to full in 10 s).</summary>
    private const double RecoveryPerSecond = 0.05;

    /// <summary>Throttling never slows the instance below this share of its budget.</summary>
    private const double FloorShare = 1.0 / 16;

    /// <summary>The shortest wait before a waiting read looks again.</summary>
    private static readonly TimeSpan MinimumWait = TimeSpan.FromMilliseconds(10);

    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private double _tokens;
    private double _rate;
    private DateTimeOffset _refilledAt;
    // What the next read of each kind is charged when admitted, until its reply says what it cost. A page read
    // is small (a page of 25, a tail poll); a long read can be a 1 MB response (128 to 256 RCU), so until replies
    // say otherwise it is taken to cost a whole second of the budget: long reads that start together then go one
    // at a time instead of all at once on a full bucket.
    private double _typicalPage = 1;
    private double _typicalLong;
    private int _waitingPages;
    private int _waitingLong;
    private int _reading;
    private ReadCapacityState? _announced;
    private Action<ReadCapacityState>[] _watchers = [];

    /// <param name="perSecond">Read capacity units per second; 0 means unlimited.</param>
    public ReadCapacityBudget(double perSecond, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(perSecond);
        PerSecond = perSecond;
        _time = time;
        _rate = perSecond;
        _tokens = perSecond * BurstSeconds;
        _typicalLong = Math.Max(1, perSecond * BurstSeconds);
        _refilledAt = time.GetUtcNow();
    }

    /// <summary>No budget: nobody waits (the test bed's default, and EventExplorer:ReadCapacityPerSecond = 0).</summary>
    public static ReadCapacityBudget Unlimited { get; } = new(0, TimeProvider.System);

    /// <summary>The configured budget in read capacity units per second; 0 is unlimited.</summary>
    public double PerSecond { get; }

    public bool IsUnlimited => PerSecond == 0;

    /// <summary>Whether a page read started now would wait for capacity (the bucket is empty, or other page reads wait already).</summary>
    public bool PageReadWouldWait
    {
        get
        {
            if (IsUnlimited) return false;
            lock (_gate)
            {
                Refill();
                return _tokens <= 0 || _waitingPages > 0;
            }
        }
    }

    /// <summary>The budget's state now.</summary>
    public ReadCapacityState State
    {
        get
        {
            lock (_gate)
            {
                if (!IsUnlimited) Refill();
                return Snapshot();
            }
        }
    }

    /// <summary>
    /// Calls <paramref name="changed"/> with the new <see cref="State"/> when reads start or stop waiting, are
    /// admitted or answered, or the rate changes, on the thread of the read that changed it and outside the
    /// budget's lock (so it must be quick and must not throw; a component re-enters its renderer with InvokeAsync).
    /// States may arrive out of order when reads change it at once: read <see cref="State"/> for the latest.
    /// Disposing the returned subscription stops the calls. An unlimited budget never changes.
    /// </summary>
    public IDisposable Watch(Action<ReadCapacityState> changed)
    {
        ArgumentNullException.ThrowIfNull(changed);
        if (IsUnlimited) return Unwatched.Instance;
        lock (_gate) _watchers = [.. _watchers, changed];
        return new Watching(this, changed);
    }

    /// <summary>
    /// Waits until a read of <paramref name="priority"/> may go, and charges it what reads have
    /// typically cost so far (so that reads admitted together do not all overspend). Returns that
    /// charge, to give to <see cref="Settle"/> when the reply says what the read really cost.
    /// </summary>
    public async ValueTask<double> AdmitAsync(ReadPriority priority, CancellationToken cancellationToken)
    {
        if (IsUnlimited) return 0;
        var counted = false;
        try
        {
            while (true)
            {
                TimeSpan wait;
                double? admitted = null;
                lock (_gate)
                {
                    Refill();
                    var threshold = priority == ReadPriority.Page ? 0 : _rate * ReserveSeconds;
                    var pagesFirst = priority == ReadPriority.Long && _waitingPages > 0;
                    if (_tokens > threshold && !pagesFirst)
                    {
                        if (counted) Count(priority, -1);
                        counted = false;
                        var estimate = priority == ReadPriority.Page ? _typicalPage : _typicalLong;
                        admitted = estimate;
                        _tokens -= estimate;
                        _reading++;
                        wait = TimeSpan.Zero;
                    }
                    else
                    {
                        if (!counted) Count(priority, +1);
                        counted = true;
                        var seconds = (Math.Max(threshold, 0) - _tokens) / _rate;
                        wait = TimeSpan.FromSeconds(seconds) > MinimumWait ? TimeSpan.FromSeconds(seconds) : MinimumWait;
                    }
                }
                Announce();
                if (admitted is { } charge) return charge;
                await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            if (counted)
            {
                lock (_gate) Count(priority, -1);
                Announce();
            }
        }
    }

    /// <summary>
    /// Settles an admitted read: charges what DynamoDB says it consumed in place of the typical cost
    /// it was admitted with, or gives that back when the read failed without saying.
    /// </summary>
    /// <param name="priority">The priority the read was admitted with: each kind has its own typical cost.</param>
    public void Settle(double admittedWith, double? consumed, ReadPriority priority = ReadPriority.Page)
    {
        if (IsUnlimited) return;
        lock (_gate)
        {
            _reading--;
            _tokens += admittedWith;
            if (consumed is { } units)
            {
                _tokens -= units;
                // Reads of a kind cost alike (a page, a 1 MB search response): the recent cost is a fair guess for the next.
                // It follows a dearer reply at once and a cheaper one slowly, so that reads admitted together
                // after a cheap one are not all charged too little.
                if (priority == ReadPriority.Page) _typicalPage = Typical(_typicalPage, units);
                else _typicalLong = Typical(_typicalLong, units);
            }
        }
        Announce();
    }

    private static double Typical(double typical, double units) => Math.Max(0.5, units >= typical ? units : typical * 0.8 + units * 0.2);

    /// <summary>DynamoDB throttled a read: the instance reads at half its current rate, recovering gradually.</summary>
    public void Throttled()
    {
        if (IsUnlimited) return;
        lock (_gate)
        {
            Refill();
            _rate = Math.Max(PerSecond * FloorShare, _rate / 2);
            _tokens = Math.Min(_tokens, _rate * BurstSeconds);
        }
        Announce();
    }

    /// <summary>Tells the watchers the state, unless it is the one they were told last.</summary>
    private void Announce()
    {
        Action<ReadCapacityState>[] watchers;
        ReadCapacityState state;
        lock (_gate)
        {
            watchers = _watchers;
            if (watchers.Length == 0) return;
            Refill();
            state = Snapshot();
            if (state == _announced) return;
            _announced = state;
        }
        foreach (var changed in watchers) changed(state);
    }

    private ReadCapacityState Snapshot() => new(PerSecond, _rate, _waitingPages + _waitingLong, _reading);

    private sealed class Watching(ReadCapacityBudget budget, Action<ReadCapacityState> changed) : IDisposable
    {
        private bool _disposed;

        public void Dispose()
        {
            lock (budget._gate)
            {
                if (_disposed) return;
                _disposed = true;
                var at = Array.IndexOf(budget._watchers, changed);
                if (at >= 0) budget._watchers = [.. budget._watchers[..at], .. budget._watchers[(at + 1)..]];
            }
        }
    }

    private sealed class Unwatched : IDisposable
    {
        public static readonly Unwatched Instance = new();

        public void Dispose() { }
    }

    private void Count(ReadPriority priority, int by)
    {
        if (priority == ReadPriority.Page) _waitingPages += by;
        else _waitingLong += by;
    }

    private void Refill()
    {
        var now = _time.GetUtcNow();
        var seconds = Math.Max(0, (now - _refilledAt).TotalSeconds);
        _refilledAt = now;
        _rate = Math.Min(PerSecond, _rate + PerSecond * RecoveryPerSecond * seconds);
        _tokens = Math.Min(_rate * BurstSeconds, _tokens + _rate * seconds);
    }
}
