namespace EventExplorer.Tests.Infrastructure;

/// <summary>
/// A clock that says what the test sets and timers that fire when the test says <see cref="Tick"/>,
/// so periodic work (the feed's live tail) runs without waiting in real time.
/// </summary>
public sealed class ManualTimeProvider(DateTimeOffset now) : TimeProvider
{
    private readonly Lock _gate = new();
    private readonly List<ManualTimer> _timers = [];

    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        lock (_gate) _timers.Add(timer);
        return timer;
    }

    /// <summary>Moves the clock on and fires every live timer once.</summary>
    public void Tick(TimeSpan by)
    {
        Now += by;
        List<ManualTimer> timers;
        lock (_gate) timers = [.. _timers];
        foreach (var timer in timers) timer.Fire();
    }

    public int ActiveTimers
    {
        get { lock (_gate) return _timers.Count; }
    }

    private void Remove(ManualTimer timer)
    {
        lock (_gate) _timers.Remove(timer);
    }

    private sealed class ManualTimer(ManualTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        public void Fire() => callback(state);

        public bool Change(TimeSpan dueTime, TimeSpan period) => true;

        public void Dispose() => owner.Remove(this);

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
