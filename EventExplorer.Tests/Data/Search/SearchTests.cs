using Amazon.DynamoDBv2.Model;
using EventExplorer.Data.Errors;
using EventExplorer.Data.Model;
using EventExplorer.Tests.Data.EventStore;
using EventExplorer.Tests.Infrastructure;
using static EventExplorer.Tests.Data.Search.SearchTestData;

namespace EventExplorer.Tests.Data.Search;

/// <summary>Payload search within one aggregate's history and within the feed, streamed, bounded and resumable.</summary>
public sealed class SearchTests(DynaliteFixture dynalite) : IClassFixture<DynaliteFixture>
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task TextSearch_OverAWholeHistory_StreamsMatchesResponseByResponse_WithEventsAndPaths()
    {
        using var bed = await EventStoreTestBed.CreateAsync(dynalite, EventStoreLayout.CounterCommitIds);
        var matching = await SeedOrdersAsync(bed, "big", 3000, every: 250);

        var updates = await ToListAsync(bed.Store.SearchAsync(new SearchRequest
        {
            Range = CommitRange.Aggregate("big"),
            Query = PayloadQuery.Parse("order-2024-004711"),
        }, None));

        var first = updates[0];
        var last = updates[^1];
        Assert.Equal(ReadState.Reading, first.State);
        Assert.Empty(first.NewMatches);
        Assert.Equal(3000, first.EstimatedItems);
        Assert.Equal(0, first.Cost.ItemsRead);
        Assert.Equal(ReadState.Completed, last.State);
        Assert.Null(last.Resume);
        // 3.3 MB of commits: at least four 1 MB responses, each its own update.
        Assert.True(updates.Count >= 5, $"{updates.Count} updates");
        Assert.Equal(matching, updates.SelectMany(u => u.NewMatches).Select(m => m.Commit.Version!.Value));
        Assert.Equal(matching.Count, last.MatchCount);
        var match = updates.SelectMany(u => u.NewMatches).First();
        var matchedEvent = Assert.Single(match.Events);
        Assert.Equal(0, matchedEvent.Index);
        Assert.Equal("stockAdjusted", matchedEvent.Type);
        Assert.Equal(new PathMatch("$.data.orderId", "\"order-2024-004711\""), Assert.Single(matchedEvent.Paths));
        Assert.Equal("big", match.Commit.AggregateId);
        Assert.Equal(CommitId.FromNumber(8), match.Commit.CommitId);
        Assert.Equal(3000, last.Cost.ItemsRead);
        Assert.Equal(matching.Count, last.Cost.ItemsReturned);
        Assert.NotNull(last.Cost.CapacityUnits);
        Assert.All(updates.Zip(updates.Skip(1)), pair => Assert.True(pair.Second.Cost.ItemsRead >= pair.First.Cost.ItemsRead));
    }

    [Theory]
    [InlineData("orderId = \"order-2024-004711\"", true)]
    [InlineData("data.orderId = order-2024-004711", true)]
    [InlineData("$.data.orderId = \"order-2024-004711\"", true)]
    [InlineData("$.orderId = \"order-2024-004711\"", false)]
    [InlineData("orderId = \"ORDER-2024-004711\"", false)]
    public async Task PathSearch_FindsTheValueWhereThePathSays(string query, bool finds)
    {
        using var bed = await EventStoreTestBed.CreateAsync(dynalite, EventStoreLayout.TimestampCommitIds);
        var matching = await SeedOrdersAsync(bed, "acc", 300, every: 100);

        var updates = await ToListAsync(bed.Store.SearchAsync(new SearchRequest { Range = CommitRange.Aggregate("acc"), Query = PayloadQuery.Parse(query) }, None));

        Assert.Equal(finds ? matching : [], updates.SelectMany(u => u.NewMatches).Select(m => m.Commit.Version!.Value));
        if (finds) Assert.All(updates.SelectMany(u => u.NewMatches), m => Assert.Equal("$.data.orderId", m.Events[0].Paths[0].Path));
    }

    [Fact]
    public async Task MaxMatches_StopsTheSearch_AndItsResumeFindsExactlyTheRest()
    {
        using var bed = await EventStoreTestBed.CreateAsync(dynalite, EventStoreLayout.CounterCommitIds);
        var matching = await SeedOrdersAsync(bed, "big", 1200, every: 100);
        var request = new SearchRequest { Range = CommitRange.Aggregate("big"), Query = PayloadQuery.ForText("order-2024-004711"), MaxMatches = 5 };

        var runs = new List<List<SearchProgress>> { await ToListAsync(bed.Store.SearchAsync(request, None)) };
        while (runs[^1][^1].Resume is { } resume) runs.Add(await ToListAsync(bed.Store.SearchAsync(resume, None)));

        Assert.Equal(3, runs.Count);
        Assert.Equal(ReadState.ResultLimitReached, runs[0][^1].State);
        Assert.Equal(5, runs[0][^1].MatchCount);
        Assert.Equal(new PageLink(PageLinkKind.After, "407"), runs[0][^1].Resume!.Range.After);
        Assert.Equal(ReadState.Completed, runs[2][^1].State);
        Assert.Equal(2, runs[2][^1].MatchCount);
        Assert.Equal(matching, runs.SelectMany(r => r).SelectMany(u => u.NewMatches).Select(m => m.Commit.Version!.Value));
    }

    [Fact]
    public async Task ReadBudget_StopsTheSearchWhereDynamoDbStopped_AndTheResumeReadsOnFromThere()
    {
        using var bed = await EventStoreTestBed.CreateAsync(dynalite, EventStoreLayout.CounterCommitIds);
        var matching = await SeedOrdersAsync(bed, "big", 2500, every: 100);
        var request = new SearchRequest { Range = CommitRange.Aggregate("big"), Query = PayloadQuery.ForText("order-2024-004711"), Budget = new ReadBudget { MaxItems = 1000 } };

        var runs = new List<List<SearchProgress>> { await ToListAsync(bed.Store.SearchAsync(request, None)) };
        while (runs[^1][^1].Resume is { } resume)
        {
            Assert.True(runs.Count < 10, "the search did not end");
            runs.Add(await ToListAsync(bed.Store.SearchAsync(resume, None)));
        }

        Assert.Equal(3, runs.Count);
        Assert.Equal(ReadState.BudgetExhausted, runs[0][^1].State);
        Assert.Equal(1000, runs[0][^1].Cost.ItemsRead);
        Assert.Equal(new PageLink(PageLinkKind.After, "999"), runs[0][^1].Resume!.Range.After);
        Assert.Equal(ReadState.Completed, runs[^1][^1].State);
        Assert.Equal(matching, runs.SelectMany(r => r).SelectMany(u => u.NewMatches).Select(m => m.Commit.Version!.Value));
        // Each resume reads its start position once more (a range above x and at most y starts at x).
        Assert.InRange(runs.Sum(r => r[^1].Cost.ItemsRead), 2500, 2502);
    }

    [Fact]
    public async Task MalformedItemsMetOnTheWay_AreReportedWithTheirProblems_AndTheSearchGoesOn()
    {
        using var bed = await EventStoreTestBed.CreateAsync(dynalite, EventStoreLayout.CounterCommitIds);
        await bed.PutRawAsync(bed.Item("m", 0, "1", 1_700_000_000_000, """[{"type":"placed","orderId":"order-7"}]"""));
        await bed.PutRawAsync(bed.Item("m", 1, "2", 1_700_000_000_000, """[{"orderId":"order-7", """));
        await bed.PutRawAsync(bed.Item("m", 2, "3", 1_700_000_000_000, """{"orderId":"order-7"}"""));
        var textTime = bed.Item("m", 3, "4", 0, """[{"orderId":"order-7"}]""");
        textTime["committedAt"] = new AttributeValue { S = "yesterday" };
        await bed.PutRawAsync(textTime);
        await bed.PutRawAsync(bed.Item("m", 4, "5", 1_700_000_000_000, """[{"orderId":"order-8"}]"""));

        var updates = await ToListAsync(bed.Store.SearchAsync(new SearchRequest { Range = CommitRange.Aggregate("m"), Query = PayloadQuery.Parse("orderId = order-7") }, None));

        Assert.Equal([0L, 3], updates.SelectMany(u => u.NewMatches).Select(m => m.Commit.Version!.Value));
        var malformed = updates.SelectMany(u => u.NewMalformed).ToList();
        Assert.Equal([1L, 2, 3], malformed.Select(m => m.Commit.Version!.Value));
        Assert.StartsWith("events is not valid JSON", Assert.Single(malformed[0].Problems));
        Assert.Equal("events is a JSON object, not an array.", Assert.Single(malformed[1].Problems));
        Assert.Equal("committedAt is stored as text (S) 'yesterday', not as a number.", Assert.Single(malformed[2].Problems));
        Assert.Equal(3, updates[^1].MalformedCount);
        Assert.Equal(ReadState.Completed, updates[^1].State);
    }

    [Fact]
    public async Task Cancelling_StopsTheStreamBetweenUpdates()
    {
        using var bed = await EventStoreTestBed.CreateAsync(dynalite, EventStoreLayout.CounterCommitIds);
        await SeedOrdersAsync(bed, "big", 3000, every: 250);
        using var cancel = new CancellationTokenSource();
        var seen = 0;

        var error = await Record.ExceptionAsync(async () =>
        {
            await foreach (var update in bed.Store.SearchAsync(new SearchRequest { Range = CommitRange.Aggregate("big"), Query = PayloadQuery.ForText("order-2024-004711") }, cancel.Token))
            {
                seen++;
                if (update.Cost.ItemsRead > 0) await cancel.CancelAsync();
            }
        });

        Assert.IsAssignableFrom<OperationCanceledException>(error);
        Assert.Equal(2, seen);
    }

    [Fact]
    public async Task FeedSearch_OverACommitIdRange_ReadsOnlyThatRange_AndEstimatesItFromTheIds()
    {
        using var bed = await EventStoreTestBed.CreateAsync(dynalite, EventStoreLayout.CounterCommitIds);
        var matching = await SeedOrdersAsync(bed, "big", 1000, every: 50);

        var updates = await ToListAsync(bed.Store.SearchAsync(new SearchRequest
        {
            Range = CommitRange.Feed("200", "401"),
            Query = PayloadQuery.ForText("order-2024-004711"),
        }, None));

        // Commit id n is version n - 1: ids 200..401 are versions 199..400.
        Assert.Equal(matching.Where(v => v is >= 199 and <= 400), updates.SelectMany(u => u.NewMatches).Select(m => m.Commit.Version!.Value));
        Assert.Equal(202, updates[0].EstimatedItems);
        Assert.Equal(202, updates[^1].Cost.ItemsRead);
    }

    [Theory]
    [InlineData(EventStoreLayout.CounterCommitIds)]
    [InlineData(EventStoreLayout.TimestampCommitIds)]
    public async Task FeedSearch_OverATimeWindow_ReadsTheCommitsOfThatWindow(EventStoreLayout layout)
    {
        using var bed = await EventStoreTestBed.CreateAsync(dynalite, layout);
        var matching = await SeedOrdersAsync(bed, "acc", 1500, every: 40);

        // One commit a second from Start: the window holds versions 300..599.
        var updates = await ToListAsync(bed.Store.SearchAsync(new SearchRequest
        {
            Range = CommitRange.FeedWindow(Start.AddSeconds(300), Start.AddSeconds(600)),
            Query = PayloadQuery.ForText("order-2024-004711"),
        }, None));

        Assert.Equal(matching.Where(v => v is >= 300 and < 600), updates.SelectMany(u => u.NewMatches).Select(m => m.Commit.Version!.Value));
        Assert.Equal(300, updates[^1].Cost.ItemsRead);
        Assert.Empty(updates[^1].Warnings);
        // Layout A counts the window's ids; layout B would scale DescribeTable's item count, which a table as
        // young as this one (and dynalite) reports as 0, so it says it cannot tell.
        if (layout == EventStoreLayout.CounterCommitIds) Assert.Equal(300, updates[0].EstimatedItems);
        else Assert.Null(updates[0].EstimatedItems);
    }

    [Fact]
    public async Task FeedSearch_StoppedInsideARunOfRepeatedCommitIds_ResumesWithACursor_AndMissesNothing()
    {
        using var bed = await EventStoreTestBed.CreateAsync(dynalite, EventStoreLayout.CounterCommitIds);
        // A misbehaving writer gave ten commits of different aggregates the commit id 7.
        var items = Enumerable.Range(0, 10).Select(i => bed.Item($"dup{i}", 0, "7", 1, """[{"orderId":"order-7"}]""")).ToList();
        items.Add(bed.Item("after", 0, "8", 1, """[{"orderId":"order-7"}]"""));
        await bed.BatchPutRawAsync(items);
        var request = new SearchRequest { Range = CommitRange.Feed(), Query = PayloadQuery.ForText("order-7"), MaxMatches = 4 };

        var keys = new List<string>();
        var resumes = new List<PageLink>();
        for (SearchRequest? next = request; next is not null;)
        {
            var updates = await ToListAsync(bed.Store.SearchAsync(next, None));
            keys.AddRange(updates.SelectMany(u => u.NewMatches).Select(m => m.Commit.Key));
            next = updates[^1].Resume;
            if (next is not null) resumes.Add(next.Range.After!);
            Assert.True(resumes.Count < 10, "the search did not end");
        }

        Assert.Equal(11, keys.Count);
        Assert.Equal(11, keys.Distinct().Count());
        Assert.Equal(PageLinkKind.Cursor, resumes[0].Kind);
    }

    [Fact]
    public async Task CaselessText_IsConfirmedOnTheEventsAlone_WithoutAPreFilter()
    {
        using var bed = await EventStoreTestBed.CreateAsync(dynalite, EventStoreLayout.CounterCommitIds);
        var matching = await SeedOrdersAsync(bed, "acc", 300, every: 100);

        var updates = await ToListAsync(bed.Store.SearchAsync(new SearchRequest { Range = CommitRange.Aggregate("acc"), Query = PayloadQuery.ForText("ORDER-2024-004711", ignoreCase: true) }, None));

        Assert.Equal(matching, updates.SelectMany(u => u.NewMatches).Select(m => m.Commit.Version!.Value));
        Assert.Equal(300, updates[^1].Cost.ItemsReturned);
    }

    [Fact]
    public async Task SearchAndFilterTogether_NeedBoth()
    {
        using var bed = await EventStoreTestBed.CreateAsync(dynalite, EventStoreLayout.CounterCommitIds);
        var matching = await SeedOrdersAsync(bed, "acc", 400, every: 50);

        var updates = await ToListAsync(bed.Store.SearchAsync(new SearchRequest
        {
            Range = CommitRange.Aggregate("acc"),
            Query = PayloadQuery.ForText("order-2024-004711"),
            Filter = new CommitFilter { EventType = "stockAdjusted" },
        }, None));

        Assert.Equal(matching.Where(v => v % 2 == 1), updates.SelectMany(u => u.NewMatches).Select(m => m.Commit.Version!.Value));
    }

    [Fact]
    public async Task RangesThatMakeNoSense_AreRefusedWithAReason()
    {
        using var bed = await EventStoreTestBed.CreateAsync(dynalite, EventStoreLayout.CounterCommitIds);
        var query = PayloadQuery.ForText("x");
        Task Search(SearchRequest request) => ToListAsync(bed.Store.SearchAsync(request, None));

        var mixed = await Assert.ThrowsAsync<InvalidQueryException>(() => Search(new SearchRequest { Range = CommitRange.Aggregate("a") with { FromCommitId = "5" }, Query = query }));
        var both = await Assert.ThrowsAsync<InvalidQueryException>(() => Search(new SearchRequest { Range = new CommitRange { FromCommitId = "1", FromTime = Start }, Query = query }));
        var limit = await Assert.ThrowsAsync<InvalidQueryException>(() => Search(new SearchRequest { Range = CommitRange.Feed(), Query = query, MaxMatches = 0 }));
        var before = await Assert.ThrowsAsync<InvalidCursorException>(() => Search(new SearchRequest { Range = CommitRange.Feed() with { After = new PageLink(PageLinkKind.Before, "5") }, Query = query }));
        var forged = await Assert.ThrowsAsync<InvalidCursorException>(() => Search(new SearchRequest { Range = CommitRange.Feed() with { After = new PageLink(PageLinkKind.Cursor, "bm90IGEgdG9rZW4") }, Query = query }));
        var empty = await ToListAsync(bed.Store.SearchAsync(new SearchRequest { Range = CommitRange.Aggregate("a", 10, 5), Query = query }, None));

        Assert.Contains("commit ids and times bound a range of the feed", mixed.Message);
        Assert.Contains("not both", both.Message);
        Assert.Contains("between 1 and", limit.Message);
        Assert.Contains("continues after a position", before.Message);
        Assert.Contains("not valid", forged.Message);
        Assert.Equal(ReadState.Completed, Assert.Single(empty).State);
        Assert.Equal(0, empty[0].Cost.Requests);
    }
}
