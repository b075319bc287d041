using System.Globalization;
using EventExplorer.Data.Errors;
using EventExplorer.Data.Model;
using EventExplorer.Tests.Infrastructure;

namespace EventExplorer.Tests.Data.EventStore;

/// <summary>
/// Timeline and feed paging: no commit lost or repeated, across DynamoDB's 1 MB response cap, long
/// aggregates and repeated commit ids; links say the position plainly wherever a value can say it.
/// </summary>
public sealed class PagingTests(DynaliteFixture dynalite) : IClassFixture<DynaliteFixture>
{
    private static readonly CancellationToken None = CancellationToken.None;

    private static PageLink Before(string value) => new(PageLinkKind.Before, value);
    private static PageLink After(string value) => new(PageLinkKind.After, value);

    [Fact]
    public async Task LargeCommits_PagedAcrossTheOneMegabyteCap_EveryCommitOnceInBothDirections()
    {
        using var bed = await EventStoreTestBed.CreateAsync(dynalite, EventStoreLayout.CounterCommitIds);
        var padding = new string('x', 350 * 1024);
        for (var version = 0; version < 8; version++)
        {
            await bed.AppendAsync("big", version, $$"""[{"type":"blob","n":{{version}},"data":"{{padding}}"}]""");
        }
        long[] all = [0, 1, 2, 3, 4, 5, 6, 7];

        // Three commits of 350 KB exceed 1 MB: every page of 5 needs several requests.
        var newest = await bed.Store.ReadTimelineAsync(new TimelineQuery { AggregateId = "big", PageSize = 5 }, None);
        Assert.Equal([7L, 6, 5, 4, 3], newest.Items.Select(c => c.Version!.Value));
        Assert.True(newest.RequestCount > 1);
        Assert.Equal(Before("3"), newest.Older);
        var older = await EventStoreTestBed.FollowAsync(newest, p => p.Older,
            link => bed.Store.ReadTimelineAsync(new TimelineQuery { AggregateId = "big", PageSize = 5, Position = link }, None), p => p.Items);
        Assert.Equal(all.AsEnumerable().Reverse(), older.Select(c => c.Version!.Value));

        var oldest = await bed.Store.ReadTimelineAsync(new TimelineQuery { AggregateId = "big", PageSize = 3, FromOldest = true, Order = ReadOrder.OldestFirst }, None);
        var newer = await EventStoreTestBed.FollowAsync(oldest, p => p.Newer,
            link => bed.Store.ReadTimelineAsync(new TimelineQuery { AggregateId = "big", PageSize = 3, Position = link, Order = ReadOrder.OldestFirst }, None), p => p.Items);
        Assert.Equal(all, newer.Select(c => c.Version!.Value));
        Assert.All(newer, c => Assert.Equal(350 * 1024, c.Events.Single().Json.Length - """{"type":"blob","n":0,"data":""}""".Length));

        var feedLatest = await bed.Store.ReadFeedAsync(new FeedQuery { PageSize = 3 }, None);
        var feedDown = await EventStoreTestBed.FollowAsync(feedLatest, p => p.Older,
            link => bed.Store.ReadFeedAsync(new FeedQuery { PageSize = 3, Position = link }, None), p => p.Items);
        Assert.Equal(all.AsEnumerable().Reverse(), feedDown.Select(c => c.Version!.Value));

        var feedOldest = await bed.Store.ReadFeedAsync(new FeedQuery { PageSize = 5, FromOldest = true, Order = ReadOrder.OldestFirst }, None);
        var feedUp = await EventStoreTestBed.FollowAsync(feedOldest, p => p.Newer,
            link => bed.Store.ReadFeedAsync(new FeedQuery { PageSize = 5, Position = link, Order = ReadOrder.OldestFirst }, None), p => p.Items);
        Assert.Equal(["1", "2", "3", "4", "5", "6", "7", "8"], feedUp.Select(c => c.CommitId?.Text));
    }

