using System.Globalization;
using EventExplorer.Data;
using EventExplorer.Data.Model;
using EventExplorer.Tests.Infrastructure;

namespace EventExplorer.Tests.Data.EventStore;

/// <summary>
/// Tailing the feed. dynalite writes its index synchronously, so "a commit that becomes visible late"
/// is arranged the way it happens in production: its id was allocated before a later commit's, but its
/// item is written after.
/// </summary>
public sealed class FeedTailTests(DynaliteFixture dynalite) : IClassFixture<DynaliteFixture>
{
    private static readonly CancellationToken None = CancellationToken.None;

    private static Task PutAsync(EventStoreTestBed bed, string aggregateId, long commitId) =>
        bed.PutRawAsync(bed.Item(aggregateId, 0, commitId.ToString(CultureInfo.InvariantCulture), 946684800000 + commitId, "[]"));

    [Fact]
    public async Task LayoutA_ACommitVisibleAfterAHigherOne_IsDeliveredExactlyOnce()
    {
        using var bed = await EventStoreTestBed.CreateAsync(dynalite, EventStoreLayout.CounterCommitIds);
        await PutAsync(bed, "existing-1", 1);
        await PutAsync(bed, "existing-2", 2);
        var tail = new FeedTail(bed.Store);

        var atStart = await tail.PollAsync(None);
        await PutAsync(bed, "fast", 4);
        var first = await tail.PollAsync(None);
        await PutAsync(bed, "slow", 3); // id 3 was allocated before 4 but lands after it
        await PutAsync(bed, "next", 5);
        var second = await tail.PollAsync(None);
        var third = await tail.PollAsync(None);

        Assert.Empty(atStart);
        Assert.Equal(["fast"], first.Select(c => c.AggregateId));
        Assert.Equal(["slow", "next"], second.Select(c => c.AggregateId));
        Assert.Empty(third);
        Assert.Equal(CommitId.FromNumber(5), tail.HighestCommitId);
    }

    [Fact]
    public async Task FollowingAPage_DeliversALateCommitBelowTheNewestRow_AndNothingShownTwice()
    {
        using var bed = await EventStoreTestBed.CreateAsync(dynalite, EventStoreLayout.CounterCommitIds);
        await PutAsync(bed, "shown-1", 1);
        await PutAsync(bed, "shown-2", 2);
        await PutAsync(bed, "shown-4", 4);
        var page = await bed.Store.ReadFeedAsync(new FeedQuery(), None);
        var tail = FeedTail.Following(bed.Store, page.Items);

        var first = await tail.PollAsync(None);
        await PutAsync(bed, "late-3", 3); // its writer took id 3 before 4 was written, and finished after
        var second = await tail.PollAsync(None);

        Assert.Empty(first);
        Assert.Equal(["late-3"], second.Select(c => c.AggregateId));
    }

    [Fact]
    public async Task FollowingAPageReadEarlier_DeliversOnlyWhatCameAfter_NotTheOlderCommitsInsideTheWindow()
    {
        // A page of the 3 newest of 30 commits, read long ago (a paused tail being resumed): the
        // window (200 ids) reaches the 27 older commits below the page, which are not news.
        using var bed = await EventStoreTestBed.CreateAsync(dynalite, EventStoreLayout.CounterCommitIds);
        for (var id = 1; id <= 30; id++) await PutAsync(bed, "old-" + id.ToString(CultureInfo.InvariantCulture), id);
        var page = await bed.Store.ReadFeedAsync(new FeedQuery { PageSize = 3 }, None);
        await PutAsync(bed, "new-31", 31);
        await PutAsync(bed, "new-32", 32);
        var tail = FeedTail.Following(bed.Store, page.Items);

        var first = await tail.PollAsync(None);
        var second = await tail.PollAsync(None);

        Assert.Equal(["old-28", "old-29", "old-30"], page.Items.Select(c => c.AggregateId).Order());
        Assert.Equal(["new-31", "new-32"], first.Select(c => c.AggregateId));
        Assert.Empty(second);
    }

