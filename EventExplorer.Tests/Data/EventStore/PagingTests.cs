using System.Globalization;
using EventExplorer.Data.Errors;
using EventExplorer.Data.Model;
using EventExplorer.Tests.Infrastructure;

namespace EventExplorer.Tests.Data.EventStore;

/// <summary>Timeline and feed paging: no commit lost or repeated, across DynamoDB's 1 MB response cap and long aggregates.</summary>
public sealed class PagingTests(DynaliteFixture dynalite) : IClassFixture<DynaliteFixture>
{
    private static readonly CancellationToken None = CancellationToken.None;

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
        var older = await EventStoreTestBed.FollowAsync(newest, p => p.Older,
            c => bed.Store.ReadTimelineAsync(new TimelineQuery { AggregateId = "big", PageSize = 5, Cursor = c }, None), p => p.Items);
        Assert.Equal(all.AsEnumerable().Reverse(), older.Select(c => c.Version!.Value));

        var oldest = await bed.Store.ReadTimelineAsync(new TimelineQuery { AggregateId = "big", PageSize = 3, FromOldest = true, Order = ReadOrder.OldestFirst }, None);
        var newer = await EventStoreTestBed.FollowAsync(oldest, p => p.Newer,
            c => bed.Store.ReadTimelineAsync(new TimelineQuery { AggregateId = "big", PageSize = 3, Cursor = c, Order = ReadOrder.OldestFirst }, None), p => p.Items);
        Assert.Equal(all, newer.Select(c => c.Version!.Value));
        Assert.All(newer, c => Assert.Equal(350 * 1024, c.Events.Single().Json.Length - """{"type":"blob","n":0,"data":""}""".Length));

        var feedLatest = await bed.Store.ReadFeedAsync(new FeedQuery { PageSize = 3 }, None);
        var feedDown = await EventStoreTestBed.FollowAsync(feedLatest, p => p.Older,
            c => bed.Store.ReadFeedAsync(new FeedQuery { PageSize = 3, Cursor = c }, None), p => p.Items);
        Assert.Equal(all.AsEnumerable().Reverse(), feedDown.Select(c => c.Version!.Value));