    [Fact]
    public async Task FiveThousandCommits_PagedThroughPlainLinksBothWaysInBothOrders_EveryCommitExactlyOnce()
    {
        using var bed = await EventStoreTestBed.CreateAsync(dynalite, EventStoreLayout.CounterCommitIds);
        const int count = 5000;
        const int pageSize = 200;
        await bed.BatchPutRawAsync(Enumerable.Range(0, count).Select(v =>
            bed.Item("long", v, (v + 1).ToString(CultureInfo.InvariantCulture), 946684800000 + v, $$"""[{"type":"ticked","n":{{v}}}]""")));
        var versions = Enumerable.Range(0, count).Select(v => (long)v).ToList();
        var links = new List<PageLink>();

        Task<CommitPage> Timeline(ReadOrder order, PageLink? link = null, bool oldest = false) =>
            bed.Store.ReadTimelineAsync(new TimelineQuery { AggregateId = "long", PageSize = pageSize, Order = order, Position = link, FromOldest = oldest }, None);
        Task<FeedPage> Feed(ReadOrder order, PageLink? link = null, bool oldest = false) =>
            bed.Store.ReadFeedAsync(new FeedQuery { PageSize = pageSize, Order = order, Position = link, FromOldest = oldest }, None);

        // Down from the newest page, shown newest first and oldest first.
        var head = await Timeline(ReadOrder.NewestFirst);
        Assert.Equal(1, head.RequestCount);
        Assert.Null(head.Newer);
        var down = await EventStoreTestBed.FollowAsync(head, p => p.Older, link => Timeline(ReadOrder.NewestFirst, link), p => p.Items, links);
        Assert.Equal(versions.AsEnumerable().Reverse(), down.Select(c => c.Version!.Value));
        var downShownOldestFirst = await EventStoreTestBed.FollowAsync(await Timeline(ReadOrder.OldestFirst), p => p.Older,
            link => Timeline(ReadOrder.OldestFirst, link), p => p.Items, links);
        Assert.Equal(versions.Chunk(pageSize).Reverse().SelectMany(page => page), downShownOldestFirst.Select(c => c.Version!.Value));

        // Up from the oldest page, in both orders.
        var first = await Timeline(ReadOrder.OldestFirst, oldest: true);
        Assert.Null(first.Older);
        var up = await EventStoreTestBed.FollowAsync(first, p => p.Newer, link => Timeline(ReadOrder.OldestFirst, link), p => p.Items, links);
        Assert.Equal(versions, up.Select(c => c.Version!.Value));
        var upShownNewestFirst = await EventStoreTestBed.FollowAsync(await Timeline(ReadOrder.NewestFirst, oldest: true), p => p.Newer,
            link => Timeline(ReadOrder.NewestFirst, link), p => p.Items, links);
        Assert.Equal(versions.Chunk(pageSize).SelectMany(page => page.Reverse()), upShownNewestFirst.Select(c => c.Version!.Value));

        // The feed, the same four ways.
        var ids = Enumerable.Range(1, count).Select(i => (long?)i).ToList();
        var feedDown = await EventStoreTestBed.FollowAsync(await Feed(ReadOrder.NewestFirst), p => p.Older, link => Feed(ReadOrder.NewestFirst, link), p => p.Items, links);
        Assert.Equal(ids.AsEnumerable().Reverse(), feedDown.Select(c => c.CommitId?.Number));
        var feedDownOldestFirst = await EventStoreTestBed.FollowAsync(await Feed(ReadOrder.OldestFirst), p => p.Older, link => Feed(ReadOrder.OldestFirst, link), p => p.Items, links);
        Assert.Equal(ids.Chunk(pageSize).Reverse().SelectMany(page => page), feedDownOldestFirst.Select(c => c.CommitId?.Number));
        var feedUp = await EventStoreTestBed.FollowAsync(await Feed(ReadOrder.OldestFirst, oldest: true), p => p.Newer, link => Feed(ReadOrder.OldestFirst, link), p => p.Items, links);
        Assert.Equal(ids, feedUp.Select(c => c.CommitId?.Number));
        var feedUpNewestFirst = await EventStoreTestBed.FollowAsync(await Feed(ReadOrder.NewestFirst, oldest: true), p => p.Newer, link => Feed(ReadOrder.NewestFirst, link), p => p.Items, links);
        Assert.Equal(ids.Chunk(pageSize).SelectMany(page => page.Reverse()), feedUpNewestFirst.Select(c => c.CommitId?.Number));

        Assert.Equal(8 * (count / pageSize - 1), links.Count);
        Assert.All(links, link => Assert.Contains(link.Kind, new[] { PageLinkKind.Before, PageLinkKind.After }));
    }

