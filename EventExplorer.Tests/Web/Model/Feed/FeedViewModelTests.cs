using System.Globalization;
using System.Text.Json;
using EventExplorer.Data;
using EventExplorer.Data.Model;
using EventExplorer.Testing;
using EventExplorer.Tests.Infrastructure;
using EventExplorer.Web.Model;
using EventExplorer.Web.Model.Feed;
using EventExplorer.Web.Model.Loading;

namespace EventExplorer.Tests.Web.Model.Feed;

/// <summary>The feed's view-model over the real store on dynalite; the live tail runs on the bed's clock.</summary>
public sealed class FeedViewModelTests(DynaliteFixture dynalite) : IClassFixture<DynaliteFixture>
{
    private static FeedViewModel Create(StoreBed bed) => new(bed.Events, bed.Events, bed.Time, new SharedFeedTail(bed.Events, bed.Time));

    /// <summary>What the rows say, top to bottom: a commit id, or "gap a-b".</summary>
    private static List<string> Shape(IEnumerable<CommitRow> rows) =>
        rows.Select(r => r.Commit is { } c ? c.CommitId!.Value.Text : $"gap {r.Gap!.First}-{r.Gap.Last}").ToList();

    private static async Task AddCommitsAsync(StoreBed bed, int count)
    {
        for (var i = 0; i < count; i++) await bed.AddTypedAsync("order-" + (i % 3).ToString(CultureInfo.InvariantCulture), "Placed");
    }

    [Fact]
    public async Task LatestPage_IsNewestFirstWithAPlainOlderLink()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await AddCommitsAsync(bed, 12);
        using var model = Create(bed);

        await model.LoadAsync("/feed?size=5");