    [Fact]
    public async Task TwoCommitsWithTheSameCommitId_AreBothDelivered()
    {
        using var bed = await EventStoreTestBed.CreateAsync(dynalite, EventStoreLayout.CounterCommitIds);
        await PutAsync(bed, "before", 1);
        var tail = FeedTail.Following(bed.Store, (await bed.Store.ReadFeedAsync(new FeedQuery(), None)).Items);
        await tail.PollAsync(None);

        await PutAsync(bed, "twin-a", 2);
        await PutAsync(bed, "twin-b", 2);
        var arrived = await tail.PollAsync(None);

        Assert.Equal(["twin-a", "twin-b"], arrived.Select(c => c.AggregateId).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task LayoutA_FromAGivenCommitId_DeliversEverythingFromThereInCommitIdOrder()
    {
        using var bed = await EventStoreTestBed.CreateAsync(dynalite, EventStoreLayout.CounterCommitIds);
        foreach (var id in new long[] { 5, 1, 3, 2, 4 }) await PutAsync(bed, $"agg-{id}", id);
        var tail = new FeedTail(bed.Store, startCommitId: CommitId.FromNumber(2));

        var first = await tail.PollAsync(None);
        var second = await tail.PollAsync(None);

        Assert.Equal(["2", "3", "4", "5"], first.Select(c => c.CommitId?.Text));
        Assert.Empty(second);
    }

    [Fact]
    public async Task LayoutA_ManyCommits_AreAllDeliveredOnceWhileTheSeenSetStaysWithinTheWindow()
    {
        using var bed = await EventStoreTestBed.CreateAsync(dynalite, EventStoreLayout.CounterCommitIds);
        var tail = new FeedTail(bed.Store, startCommitId: CommitId.FromNumber(0), idWindow: 10, maxPerPoll: 700);
        await bed.BatchPutRawAsync(Enumerable.Range(1, 1500).Select(i => bed.Item($"many-{i}", 0, i.ToString(CultureInfo.InvariantCulture), 1, "[]")));

        var delivered = new List<Commit>();
        for (var poll = 0; poll < 5; poll++)
        {
            delivered.AddRange(await tail.PollAsync(None));
            Assert.InRange(tail.TrackedCommits, 0, 11);
        }

        Assert.Equal(Enumerable.Range(1, 1500).Select(i => (long?)i), delivered.Select(c => c.CommitId?.Number));
    }

    [Fact]
    public async Task LayoutB_ACommitStampedEarlierButWrittenLater_IsDeliveredExactlyOnce()
    {
        using var bed = await EventStoreTestBed.CreateAsync(dynalite, EventStoreLayout.TimestampCommitIds);
        await bed.PutRawAsync(bed.Item("early", 0, "20260101120000000:early", 1, "[]"));
        var tail = new FeedTail(bed.Store);

        Assert.Empty(await tail.PollAsync(None));
        await bed.PutRawAsync(bed.Item("b", 0, "20260101120005000:b", 1, "[]"));
        var first = await tail.PollAsync(None);
        // Stamped 3 s before "b" by a writer whose put was slow: inside the 10 s window.
        await bed.PutRawAsync(bed.Item("a", 0, "20260101120002000:a", 1, "[]"));
        await bed.PutRawAsync(bed.Item("a", 1, "20260101120006000:a", 1, "[]"));
        var second = await tail.PollAsync(None);
        var third = await tail.PollAsync(None);

        Assert.Equal(["20260101120005000:b"], first.Select(c => c.CommitId?.Text));
        Assert.Equal(["20260101120002000:a", "20260101120006000:a"], second.Select(c => c.CommitId?.Text));
        Assert.Empty(third);
        Assert.Equal("20260101120006000:a", tail.HighestCommitId?.Text);
    }

    [Fact]
    public async Task LayoutB_CommitsSharingOneCommitId_AreEachDeliveredOnce()
    {
        using var bed = await EventStoreTestBed.CreateAsync(dynalite, EventStoreLayout.TimestampCommitIds);
        var tail = new FeedTail(bed.Store);
        Assert.Empty(await tail.PollAsync(None));

        // One aggregate committing in one millisecond: the ids repeat; only the table key tells the commits apart.
        await bed.PutRawAsync(bed.Item("burst", 0, "20260101120000000:burst", 1, "[]"));
        await bed.PutRawAsync(bed.Item("burst", 1, "20260101120000000:burst", 1, "[]"));
        await bed.PutRawAsync(bed.ItemWithVersionText("burst", "1.5", "20260101120000000:burst"));
        var first = await tail.PollAsync(None);
        var second = await tail.PollAsync(None);

        Assert.Equal(["burst\u00000", "burst\u00001", "burst\u00001.5"], first.Select(c => c.Key).Order(StringComparer.Ordinal));
        Assert.Empty(second);
    }

    [Fact]
    public async Task EmptyStore_TailStartedNow_DeliversTheFirstCommits()
    {
        using var bed = await EventStoreTestBed.CreateAsync(dynalite, EventStoreLayout.CounterCommitIds);
        var tail = new FeedTail(bed.Store);

        Assert.Empty(await tail.PollAsync(None));
        await bed.AppendAsync("first", 0, "[]");
        await bed.AppendAsync("first", 1, "[]");

        Assert.Equal([0L, 1], (await tail.PollAsync(None)).Select(c => c.Version!.Value));
    }
}
