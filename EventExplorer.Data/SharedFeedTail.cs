using System.Threading.Channels;
using EventExplorer.Data.Errors;
using EventExplorer.Data.Model;
using Microsoft.Extensions.Logging;

namespace EventExplorer.Data;

/// <summary>
/// One tail of the feed per app instance: while at least one live tab subscribes, one
/// <see cref="FeedTail"/> polls every <see cref="PollInterval"/> and each poll's new commits go to
/// every subscriber, so the tail's reads are the same with 1 or 100 live tabs. When the last
/// subscriber leaves, the poller stops (the next subscriber starts a fresh one).
/// Subscribers keep their own position, filters and highlighting: a subscriber reads its own gap once
/// (from the rows it shows) after <see cref="SubscribeAsync"/> returns, and each one has a bounded
/// queue: one that does not keep up is not waited for; its updates are dropped and
/// <see cref="FeedTailSubscription.TakeFellBehind"/> tells it to catch up from its own position.
/// </summary>
public sealed class SharedFeedTail(IEventStoreReader reader, TimeProvider time, ILogger<SharedFeedTail>? logger = null) : IDisposable
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1.5);

    /// <summary>How many polls' updates a subscriber may leave unread before it is told it fell behind.</summary>
    public const int SubscriberCapacity = 16;

    private readonly Lock _lock = new();
    private readonly HashSet<FeedTailSubscription> _subscribers = [];
    private CancellationTokenSource? _run;
    private Task _primed = Task.CompletedTask;

    /// <summary>The current (or last) poller's loop; it ends after the last subscriber left and never faults.</summary>
    public Task Poller { get; private set; } = Task.CompletedTask;

    public int SubscriberCount
    {
        get { lock (_lock) return _subscribers.Count; }
    }

    /// <summary>True while a poller runs (at least one subscriber).</summary>
    public bool IsPolling
    {
        get { lock (_lock) return _run is not null; }
    }

    /// <summary>
    /// Joins the shared stream: every poll after this returns is delivered to the subscription. Commits that
    /// were already visible are not: the subscriber reads its own gap once, after this returns, from its position.
    /// Returns once the poller knows where the feed's head is (its first poll).
    /// </summary>
    public async Task<FeedTailSubscription> SubscribeAsync(CancellationToken cancellationToken)
    {
        var subscription = new FeedTailSubscription(this);
        Task primed;
        lock (_lock)
        {
            _subscribers.Add(subscription);
            if (_run is null)
            {
                _run = new CancellationTokenSource();
                var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _primed = ready.Task;
                Poller = RunAsync(ready, _run.Token);
            }
            primed = _primed;
        }
        try
        {
            await primed.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            subscription.Dispose();
            throw;
        }
        return subscription;
    }

    internal void Leave(FeedTailSubscription subscription)
    {
        lock (_lock)
        {
            if (!_subscribers.Remove(subscription) || _subscribers.Count > 0 || _run is null) return;
            _run.Cancel();
            _run.Dispose();
            _run = null;
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _run?.Cancel();
            _run?.Dispose();
            _run = null;
        }
    }

    private async Task RunAsync(TaskCompletionSource ready, CancellationToken cancellationToken)
    {
        // Created before the first await: a tick right after the first subscriber joined is not missed.
        using var timer = new PeriodicTimer(PollInterval, time);
        var tail = new FeedTail(reader);
        try
        {
            // The first poll only learns where the head is (it delivers nothing).
            var primed = await PollAsync(tail, first: true, lateStart: false, cancellationToken).ConfigureAwait(false);
            ready.TrySetResult();
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                primed = await PollAsync(tail, first: false, lateStart: !primed, cancellationToken).ConfigureAwait(false) || primed;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (ObjectDisposedException)
        {
        }
        finally
        {
            ready.TrySetResult();
        }
    }

    /// <summary>
    /// One poll, fanned out to every subscriber (failures too: each tab says so; a <paramref name="first"/> poll
    /// that worked delivers nothing and is not sent). True when it worked.
    /// <paramref name="lateStart"/>: the first poll failed, so this one learns the head late; what came meanwhile
    /// is remembered, not delivered, and every subscriber catches up from its own position.
    /// </summary>
    private async Task<bool> PollAsync(FeedTail tail, bool first, bool lateStart, CancellationToken cancellationToken)
    {
        IReadOnlyList<Commit> fresh = [];
        string? problem = null;
        try
        {
            fresh = await tail.PollAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (EventStoreException e)
        {
            problem = e.Message;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is not ObjectDisposedException)
        {
            problem = "an unexpected error occurred (" + e.GetType().Name + "); see the application log.";
            logger?.LogError(e, "A shared live tail poll failed unexpectedly; the tail keeps polling.");
        }
        cancellationToken.ThrowIfCancellationRequested();
        if (first && problem is null) return true;
        var update = new FeedTailUpdate(fresh, problem, time.GetUtcNow());
        Each(s =>
        {
            if (lateStart && problem is null) s.MarkBehind();
            s.Offer(update);
        });
        return problem is null;
    }

    private void Each(Action<FeedTailSubscription> action)
    {
        FeedTailSubscription[] subscribers;
        lock (_lock) subscribers = [.. _subscribers];
        foreach (var subscriber in subscribers) action(subscriber);
    }
}

/// <summary>One poll of the shared tail: the commits that arrived (unfiltered), or why the poll failed.</summary>
public sealed record FeedTailUpdate(IReadOnlyList<Commit> Commits, string? Problem, DateTimeOffset PolledAt);

/// <summary>One live tab's place in the <see cref="SharedFeedTail"/>; disposing it leaves.</summary>
public sealed class FeedTailSubscription : IDisposable
{
    private readonly SharedFeedTail _owner;
    private readonly Channel<FeedTailUpdate> _updates = Channel.CreateBounded<FeedTailUpdate>(
        new BoundedChannelOptions(SharedFeedTail.SubscriberCapacity) { SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.Wait });
    private int _behind;

    internal FeedTailSubscription(SharedFeedTail owner) => _owner = owner;

    /// <summary>One update per poll of the shared tail, in order.</summary>
    public ChannelReader<FeedTailUpdate> Updates => _updates.Reader;

    /// <summary>
    /// True once if updates were dropped since the last call (the subscriber was too slow): it should drop
    /// what is queued and catch up from its own position (everything dropped was visible before that read).
    /// </summary>
    public bool TakeFellBehind() => Interlocked.Exchange(ref _behind, 0) == 1;

    internal void Offer(FeedTailUpdate update)
    {
        if (!_updates.Writer.TryWrite(update)) MarkBehind();
    }

    internal void MarkBehind() => Volatile.Write(ref _behind, 1);

    public void Dispose()
    {
        _updates.Writer.TryComplete();
        _owner.Leave(this);
    }
}
