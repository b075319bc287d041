using System.Globalization;
using EventExplorer.Data.Errors;
using EventExplorer.Data.Model;
using EventExplorer.Tests.Infrastructure;

namespace EventExplorer.Tests.Data.EventStore;

/// <summary>Finding aggregates: exact lookup, the recently active ones, and the full-table prefix scan.</summary>
public sealed class AggregateSearchTests(DynaliteFixture dynalite) : IClassFixture<DynaliteFixture>
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task ScanWithPrefix_AcrossPagesAndSegments_FindsExactlyTheMatchingAggregates()
    {
        using var bed = await EventStoreTestBed.CreateAsync(dynalite, EventStoreLayout.CounterCommitIds);
        var commitId = 0;
        var items = new List<Dictionary<string, Amazon.DynamoDBv2.Model.AttributeValue>>();
        for (var i = 0; i < 40; i++)
        {
            items.Add(bed.Item($"cust-{i:000}", 0, (++commitId).ToString(CultureInfo.InvariantCulture), 1, "[]"));
            items.Add(bed.Item($"cust-{i:000}", 1, (++commitId).ToString(CultureInfo.InvariantCulture), 1, "[]"));
        }
        for (var i = 0; i < 25; i++) items.Add(bed.Item($"order-{i:000}", 0, (++commitId).ToString(CultureInfo.InvariantCulture), 1, "[]"));
        items.Add(bed.Item("Cust-upper", 0, (++commitId).ToString(CultureInfo.InvariantCulture), 1, "[]"));
        await bed.BatchPutRawAsync(items);

        var pages = new List<ScanPage<ScannedAggregate>>();
        string? cursor = null;
        do
        {
            var page = await bed.Store.ScanAggregatesAsync(new ScanQuery { Prefix = "cust-", PageSize = 7, Segments = 4, Cursor = cursor }, None);
            pages.Add(page);
            cursor = page.Next;
        }
        while (cursor is not null && pages.Count < 50);

        var found = pages.SelectMany(p => p.Items).ToList();
        Assert.Equal(Enumerable.Range(0, 40).Select(i => $"cust-{i:000}").Order(), found.Select(a => a.AggregateId).Order());
        Assert.All(found, a => Assert.Equal(2, a.CommitsSeen));
        Assert.All(pages, p => Assert.InRange(p.Items.Count, 0, 7));
        Assert.All(pages, p => Assert.True(p.ItemsScanned >= p.ItemsMatched));
        Assert.Equal(80, pages.Sum(p => p.ItemsMatched));
        Assert.Equal(items.Count, pages.Sum(p => p.ItemsScanned));
        Assert.All(pages, p => Assert.True(p.CapacityUnits > 0));
    }

    [Fact]
    public async Task ScanWithoutMatches_OnABigTable_ReturnsWithProgressInsteadOfReadingEverything()
    {
        using var bed = await EventStoreTestBed.CreateAsync(dynalite, EventStoreLayout.CounterCommitIds);
        // The budget is 10,000 items per call in production; a tenth of it keeps this test quick.
        bed.Store.ScanBudget = 1000;
        await bed.BatchPutRawAsync(Enumerable.Range(1, 1400).Select(i => bed.Item($"n-{i}", 0, i.ToString(CultureInfo.InvariantCulture), 1, "[]")));

        var first = await bed.Store.ScanAggregatesAsync(new ScanQuery { Prefix = "nothing-", Segments = 2 }, None);
        var second = await bed.Store.ScanAggregatesAsync(new ScanQuery { Prefix = "nothing-", Cursor = first.Next }, None);

        Assert.Empty(first.Items);
        Assert.NotNull(first.Next);
        Assert.InRange(first.ItemsScanned, 1000, 1399);
        Assert.Equal(0, first.ItemsMatched);
        Assert.Null(second.Next);
        Assert.Equal(1400, first.ItemsScanned + second.ItemsScanned);
    }

    [Fact]
    public async Task ScanWithoutPrefix_ListsEveryAggregateOnce_AndRejectsBadSegmentCounts()
    {
        using var bed = await EventStoreTestBed.CreateAsync(dynalite, EventStoreLayout.TimestampCommitIds);
        for (var i = 0; i < 5; i++) await bed.AppendAsync($"s-{i}", 0, "[]");

        var page = await bed.Store.ScanAggregatesAsync(new ScanQuery { Segments = 3 }, None);
        var error = await Assert.ThrowsAsync<InvalidQueryException>(() => bed.Store.ScanAggregatesAsync(new ScanQuery { Segments = 17 }, None));

        Assert.Equal(["s-0", "s-1", "s-2", "s-3", "s-4"], page.Items.Select(a => a.AggregateId).Order());
        Assert.Null(page.Next);
        Assert.Equal(5, page.ItemsScanned);
        Assert.Contains("between 1 and 16", error.Message);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("acc-")]
    public async Task FullScanInManySmallPages_CountsEveryItemOfTheTableExactlyOnce(string? prefix)
    {
        using var bed = await EventStoreTestBed.CreateAsync(dynalite, EventStoreLayout.CounterCommitIds);
        // Aggregates of 1 to 7 commits, so that pages end part-way through a segment's response.
        var items = new List<Dictionary<string, Amazon.DynamoDBv2.Model.AttributeValue>>();
        for (var i = 0; i < 60; i++)
        {
            for (var v = 0; v < 1 + i % 7; v++) items.Add(bed.Item($"{(i % 3 == 0 ? "order" : "acc")}-{i:000}", v, (items.Count + 1).ToString(CultureInfo.InvariantCulture), 1, "[]"));
        }
        await bed.BatchPutRawAsync(items);
        var expected = items.Select(i => i["aggregateId"].S).Where(id => id.StartsWith(prefix ?? "", StringComparison.Ordinal)).Distinct().Order(StringComparer.Ordinal);

        var pages = new List<ScanPage<ScannedAggregate>>();
        string? cursor = null;
        do
        {
            var page = await bed.Store.ScanAggregatesAsync(new ScanQuery { Prefix = prefix, PageSize = 3, Segments = 4, Cursor = cursor }, None);
            pages.Add(page);
            cursor = page.Next;
        }
        while (cursor is not null && pages.Count < 200);

        Assert.Null(cursor);
        Assert.Equal(items.Count, pages.Sum(p => p.ItemsScanned));
        Assert.Equal(items.Count(i => i["aggregateId"].S.StartsWith(prefix ?? "", StringComparison.Ordinal)), pages.Sum(p => p.ItemsMatched));
        Assert.Equal(expected, pages.SelectMany(p => p.Items).Select(a => a.AggregateId).Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task FindAggregate_GivesFirstAndHeadVersionsWithTimes()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(1_000_000));
        using var bed = await EventStoreTestBed.CreateAsync(dynalite, EventStoreLayout.CounterCommitIds, time: clock);
        for (var v = 0; v < 4; v++)
        {
            clock.Now = DateTimeOffset.FromUnixTimeMilliseconds(1_000_000 + v * 1000);
            await bed.AppendAsync("found", v, "[]");
        }
        await bed.AppendAsync("founder", 0, "[]");

        var info = await bed.Store.FindAggregateAsync("found", None);

        Assert.NotNull(info);
        Assert.Equal((0L, 3L), (info.FirstVersion, info.HeadVersion));
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1_000_000), info.FirstCommittedAt);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1_003_000), info.LastCommittedAt);
        Assert.Null(await bed.Store.FindAggregateAsync("foun", None));
    }

    [Fact]
    public async Task RecentAggregates_AreDistinctMostRecentFirst_WithTheirLatestCommit()
    {
        using var bed = await EventStoreTestBed.CreateAsync(dynalite, EventStoreLayout.CounterCommitIds);
        await bed.AppendAsync("a", 0, "[]");
        await bed.AppendAsync("b", 0, "[]");
        await bed.AppendAsync("a", 1, "[]");
        await bed.AppendAsync("c", 0, "[]");
        await bed.AppendAsync("a", 2, "[]");

        var recent = await bed.Store.ReadRecentAggregatesAsync(2, None);
        var all = await bed.Store.ReadRecentAggregatesAsync(10, None);

        Assert.Equal(["a", "c"], recent.Items.Select(r => r.AggregateId));
        Assert.Equal((2L, "5"), (recent.Items[0].LatestVersion, recent.Items[0].LatestCommitId));
        Assert.Equal(["a", "c", "b"], all.Items.Select(r => r.AggregateId));
        Assert.Equal(5, all.CommitsRead);
    }

    [Fact]
    public async Task RecentAggregates_OnAHugeFeedOfOneAggregate_StopAtTheReadBound()
    {
        using var bed = await EventStoreTestBed.CreateAsync(dynalite, EventStoreLayout.CounterCommitIds);
        await bed.BatchPutRawAsync(Enumerable.Range(0, 2100).Select(v => bed.Item("busy", v, (v + 1).ToString(CultureInfo.InvariantCulture), 1, "[]")));

        var recent = await bed.Store.ReadRecentAggregatesAsync(5, None);

        Assert.Equal(["busy"], recent.Items.Select(r => r.AggregateId));
        Assert.Equal(2000, recent.CommitsRead);
    }

    [Fact]
    public async Task CommitTableStats_ComeFromDescribeTable()
    {
        using var bed = await EventStoreTestBed.CreateAsync(dynalite, EventStoreLayout.CounterCommitIds);
        await bed.AppendAsync("a", 0, "[]");

        var stats = await bed.Store.GetCommitTableStatsAsync(None);
        var described = (await bed.Raw.DescribeTableAsync(bed.Tables.Commits)).Table;

        // DynamoDB refreshes these figures about every six hours (dynalite reports 0): the store passes them on as they are.
        Assert.Equal(bed.Tables.Commits, stats.TableName);
        Assert.Equal(described.ItemCount ?? 0, stats.ItemCount);
        Assert.Equal(described.TableSizeBytes ?? 0, stats.SizeBytes);
    }
}
