using System.Buffers;
using System.Text.Json;
using Amazon.DynamoDBv2.Model;
using EventExplorer.Data.DynamoDb;
using EventExplorer.Data.Errors;
using EventExplorer.Data.Json;
using EventExplorer.Data.Model;
using EventExplorer.Testing;
using EventExplorer.Tests.Data.EventStore;
using EventExplorer.Tests.Web.Components;
using EventExplorer.Web.Export;
using EventExplorer.Web.Model.Json;
using EventExplorer.Web.Model.Search;

namespace EventExplorer.Tests.OddItems;

/// <summary>
/// Puts an <see cref="OddWorld"/> into dynalite and reads it every way the data service can; the views are
/// <see cref="OddWorldViews"/>'. The database is healthy and every read is a valid one, so nothing may throw,
/// not even one of our typed errors: stored data alone must never fail a read. A failure names the read.
/// </summary>
internal sealed class OddWorldReader : IAsyncDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly PayloadQuery[] Queries =
    [
        PayloadQuery.ForText("a"), PayloadQuery.ForText("ud800"), PayloadQuery.ForText("注", ignoreCase: true),
        PayloadQuery.Parse("type = \"x\""), PayloadQuery.Parse("s = \"\\ud800\""), PayloadQuery.Parse("$[0] = 1"),
    ];
    private static readonly string[] FieldPaths = ["type", "s", "$.lines[*]", "\\ud800"];

    private readonly EventStoreTestBed _bed;
    private readonly DynamoDbSnapshotStore _snapshots;
    private readonly OddWorldViews _views;

    private OddWorldReader(EventStoreTestBed bed, DynamoDbSnapshotStore snapshots)
    {
        _bed = bed;
        _snapshots = snapshots;
        _views = new OddWorldViews(bed, snapshots);
    }

    private DynamoDbEventStore Store => _bed.Store;
    private bool Numeric => _bed.Layout == EventStoreLayout.CounterCommitIds;

    public static async Task<OddWorldReader> CreateAsync(EventStoreTestBed bed) => new(bed, await OverDynalite.CreateSnapshotStoreAsync(bed));

    public async Task ClearAsync()
    {
        foreach (var (table, keys) in (ValueTuple<string, string[]>[])[(_bed.Tables.Commits, ["aggregateId", "version"]), (_bed.Tables.Snapshots, [OddWorld.SnapshotKey])])
        {
            foreach (var chunk in (await _bed.ScanRawAsync(table)).Chunk(25))
            {
                await _bed.Raw.BatchWriteItemAsync(new BatchWriteItemRequest
                {
                    RequestItems = new()
                    {
                        [table] = chunk.Select(item => new WriteRequest { DeleteRequest = new DeleteRequest { Key = keys.ToDictionary(k => k, k => item[k]) } }).ToList(),
                    },
                });
            }
        }
    }

    /// <summary>Writes the world raw, as another program would; DynamoDB refusing an item is a generator bug, said so.</summary>
    public async Task PutAsync(OddWorld world)
    {
        foreach (var item in world.Commits)
        {
            await Put(_bed.Tables.Commits, item.Attributes, item.ToString());
        }
        foreach (var snapshot in world.Snapshots)
        {
            await Put(_bed.Tables.Snapshots, snapshot.Attributes, snapshot.ToString());
        }

        async Task Put(string table, Dictionary<string, AttributeValue> attributes, string what)
        {
            try
            {
                await _bed.Raw.PutItemAsync(new PutItemRequest { TableName = table, Item = attributes });
            }
            catch (Amazon.DynamoDBv2.AmazonDynamoDBException e)
            {
                throw new InvalidOperationException($"The generator made an item DynamoDB refuses ({e.Message}): {what}", e);
            }
        }
    }

    public async Task CheckAsync(OddWorld world)
    {
        var stored = await _bed.ScanRawAsync(_bed.Tables.Commits);
        var expected = stored.ToDictionary(KeyOf, world.Generated);
        var indexed = expected.Where(e => e.Value.Indexed(Numeric)).Select(e => e.Key).ToHashSet();

        foreach (var aggregateId in world.AggregateIds)
        {
            var mine = expected.Where(e => e.Value.AggregateId == aggregateId).ToDictionary();
            foreach (var order in (ReadOrder[])[ReadOrder.NewestFirst, ReadOrder.OldestFirst])
            {
                var shown = await Run($"the timeline of {Show(aggregateId)}, {order}", () => ReadAllAsync(
                    link => Store.ReadTimelineAsync(new TimelineQuery { AggregateId = aggregateId, PageSize = 3, Order = order, FromOldest = order == ReadOrder.OldestFirst && link is null, Position = link }, None), p => p.Items, p => Next(p.Older, p.Newer, order)));
                AssertShownAndFlagged(mine, shown, $"the timeline of {Show(aggregateId)} ({order})");
                await Run($"the timeline of {Show(aggregateId)} filtered by type, {order}", () => ReadAllAsync(
                    link => Store.ReadTimelineAsync(new TimelineQuery { AggregateId = aggregateId, PageSize = 3, Order = order, FromOldest = order == ReadOrder.OldestFirst && link is null, Position = link, Filter = new CommitFilter { EventType = "x", Payload = PayloadQuery.Parse("a") } }, None),
                    p => p.Items, p => Next(p.Older, p.Newer, order)));
            }
            await ReadEachCommitAsync(mine);
            await SearchAsync(CommitRange.Aggregate(aggregateId));
            foreach (var path in FieldPaths)
            {
                await Run($"the history of {path} in {Show(aggregateId)}", async () =>
                {
                    await foreach (var _ in Store.ReadFieldHistoryAsync(new FieldHistoryRequest { AggregateId = aggregateId, Path = JsonPathPattern.Parse(path) }, None)) { }
                });
            }
            await Run($"the summary of {Show(aggregateId)}", async () =>
            {
                AggregateSummary? last = null;
                await foreach (var summary in Store.SummariseAggregateAsync(aggregateId, ReadBudget.Search, None)) last = summary;
                Assert.Equal(mine.Count, last!.Commits);
                Assert.Equal(mine.Count(m => m.Value.Defects.Count > 0), last.MalformedCommits);
            });
            await ExportAsync(CommitRange.Aggregate(aggregateId));
            await Run($"time travel in {Show(aggregateId)}", () => Store.FindFirstAtOrAfterAsync(new TimeTravelQuery { AggregateId = aggregateId, At = DateTimeOffset.FromUnixTimeMilliseconds(1_000_000_000_000) }, None));
            await Run($"finding {Show(aggregateId)}", () => Store.FindAggregateAsync(aggregateId, None));
        }

        foreach (var order in (ReadOrder[])[ReadOrder.NewestFirst, ReadOrder.OldestFirst])
        {
            var feed = await Run($"the feed, {order}", () => ReadAllAsync(
                link => Store.ReadFeedAsync(new FeedQuery { PageSize = 4, Order = order, FromOldest = order == ReadOrder.OldestFirst && link is null, Position = link }, None), p => p.Items, p => Next(p.Older, p.Newer, order)));
            AssertShownAndFlagged(expected.Where(e => indexed.Contains(e.Key)).ToDictionary(), feed, $"the feed ({order})");
            await Run($"the feed filtered by type, {order}", () => ReadAllAsync(
                link => Store.ReadFeedAsync(new FeedQuery { PageSize = 4, Order = order, FromOldest = order == ReadOrder.OldestFirst && link is null, Position = link, Filter = new CommitFilter { EventType = "x", AggregateIdPrefix = "o" } }, None),
                p => p.Items, p => Next(p.Older, p.Newer, order)));
        }
        await SearchAsync(CommitRange.Feed());
        await ExportAsync(CommitRange.Feed());
        await Run("feed time travel", () => Store.FindFirstAtOrAfterAsync(new TimeTravelQuery { At = DateTimeOffset.FromUnixTimeMilliseconds(1_000_000_000_000) }, None));
        await Run("the live tail's reads", async () =>
        {
            var latest = await Store.ReadLatestCommitAsync(None);
            await Store.ReadFeedFromAsync(null, 10, None);
            if (latest?.CommitId is { } id) await Store.ReadFeedFromAsync(id, 10, None);
        });
        await Run("the list of aggregates", async () =>
        {
            await Store.ReadRecentAggregatesAsync(10, None);
            await Store.ScanAggregatesAsync(new ScanQuery { PageSize = 10 }, None);
            await Store.GetCommitTableStatsAsync(None);
        });

        foreach (var snapshot in world.Snapshots)
        {
            var id = snapshot.Attributes[OddWorld.SnapshotKey].S;
            var read = await Run($"the snapshot of {Show(id)}", () => _snapshots.GetAsync(id, None));
            Assert.True(read is not null, $"The snapshot of {Show(id)} was not found: {snapshot}");
            Assert.True(read.IsMalformed == snapshot.Defects.Count > 0,
                $"The snapshot {(read.IsMalformed ? "is flagged" : "is not flagged")} ({string.Join(" ", read.Problems)}): {snapshot}");
        }
        await Run("the snapshot list", () => _snapshots.ScanAsync(new ScanQuery { PageSize = 10 }, None));

        await _views.CheckAsync(world, stored);
    }

    private async Task ReadEachCommitAsync(Dictionary<string, StoredCommitItem> items)
    {
        foreach (var (key, item) in items)
        {
            var version = key[(key.IndexOf('\u0000', StringComparison.Ordinal) + 1)..];
            var raw = await Run($"the raw item {Show(key)}", () => Store.ReadRawItemAsync(item.AggregateId, version, None));
            Assert.True(raw is not null, $"The raw item is missing: {item}");
            using (JsonDocument.Parse(raw.DynamoDbJson, new JsonDocumentOptions { MaxDepth = 1024 })) { }
            if (long.TryParse(version, out var whole))
            {
                var commit = await Run($"the commit {Show(key)}", () => Store.ReadCommitAsync(item.AggregateId, whole, None));
                Assert.True(commit is not null, $"The commit is missing: {item}");
                Assert.True(commit.Key == key, $"The commit read back is {commit.Key}: {item}");
                Reshow(commit);
            }
        }
    }

    private async Task SearchAsync(CommitRange range)
    {
        foreach (var query in Queries)
        {
            await Run($"a search for {query} in {Describe(range)}", async () =>
            {
                SearchProgress? last = null;
                await foreach (var progress in Store.SearchAsync(new SearchRequest { Range = range, Query = query }, None))
                {
                    last = progress;
                    foreach (var match in progress.NewMatches)
                    {
                        if (match.Commit.Version is not { } version) continue;
                        var commit = await Store.ReadCommitAsync(match.Commit.AggregateId, version, None);
                        foreach (var commitEvent in commit?.Events ?? [])
                        {
                            HighlightedJson.Lines(commitEvent.Json, match.Events.Where(e => e.Index == commitEvent.Index).SelectMany(e => e.Paths).Select(p => p.Path).ToList());
                        }
                    }
                }
                Assert.NotEqual(ReadState.Reading, last!.State);
            });
        }
    }

    private async Task ExportAsync(CommitRange range)
    {
        await Run($"an export of {Describe(range)}", async () =>
        {
            var line = new ArrayBufferWriter<byte>();
            await foreach (var commit in Store.ExportAsync(new ExportRequest { Range = range }, null, None))
            {
                line.Clear();
                ExportEndpoint.WriteJsonLine(line, commit);
                // Every line is JSON, whatever the commit holds (a stored nesting of 250 levels is a few more in the line).
                using (JsonDocument.Parse(line.WrittenMemory[..^1], new JsonDocumentOptions { MaxDepth = 1024 })) { }
                line.Clear();
                ExportEndpoint.WriteCsv(line, commit);
            }
        });
    }

    /// <summary>What the pages do with a commit beyond the tree: copy text, the JSON export of a page, the search's lines.</summary>
    internal static void Reshow(Commit commit)
    {
        JsonText.Pretty(commit.EventsJson);
        CommitExport.ToJson([commit]);
        foreach (var commitEvent in commit.Events)
        {
            using var document = StoredJson.Parse(commitEvent.Json);
            StoredJson.WriteIndented(document.RootElement);
            HighlightedJson.Lines(commitEvent.Json, ["$", "$.type", "$.s"]);
        }
    }

    private static void AssertShownAndFlagged(Dictionary<string, StoredCommitItem> expected, IReadOnlyList<Commit> shown, string where)
    {
        var keys = shown.Select(c => c.Key).ToList();
        Assert.True(keys.Count == keys.Distinct().Count(), $"{where} shows a commit twice: {string.Join(", ", keys.Select(Show))}");
        var missing = expected.Keys.Except(keys).ToList();
        Assert.True(missing.Count == 0, $"{where} does not show {string.Join("; ", missing.Select(k => expected[k].ToString()))}");
        var extra = keys.Except(expected.Keys).ToList();
        Assert.True(extra.Count == 0, $"{where} shows commits that are not there: {string.Join(", ", extra.Select(Show))}");
        foreach (var commit in shown)
        {
            var item = expected[commit.Key];
            Assert.True(commit.IsMalformed == item.Defects.Count > 0,
                $"{where}: the commit {(commit.IsMalformed ? "is flagged" : "is not flagged")} ({string.Join(" ", commit.Problems)}): {item}");
            Reshow(commit);
        }
    }

    private static async Task<List<Commit>> ReadAllAsync<TPage>(Func<PageLink?, Task<TPage>> read, Func<TPage, IReadOnlyList<Commit>> items, Func<TPage, PageLink?> next)
    {
        var all = new List<Commit>();
        PageLink? link = null;
        for (var pages = 0; ; pages++)
        {
            Assert.True(pages < 200, "paging did not end");
            var page = await read(link);
            all.AddRange(items(page));
            if (next(page) is not { } following) return all;
            link = following;
        }
    }

    private static PageLink? Next(PageLink? older, PageLink? newer, ReadOrder order) => order == ReadOrder.NewestFirst ? older : newer;

    /// <summary>Runs one read; anything it throws fails the property, naming the read.</summary>
    internal static async Task<T> Run<T>(string what, Func<Task<T>> read)
    {
        try
        {
            return await read();
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException)
        {
            throw new InvalidOperationException($"Reading {what} threw {e.GetType().Name}: {e.Message}", e);
        }
    }

    internal static Task Run(string what, Func<Task> read) => Run(what, async () => { await read(); return true; });

    private static string KeyOf(Dictionary<string, AttributeValue> item) => item["aggregateId"].S + "\u0000" + item["version"].N;

    private static string Describe(CommitRange range) => range.AggregateId is { } id ? Show(id) : "the feed";

    internal static string Show(string text) => StoredItemGenerators.Show(text.Replace('\u0000', '@'));

    public ValueTask DisposeAsync() => _views.DisposeAsync();
}
