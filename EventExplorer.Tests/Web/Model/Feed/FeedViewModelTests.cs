using System.Globalization;
using System.Text.Json;
using EventExplorer.Data.Errors;
using EventExplorer.Data.Model;
using EventExplorer.Tests.Fakes;
using EventExplorer.Tests.Infrastructure;
using EventExplorer.Web.Model;
using EventExplorer.Web.Model.Feed;
using EventExplorer.Web.Model.Loading;

namespace EventExplorer.Tests.Web.Model.Feed;

public sealed class FeedViewModelTests
{
    private readonly FakeEventStore _store = new();
    private readonly ManualTimeProvider _time = new(FakeEventStore.Epoch);

    private FeedViewModel Create(FakeEventStore? store = null) => new(store ?? _store, store ?? _store, _time);

    /// <summary>What the rows say, top to bottom: a commit id, or "gap a-b".</summary>
    private static List<string> Shape(IEnumerable<CommitRow> rows) =>
        rows.Select(r => r.Commit is { } c ? c.CommitId!.Value.Text : $"gap {r.Gap!.First}-{r.Gap.Last}").ToList();

    private void AddCommits(int count)
    {
        for (var i = 0; i < count; i++) _store.AddTyped("order-" + (i % 3).ToString(CultureInfo.InvariantCulture), "Placed");
    }

    [Fact]
    public async Task LatestPage_IsNewestFirstWithAPlainOlderLink()
    {
        AddCommits(12);
        using var model = Create();

        await model.LoadAsync("/feed?size=5");

        Assert.Equal(["12", "11", "10", "9", "8"], Shape(model.Rows));
        Assert.True(model.IsNewestPage);
        Assert.Equal("/feed?before=8&size=5", model.OlderUrl);
        Assert.Null(model.NewerUrl);
    }

    [Fact]
    public async Task OlderPage_LinksBothWaysByCommitId()
    {
        AddCommits(12);
        using var model = Create();

        await model.LoadAsync("/feed?before=8&size=5");

        Assert.Equal(["7", "6", "5", "4", "3"], Shape(model.Rows));
        Assert.Equal("/feed?before=3&size=5", model.OlderUrl);
        Assert.Equal("/feed?after=7&size=5", model.NewerUrl);
        Assert.False(model.IsNewestPage);
    }

    [Fact]
    public async Task CommitIdGap_IsMarkedBetweenTheCommitsItSeparates()
    {
        _store.AddTyped("a", "Placed");
        _store.AddTyped("b", "Placed");
        _store.SkipCommitIds(3);
        _store.AddTyped("c", "Placed");
        using var model = Create();

        await model.LoadAsync("/feed");

        Assert.Equal(["6", "gap 3-5", "2", "1"], Shape(model.Rows));
        Assert.Equal("commit ids 3–5 missing (3)", Formats.Missing(model.Gaps.Single(), "commit id"));
    }

    [Fact]
    public async Task CommitIdGap_OldestFirst_StaysBetweenItsNeighbours()
    {
        _store.AddTyped("a", "Placed");
        _store.SkipCommitIds(1);
        _store.AddTyped("b", "Placed");
        using var model = Create();

        await model.LoadAsync("/feed?order=asc");

        Assert.Equal(["1", "gap 2-2", "3"], Shape(model.Rows));
    }

    [Fact]
    public async Task RepeatedCommitIdsAcrossAPageBoundary_UseACursorThereAndLoseNothing()
    {
        foreach (var id in new long[] { 1, 2, 3 }) _store.AddAt("a" + id, 0, "[]", CommitId.FromNumber(id));
        foreach (var name in new[] { "x", "y", "z" }) _store.AddAt(name, 0, "[]", CommitId.FromNumber(5));
        foreach (var id in new long[] { 6, 7 }) _store.AddAt("b" + id, 0, "[]", CommitId.FromNumber(id));
        using var model = Create();
        var seen = new List<string>();

        await model.LoadAsync("/feed?size=3");
        seen.AddRange(model.Items.Reverse().Select(c => c.Key));
        var olderLinks = new List<string>();
        while (model.OlderUrl is { } older)
        {
            olderLinks.Add(older);
            await model.LoadAsync(older);
            Assert.Null(model.Load.Error);
            seen.AddRange(model.Items.Reverse().Select(c => c.Key));
        }

        Assert.Equal(_store.All.Count, seen.Count);
        Assert.Equal(_store.All.Select(c => c.Key).Order(), seen.Order());
        Assert.Contains("cursor=", olderLinks[0], StringComparison.Ordinal);
        Assert.Equal("/feed?before=3&size=3", olderLinks[1]);
    }