        Assert.Equal(["12", "11", "10", "9", "8"], Shape(model.Rows));
        Assert.True(model.IsNewestPage);
        Assert.Equal("/feed?before=8&size=5", model.OlderUrl);
        Assert.Null(model.NewerUrl);
    }

    [Fact]
    public async Task OlderPage_LinksBothWaysByCommitId()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await AddCommitsAsync(bed, 12);
        using var model = Create(bed);

        await model.LoadAsync("/feed?before=8&size=5");

        Assert.Equal(["7", "6", "5", "4", "3"], Shape(model.Rows));
        Assert.Equal("/feed?before=3&size=5", model.OlderUrl);
        Assert.Equal("/feed?after=7&size=5", model.NewerUrl);
        Assert.False(model.IsNewestPage);
    }

    [Fact]
    public async Task CommitIdGap_IsMarkedBetweenTheCommitsItSeparates()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await bed.AddTypedAsync("a", "Placed");
        await bed.AddTypedAsync("b", "Placed");
        await bed.SkipCommitIdsAsync(3);
        await bed.AddTypedAsync("c", "Placed");
        using var model = Create(bed);

        await model.LoadAsync("/feed");

        Assert.Equal(["6", "gap 3-5", "2", "1"], Shape(model.Rows));
        Assert.Equal("commit ids 3–5 missing (3)", Formats.Missing(model.Gaps.Single(), "commit id"));
    }

    [Fact]
    public async Task CommitIdGap_OldestFirst_StaysBetweenItsNeighbours()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await bed.AddTypedAsync("a", "Placed");
        await bed.SkipCommitIdsAsync(1);
        await bed.AddTypedAsync("b", "Placed");
        using var model = Create(bed);

        await model.LoadAsync("/feed?order=asc");

        Assert.Equal(["1", "gap 2-2", "3"], Shape(model.Rows));
    }

    [Fact]
    public async Task RepeatedCommitIdsAcrossAPageBoundary_UseACursorThereAndLoseNothing()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        var stored = new List<Commit>();
        foreach (var id in new long[] { 1, 2, 3 }) stored.Add(await bed.AddAtAsync("a" + id, 0, "[]", CommitId.FromNumber(id)));
        foreach (var name in new[] { "x", "y", "z" }) stored.Add(await bed.AddAtAsync(name, 0, "[]", CommitId.FromNumber(5)));
        foreach (var id in new long[] { 6, 7 }) stored.Add(await bed.AddAtAsync("b" + id, 0, "[]", CommitId.FromNumber(id)));
        using var model = Create(bed);
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

        Assert.Equal(stored.Count, seen.Count);
        Assert.Equal(stored.Select(c => c.Key).Order(), seen.Order());
        Assert.Contains("cursor=", olderLinks[0], StringComparison.Ordinal);
        Assert.Equal("/feed?before=3&size=3", olderLinks[1]);
    }

    [Fact]
    public async Task Jump_HighlightsTheFirstCommitAtOrAfterTheId()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await AddCommitsAsync(bed, 10);
        using var model = Create(bed);

        await model.LoadAsync("/feed?from=5&size=3");

        Assert.Equal(["7", "6", "5"], Shape(model.Rows));
        Assert.Equal("5", Assert.Single(model.Rows, r => r.IsTarget).Commit!.CommitId!.Value.Text);
        Assert.Equal("/feed?before=5&size=3", model.OlderUrl);
        Assert.Equal("/feed?after=7&size=3", model.NewerUrl);
    }

    [Fact]
    public async Task Permalink_OpensAndHighlightsTheCommit()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await AddCommitsAsync(bed, 10);
        using var model = Create(bed);
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
        await using var bed = await StoreBed.CreateAsync(dynalite, EventStoreLayout.TimestampCommitIds);
        for (var i = 0; i < 6; i++) await bed.AddTypedAsync("order-1", "Placed");
        using var model = Create(bed);

        await model.LoadAsync("/feed?from=2026-11-21T06:00:03Z&order=asc");

        Assert.Equal(StoreBed.Epoch.AddSeconds(3), model.Items[0].CommittedAt);
        Assert.Equal(3, model.Items.Count);
        Assert.Equal("/feed?before=20261121060003000%3Aorder-1&order=asc", model.OlderUrl);
    }

    [Fact]
    public async Task LayoutA_JumpToText_IsAnInvalidRequestInWords()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await AddCommitsAsync(bed, 3);
        using var model = Create(bed);

        await model.LoadAsync("/feed?from=yesterday");

        Assert.Equal(LoadErrorKind.InvalidRequest, model.Load.Error?.Kind);
        Assert.Contains("'yesterday' is not a whole number", model.Load.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TamperedCursor_IsAnInvalidLink()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await AddCommitsAsync(bed, 3);
        using var model = Create(bed);

        await model.LoadAsync("/feed?cursor=AAAA");

        Assert.Equal(LoadErrorKind.InvalidLink, model.Load.Error?.Kind);
        Assert.Equal("/feed", model.NewestUrl);
    }

    [Fact]
    public async Task PollOnce_NewCommits_AreAddedOnceAndMarkedAsArrived()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await AddCommitsAsync(bed, 3);
        using var model = Create(bed);
        await model.LoadAsync("/feed");
        await bed.AddTypedAsync("late", "Placed");
        await bed.AddTypedAsync("later", "Placed");

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
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await AddCommitsAsync(bed, 30);
        using var model = Create(bed);
        await model.LoadAsync("/feed?size=5");
        await bed.AddTypedAsync("written-while-paused", "Placed");

        await model.LoadAsync("/feed?size=5&live=1");
        var arrived = await model.PollOnceAsync(CancellationToken.None);

        Assert.Equal(1, arrived);
        Assert.Equal(["31", "30", "29", "28", "27", "26"], Shape(model.Rows));
        Assert.Equal([true, false, false, false, false, false], model.Rows.Select(r => r.Arrived));
    }

    [Fact]
    public async Task PollOnce_ArrivedHighlight_FadesAfterAFewPolls()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await AddCommitsAsync(bed, 1);
        using var model = Create(bed);
        await model.LoadAsync("/feed");
        await bed.AddTypedAsync("late", "Placed");
        await model.PollOnceAsync(CancellationToken.None);

        await model.PollOnceAsync(CancellationToken.None);
        Assert.True(model.Rows[0].Arrived);
        for (var i = 1; i < FeedViewModel.HighlightPolls; i++) await model.PollOnceAsync(CancellationToken.None);

        Assert.DoesNotContain(model.Rows, r => r.Arrived);
    }

    [Fact]
    public async Task PollOnce_AfterSkippedIds_MarksTheGap()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await AddCommitsAsync(bed, 2);
        using var model = Create(bed);
        await model.LoadAsync("/feed");
        await bed.SkipCommitIdsAsync(2);
        await bed.AddTypedAsync("late", "Placed");

        await model.PollOnceAsync(CancellationToken.None);

        Assert.Equal(["5", "gap 3-4", "2", "1"], Shape(model.Rows));
    }

    [Fact]
    public async Task PollOnce_ACommitThatBecomesVisibleLateBelowTheNewestRow_ArrivesInItsPlaceAndItsGapGoes()
    {
        // Id 4 was taken by a writer that has not finished when the page is read; id 5 is visible.
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await AddCommitsAsync(bed, 3);
        await bed.SkipCommitIdsAsync(1);
        await bed.AddTypedAsync("fast-writer", "Placed");
        using var model = Create(bed);
        await model.LoadAsync("/feed?live=1");
        Assert.Equal(["5", "gap 4-4", "3", "2", "1"], Shape(model.Rows));

        await bed.AddAtAsync("slow-writer", 0, """[{"type":"Placed"}]""", CommitId.FromNumber(4));
        var arrived = await model.PollOnceAsync(CancellationToken.None);

        Assert.Equal(1, arrived);
        Assert.Equal(["5", "4", "3", "2", "1"], Shape(model.Rows));
        Assert.Equal([false, true, false, false, false], model.Rows.Select(r => r.Arrived));
    }

    [Fact]
    public async Task PollOnce_OutOfOrderArrivals_AreListedInCommitIdOrderWithoutAStaleGap()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await AddCommitsAsync(bed, 2);
        using var model = Create(bed);
        await model.LoadAsync("/feed?live=1");
        // Id 3 is taken first but written last.
        await bed.SkipCommitIdsAsync(1);
        await bed.AddTypedAsync("second-writer", "Placed");
        await model.PollOnceAsync(CancellationToken.None);
        Assert.Equal(["4", "gap 3-3", "2", "1"], Shape(model.Rows));

        await bed.AddAtAsync("first-writer", 0, """[{"type":"Placed"}]""", CommitId.FromNumber(3));
        await model.PollOnceAsync(CancellationToken.None);

        Assert.Equal(["4", "3", "2", "1"], Shape(model.Rows));
        Assert.Empty(model.Gaps);
    }

    [Fact]
    public async Task PollOnce_TwoCommitsSharingAnId_BothArriveAsRowsOfTheirOwn()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await AddCommitsAsync(bed, 2);
        using var model = Create(bed);
        await model.LoadAsync("/feed?live=1");
        await bed.AddAtAsync("writer-a", 0, """[{"type":"Placed"}]""", CommitId.FromNumber(3));
        await bed.AddAtAsync("writer-b", 0, """[{"type":"Placed"}]""", CommitId.FromNumber(3));

        var arrived = await model.PollOnceAsync(CancellationToken.None);

        Assert.Equal(2, arrived);
        Assert.Equal(["3", "3", "2", "1"], Shape(model.Rows));
        Assert.Equal(["writer-a", "writer-b"], model.Rows.Take(2).Select(r => r.Commit!.AggregateId).Order());
        Assert.Equal(model.Rows.Count, model.Rows.Select(r => r.Key).Distinct().Count());
    }

    [Fact]
    public async Task LiveTail_APollThatThrowsSomethingUnexpected_IsReportedAndTheTailGoesOn()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await AddCommitsAsync(bed, 2);
        // Not a store error: a bug or a timeout that escaped translation must not end the tail. The instance's
        // poller reads through a reader that throws where the test says.
        var reader = new BuggyReader(bed.Events);
        using var model = new FeedViewModel(bed.Events, bed.Events, bed.Time, new SharedFeedTail(reader, bed.Time));
        await model.LoadAsync("/feed?live=1");
        var polls = new System.Collections.Concurrent.BlockingCollection<string?>();
        model.Changed += () => { polls.Add(model.TailProblem); return Task.CompletedTask; };
        model.FollowLiveSwitch();
        // Joined and caught up: the poller's timer runs.
        Assert.True(polls.TryTake(out var joined, TimeSpan.FromSeconds(10)));
        Assert.Null(joined);

        reader.FeedFromFails = true;
        bed.Time.Tick(FeedViewModel.PollInterval);
        Assert.True(polls.TryTake(out var problem, TimeSpan.FromSeconds(10)));
        reader.FeedFromFails = false;
        await bed.AddTypedAsync("after", "Placed");
        bed.Time.Tick(FeedViewModel.PollInterval);
        Assert.True(polls.TryTake(out var after, TimeSpan.FromSeconds(10)));

        Assert.Contains("unexpected error", problem, StringComparison.Ordinal);
        Assert.Null(after);
        Assert.True(model.IsLive);
        Assert.Equal("3", Shape(model.Rows)[0]);
    }

    [Fact]
    public async Task PollOnce_StoreFails_KeepsTheRowsAndSaysWhy()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await AddCommitsAsync(bed, 3);
        using var model = Create(bed);
        await model.LoadAsync("/feed");
        bed.GoDown();

        var arrived = await model.PollOnceAsync(CancellationToken.None);

        Assert.Equal(0, arrived);
        Assert.Equal($"DynamoDB at {bed.Proxy.Url} is unavailable: Internal server error", model.TailProblem);
        Assert.Equal(3, model.Rows.Count);
        Assert.Equal(bed.Time.GetUtcNow(), model.LastPolledAt);

        bed.ComeBack();
        await model.PollOnceAsync(CancellationToken.None);
        Assert.Null(model.TailProblem);
    }

    [Fact]
    public async Task LiveSwitchOnly_KeepsTheRowsWithoutReadingAgain()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await AddCommitsAsync(bed, 3);
        using var model = Create(bed);
        await model.LoadAsync("/feed");
        bed.Proxy.Reset();

        await model.LoadAsync("/feed?live=1");

        Assert.Equal(0, bed.Requests);
        Assert.True(model.State.Live);
        Assert.Equal(3, model.Rows.Count);
    }

    [Fact]
    public async Task LiveTail_AwayFromTheLatestPage_DoesNotRun()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await AddCommitsAsync(bed, 12);
        using var model = Create(bed);
        await model.LoadAsync("/feed?before=5&live=1");

        model.FollowLiveSwitch();

        Assert.False(model.IsLive);
        Assert.Equal("/feed?live=1", model.FollowLiveUrl);
    }

    [Fact]
    public async Task LiveTail_Running_PicksUpNewCommitsOnEachTickAndSaysSo()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await AddCommitsAsync(bed, 2);
        using var model = Create(bed);
        await model.LoadAsync("/feed?live=1");
        var changes = new System.Collections.Concurrent.BlockingCollection<int>();
        model.Changed += () => { changes.Add(model.Rows.Count); return Task.CompletedTask; };
        model.FollowLiveSwitch();
        // Joined the instance's poller and caught up (nothing new yet): its timer runs.
        Assert.True(changes.TryTake(out var joined, TimeSpan.FromSeconds(10)));
        Assert.Equal(2, joined);
        await bed.AddTypedAsync("late", "Placed");

        bed.Time.Tick(FeedViewModel.PollInterval);
        Assert.True(changes.TryTake(out _, TimeSpan.FromSeconds(10)));

        Assert.True(model.IsLive);
        Assert.Equal(["3", "2", "1"], Shape(model.Rows));
        Assert.True(model.Rows[0].Arrived);
    }

    [Fact]
    public async Task LiveTail_SwitchedOffInTheUrl_Stops()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await AddCommitsAsync(bed, 2);
        using var model = Create(bed);
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
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await AddCommitsAsync(bed, 4);
        await bed.SkipCommitIdsAsync(2);
        await AddCommitsAsync(bed, 1);
        using var prerendered = Create(bed);
        await prerendered.LoadAsync("/feed?from=2");
        var handed = prerendered.Handover();
        Assert.NotNull(handed);
        bed.Proxy.Reset();
        using var interactive = Create(bed);

        interactive.Restore("/feed?from=2", handed);

        Assert.Equal(0, bed.Requests);
        Assert.Equal(Shape(prerendered.Rows), Shape(interactive.Rows));
        Assert.Equal("2", Assert.Single(interactive.Rows, r => r.IsTarget).Commit!.CommitId!.Value.Text);
    }

    [Fact]
    public async Task ExportJson_IsCommitIdOrderEvenWhenShownNewestFirst()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await AddCommitsAsync(bed, 4);
        using var model = Create(bed);
        await model.LoadAsync("/feed");

        using var document = JsonDocument.Parse(model.ExportJson());

        Assert.Equal([1L, 2, 3, 4], document.RootElement.EnumerateArray().Select(c => c.GetProperty("commitId").GetInt64()));
        Assert.Equal("feed-1-4.json", model.ExportFileName);
    }
}