    [Fact]
    public async Task NewestTimelinePage_OfAVeryLongAggregate_CostsOneRequestAndTurnsBackWithNewer()
    {
        using var bed = await EventStoreTestBed.CreateAsync(dynalite, EventStoreLayout.CounterCommitIds);
        await bed.BatchPutRawAsync(Enumerable.Range(0, 1500).Select(v => bed.Item("a1", v, (v + 1).ToString(CultureInfo.InvariantCulture), 1, "[]")));

        var newest = await bed.Store.ReadTimelineAsync(new TimelineQuery { AggregateId = "a1", PageSize = 10 }, None);
        var older = await bed.Store.ReadTimelineAsync(new TimelineQuery { AggregateId = "a1", PageSize = 10, Position = newest.Older }, None);
        var backAgain = await bed.Store.ReadTimelineAsync(new TimelineQuery { AggregateId = "a1", PageSize = 10, Position = older.Newer }, None);

        Assert.Equal(1, newest.RequestCount);
        Assert.Equal(Enumerable.Range(1490, 10).Reverse().Select(v => (long?)v), newest.Items.Select(c => c.Version));
        Assert.Equal(Before("1490"), newest.Older);
        Assert.Equal(Enumerable.Range(1480, 10).Reverse().Select(v => (long?)v), older.Items.Select(c => c.Version));
        Assert.Equal(After("1489"), older.Newer);
        Assert.Equal(newest.Items.Select(c => c.Version), backAgain.Items.Select(c => c.Version));
        Assert.Null(backAgain.Newer);
    }

    [Fact]
    public async Task JumpToVersion_StartsThereGoingUp_WithPlainLinksBothWays()
    {
        using var bed = await EventStoreTestBed.CreateAsync(dynalite, EventStoreLayout.CounterCommitIds);
        await bed.BatchPutRawAsync(Enumerable.Range(0, 30).Select(v => bed.Item("j", v, (v + 1).ToString(CultureInfo.InvariantCulture), 1, "[]")));

        var jump = await bed.Store.ReadTimelineAsync(new TimelineQuery { AggregateId = "j", PageSize = 5, FromVersion = 12, Order = ReadOrder.OldestFirst }, None);
        var below = await bed.Store.ReadTimelineAsync(new TimelineQuery { AggregateId = "j", PageSize = 5, Position = jump.Older, Order = ReadOrder.OldestFirst }, None);
        var beyondHead = await bed.Store.ReadTimelineAsync(new TimelineQuery { AggregateId = "j", PageSize = 5, FromVersion = 100 }, None);
        var fromZero = await bed.Store.ReadTimelineAsync(new TimelineQuery { AggregateId = "j", PageSize = 5, FromVersion = 0 }, None);

        Assert.Equal([12L, 13, 14, 15, 16], jump.Items.Select(c => c.Version!.Value));
        Assert.Equal((Before("12"), After("16")), (jump.Older, jump.Newer));
        Assert.Equal([7L, 8, 9, 10, 11], below.Items.Select(c => c.Version!.Value));
        Assert.Empty(beyondHead.Items);
        Assert.Equal(Before("100"), beyondHead.Older);
        Assert.Null(fromZero.Older);
    }

