using System.Globalization;
using EventExplorer.Data.Model;
using EventExplorer.Tests.Infrastructure;

namespace EventExplorer.Tests.Data.EventStore;

/// <summary>
/// A jump (timeline to a version, feed from a commit id) answers "anything older?" without a second round
/// trip in the usual case, and still offers Older exactly when something lies below the target.
/// </summary>
public sealed class JumpCostTests(DynaliteFixture dynalite) : IClassFixture<DynaliteFixture>
{
    private static readonly CancellationToken None = CancellationToken.None;

    private static Task<CommitPage> JumpAsync(EventStoreTestBed bed, string aggregateId, long version, int pageSize = 10) =>
        bed.Store.ReadTimelineAsync(new TimelineQuery { AggregateId = aggregateId, FromVersion = version, PageSize = pageSize, Order = ReadOrder.OldestFirst }, None);

    private static Task<FeedPage> FeedFromAsync(EventStoreTestBed bed, string commitId, int pageSize = 10) =>
        bed.Store.ReadFeedAsync(new FeedQuery { FromCommitId = commitId, PageSize = pageSize, Order = ReadOrder.OldestFirst }, None);

    [Fact]
    public async Task TimelineJump_IntoTheMiddle_IsOneRequestWithOlderAndNewer()
    {
        using var bed = await EventStoreTestBed.CreateAsync(dynalite, EventStoreLayout.CounterCommitIds);
        await bed.BatchPutRawAsync(Enumerable.Range(0, 100).Select(v => bed.Item("mid", v, (v + 1).ToString(CultureInfo.InvariantCulture), 1, "[]")));

        var page = await JumpAsync(bed, "mid", 40);

        Assert.Equal(1, page.RequestCount);
        Assert.Equal(Enumerable.Range(40, 10).Select(v => (long?)v), page.Items.Select(c => c.Version));
        Assert.Equal(new PageLink(PageLinkKind.Before, "40"), page.Older);
        Assert.Equal(new PageLink(PageLinkKind.After, "49"), page.Newer);
    }

    [Fact]
    public async Task TimelineJump_ToTheFirstVersion_OffersNoOlder()
    {
        using var bed = await EventStoreTestBed.CreateAsync(dynalite, EventStoreLayout.CounterCommitIds);
        // Starts at 1, as account-legacy-0007 in the demo does: nothing is at version 0.
        await bed.BatchPutRawAsync(Enumerable.Range(1, 20).Select(v => bed.Item("from1", v, (v + 1).ToString(CultureInfo.InvariantCulture), 1, "[]")));

        var first = await JumpAsync(bed, "from1", 1);
        var zero = await JumpAsync(bed, "from1", 0);

        Assert.Equal(1L, first.Items[0].Version);
        Assert.Null(first.Older);
        Assert.Equal(1L, zero.Items[0].Version);
        Assert.Null(zero.Older);
    }

    [Fact]
    public async Task TimelineJump_WithAGapJustBelowTheTarget_StillOffersOlder()
    {
        using var bed = await EventStoreTestBed.CreateAsync(dynalite, EventStoreLayout.CounterCommitIds);
        long[] versions = [0, 1, 2, 7, 8, 9];
        await bed.BatchPutRawAsync(versions.Select(v => bed.Item("gap", v, (v + 1).ToString(CultureInfo.InvariantCulture), 1, "[]")));

        var page = await JumpAsync(bed, "gap", 7);

        Assert.Equal([7L, 8, 9], page.Items.Select(c => c.Version!.Value));
        Assert.Equal(new PageLink(PageLinkKind.Before, "7"), page.Older);
        var older = await bed.Store.ReadTimelineAsync(new TimelineQuery { AggregateId = "gap", Position = page.Older, PageSize = 10 }, None);
        Assert.Equal([2L, 1, 0], older.Items.Select(c => c.Version!.Value));
    }

