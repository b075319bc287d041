using System.Globalization;
using EventExplorer.Data;
using EventExplorer.Data.Configuration;
using EventExplorer.Web;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using EventExplorer.Tests.Infrastructure;
using EventExplorer.Tests.Web.Model;
using EventExplorer.Web.Model;
using EventExplorer.Web.Model.Feed;

namespace EventExplorer.Tests.Data.EventStore;

/// <summary>
/// One tail per app instance: one poller however many live tabs follow, each tab with its own position,
/// filter and pace. Over the real store on dynalite; the bed's clock fires the poller's timer.
/// </summary>
public sealed class SharedFeedTailTests(DynaliteFixture dynalite) : IClassFixture<DynaliteFixture>
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    private static List<string> Shape(IEnumerable<CommitRow> rows) => rows.Select(r => r.Commit!.CommitId!.Value.Text).ToList();

    private static async Task AddCommitsAsync(StoreBed bed, int count)
    {
        for (var i = 0; i < count; i++) await bed.AddTypedAsync("order-" + (i % 3).ToString(CultureInfo.InvariantCulture), "Placed");
    }

    /// <summary>A live feed tab on the shared tail; <see cref="Tab.Changed"/> counts its updates.</summary>
    private sealed class Tab : IDisposable
    {
        private readonly SemaphoreSlim _changed = new(0);
        private int _changes;

        public Tab(StoreBed bed, SharedFeedTail shared, TaskCompletionSource? gate = null, TaskCompletionSource? entered = null)
            : this(new FeedViewModel(bed.Events, bed.Events, bed.Time, shared: shared), gate, entered)
        {
        }

        public Tab(FeedViewModel model, TaskCompletionSource? gate = null, TaskCompletionSource? entered = null)
        {
            Model = model;
            Model.Changed += async () =>
            {
                entered?.TrySetResult();
                if (gate is not null) await gate.Task;
                Interlocked.Increment(ref _changes);
                _changed.Release();
            };
        }

        public FeedViewModel Model { get; }

        /// <summary>Loads the page and goes live; returns once the tab has joined the shared tail and read its own gap.</summary>
        public async Task GoLiveAsync(string url)
        {
            await Model.LoadAsync(url);
            Model.FollowLiveSwitch();
            await JoinedAsync();
        }

        public Task JoinedAsync() => WaitUntilAsync(_ => Volatile.Read(ref _changes) > 0);

        /// <summary>Waits for updates until the rows say what <paramref name="holds"/> asks.</summary>
        public async Task WaitUntilAsync(Func<FeedViewModel, bool> holds)
        {
            using var limit = new CancellationTokenSource(Limit);
            while (!holds(Model)) await _changed.WaitAsync(limit.Token);
        }

        public void Dispose() => Model.Dispose();
    }

    [Fact]
    public async Task TenSubscribers_OnePollReachesEveryOne_WithTheRequestsOfOne()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await AddCommitsAsync(bed, 2);
        using var shared = new SharedFeedTail(bed.Events, bed.Time);
        var subscriptions = new List<FeedTailSubscription> { await shared.SubscribeAsync(CancellationToken.None) };

        async Task<(int Queries, int Requests)> PollAsync(string aggregateId)
        {
            await bed.AddTypedAsync(aggregateId, "Placed");
            bed.Proxy.Reset();
            bed.Time.Tick(SharedFeedTail.PollInterval);
            foreach (var subscription in subscriptions)
            {
                var update = await subscription.Updates.ReadAsync().AsTask().WaitAsync(Limit);
                Assert.Equal([aggregateId], update.Commits.Select(c => c.AggregateId));
            }
            return (bed.Proxy.Count("Query"), bed.Requests);
        }

        var one = await PollAsync("with-one");
        for (var i = 1; i < 10; i++) subscriptions.Add(await shared.SubscribeAsync(CancellationToken.None));
        var ten = await PollAsync("with-ten");

        Assert.True(one.Queries > 0);
        Assert.Equal(one, ten);
        Assert.Equal(10, shared.SubscriberCount);
        foreach (var subscription in subscriptions) subscription.Dispose();
    }

    [Fact]
    public async Task TwoTabs_EachKeepsItsOwnFilter()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await AddCommitsAsync(bed, 2);
        using var shared = new SharedFeedTail(bed.Events, bed.Time);
        using var all = new Tab(bed, shared);
        using var shipped = new Tab(bed, shared);
        await all.GoLiveAsync("/feed?live=1");
        await shipped.GoLiveAsync("/feed?type=Shipped&live=1");
        Assert.Equal(2, shared.SubscriberCount);

        await bed.AddTypedAsync("order-9", "Placed");
        await bed.AddTypedAsync("order-9", "Shipped");
        bed.Time.Tick(SharedFeedTail.PollInterval);

        await all.WaitUntilAsync(m => m.Rows.Count == 4);
        await shipped.WaitUntilAsync(m => m.Rows.Count == 1);
        Assert.Equal(["4", "3", "2", "1"], Shape(all.Model.Rows));
        Assert.True(all.Model.Rows[0].Arrived);
        Assert.Equal(["4"], Shape(shipped.Model.Rows));
        Assert.True(shipped.Model.Rows[0].Arrived);
    }

    [Fact]
    public async Task ATabThatJoinsLater_CatchesUpFromItsOwnPosition_ThenFollowsTheSharedPolls()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await AddCommitsAsync(bed, 2);
        using var shared = new SharedFeedTail(bed.Events, bed.Time);
        using var early = new Tab(bed, shared);
        await early.GoLiveAsync("/feed?live=1");
        using var late = new Tab(bed, shared);
        await late.Model.LoadAsync("/feed?live=1"); // its page shows 1-2, then the tab is away for a while
        await bed.AddTypedAsync("while-away-1", "Placed");
        await bed.AddTypedAsync("while-away-2", "Placed");
        bed.Time.Tick(SharedFeedTail.PollInterval);
        await early.WaitUntilAsync(m => m.Rows.Count == 4);

        late.Model.FollowLiveSwitch();
        await late.JoinedAsync();
        Assert.Equal(["4", "3", "2", "1"], Shape(late.Model.Rows));
        await bed.AddTypedAsync("after", "Placed");
        bed.Time.Tick(SharedFeedTail.PollInterval);

        await early.WaitUntilAsync(m => m.Rows.Count == 5);
        await late.WaitUntilAsync(m => m.Rows.Count == 5);
        Assert.Equal(["5", "4", "3", "2", "1"], Shape(late.Model.Rows));
        Assert.Equal(Shape(early.Model.Rows), Shape(late.Model.Rows));
        Assert.Equal(2, shared.SubscriberCount);
    }

    [Fact]
    public async Task ASlowTab_DoesNotHoldTheOthersBack_AndCatchesUpWhenItComesBack()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await AddCommitsAsync(bed, 2);
        using var shared = new SharedFeedTail(bed.Events, bed.Time);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var slow = new Tab(bed, shared, gate, entered); // its page never finishes rendering until the gate opens
        using var fast = new Tab(bed, shared);
        await slow.Model.LoadAsync("/feed?live=1");
        slow.Model.FollowLiveSwitch();
        await entered.Task.WaitAsync(Limit);
        await fast.GoLiveAsync("/feed?live=1");
        Assert.Equal(2, shared.SubscriberCount);

        // More polls than the slow tab's queue holds: the fast tab sees every one.
        var polls = SharedFeedTail.SubscriberCapacity + 3;
        for (var i = 0; i < polls; i++)
        {
            await bed.AddTypedAsync("order-" + i.ToString(CultureInfo.InvariantCulture), "Placed");
            bed.Time.Tick(SharedFeedTail.PollInterval);
            var expected = 3 + i;
            await fast.WaitUntilAsync(m => m.Rows.Count == expected);
        }
        Assert.Equal(2, slow.Model.Rows.Count);

        gate.SetResult();
        var all = 2 + polls;
        await slow.WaitUntilAsync(m => m.Rows.Count == all);

        Assert.Equal(Shape(fast.Model.Rows), Shape(slow.Model.Rows));
        Assert.Equal(all.ToString(CultureInfo.InvariantCulture), Shape(slow.Model.Rows)[0]);
        Assert.Null(slow.Model.TailProblem);
    }

    [Fact]
    public async Task StoreDownWhenTheTailStarts_EveryTabSaysWhy_AndCatchesUpWhenItComesBack()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await AddCommitsAsync(bed, 2);
        using var shared = new SharedFeedTail(bed.Events, bed.Time);
        using var first = new Tab(bed, shared);
        using var second = new Tab(bed, shared);
        await first.Model.LoadAsync("/feed?live=1");
        await second.Model.LoadAsync("/feed?live=1");
        bed.GoDown();
        first.Model.FollowLiveSwitch();
        second.Model.FollowLiveSwitch();
        await first.JoinedAsync();
        await second.JoinedAsync();
        Assert.NotNull(first.Model.TailProblem);

        // Written while the store could not be read: the shared tail learns the head only after it.
        bed.ComeBack();
        await bed.AddTypedAsync("while-down", "Placed");
        bed.Time.Tick(SharedFeedTail.PollInterval);

        await first.WaitUntilAsync(m => m.Rows.Count == 3);
        await second.WaitUntilAsync(m => m.Rows.Count == 3);
        Assert.Null(first.Model.TailProblem);
        Assert.Equal(["3", "2", "1"], Shape(second.Model.Rows));
    }

    [Fact]
    public async Task TheAppsFeedPages_InTwoCircuits_ShareTheInstancesOneTail()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await AddCommitsAsync(bed, 2);
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton<TimeProvider>(bed.Time);
        services.AddEventExplorerData(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["EventExplorer:ServiceUrl"] = "http://127.0.0.1:1" }).Build(), isDevelopment: true);
        services.AddSingleton<IEventStoreReader>(bed.Events);
        services.AddSingleton<IEventStoreSearch>(bed.Events);
        services.AddEventExplorerComponentServices();
        await using var provider = services.BuildServiceProvider();
        using var firstScope = provider.CreateScope();
        using var secondScope = provider.CreateScope();
        var first = new Tab(firstScope.ServiceProvider.GetRequiredService<FeedViewModel>());
        var second = new Tab(secondScope.ServiceProvider.GetRequiredService<FeedViewModel>());

        await first.GoLiveAsync("/feed?live=1");
        await second.GoLiveAsync("/feed?live=1");
        await bed.AddTypedAsync("news", "Placed");
        bed.Proxy.Reset();
        bed.Time.Tick(SharedFeedTail.PollInterval);
        await first.WaitUntilAsync(m => m.Rows.Count == 3);
        await second.WaitUntilAsync(m => m.Rows.Count == 3);

        var shared = provider.GetRequiredService<SharedFeedTail>();
        Assert.Equal(2, shared.SubscriberCount);
        Assert.Equal(1, bed.Proxy.Count("Query")); // one poll for both tabs
    }

    [Fact]
    public async Task TheLastTabLeaving_StopsThePoller()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await AddCommitsAsync(bed, 2);
        using var shared = new SharedFeedTail(bed.Events, bed.Time);
        var first = new Tab(bed, shared);
        var second = new Tab(bed, shared);
        await first.GoLiveAsync("/feed?live=1");
        await second.GoLiveAsync("/feed?live=1");
        Assert.Equal(2, shared.SubscriberCount);
        Assert.True(shared.IsPolling);

        first.Dispose();
        await first.Model.TailRun.WaitAsync(Limit);
        Assert.True(shared.IsPolling);
        await second.Model.LoadAsync(second.Model.LiveUrl(false)); // paused in the URL
        second.Model.FollowLiveSwitch();
        await second.Model.TailRun.WaitAsync(Limit);
        await shared.Poller.WaitAsync(Limit);

        Assert.False(shared.IsPolling);
        Assert.Equal(0, shared.SubscriberCount);
        Assert.Equal(0, bed.Time.ActiveTimers);
        bed.Proxy.Reset();
        bed.Time.Tick(SharedFeedTail.PollInterval);
        Assert.Equal(0, bed.Requests);
        second.Dispose();
    }
}
