using System.Globalization;
using EventExplorer.Data.Errors;
using EventExplorer.Data.Model;
using EventExplorer.Tests.Data.EventStore;
using EventExplorer.Tests.Infrastructure;

namespace EventExplorer.Tests.Data.Search;

/// <summary>Event-type and aggregate-prefix filters that fill each page across as many reads as it takes, within a budget.</summary>
public sealed class FilteredPageTests(DynaliteFixture dynalite) : IClassFixture<DynaliteFixture>
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly CommitFilter StockAdjusted = new() { EventType = "stockAdjusted" };

    private static string Events(string type, int n) => $$"""[{"type":"{{type}}","n":{{n}}}]""";

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>2,000 commits of one aggregate; every 97th (versions 3, 100, 197, ...) is a stockAdjusted.</summary>
    private static async Task<List<long>> SeedRareTypeAsync(EventStoreTestBed bed, string aggregateId = "acc", int count = 2000)
    {
        await bed.BatchPutRawAsync(Enumerable.Range(0, count).Select(v =>
            bed.Item(aggregateId, v, Text(v + 1), 1_700_000_000_000 + v, Events(v % 97 == 3 ? "stockAdjusted" : "itemAdded", v))));
        return Enumerable.Range(0, count).Where(v => v % 97 == 3).Select(v => (long)v).ToList();
    }

    [Fact]
    public async Task TimelineFilter_FillsEachPageAcrossManyReads_AndPlainLinksReachEveryMatchOnce()
    {
        using var bed = await EventStoreTestBed.CreateAsync(dynalite, EventStoreLayout.CounterCommitIds);
        var matching = await SeedRareTypeAsync(bed);

        var newest = await bed.Store.ReadTimelineAsync(new TimelineQuery { AggregateId = "acc", PageSize = 5, Filter = StockAdjusted }, None);
        var links = new List<PageLink>();
        var all = await EventStoreTestBed.FollowAsync(newest, p => p.Older,
            link => bed.Store.ReadTimelineAsync(new TimelineQuery { AggregateId = "acc", PageSize = 5, Filter = StockAdjusted, Position = link }, None), p => p.Items, links);
        var unfiltered = await bed.Store.ReadTimelineAsync(new TimelineQuery { AggregateId = "acc", PageSize = 5 }, None);

        Assert.Equal(matching.AsEnumerable().Reverse().Take(5), newest.Items.Select(c => c.Version!.Value));
        Assert.True(newest.RequestCount > 1, $"a page of rare events takes several reads (took {newest.RequestCount})");
        Assert.Equal(newest.RequestCount, newest.Filtered!.Cost.Requests);
        Assert.True(newest.Filtered.Cost.ItemsRead >= 2000 - matching[^5], "it read down to the fifth match at least");
        Assert.True(newest.Filtered.Cost.ItemsReturned < newest.Filtered.Cost.ItemsRead, "the pre-filter narrowed what came back");
        Assert.NotNull(newest.Filtered.Cost.CapacityUnits);
        Assert.False(newest.Filtered.StoppedByBudget);
        Assert.Contains("contains(events, \"\\\"stockAdjusted\\\"\")", newest.Filtered.PreFilter);
        Assert.Null(newest.Newer);
        Assert.Equal(new PageLink(PageLinkKind.Before, Text(matching[^5])), newest.Older);
        Assert.Equal(matching.AsEnumerable().Reverse(), all.Select(c => c.Version!.Value));
        Assert.All(links, link => Assert.Equal(PageLinkKind.Before, link.Kind));
        Assert.Empty(newest.Gaps);
        Assert.Equal(1, unfiltered.RequestCount);
        Assert.Null(unfiltered.Filtered);
    }

    [Fact]
    public async Task TimelineFilter_FromTheOldest_GoesUpWithNewerLinks_AndTurnsBack()
    {
        using var bed = await EventStoreTestBed.CreateAsync(dynalite, EventStoreLayout.CounterCommitIds);
        var matching = await SeedRareTypeAsync(bed, count: 600);
        Task<CommitPage> Read(PageLink? link, bool oldest = false) =>
            bed.Store.ReadTimelineAsync(new TimelineQuery { AggregateId = "acc", PageSize = 2, Filter = StockAdjusted, Order = ReadOrder.OldestFirst, Position = link, FromOldest = oldest }, None);

        var first = await Read(null, oldest: true);
        var second = await Read(first.Newer);
        var back = await Read(second.Older);

        Assert.Equal(matching.Take(2), first.Items.Select(c => c.Version!.Value));
        Assert.Null(first.Older);
        Assert.Equal(new PageLink(PageLinkKind.After, Text(matching[1])), first.Newer);
        Assert.Equal(matching.Skip(2).Take(2), second.Items.Select(c => c.Version!.Value));
        Assert.Equal(new PageLink(PageLinkKind.Before, Text(matching[2])), second.Older);
        Assert.Equal(first.Items.Select(c => c.Version), back.Items.Select(c => c.Version));
    }

    [Fact]
    public async Task ReadBudget_StopsThePage_WhereReadingStopped_AndTheNextPageGoesOnFromThere()
    {
        using var bed = await EventStoreTestBed.CreateAsync(dynalite, EventStoreLayout.CounterCommitIds);
        var matching = await SeedRareTypeAsync(bed);
        var budget = new ReadBudget { MaxItems = 300, MaxRequests = 50 };
        Task<CommitPage> Read(PageLink? link) => bed.Store.ReadTimelineAsync(new TimelineQuery { AggregateId = "acc", PageSize = 5, Filter = StockAdjusted, Budget = budget, Position = link }, None);

        var first = await Read(null);
        var pages = new List<CommitPage> { first };
        while (pages[^1].Older is { } older)
        {
            Assert.True(pages.Count < 50, "paging did not end");
            pages.Add(await Read(older));
        }

        // Reading 300 items from version 1999 down stops after version 1700, having met 1943, 1846 and 1749.
        Assert.True(first.Filtered!.StoppedByBudget);
        Assert.Equal(300, first.Filtered.Cost.ItemsRead);
        Assert.Equal([1943L, 1846, 1749], first.Items.Select(c => c.Version!.Value));
        Assert.Equal(new PageLink(PageLinkKind.Before, "1700"), first.Older);
        // No item is read twice: budget-stopped pages continue where DynamoDB stopped evaluating.
        Assert.Equal(2000, pages.Sum(p => p.Filtered!.Cost.ItemsRead));
        Assert.Equal(matching.AsEnumerable().Reverse(), pages.SelectMany(p => p.Items).Select(c => c.Version!.Value));
        Assert.All(pages.SkipLast(1), p => Assert.True(p.Filtered!.StoppedByBudget));
        Assert.False(pages[^1].Filtered!.StoppedByBudget);
    }

    [Fact]
    public async Task AnEmptyBudgetStoppedPage_SaysSo_AndItsNewerLinkLeadsBackToThePreviousMatches()
    {
        using var bed = await EventStoreTestBed.CreateAsync(dynalite, EventStoreLayout.CounterCommitIds);
        // Matches only at the ends: versions 0..2 and 997..999.
        await bed.BatchPutRawAsync(Enumerable.Range(0, 1000).Select(v => bed.Item("gap", v, Text(v + 1), 1, Events(v is < 3 or > 996 ? "stockAdjusted" : "itemAdded", v))));
        var budget = new ReadBudget { MaxItems = 200 };
        Task<CommitPage> Read(PageLink? link) => bed.Store.ReadTimelineAsync(new TimelineQuery { AggregateId = "gap", PageSize = 3, Filter = StockAdjusted, Budget = budget, Position = link }, None);

        var newest = await Read(null);
        var empty = await Read(newest.Older);
        var back = await bed.Store.ReadTimelineAsync(new TimelineQuery { AggregateId = "gap", PageSize = 3, Filter = StockAdjusted, Position = empty.Newer }, None);

        Assert.Equal([999L, 998, 997], newest.Items.Select(c => c.Version!.Value));
        Assert.Empty(empty.Items);
        Assert.True(empty.Filtered!.StoppedByBudget);
        Assert.Equal(new PageLink(PageLinkKind.Before, "797"), empty.Older);
        Assert.Equal(new PageLink(PageLinkKind.After, "797"), empty.Newer);
        Assert.Equal(newest.Items.Select(c => c.Version), back.Items.Select(c => c.Version));
    }

    [Fact]
    public async Task AnEmptyPageThatReachedTheEnd_LinksBackToThePageItCameFrom()
    {
        using var bed = await EventStoreTestBed.CreateAsync(dynalite, EventStoreLayout.CounterCommitIds);
        // The first read (100 items) fills the page and stops with items left; the next page reads them all in vain.
        await bed.BatchPutRawAsync(Enumerable.Range(0, 500).Select(v => bed.Item("end", v, Text(v + 1), 1, Events(v >= 497 ? "stockAdjusted" : "itemAdded", v))));
        Task<CommitPage> Read(PageLink? link) => bed.Store.ReadTimelineAsync(new TimelineQuery { AggregateId = "end", PageSize = 3, Filter = StockAdjusted, Position = link }, None);

        var newest = await Read(null);
        var rest = await Read(newest.Older);
        var back = await Read(rest.Newer);

        Assert.Equal([499L, 498, 497], newest.Items.Select(c => c.Version!.Value));
        Assert.Equal(new PageLink(PageLinkKind.Before, "497"), newest.Older);
        Assert.Empty(rest.Items);
        Assert.Null(rest.Older);
        Assert.Equal(new PageLink(PageLinkKind.After, "496"), rest.Newer);
        Assert.Equal(newest.Items.Select(c => c.Version), back.Items.Select(c => c.Version));
    }

    [Fact]
    public async Task AJumpWithAFilter_StartsAtTheFirstMatchAtOrAboveTheVersion()
    {
        using var bed = await EventStoreTestBed.CreateAsync(dynalite, EventStoreLayout.CounterCommitIds);
        var matching = await SeedRareTypeAsync(bed, count: 800);

        var jump = await bed.Store.ReadTimelineAsync(new TimelineQuery { AggregateId = "acc", PageSize = 2, Filter = StockAdjusted, FromVersion = 150, Order = ReadOrder.OldestFirst }, None);
        var below = await bed.Store.ReadTimelineAsync(new TimelineQuery { AggregateId = "acc", PageSize = 2, Filter = StockAdjusted, Position = jump.Older, Order = ReadOrder.OldestFirst }, None);

        Assert.Equal([197L, 294], jump.Items.Select(c => c.Version!.Value));
        Assert.Equal(new PageLink(PageLinkKind.Before, "197"), jump.Older);
        Assert.Equal(new PageLink(PageLinkKind.After, "294"), jump.Newer);
        Assert.Equal([3L, 100], below.Items.Select(c => c.Version!.Value));
        Assert.Equal(matching.Take(4), below.Items.Concat(jump.Items).Select(c => c.Version!.Value));
    }

    [Fact]
    public async Task PagesOfLargeItems_FillAcrossTheOneMegabyteCapOfEachResponse()
    {
        using var bed = await EventStoreTestBed.CreateAsync(dynalite, EventStoreLayout.CounterCommitIds);
        var padding = new string('p', 150_000);
        await bed.BatchPutRawAsync(Enumerable.Range(0, 40).Select(v =>
            bed.Item("big", v, Text(v + 1), 1, $$"""[{"type":"{{(v % 4 == 0 ? "stockAdjusted" : "itemAdded")}}","pad":"{{padding}}"}]""")));

        var page = await bed.Store.ReadTimelineAsync(new TimelineQuery { AggregateId = "big", PageSize = 6, Filter = StockAdjusted }, None);

        Assert.Equal([36L, 32, 28, 24, 20, 16], page.Items.Select(c => c.Version!.Value));
        // 150 KB items: a 1 MB response evaluates at most 7, and the page needs 21 (versions 39 down to 16).
        Assert.True(page.Filtered!.Cost.Requests >= 3, $"took {page.Filtered.Cost.Requests} requests");
        Assert.Equal(new PageLink(PageLinkKind.Before, "16"), page.Older);
    }

    [Fact]
    public async Task ItemsWhoseEventsAreNotJson_AreCountedAndPassedOver()
    {
        using var bed = await EventStoreTestBed.CreateAsync(dynalite, EventStoreLayout.CounterCommitIds);
        await bed.PutRawAsync(bed.Item("m", 0, "1", 1, Events("stockAdjusted", 0)));
        await bed.PutRawAsync(bed.Item("m", 1, "2", 1, """[{"type":"stockAdjusted", """));
        await bed.PutRawAsync(bed.Item("m", 2, "3", 1, """{"type":"stockAdjusted"}"""));
        await bed.PutRawAsync(bed.Item("m", 3, "4", 1, Events("stockAdjusted", 3)));

        var page = await bed.Store.ReadTimelineAsync(new TimelineQuery { AggregateId = "m", Filter = StockAdjusted }, None);

        Assert.Equal([3L, 0], page.Items.Select(c => c.Version!.Value));
        Assert.Equal(2, page.Filtered!.MalformedSkipped);
    }

    [Theory]
    [InlineData(EventStoreLayout.CounterCommitIds)]
    [InlineData(EventStoreLayout.TimestampCommitIds)]
    public async Task FeedFilter_ByAggregatePrefixAndType_FillsPagesAcrossTheFeed(EventStoreLayout layout)
    {
        using var bed = await EventStoreTestBed.CreateAsync(dynalite, layout);
        var start = new DateTimeOffset(2026, 10, 2, 14, 0, 0, TimeSpan.Zero);
        var items = new List<Dictionary<string, Amazon.DynamoDBv2.Model.AttributeValue>>();
        var expected = new List<string>();
        var versions = new Dictionary<string, int>();
        for (var i = 0; i < 1200; i++)
        {
            var aggregate = (i % 3 == 0 ? "acc-" : "ord-") + (i % 7).ToString(CultureInfo.InvariantCulture);
            var version = versions[aggregate] = versions.GetValueOrDefault(aggregate, -1) + 1;
            var type = i % 10 == 0 ? "stockAdjusted" : "itemAdded";
            var at = start.AddSeconds(i);
            var id = layout == EventStoreLayout.CounterCommitIds ? Text(i + 1) : CommitId.FromTime(at, aggregate).Text;
            items.Add(bed.Item(aggregate, version, id, at.ToUnixTimeMilliseconds(), Events(type, i)));
            if (aggregate.StartsWith("acc-", StringComparison.Ordinal) && type == "stockAdjusted") expected.Add(aggregate + "/" + version);
        }
        await bed.BatchPutRawAsync(items);
        var filter = new CommitFilter { EventType = "stockAdjusted", AggregateIdPrefix = "acc-" };

        var newest = await bed.Store.ReadFeedAsync(new FeedQuery { PageSize = 7, Filter = filter }, None);
        var links = new List<PageLink>();
        var all = await EventStoreTestBed.FollowAsync(newest, p => p.Older, link => bed.Store.ReadFeedAsync(new FeedQuery { PageSize = 7, Filter = filter, Position = link }, None), p => p.Items, links);

        Assert.Equal(7, newest.Items.Count);
        Assert.Contains("begins_with(aggregateId, \"acc-\")", newest.Filtered!.PreFilter);
        Assert.True(newest.Filtered.Cost.ItemsReturned < newest.Filtered.Cost.ItemsRead);
        Assert.Equal(expected.AsEnumerable().Reverse(), all.Select(c => c.AggregateId + "/" + c.Version));
        Assert.All(links, link => Assert.Equal(PageLinkKind.Before, link.Kind));
    }

    [Fact]
    public async Task FeedBudgetStop_InsideARunOfRepeatedCommitIds_ContinuesWithACursor_AndLosesNothing()
    {
        using var bed = await EventStoreTestBed.CreateAsync(dynalite, EventStoreLayout.TimestampCommitIds);
        // Layout B: one aggregate committing 20 times in the same millisecond gets one commit id 20 times.
        var id = CommitId.FromTime(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), "dup").Text;
        var items = Enumerable.Range(0, 20).Select(v => bed.Item("dup", v, id, 1, Events(v % 2 == 0 ? "stockAdjusted" : "itemAdded", v))).ToList();
        items.Add(bed.Item("before", 0, CommitId.FromTime(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero), "before").Text, 1, Events("stockAdjusted", 0)));
        await bed.BatchPutRawAsync(items);
        var budget = new ReadBudget { MaxItems = 7 };
        var filter = StockAdjusted;

        var first = await bed.Store.ReadFeedAsync(new FeedQuery { PageSize = 50, Filter = filter, Budget = budget }, None);
        var links = new List<PageLink>();
        var all = await EventStoreTestBed.FollowAsync(first, p => p.Older, link => bed.Store.ReadFeedAsync(new FeedQuery { PageSize = 50, Filter = filter, Budget = budget, Position = link }, None), p => p.Items, links);

        Assert.True(first.Filtered!.StoppedByBudget);
        Assert.Equal(PageLinkKind.Cursor, first.Older!.Kind);
        Assert.Equal(11, all.Count);
        Assert.Equal(11, all.Select(c => c.Key).Distinct().Count());
        Assert.Equal("before", all[^1].AggregateId);
        Assert.Contains(links, link => link.Kind == PageLinkKind.Before);
    }

    [Fact]
    public async Task FeedBudgetStop_WhereNoCommitIdRepeats_GivesAPlainLink()
    {
        using var bed = await EventStoreTestBed.CreateAsync(dynalite, EventStoreLayout.CounterCommitIds);
        await bed.BatchPutRawAsync(Enumerable.Range(1, 100).Select(n => bed.Item("a" + n, 0, Text(n), 1, Events(n % 30 == 0 ? "stockAdjusted" : "itemAdded", n))));

        var page = await bed.Store.ReadFeedAsync(new FeedQuery { PageSize = 10, Filter = StockAdjusted, Budget = new ReadBudget { MaxItems = 25 } }, None);

        Assert.Equal([90L], page.Items.Select(c => c.CommitId!.Value.Number!.Value));
        Assert.Equal(new PageLink(PageLinkKind.Before, "76"), page.Older);
    }

    [Fact]
    public async Task FilterArguments_ThatMakeNoSense_AreRefusedWithAReason()
    {
        using var bed = await EventStoreTestBed.CreateAsync(dynalite, EventStoreLayout.CounterCommitIds);

        var prefix = await Assert.ThrowsAsync<InvalidQueryException>(() => bed.Store.ReadTimelineAsync(
            new TimelineQuery { AggregateId = "x", Filter = new CommitFilter { AggregateIdPrefix = "a" } }, None));
        var budget = await Assert.ThrowsAsync<InvalidQueryException>(() => bed.Store.ReadFeedAsync(
            new FeedQuery { Filter = StockAdjusted, Budget = new ReadBudget { MaxItems = 0 } }, None));

        Assert.Contains("not by aggregate id prefix", prefix.Message);
        Assert.Contains("between 1 and", budget.Message);
    }
}