        var feedOldest = await bed.Store.ReadFeedAsync(new FeedQuery { PageSize = 5, FromOldest = true, Order = ReadOrder.OldestFirst }, None);
        var feedUp = await EventStoreTestBed.FollowAsync(feedOldest, p => p.Newer,
            c => bed.Store.ReadFeedAsync(new FeedQuery { PageSize = 5, Cursor = c, Order = ReadOrder.OldestFirst }, None), p => p.Items);
        Assert.Equal(["1", "2", "3", "4", "5", "6", "7", "8"], feedUp.Select(c => c.CommitId));
    }

    [Fact]
    public async Task FiveThousandCommits_ReadInPagesOfOneHundred_EqualTheFullSetBothWays()
    {
        using var bed = await EventStoreTestBed.CreateAsync(dynalite, EventStoreLayout.CounterCommitIds);
        const int count = 5000;
        await bed.BatchPutRawAsync(Enumerable.Range(0, count).Select(v =>
            bed.Item("long", v, (v + 1).ToString(CultureInfo.InvariantCulture), 946684800000 + v, $$"""[{"type":"ticked","n":{{v}}}]""")));
        var versions = Enumerable.Range(0, count).Select(v => (long)v).ToList();

        var head = await bed.Store.ReadTimelineAsync(new TimelineQuery { AggregateId = "long", PageSize = 100 }, None);
        Assert.Equal(1, head.RequestCount);
        Assert.Null(head.Newer);
        var down = await EventStoreTestBed.FollowAsync(head, p => p.Older,
            c => bed.Store.ReadTimelineAsync(new TimelineQuery { AggregateId = "long", PageSize = 100, Cursor = c }, None), p => p.Items);
        Assert.Equal(versions.AsEnumerable().Reverse(), down.Select(c => c.Version!.Value));

        var first = await bed.Store.ReadTimelineAsync(new TimelineQuery { AggregateId = "long", PageSize = 100, FromOldest = true, Order = ReadOrder.OldestFirst }, None);
        Assert.Null(first.Older);
        var up = await EventStoreTestBed.FollowAsync(first, p => p.Newer,
            c => bed.Store.ReadTimelineAsync(new TimelineQuery { AggregateId = "long", PageSize = 100, Cursor = c, Order = ReadOrder.OldestFirst }, None), p => p.Items);
        Assert.Equal(versions, up.Select(c => c.Version!.Value));

        var feedDown = await EventStoreTestBed.FollowAsync(await bed.Store.ReadFeedAsync(new FeedQuery { PageSize = 100 }, None), p => p.Older,
            c => bed.Store.ReadFeedAsync(new FeedQuery { PageSize = 100, Cursor = c }, None), p => p.Items);
        Assert.Equal(Enumerable.Range(1, count).Reverse().Select(i => (long?)i), feedDown.Select(c => c.CommitNumber));

        var feedUp = await EventStoreTestBed.FollowAsync(await bed.Store.ReadFeedAsync(new FeedQuery { PageSize = 100, FromOldest = true, Order = ReadOrder.OldestFirst }, None), p => p.Newer,
            c => bed.Store.ReadFeedAsync(new FeedQuery { PageSize = 100, Cursor = c, Order = ReadOrder.OldestFirst }, None), p => p.Items);
        Assert.Equal(Enumerable.Range(1, count).Select(i => (long?)i), feedUp.Select(c => c.CommitNumber));
    }

    [Fact]
    public async Task NewestTimelinePage_OfAVeryLongAggregate_CostsOneRequestAndTurnsBackWithNewer()
    {
        using var bed = await EventStoreTestBed.CreateAsync(dynalite, EventStoreLayout.CounterCommitIds);
        await bed.BatchPutRawAsync(Enumerable.Range(0, 1500).Select(v => bed.Item("a1", v, (v + 1).ToString(CultureInfo.InvariantCulture), 1, "[]")));

        var newest = await bed.Store.ReadTimelineAsync(new TimelineQuery { AggregateId = "a1", PageSize = 10 }, None);
        var older = await bed.Store.ReadTimelineAsync(new TimelineQuery { AggregateId = "a1", PageSize = 10, Cursor = newest.Older }, None);
        var backAgain = await bed.Store.ReadTimelineAsync(new TimelineQuery { AggregateId = "a1", PageSize = 10, Cursor = older.Newer }, None);

        Assert.Equal(1, newest.RequestCount);
        Assert.Equal(Enumerable.Range(1490, 10).Reverse().Select(v => (long?)v), newest.Items.Select(c => c.Version));
        Assert.Equal(Enumerable.Range(1480, 10).Reverse().Select(v => (long?)v), older.Items.Select(c => c.Version));
        Assert.Equal(newest.Items.Select(c => c.Version), backAgain.Items.Select(c => c.Version));
        Assert.Null(backAgain.Newer);
    }

    [Fact]
    public async Task JumpToVersion_StartsThereGoingUp_WithLinksBothWays()
    {
        using var bed = await EventStoreTestBed.CreateAsync(dynalite, EventStoreLayout.CounterCommitIds);
        await bed.BatchPutRawAsync(Enumerable.Range(0, 30).Select(v => bed.Item("j", v, (v + 1).ToString(CultureInfo.InvariantCulture), 1, "[]")));

        var jump = await bed.Store.ReadTimelineAsync(new TimelineQuery { AggregateId = "j", PageSize = 5, FromVersion = 12, Order = ReadOrder.OldestFirst }, None);
        var below = await bed.Store.ReadTimelineAsync(new TimelineQuery { AggregateId = "j", PageSize = 5, Cursor = jump.Older, Order = ReadOrder.OldestFirst }, None);
        var beyondHead = await bed.Store.ReadTimelineAsync(new TimelineQuery { AggregateId = "j", PageSize = 5, FromVersion = 100 }, None);
        var fromZero = await bed.Store.ReadTimelineAsync(new TimelineQuery { AggregateId = "j", PageSize = 5, FromVersion = 0 }, None);

        Assert.Equal([12L, 13, 14, 15, 16], jump.Items.Select(c => c.Version!.Value));
        Assert.NotNull(jump.Newer);
        Assert.Equal([7L, 8, 9, 10, 11], below.Items.Select(c => c.Version!.Value));
        Assert.Empty(beyondHead.Items);
        Assert.NotNull(beyondHead.Older);
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

    [Fact]
    public async Task FeedPages_WithRepeatedCommitIds_NeitherSkipNorRepeatAtPageBoundaries()
    {
        using var bed = await EventStoreTestBed.CreateAsync(dynalite, EventStoreLayout.CounterCommitIds);
        // Six commits all claiming commit id 7 (a misbehaving writer), around two normal ones.
        var items = Enumerable.Range(0, 6).Select(i => bed.Item($"dup{i}", 0, "7", 1, "[]"))
            .Append(bed.Item("before", 0, "6", 1, "[]"))
            .Append(bed.Item("after", 0, "8", 1, "[]"));
        await bed.BatchPutRawAsync(items);

        var up = await EventStoreTestBed.FollowAsync(await bed.Store.ReadFeedAsync(new FeedQuery { PageSize = 2, FromOldest = true, Order = ReadOrder.OldestFirst }, None), p => p.Newer,
            c => bed.Store.ReadFeedAsync(new FeedQuery { PageSize = 2, Cursor = c, Order = ReadOrder.OldestFirst }, None), p => p.Items);
        var down = await EventStoreTestBed.FollowAsync(await bed.Store.ReadFeedAsync(new FeedQuery { PageSize = 2 }, None), p => p.Older,
            c => bed.Store.ReadFeedAsync(new FeedQuery { PageSize = 2, Cursor = c }, None), p => p.Items);

        Assert.Equal(8, up.Select(c => c.AggregateId).Distinct().Count());
        Assert.Equal(8, up.Count);
        Assert.Equal(up.Select(c => c.AggregateId).Reverse(), down.Select(c => c.AggregateId));
        Assert.Equal(["6", "7", "7", "7", "7", "7", "7", "8"], up.Select(c => c.CommitId));
    }
}