    [Fact]
    public async Task Jump_HighlightsTheFirstCommitAtOrAfterTheId()
    {
        AddCommits(10);
        using var model = Create();

        await model.LoadAsync("/feed?from=5&size=3");

        Assert.Equal(["7", "6", "5"], Shape(model.Rows));
        Assert.Equal("5", Assert.Single(model.Rows, r => r.IsTarget).Commit!.CommitId!.Value.Text);
        Assert.Equal("/feed?before=5&size=3", model.OlderUrl);
        Assert.Equal("/feed?after=7&size=3", model.NewerUrl);
    }

    [Fact]
    public async Task Permalink_OpensAndHighlightsTheCommit()
    {
        AddCommits(10);
        using var model = Create();
        await model.LoadAsync("/feed");
        var link = model.PermalinkUrl(model.Items.Single(c => c.CommitId?.Text == "4"));

        await model.LoadAsync(link!);

        Assert.Equal("/feed?from=4&expand=4", link);
        var target = Assert.Single(model.Rows, r => r.IsTarget).Commit!;
        Assert.Equal("4", target.CommitId!.Value.Text);
        Assert.True(model.IsExpanded(target));
    }

    [Fact]
    public async Task LayoutB_JumpToAUtcTime_StartsAtTheFirstCommitOfThatMoment()
    {
        var store = new FakeEventStore(EventStoreLayout.TimestampCommitIds);
        for (var i = 0; i < 6; i++) store.AddTyped("order-1", "Placed");
        using var model = Create(store);

        await model.LoadAsync("/feed?from=2026-11-21T06:00:03Z&order=asc");

        Assert.Equal(FakeEventStore.Epoch.AddSeconds(3), model.Items[0].CommittedAt);
        Assert.Equal(3, model.Items.Count);
        Assert.Equal("/feed?before=20261121060003000%3Aorder-1&order=asc", model.OlderUrl);
    }