    [Fact]
    public async Task UnknownAggregate_GivesAnEmptyPageWithoutLinks()
    {
        using var bed = await EventStoreTestBed.CreateAsync(dynalite, EventStoreLayout.CounterCommitIds);

        var page = await bed.Store.ReadTimelineAsync(new TimelineQuery { AggregateId = "nobody" }, None);

        Assert.Empty(page.Items);
        Assert.Null(page.Older);
        Assert.Null(page.Newer);
        Assert.Empty(page.Gaps);
        Assert.Null(await bed.Store.FindAggregateAsync("nobody", None));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1001)]
    public async Task PageSize_OutsideOneToOneThousand_IsRefused(int pageSize)
    {
        using var bed = await EventStoreTestBed.CreateAsync(dynalite, EventStoreLayout.CounterCommitIds);

        var timeline = await Assert.ThrowsAsync<InvalidQueryException>(() => bed.Store.ReadTimelineAsync(new TimelineQuery { AggregateId = "x", PageSize = pageSize }, None));
        var feed = await Assert.ThrowsAsync<InvalidQueryException>(() => bed.Store.ReadFeedAsync(new FeedQuery { PageSize = pageSize }, None));

        Assert.Contains("between 1 and 1000", timeline.Message);
        Assert.Contains($"got {pageSize}", feed.Message);
    }

    [Fact]
    public async Task FeedJump_InLayoutA_RequiresANumberAndSaysSo()
    {
        using var bed = await EventStoreTestBed.CreateAsync(dynalite, EventStoreLayout.CounterCommitIds);

        var error = await Assert.ThrowsAsync<InvalidQueryException>(() => bed.Store.ReadFeedAsync(new FeedQuery { FromCommitId = "12abc" }, None));

        Assert.Contains("'12abc' is not a whole number", error.Message);
    }

    [Theory]
    [InlineData(EventStoreLayout.CounterCommitIds)]
    [InlineData(EventStoreLayout.TimestampCommitIds)]
    public async Task RepeatedCommitIdsAcrossAPageBoundary_GiveACursorLink_AndNoCommitIsLostOrShownTwice(EventStoreLayout layout)
    {
        using var bed = await EventStoreTestBed.CreateAsync(dynalite, layout);
        // Six commits sharing one commit id between four with ids of their own. Layout A: a misbehaving
        // writer. Layout B: one aggregate committing six times in the same millisecond.
        string Id(int n, string aggregateId) => layout == EventStoreLayout.CounterCommitIds
            ? n.ToString(CultureInfo.InvariantCulture)
            : $"202601010000000{n:00}:{aggregateId}";
        var items = new List<Dictionary<string, Amazon.DynamoDBv2.Model.AttributeValue>>
        {
            bed.Item("first", 0, Id(5, "first"), 1, "[]"),
            bed.Item("second", 0, Id(6, "second"), 1, "[]"),
            bed.Item("later", 0, Id(8, "later"), 1, "[]"),
            bed.Item("last", 0, Id(9, "last"), 1, "[]"),
        };
        for (var i = 0; i < 6; i++) items.Add(layout == EventStoreLayout.CounterCommitIds ? bed.Item($"dup{i}", 0, Id(7, ""), 1, "[]") : bed.Item("dup", i, Id(7, "dup"), 1, "[]"));
        await bed.BatchPutRawAsync(items);

        var up = await FollowCheckingEveryBoundaryAsync(bed, ReadOrder.OldestFirst, await bed.Store.ReadFeedAsync(new FeedQuery { PageSize = 3, FromOldest = true, Order = ReadOrder.OldestFirst }, None));
        var down = await FollowCheckingEveryBoundaryAsync(bed, ReadOrder.NewestFirst, await bed.Store.ReadFeedAsync(new FeedQuery { PageSize = 3 }, None));

        Assert.Equal(10, up.Commits.Select(c => c.Key).Distinct().Count());
        Assert.Equal(10, up.Commits.Count);
        Assert.Equal(up.Commits.Select(c => c.Key).Reverse(), down.Commits.Select(c => c.Key));
        long Serial(Commit commit) => layout == EventStoreLayout.CounterCommitIds ? commit.CommitId!.Value.Number!.Value : commit.CommitId!.Value.Timestamp!.Value.Millisecond;
        Assert.Equal([5L, 6, 7, 7, 7, 7, 7, 7, 8, 9], up.Commits.Select(Serial));
        Assert.Contains(up.Links, link => link.Kind == PageLinkKind.Cursor);
        Assert.Contains(up.Links, link => link.Kind == PageLinkKind.After);
        Assert.Contains(down.Links, link => link.Kind == PageLinkKind.Cursor);
        Assert.Contains(down.Links, link => link.Kind == PageLinkKind.Before);
    }

    /// <summary>
    /// Follows the feed to its end, checking at every boundary that the link is a cursor exactly when the
    /// commits on its two sides share a commit id, and that the link back returns the previous page.
    /// </summary>
    private static async Task<(List<Commit> Commits, List<PageLink> Links)> FollowCheckingEveryBoundaryAsync(EventStoreTestBed bed, ReadOrder order, FeedPage first)
    {
        var goingOlder = order == ReadOrder.NewestFirst;
        Task<FeedPage> Read(PageLink link) => bed.Store.ReadFeedAsync(new FeedQuery { PageSize = 3, Order = order, Position = link }, None);
        var commits = new List<Commit>(first.Items);
        var links = new List<PageLink>();
        var page = first;
        while ((goingOlder ? page.Older : page.Newer) is { } forward)
        {
            Assert.True(links.Count < 100, "paging did not end");
            var next = await Read(forward);
            var back = goingOlder ? next.Newer : next.Older;
            Assert.NotNull(back);
            var sameIdAcross = page.Items[^1].CommitId == next.Items[0].CommitId;
            Assert.Equal(sameIdAcross, forward.Kind == PageLinkKind.Cursor);
            Assert.Equal(sameIdAcross, back.Kind == PageLinkKind.Cursor);
            Assert.Equal(page.Items.Select(c => c.Key), (await Read(back)).Items.Select(c => c.Key));
            links.Add(forward);
            commits.AddRange(next.Items);
            page = next;
        }
        return (commits, links);
    }

    [Fact]
    public async Task AStoredVersionThatIsNotAWholeNumber_AtAPageBoundary_GivesACursor_AndEveryCommitIsShownOnce()
    {
        using var bed = await EventStoreTestBed.CreateAsync(dynalite, EventStoreLayout.CounterCommitIds);
        await bed.BatchPutRawAsync(new[] { "0", "1", "2", "2.5", "3", "4" }.Select((v, i) => bed.ItemWithVersionText("odd", v, (i + 1).ToString(CultureInfo.InvariantCulture))));

        var newest = await bed.Store.ReadTimelineAsync(new TimelineQuery { AggregateId = "odd", PageSize = 3 }, None);
        var older = await bed.Store.ReadTimelineAsync(new TimelineQuery { AggregateId = "odd", PageSize = 3, Position = newest.Older }, None);
        var backUp = await bed.Store.ReadTimelineAsync(new TimelineQuery { AggregateId = "odd", PageSize = 3, Position = older.Newer }, None);
        var oldest = await bed.Store.ReadTimelineAsync(new TimelineQuery { AggregateId = "odd", PageSize = 3, FromOldest = true, Order = ReadOrder.OldestFirst }, None);
        var rest = await bed.Store.ReadTimelineAsync(new TimelineQuery { AggregateId = "odd", PageSize = 3, Position = oldest.Newer, Order = ReadOrder.OldestFirst }, None);

        Assert.Equal(["odd\u00004", "odd\u00003", "odd\u00002.5"], newest.Items.Select(c => c.Key));
        Assert.Equal(PageLinkKind.Cursor, newest.Older!.Kind);
        Assert.Equal([2L, 1, 0], older.Items.Select(c => c.Version!.Value));
        Assert.Equal(After("2"), older.Newer);
        Assert.Equal(newest.Items.Select(c => c.Key), backUp.Items.Select(c => c.Key));
        Assert.Equal(PageLinkKind.Cursor, backUp.Older!.Kind);
        Assert.Equal(After("2"), oldest.Newer);
        Assert.Equal(["odd\u00002.5", "odd\u00003", "odd\u00004"], rest.Items.Select(c => c.Key));
        Assert.Equal(PageLinkKind.Cursor, rest.Older!.Kind);
        Assert.Equal("version 2.5 is not a whole number.", Assert.Single(rest.Items[0].Problems));
    }

    [Fact]
    public async Task VersionsOneTwoThreeFive_GapsBeforeTheFirstAndBetweenThreeAndFive_OnlyOnThePagesHoldingThem()
    {
        using var bed = await EventStoreTestBed.CreateAsync(dynalite, EventStoreLayout.CounterCommitIds);
        await bed.BatchPutRawAsync(new long[] { 1, 2, 3, 5 }.Select(v => bed.Item("legacy", v, (v + 10).ToString(CultureInfo.InvariantCulture), 1, "[]")));

        var whole = await bed.Store.ReadTimelineAsync(new TimelineQuery { AggregateId = "legacy" }, None);
        var newest = await bed.Store.ReadTimelineAsync(new TimelineQuery { AggregateId = "legacy", PageSize = 2 }, None);
        var older = await bed.Store.ReadTimelineAsync(new TimelineQuery { AggregateId = "legacy", PageSize = 2, Position = newest.Older }, None);
        var oldestThree = await bed.Store.ReadTimelineAsync(new TimelineQuery { AggregateId = "legacy", PageSize = 3, FromOldest = true, Order = ReadOrder.OldestFirst }, None);
        var jumpToTwo = await bed.Store.ReadTimelineAsync(new TimelineQuery { AggregateId = "legacy", PageSize = 2, FromVersion = 2 }, None);

        Assert.Equal([new SequenceGap(-1, 1), new SequenceGap(3, 5)], whole.Gaps);
        Assert.Equal([new SequenceGap(3, 5)], newest.Gaps);
        Assert.Equal([new SequenceGap(-1, 1)], older.Gaps);
        Assert.Equal([new SequenceGap(-1, 1)], oldestThree.Gaps);
        Assert.Empty(jumpToTwo.Gaps);
        Assert.Equal((0L, 0L, 1L), (whole.Gaps[0].First, whole.Gaps[0].Last, whole.Gaps[0].MissingCount));
        Assert.Equal((4L, 1L), (whole.Gaps[1].First, whole.Gaps[1].MissingCount));
    }
}