    [Fact]
    public async Task TimelineJump_AboveVersionsAnotherProgramStoredAsFractions_LosesNoCommitAndOffersOlder()
    {
        using var bed = await EventStoreTestBed.CreateAsync(dynalite, EventStoreLayout.CounterCommitIds);
        await bed.BatchPutRawAsync(Enumerable.Range(0, 3).Select(v => bed.Item("frac", v, (v + 1).ToString(CultureInfo.InvariantCulture), 1, "[]")));
        await bed.PutRawAsync(bed.ItemWithVersionText("frac", "2.25", "10"));
        await bed.PutRawAsync(bed.ItemWithVersionText("frac", "2.5", "11"));
        await bed.BatchPutRawAsync(Enumerable.Range(3, 4).Select(v => bed.Item("frac", v, (v + 20).ToString(CultureInfo.InvariantCulture), 1, "[]")));

        var page = await JumpAsync(bed, "frac", 3, pageSize: 3);

        Assert.Equal([3L, 4, 5], page.Items.Select(c => c.Version!.Value));
        Assert.NotNull(page.Older);
        Assert.Equal(new PageLink(PageLinkKind.After, "5"), page.Newer);
    }

    [Theory]
    [InlineData(EventStoreLayout.CounterCommitIds)]
    [InlineData(EventStoreLayout.TimestampCommitIds)]
    public async Task FeedJump_AfterTheOldestIdIsKnown_IsOneRequest_AndOffersOlderOnlyAboveIt(EventStoreLayout layout)
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero));
        using var bed = await EventStoreTestBed.CreateAsync(dynalite, layout, time: clock);
        var ids = new List<string>();
        for (var v = 0; v < 30; v++)
        {
            clock.Now = clock.Now.AddSeconds(1);
            ids.Add((await bed.AppendAsync($"f{v % 3}", v / 3, """[{"type":"t"}]""")).CommitId!.Value.Text);
        }

        var firstJump = await FeedFromAsync(bed, ids[20]);
        var secondJump = await FeedFromAsync(bed, ids[10]);
        var atOldest = await FeedFromAsync(bed, ids[0]);

        Assert.Equal(2, firstJump.RequestCount);
        Assert.Equal(1, secondJump.RequestCount);
        Assert.Equal(ids[10], secondJump.Items[0].CommitId!.Value.Text);
        Assert.Equal(new PageLink(PageLinkKind.Before, ids[10]), secondJump.Older);
        Assert.Equal(1, atOldest.RequestCount);
        Assert.Null(atOldest.Older);
    }

    [Fact]
    public async Task FeedJump_OnceTheRememberedOldestIdIsOld_AsksAgainAndSeesACommitWrittenBelowIt()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero));
        using var bed = await EventStoreTestBed.CreateAsync(dynalite, EventStoreLayout.CounterCommitIds, time: clock);
        await bed.BatchPutRawAsync(Enumerable.Range(10, 20).Select(n => bed.Item($"g{n}", 0, n.ToString(CultureInfo.InvariantCulture), 1, "[]")));
        var before = await FeedFromAsync(bed, "10");
        Assert.Null(before.Older);

        // Another program writes a commit id below every other one.
        await bed.PutRawAsync(bed.Item("late", 0, "5", 1, "[]"));
        clock.Now += TimeSpan.FromMinutes(6);
        var after = await FeedFromAsync(bed, "10");

        Assert.Equal(2, after.RequestCount);
        Assert.Equal(new PageLink(PageLinkKind.Before, "10"), after.Older);
    }

    [Fact]
    public async Task FeedFromOldest_RemembersTheOldestId_SoTheNextJumpIsOneRequest()
    {
        using var bed = await EventStoreTestBed.CreateAsync(dynalite, EventStoreLayout.CounterCommitIds);
        await bed.BatchPutRawAsync(Enumerable.Range(1, 40).Select(n => bed.Item($"h{n}", 0, n.ToString(CultureInfo.InvariantCulture), 1, "[]")));

        var oldest = await bed.Store.ReadFeedAsync(new FeedQuery { FromOldest = true, PageSize = 10, Order = ReadOrder.OldestFirst }, None);
        var jump = await FeedFromAsync(bed, "25");

        Assert.Equal(1, oldest.RequestCount);
        Assert.Equal(1, jump.RequestCount);
        Assert.Equal(new PageLink(PageLinkKind.Before, "25"), jump.Older);
    }
}
