using System.Text.Json;
using Amazon.DynamoDBv2.Model;
using EventExplorer.Data.Errors;
using EventExplorer.Data.Model;
using EventExplorer.Tests.Data.EventStore;
using EventExplorer.Tests.Infrastructure;
using static EventExplorer.Tests.Data.Search.SearchTestData;

namespace EventExplorer.Tests.Data.Search;

/// <summary>One commit, the raw item, an aggregate's summary, and streamed export of a range.</summary>
public sealed class InspectAndExportTests(DynaliteFixture dynalite) : IClassFixture<DynaliteFixture>
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task ReadCommit_ByAggregateAndVersion_OrNullWhenThereIsNone()
    {
        using var bed = await EventStoreTestBed.CreateAsync(dynalite, EventStoreLayout.TimestampCommitIds);
        await SeedOrdersAsync(bed, "acc", 20, every: 5);

        var commit = await bed.Store.ReadCommitAsync("acc", 12, None);
        var missing = await bed.Store.ReadCommitAsync("acc", 20, None);

        Assert.Equal(12, commit!.Version);
        Assert.Equal(CommitId.FromTime(Start.AddSeconds(12), "acc"), commit.CommitId);
        Assert.Equal("itemAdded", Assert.Single(commit.Events).Type);
        Assert.Null(missing);
    }

    [Fact]
    public async Task RawItem_ShowsEveryAttributeWithItsType_OtherProgramsAttributesIncluded_AsDynamoDbJson()
    {
        using var bed = await EventStoreTestBed.CreateAsync(dynalite, EventStoreLayout.CounterCommitIds);
        var item = bed.ItemWithVersionText("odd", "2.5", "7");
        item["source"] = new AttributeValue { S = "legacy-importer" };
        item["tags"] = new AttributeValue { SS = ["a", "b"] };
        item["meta"] = new AttributeValue { M = new() { ["n"] = new AttributeValue { N = "1" }, ["l"] = new AttributeValue { L = [new AttributeValue { BOOL = true }, new AttributeValue { NULL = true }] } } };
        item["blob"] = new AttributeValue { B = new MemoryStream([1, 2, 3]) };
        await bed.PutRawAsync(item);

        var raw = await bed.Store.ReadRawItemAsync("odd", "2.5", None);
        var none = await bed.Store.ReadRawItemAsync("odd", "3", None);
        var refused = await Assert.ThrowsAsync<InvalidQueryException>(() => bed.Store.ReadRawItemAsync("odd", "two", None));

        Assert.NotNull(raw);
        Assert.Null(none);
        Assert.Contains("'two' is not a version", refused.Message);
        Assert.Equal(["aggregateId", "version", "commitId", "committedAt", "events", "active", "blob", "meta", "source", "tags"], raw.Attributes.Select(a => a.Name));
        Assert.Equal(["S", "N", "N", "N", "S", "S", "B", "M", "S", "SS"], raw.Attributes.Select(a => a.Type));
        Assert.Equal([true, true, true, true, true, true, false, false, false, false], raw.Attributes.Select(a => a.Known));
        Assert.Equal("2.5", raw.Attributes[1].Value);
        Assert.Equal("\"legacy-importer\"", raw.Attributes.Single(a => a.Name == "source").Value);
        using var json = JsonDocument.Parse(raw.DynamoDbJson);
        Assert.Equal("2.5", json.RootElement.GetProperty("version").GetProperty("N").GetString());
        Assert.Equal("AQID", json.RootElement.GetProperty("blob").GetProperty("B").GetString());
        Assert.True(json.RootElement.GetProperty("meta").GetProperty("M").GetProperty("l").GetProperty("L")[1].GetProperty("NULL").GetBoolean());
        Assert.Equal(["a", "b"], json.RootElement.GetProperty("tags").GetProperty("SS").EnumerateArray().Select(e => e.GetString()));
        Assert.True(raw.SizeBytes > 0);
    }

    [Fact]
    public async Task Summary_CountsCommitsTypesGapsAndSize_AndNamesMalformedCommits()
    {
        using var bed = await EventStoreTestBed.CreateAsync(dynalite, EventStoreLayout.CounterCommitIds);
        var versions = new long[] { 1, 2, 3, 5, 9 };
        await bed.BatchPutRawAsync(versions.Select(v => bed.Item("s", v, Text(v + 1), Start.AddMinutes(v).ToUnixTimeMilliseconds(),
            v == 5 ? """[{"type":"placed"},{"type":"paid"},"a bare string"]""" : """[{"type":"placed"}]""")));
        await bed.PutRawAsync(bed.Item("s", 10, "20", Start.AddMinutes(10).ToUnixTimeMilliseconds(), "[{not json"));
        await bed.PutRawAsync(bed.ItemWithVersionText("s", "2.5", "30"));

        var updates = await ToListAsync(bed.Store.SummariseAggregateAsync("s", ReadBudget.Search, None));
        var summary = updates[^1];

        Assert.Single(updates);
        Assert.Equal(ReadState.Completed, summary.State);
        Assert.Equal(7, summary.Commits);
        Assert.Equal((1L, 10L), (summary.FirstVersion, summary.LastVersion));
        Assert.Equal(Start.AddMinutes(1), summary.FirstCommittedAt);
        Assert.Equal(Start.AddMinutes(10), summary.LastCommittedAt);
        Assert.Equal([new SequenceGap(-1, 1), new SequenceGap(3, 5), new SequenceGap(5, 9)], summary.Gaps);
        Assert.Equal(5, summary.MissingVersions);
        Assert.Equal(new Dictionary<string, long> { ["placed"] = 5, ["paid"] = 1, [""] = 1 }, summary.EventTypes);
        Assert.Equal(7, summary.Events);
        Assert.Equal(2, summary.MalformedCommits);
        Assert.True(summary.TotalSizeBytes > 7 * 60);
        Assert.Equal(10, summary.EstimatedItems);
        Assert.Equal(3, summary.Cost.Requests);
    }

    [Fact]
    public async Task Summary_OfALongHistory_StreamsAnUpdatePerResponse_AndStopsAtItsBudget()
    {
        using var bed = await EventStoreTestBed.CreateAsync(dynalite, EventStoreLayout.CounterCommitIds);
        await SeedOrdersAsync(bed, "long", 3000, every: 1000);

        var updates = await ToListAsync(bed.Store.SummariseAggregateAsync("long", ReadBudget.Search, None));
        var partial = await ToListAsync(bed.Store.SummariseAggregateAsync("long", new ReadBudget { MaxItems = 1000 }, None));

        Assert.True(updates.Count >= 4, $"{updates.Count} updates");
        Assert.All(updates.SkipLast(1), u => Assert.Equal(ReadState.Reading, u.State));
        Assert.Equal(3000, updates[^1].Commits);
        Assert.Equal(new Dictionary<string, long> { ["itemAdded"] = 1500, ["stockAdjusted"] = 1500 }, updates[^1].EventTypes);
        Assert.Empty(updates[^1].Gaps);
        Assert.Equal(3000, updates[^1].Cost.ItemsRead);
        Assert.Equal(ReadState.BudgetExhausted, partial[^1].State);
        Assert.Equal(1000, partial[^1].Commits);
        Assert.Equal(999, partial[^1].LastVersion);
    }

    [Fact]
    public async Task Export_OfAVersionRange_StreamsItInReplayOrder_ReportingCostAsItGoes()
    {
        using var bed = await EventStoreTestBed.CreateAsync(dynalite, EventStoreLayout.CounterCommitIds);
        await SeedOrdersAsync(bed, "big", 3000, every: 1000);
        var reports = new List<ReadCost>();
        var progress = new SynchronousProgress<ReadCost>(reports.Add);

        var versions = new List<long>();
        await foreach (var commit in bed.Store.ExportAsync(new ExportRequest { Range = CommitRange.Aggregate("big", 100, 2599) }, progress, None)) versions.Add(commit.Version!.Value);

        Assert.Equal(Enumerable.Range(100, 2500).Select(v => (long)v), versions);
        Assert.True(reports.Count >= 3, $"{reports.Count} progress reports");
        Assert.Equal(2500, reports[^1].ItemsRead);
    }

    [Fact]
    public async Task Export_OfAFeedTimeWindow_WithAFilter_KeepsOnlyMatchingCommits()
    {
        using var bed = await EventStoreTestBed.CreateAsync(dynalite, EventStoreLayout.TimestampCommitIds);
        await SeedOrdersAsync(bed, "acc", 600, every: 1000);

        var commits = await ToListAsync(bed.Store.ExportAsync(new ExportRequest
        {
            Range = CommitRange.FeedWindow(Start.AddSeconds(100), Start.AddSeconds(200)),
            Filter = new CommitFilter { EventType = "stockAdjusted" },
        }, null, None));

        Assert.Equal(Enumerable.Range(100, 100).Where(v => v % 2 == 1).Select(v => (long)v), commits.Select(c => c.Version!.Value));
    }

    [Fact]
    public async Task Export_ThatRunsOutOfBudget_SaysWhereToContinue_AndContinuingDeliversTheRestOnce()
    {
        using var bed = await EventStoreTestBed.CreateAsync(dynalite, EventStoreLayout.CounterCommitIds);
        await bed.BatchPutRawAsync(Enumerable.Range(1, 250).Select(n => bed.Item("a" + (n % 13), n, Text(n), 1, "[]")));
        var request = new ExportRequest { Range = CommitRange.Feed(), Budget = new ReadBudget { MaxItems = 100 } };

        var keys = new List<string>();
        var stops = new List<ReadBudgetExhaustedException>();
        for (ExportRequest? next = request; next is not null;)
        {
            var current = next;
            next = null;
            try
            {
                await foreach (var commit in bed.Store.ExportAsync(current, null, None)) keys.Add(commit.Key);
            }
            catch (ReadBudgetExhaustedException stop)
            {
                stops.Add(stop);
                next = stop.Resume;
            }
            Assert.True(stops.Count < 10, "the export did not end");
        }

        Assert.Equal(2, stops.Count);
        Assert.Equal(new PageLink(PageLinkKind.After, "100"), stops[0].Resume.Range.After);
        Assert.Equal(100, stops[0].Cost.ItemsRead);
        Assert.Equal(250, keys.Count);
        Assert.Equal(250, keys.Distinct().Count());
    }

    /// <summary>Progress&lt;T&gt; reports on the thread pool; a test wants the reports in order, now.</summary>
    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