    [Fact]
    public async Task LayoutA_JumpToText_IsAnInvalidRequestInWords()
    {
        AddCommits(3);
        using var model = Create();

        await model.LoadAsync("/feed?from=yesterday");

        Assert.Equal(LoadErrorKind.InvalidRequest, model.Load.Error?.Kind);
        Assert.Contains("'yesterday' is not a whole number", model.Load.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TamperedCursor_IsAnInvalidLink()
    {
        AddCommits(3);
        using var model = Create();

        await model.LoadAsync("/feed?cursor=AAAA");

        Assert.Equal(LoadErrorKind.InvalidLink, model.Load.Error?.Kind);
        Assert.Equal("/feed", model.NewestUrl);
    }

    [Fact]
    public async Task PollOnce_NewCommits_AreAddedOnceAndMarkedAsArrived()
    {
        AddCommits(3);
        using var model = Create();
        await model.LoadAsync("/feed");
        _store.AddTyped("late", "Placed");
        _store.AddTyped("later", "Placed");

        var arrived = await model.PollOnceAsync(CancellationToken.None);
        var again = await model.PollOnceAsync(CancellationToken.None);

        Assert.Equal(2, arrived);
        Assert.Equal(0, again);
        Assert.Equal(["5", "4", "3", "2", "1"], Shape(model.Rows));
        Assert.Equal([true, true, false, false, false], model.Rows.Select(r => r.Arrived));
    }

    [Fact]
    public async Task ResumingThePausedTail_AddsOnlyCommitsWrittenSince_AtTheTop()
    {
        AddCommits(30);
        using var model = Create();
        await model.LoadAsync("/feed?size=5");
        _store.AddTyped("written-while-paused", "Placed");

        await model.LoadAsync("/feed?size=5&live=1");
        var arrived = await model.PollOnceAsync(CancellationToken.None);

        Assert.Equal(1, arrived);
        Assert.Equal(["31", "30", "29", "28", "27", "26"], Shape(model.Rows));
        Assert.Equal([true, false, false, false, false, false], model.Rows.Select(r => r.Arrived));
    }

    [Fact]
    public async Task PollOnce_ArrivedHighlight_FadesAfterAFewPolls()
    {
        AddCommits(1);
        using var model = Create();
        await model.LoadAsync("/feed");
        _store.AddTyped("late", "Placed");
        await model.PollOnceAsync(CancellationToken.None);

        await model.PollOnceAsync(CancellationToken.None);
        Assert.True(model.Rows[0].Arrived);
        for (var i = 1; i < FeedViewModel.HighlightPolls; i++) await model.PollOnceAsync(CancellationToken.None);

        Assert.DoesNotContain(model.Rows, r => r.Arrived);
    }

    [Fact]
    public async Task PollOnce_AfterSkippedIds_MarksTheGap()
    {
        AddCommits(2);
        using var model = Create();
        await model.LoadAsync("/feed");
        _store.SkipCommitIds(2);
        _store.AddTyped("late", "Placed");

        await model.PollOnceAsync(CancellationToken.None);

        Assert.Equal(["5", "gap 3-4", "2", "1"], Shape(model.Rows));
    }

    [Fact]
    public async Task PollOnce_ACommitThatBecomesVisibleLateBelowTheNewestRow_ArrivesInItsPlaceAndItsGapGoes()
    {
        // Id 4 was taken by a writer that has not finished when the page is read; id 5 is visible.
        AddCommits(3);
        _store.SkipCommitIds(1);
        _store.AddTyped("fast-writer", "Placed");
        using var model = Create();
        await model.LoadAsync("/feed?live=1");
        Assert.Equal(["5", "gap 4-4", "3", "2", "1"], Shape(model.Rows));

        _store.AddAt("slow-writer", 0, """[{"type":"Placed"}]""", CommitId.FromNumber(4));
        var arrived = await model.PollOnceAsync(CancellationToken.None);

        Assert.Equal(1, arrived);
        Assert.Equal(["5", "4", "3", "2", "1"], Shape(model.Rows));
        Assert.Equal([false, true, false, false, false], model.Rows.Select(r => r.Arrived));
    }

    [Fact]
    public async Task PollOnce_OutOfOrderArrivals_AreListedInCommitIdOrderWithoutAStaleGap()
    {
        AddCommits(2);
        using var model = Create();
        await model.LoadAsync("/feed?live=1");
        // Id 3 is taken first but written last.
        _store.SkipCommitIds(1);
        _store.AddTyped("second-writer", "Placed");
        await model.PollOnceAsync(CancellationToken.None);
        Assert.Equal(["4", "gap 3-3", "2", "1"], Shape(model.Rows));

        _store.AddAt("first-writer", 0, """[{"type":"Placed"}]""", CommitId.FromNumber(3));
        await model.PollOnceAsync(CancellationToken.None);

        Assert.Equal(["4", "3", "2", "1"], Shape(model.Rows));
        Assert.Empty(model.Gaps);
    }

    [Fact]
    public async Task PollOnce_TwoCommitsSharingAnId_BothArriveAsRowsOfTheirOwn()
    {
        AddCommits(2);
        using var model = Create();
        await model.LoadAsync("/feed?live=1");
        _store.AddAt("writer-a", 0, """[{"type":"Placed"}]""", CommitId.FromNumber(3));
        _store.AddAt("writer-b", 0, """[{"type":"Placed"}]""", CommitId.FromNumber(3));

        var arrived = await model.PollOnceAsync(CancellationToken.None);

        Assert.Equal(2, arrived);
        Assert.Equal(["3", "3", "2", "1"], Shape(model.Rows));
        Assert.Equal(["writer-a", "writer-b"], model.Rows.Take(2).Select(r => r.Commit!.AggregateId).Order());
        Assert.Equal(model.Rows.Count, model.Rows.Select(r => r.Key).Distinct().Count());
    }

    [Fact]
    public async Task LiveTail_APollThatThrowsSomethingUnexpected_IsReportedAndTheTailGoesOn()
    {
        AddCommits(2);
        using var model = Create();
        await model.LoadAsync("/feed?live=1");
        model.FollowLiveSwitch();
        var polls = new System.Collections.Concurrent.BlockingCollection<string?>();
        model.Changed += () => { polls.Add(model.TailProblem); return Task.CompletedTask; };

        // Not a store error: a bug or a timeout that escaped translation must not end the tail.
        _store.FailWith = new InvalidOperationException("boom");
        _time.Tick(FeedViewModel.PollInterval);
        Assert.True(polls.TryTake(out var problem, TimeSpan.FromSeconds(10)));
        _store.FailWith = null;
        _store.AddTyped("after", "Placed");
        _time.Tick(FeedViewModel.PollInterval);
        Assert.True(polls.TryTake(out var after, TimeSpan.FromSeconds(10)));

        Assert.Contains("unexpected error", problem, StringComparison.Ordinal);
        Assert.Null(after);
        Assert.True(model.IsLive);
        Assert.Equal("3", Shape(model.Rows)[0]);
    }

    [Fact]
    public async Task PollOnce_StoreFails_KeepsTheRowsAndSaysWhy()
    {
        AddCommits(3);
        using var model = Create();
        await model.LoadAsync("/feed");
        _store.FailWith = new StoreUnavailableException("http://fake", "connection refused");

        var arrived = await model.PollOnceAsync(CancellationToken.None);

        Assert.Equal(0, arrived);
        Assert.Contains("connection refused", model.TailProblem, StringComparison.Ordinal);
        Assert.Equal(3, model.Rows.Count);
        Assert.Equal(FakeEventStore.Epoch, model.LastPolledAt);

        _store.FailWith = null;
        await model.PollOnceAsync(CancellationToken.None);
        Assert.Null(model.TailProblem);
    }

    [Fact]
    public async Task LiveSwitchOnly_KeepsTheRowsWithoutReadingAgain()
    {
        AddCommits(3);
        using var model = Create();
        await model.LoadAsync("/feed");
        var calls = _store.CallCount;

        await model.LoadAsync("/feed?live=1");

        Assert.Equal(calls, _store.CallCount);
        Assert.True(model.State.Live);
        Assert.Equal(3, model.Rows.Count);
    }

    [Fact]
    public async Task LiveTail_AwayFromTheLatestPage_DoesNotRun()
    {
        AddCommits(12);
        using var model = Create();
        await model.LoadAsync("/feed?before=5&live=1");

        model.FollowLiveSwitch();

        Assert.False(model.IsLive);
        Assert.Equal("/feed?live=1", model.FollowLiveUrl);
    }

    [Fact]
    public async Task LiveTail_Running_PicksUpNewCommitsOnEachTickAndSaysSo()
    {
        AddCommits(2);
        using var model = Create();
        await model.LoadAsync("/feed?live=1");
        model.FollowLiveSwitch();
        var changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        model.Changed += () => { changed.TrySetResult(); return Task.CompletedTask; };
        _store.AddTyped("late", "Placed");

        _time.Tick(FeedViewModel.PollInterval);
        await changed.Task.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(model.IsLive);
        Assert.Equal(["3", "2", "1"], Shape(model.Rows));
        Assert.True(model.Rows[0].Arrived);
    }

    [Fact]
    public async Task LiveTail_SwitchedOffInTheUrl_Stops()
    {
        AddCommits(2);
        using var model = Create();
        await model.LoadAsync("/feed?live=1");
        model.FollowLiveSwitch();

        await model.LoadAsync(model.LiveUrl(false));
        model.FollowLiveSwitch();

        Assert.False(model.IsLive);
        Assert.Equal("/feed", model.State.ToUrl());
    }

    [Fact]
    public async Task Handover_ToTheInteractivePage_ShowsTheSameRowsWithoutReadingAgain()
    {
        AddCommits(4);
        _store.SkipCommitIds(2);
        AddCommits(1);
        using var prerendered = Create();
        await prerendered.LoadAsync("/feed?from=2");
        var handed = prerendered.Handover();
        Assert.NotNull(handed);
        var calls = _store.CallCount;
        using var interactive = Create();

        interactive.Restore("/feed?from=2", handed);

        Assert.Equal(calls, _store.CallCount);
        Assert.Equal(Shape(prerendered.Rows), Shape(interactive.Rows));
        Assert.Equal("2", Assert.Single(interactive.Rows, r => r.IsTarget).Commit!.CommitId!.Value.Text);
    }

    [Fact]
    public async Task ExportJson_IsCommitIdOrderEvenWhenShownNewestFirst()
    {
        AddCommits(4);
        using var model = Create();
        await model.LoadAsync("/feed");

        using var document = JsonDocument.Parse(model.ExportJson());

        Assert.Equal([1L, 2, 3, 4], document.RootElement.EnumerateArray().Select(c => c.GetProperty("commitId").GetInt64()));
        Assert.Equal("feed-1-4.json", model.ExportFileName);
    }
}
