using EventExplorer.Data.Errors;
using EventExplorer.Data.Model;
using EventExplorer.Tests.Fakes;
using EventExplorer.Web.Model;

namespace EventExplorer.Tests.Web.Model;

public sealed class FeedViewModelTests
{
    private readonly FakeEventStore _store = new();

    [Fact]
    public async Task LoadAsync_Latest_ShowsNewestCommitsNewestFirst()
    {
        for (var i = 0; i < 60; i++) _store.AddTyped("agg-" + (i % 7), "E");
        using var model = new FeedViewModel(_store);

        await model.LoadAsync(new FeedRequest());

        var ids = model.Rows.Select(r => r.Commit!.CommitNumber).ToList();
        Assert.Equal(FeedViewModel.DefaultPageSize, ids.Count);
        Assert.Equal(60, ids[0]);
        Assert.Equal(11, ids[^1]);
        Assert.True(model.IsLatestPage);
        Assert.NotNull(model.OlderUrl);
    }

    [Fact]
    public async Task Rows_GapInCommitIds_IsMarkedBetweenTheCommitsItSeparates()
    {
        _store.AddTyped("a", "E");              // 1
        _store.AddTyped("a", "E");              // 2
        _store.SkipCommitIds(3);                // 3, 4, 5 burnt
        _store.AddTyped("b", "E");              // 6
        using var model = new FeedViewModel(_store);

        await model.LoadAsync(new FeedRequest { Order = "asc" });

        var rows = model.Rows;
        Assert.Equal(4, rows.Count);
        Assert.Equal(2, rows[1].Commit!.CommitNumber);
        Assert.Equal(new CommitIdGap(2, 6), rows[2].Gap);
        Assert.Equal(3, rows[2].Gap!.MissingCount);
        Assert.Equal(6, rows[3].Commit!.CommitNumber);
    }

    [Fact]
    public async Task Rows_NewestFirst_GapStaysBetweenItsNeighbours()
    {
        _store.AddTyped("a", "E");
        _store.SkipCommitIds(1);
        _store.AddTyped("a", "E");
        using var model = new FeedViewModel(_store);

        await model.LoadAsync(new FeedRequest());

        Assert.Equal([3L, -1, 1], model.Rows.Select(r => r.Commit?.CommitNumber ?? -1));
    }

    [Fact]
    public async Task PollOnceAsync_NewCommits_AreAppendedOnceAndMarkedArrived()
    {
        _store.AddTyped("a", "E");
        using var model = new FeedViewModel(_store);
        await model.LoadAsync(new FeedRequest());

        _store.AddTyped("b", "Later");
        _store.SkipCommitIds(2);
        _store.AddTyped("c", "Latest");
        var arrived = await model.PollOnceAsync(CancellationToken.None);
        var again = await model.PollOnceAsync(CancellationToken.None);

        Assert.Equal(2, arrived);
        Assert.Equal(0, again);
        Assert.Equal([5L, -1, 2, 1], model.Rows.Select(r => r.Commit?.CommitNumber ?? -1));
        Assert.True(model.Rows[0].Arrived);
        Assert.False(model.Rows[^1].Arrived);
        Assert.Contains(new CommitIdGap(2, 5), model.Gaps);
    }

    [Fact]
    public async Task PollOnceAsync_ArrivedHighlight_FadesAfterAFewPolls()
    {
        using var model = new FeedViewModel(_store);
        await model.LoadAsync(new FeedRequest());
        _store.AddTyped("a", "E");
        await model.PollOnceAsync(CancellationToken.None);

        for (var i = 0; i < FeedViewModel.HighlightPolls; i++) await model.PollOnceAsync(CancellationToken.None);

        Assert.False(model.Rows.Single().Arrived);
    }

    [Fact]
    public async Task PollOnceAsync_StoreFails_KeepsRowsAndReportsTailProblem()
    {
        _store.AddTyped("a", "E");
        using var model = new FeedViewModel(_store);
        await model.LoadAsync(new FeedRequest());

        _store.FailWith = new StoreThrottledException("http://fake");
        await model.PollOnceAsync(CancellationToken.None);

        Assert.Single(model.Rows);
        Assert.Contains("throttling", model.TailProblem);
        _store.FailWith = null;
        await model.PollOnceAsync(CancellationToken.None);
        Assert.Null(model.TailProblem);
    }

    [Fact]
    public async Task SetLive_AwayFromTheLatestPage_IsRefused()
    {
        for (var i = 0; i < 30; i++) _store.AddTyped("a", "E");
        using var model = new FeedViewModel(_store);
        await model.LoadAsync(new FeedRequest { Start = "oldest", PageSize = "10" });

        Assert.False(model.SetLive(true));
        Assert.False(model.IsLive);
    }

    [Fact]
    public async Task LoadAsync_OnlyLiveChanged_KeepsRowsAndSwitchesTail()
    {
        _store.AddTyped("a", "E");
        using var model = new FeedViewModel(_store);
        await model.LoadAsync(new FeedRequest());
        _store.AddTyped("b", "E");
        await model.PollOnceAsync(CancellationToken.None);
        var calls = _store.CallCount;

        await model.LoadAsync(new FeedRequest { Live = "1" });
        Assert.True(model.IsLive);
        await model.LoadAsync(new FeedRequest());

        Assert.False(model.IsLive);
        Assert.Equal(2, model.Rows.Count);
        Assert.True(model.Rows[0].Arrived);
        Assert.Equal(calls, _store.CallCount);
    }

    [Fact]
    public async Task LiveTail_Running_PicksUpNewCommitsAndRaisesChanged()
    {
        _store.AddTyped("a", "E");
        using var model = new FeedViewModel(_store);
        var changed = new TaskCompletionSource();
        model.Changed += () => { if (model.Items.Count == 2) changed.TrySetResult(); return Task.CompletedTask; };
        await model.LoadAsync(new FeedRequest { Live = "1" });

        _store.AddTyped("b", "E");
        await changed.Task.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal("b", model.Rows[0].Commit!.AggregateId);
        model.SetLive(false);
        Assert.False(model.IsLive);
    }

    [Fact]
    public async Task LoadAsync_FromCommitId_StartsThereInLayoutB()
    {
        var store = new FakeEventStore(EventStoreLayout.TimestampCommitIds);
        var commits = Enumerable.Range(0, 5).Select(i => store.AddTyped("agg-" + i, "E")).ToList();
        using var model = new FeedViewModel(store);

        await model.LoadAsync(new FeedRequest { FromCommitId = commits[2].CommitId, Order = "asc" });

        Assert.Equal(commits.Skip(2).Select(c => c.CommitId), model.Rows.Select(r => r.Commit!.CommitId));
        Assert.Empty(model.Gaps);
    }

    [Fact]
    public async Task LoadAsync_TamperedCursor_ReportsInvalidLink()
    {
        _store.AddTyped("a", "E");
        using var model = new FeedViewModel(_store);

        await model.LoadAsync(new FeedRequest { Cursor = "garbage" });

        Assert.IsType<InvalidCursorException>(model.Load.Error);
        Assert.Empty(model.Rows);
    }

    [Fact]
    public async Task ExportJson_IsCommitIdOrderEvenWhenShownNewestFirst()
    {
        for (var i = 0; i < 5; i++) _store.AddTyped("a", "E");
        using var model = new FeedViewModel(_store);
        await model.LoadAsync(new FeedRequest());

        using var doc = System.Text.Json.JsonDocument.Parse(model.ExportJson());

        Assert.Equal([1L, 2, 3, 4, 5], doc.RootElement.EnumerateArray().Select(c => c.GetProperty("commitId").GetInt64()));
    }
}
