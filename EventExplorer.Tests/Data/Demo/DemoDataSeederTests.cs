using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using EventExplorer.Data.Configuration;
using EventExplorer.Data.Demo;
using EventExplorer.Data.DynamoDb;
using EventExplorer.Data.Model;
using EventExplorer.Tests.Infrastructure;

namespace EventExplorer.Tests.Data.Demo;

public sealed class DemoDataSeederTests(DynaliteFixture dynalite) : IClassFixture<DynaliteFixture>, IDisposable
{
    private readonly IAmazonDynamoDB _client = dynalite.CreateRawClient();

    public void Dispose() => _client.Dispose();

    [Theory]
    [InlineData(EventStoreLayout.CounterCommitIds, "snapshotId")]
    [InlineData(EventStoreLayout.TimestampCommitIds, "aggregateId")]
    public async Task Seed_SmallSize_WritesEveryPromisedShapeReadableByTheStores(EventStoreLayout layout, string snapshotKey)
    {
        var bed = await CreateTablesAsync(layout, snapshotKey);

        var seeder = new DemoDataSeeder(_client, bed.Description, DemoDataSize.Small);
        var result = await seeder.SeedAsync(CancellationToken.None);

        // The long aggregate and the big commit.
        var ledger = await bed.Events.FindAggregateAsync(DemoAggregates.LongLedger, CancellationToken.None);
        Assert.Equal(0, ledger!.FirstVersion);
        Assert.Equal(DemoDataSize.Small.LongAggregateCommits - 1, ledger.HeadVersion);
        var big = (await bed.Events.ReadTimelineAsync(new TimelineQuery { AggregateId = DemoAggregates.BigCommit }, CancellationToken.None)).Items
            .MaxBy(c => c.SizeBytes)!;
        Assert.InRange(big.SizeBytes, DemoDataSize.Small.BigCommitBytes, ItemSize.MaxBytes);
        Assert.False(big.IsMalformed);

        // Items written wrongly come back flagged.
        Assert.Contains((await TimelineAsync(bed, DemoAggregates.EventsNotJson)), c => c.IsMalformed && c.Version == 1);
        Assert.All(await TimelineAsync(bed, DemoAggregates.EventsNotArray), c => Assert.True(c.IsMalformed));
        Assert.Contains((await TimelineAsync(bed, DemoAggregates.MissingCommittedAt)), c => c.CommittedAt is null && c.IsMalformed);
        var skipped = await bed.Events.ReadTimelineAsync(new TimelineQuery { AggregateId = DemoAggregates.SkippedVersions }, CancellationToken.None);
        Assert.Equal([5L, 3, 2, 1], skipped.Items.Select(c => c.Version!.Value));
        Assert.Equal([new SequenceGap(-1, 1), new SequenceGap(3, 5)], skipped.Gaps);
        Assert.Equal(3, result.MalformedCommits);

        // Markup is stored as plain text (no \u003C escapes), for the UI to show as text.
        var ticket = await TimelineAsync(bed, DemoAggregates.Markup);
        Assert.Contains(ticket, c => c.EventsJson!.Contains("<script>alert(1)</script>", StringComparison.Ordinal));

        // Ids that need escaping in links.
        foreach (var odd in DemoAggregates.OddIds)
        {
            Assert.NotNull(await bed.Events.FindAggregateAsync(odd, CancellationToken.None));
        }

        // Snapshots: keyed by aggregate id with the detected key name; one malformed on purpose.
        var ledgerSnapshot = await bed.Snapshots.GetAsync(DemoAggregates.LongLedger, CancellationToken.None);
        Assert.False(ledgerSnapshot!.IsMalformed);
        Assert.True(ledgerSnapshot.CreatedAt > seeder.Start);
        Assert.True((await bed.Snapshots.GetAsync(DemoAggregates.MalformedSnapshot, CancellationToken.None))!.IsMalformed);
        var snapshotItems = await ScanAllAsync(bed.Description.SnapshotTable);
        Assert.Equal(result.Snapshots, snapshotItems.Count);
        Assert.All(snapshotItems, item => Assert.True(item.ContainsKey(snapshotKey)));

        var commits = await ScanAllAsync(bed.Description.CommitTable);
        Assert.Equal(result.Commits, commits.Count);
        Assert.True(result.Aggregates >= 27, $"{result.Aggregates} aggregates");
        Assert.All(commits, item => Assert.Equal("t", item["active"].S));
    }

    [Fact]
    public async Task Seed_LayoutA_CounterEndsAtTheHighestIdAndTheFeedShowsTheLostIds()
    {
        var bed = await CreateTablesAsync(EventStoreLayout.CounterCommitIds, "snapshotId");

        var result = await new DemoDataSeeder(_client, bed.Description, DemoDataSize.Small).SeedAsync(CancellationToken.None);

        var ids = (await ScanAllAsync(bed.Description.CommitTable)).Select(i => long.Parse(i["commitId"].N, CultureInfo.InvariantCulture)).ToHashSet();
        var highest = result.HighestCommitId!.Value.Number!.Value;
        var counter = await _client.GetItemAsync(bed.Description.CounterTable!, new Dictionary<string, AttributeValue> { ["name"] = new() { S = "commits" } });
        Assert.Equal(highest, long.Parse(counter.Item["id"].N, CultureInfo.InvariantCulture));
        Assert.Equal(highest, ids.Max());
        Assert.Equal(Enumerable.Range(1, (int)highest).Select(i => (long)i).Where(i => !ids.Contains(i)), result.MissingCommitIds);
        Assert.Equal(4, result.MissingCommitIds.Count);

        // A user paging the feed across the first hole sees it reported.
        var lost = result.MissingCommitIds[0];
        var page = await bed.Events.ReadFeedAsync(new FeedQuery { FromCommitId = (lost - 2).ToString(CultureInfo.InvariantCulture), PageSize = 5, Order = ReadOrder.OldestFirst }, CancellationToken.None);
        Assert.Contains(new SequenceGap(lost - 1, lost + 1), page.Gaps);

        // Commit ids follow commit time, as a counter allocating in append order gives them.
        var feed = await bed.Events.ReadFeedFromAsync(null, 1000, CancellationToken.None);
        var times = feed.Where(c => c.CommittedAt is not null).Select(c => c.CommittedAt!.Value).ToList();
        Assert.Equal(times.Order(), times);
    }

    [Fact]
    public async Task Seed_LayoutB_CommitIdsAreCommitTimeThenAggregateId()
    {
        var bed = await CreateTablesAsync(EventStoreLayout.TimestampCommitIds, "snapshotId");

        var result = await new DemoDataSeeder(_client, bed.Description, DemoDataSize.Small).SeedAsync(CancellationToken.None);

        var items = await ScanAllAsync(bed.Description.CommitTable);
        Assert.Empty(result.MissingCommitIds);
        Assert.All(items.Where(i => i.ContainsKey("committedAt")), item =>
        {
            var at = DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(item["committedAt"].N, CultureInfo.InvariantCulture));
            Assert.Equal($"{at.UtcDateTime:yyyyMMddHHmmssfff}:{item["aggregateId"].S}", item["commitId"].S);
        });
        Assert.All(items, item => Assert.Matches(new Regex(@"^\d{17}:"), item["commitId"].S));
        Assert.Equal(items.Select(i => i["commitId"].S).Max(StringComparer.Ordinal), result.HighestCommitId?.Text);
    }

    [Fact]
    public async Task Seed_Twice_WritesTheSameData()
    {
        var first = await CreateTablesAsync(EventStoreLayout.CounterCommitIds, "snapshotId");
        var second = await CreateTablesAsync(EventStoreLayout.CounterCommitIds, "snapshotId");

        // Seeded on the same day (the demo is dated relative to it).
        var day = new FixedTimeProvider(new DateTimeOffset(2031, 5, 20, 10, 0, 0, TimeSpan.Zero));
        await new DemoDataSeeder(_client, first.Description, DemoDataSize.Small, day).SeedAsync(CancellationToken.None);
        day.Now = day.Now.AddHours(13);
        await new DemoDataSeeder(_client, second.Description, DemoDataSize.Small, day).SeedAsync(CancellationToken.None);

        Assert.Equal(Canonical(await ScanAllAsync(first.Description.CommitTable)), Canonical(await ScanAllAsync(second.Description.CommitTable)));
        Assert.Equal(Canonical(await ScanAllAsync(first.Description.SnapshotTable)), Canonical(await ScanAllAsync(second.Description.SnapshotTable)));
    }

    [Fact]
    public async Task Seed_FullSize_FinishesQuicklyWithTheLongAggregateAndTheBigCommit()
    {
        var bed = await CreateTablesAsync(EventStoreLayout.CounterCommitIds, "snapshotId");
        var seededAt = new DateTimeOffset(2031, 5, 20, 10, 0, 0, TimeSpan.Zero);
        var watch = Stopwatch.StartNew();

        var result = await new DemoDataSeeder(_client, bed.Description, time: new FixedTimeProvider(seededAt)).SeedAsync(CancellationToken.None);

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(45), $"seeding took {watch.Elapsed}");
        Assert.InRange(result.Aggregates, 300, 500);
        Assert.Equal(9_999, (await bed.Events.FindAggregateAsync(DemoAggregates.LongLedger, CancellationToken.None))!.HeadVersion);
        var big = (await bed.Events.ReadTimelineAsync(new TimelineQuery { AggregateId = DemoAggregates.BigCommit }, CancellationToken.None)).Items.Max(c => c.SizeBytes);
        Assert.InRange(big, 300 * 1024, ItemSize.MaxBytes);
        Assert.True(result.Snapshots >= 100, $"{result.Snapshots} snapshots");

        // Dated in the three days before the day it was seeded, whatever that day is: "yesterday" finds commits, nothing is in the future.
        var times = (await ScanAllAsync(bed.Description.CommitTable)).Where(i => i.ContainsKey("committedAt"))
            .Select(i => DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(i["committedAt"].N, CultureInfo.InvariantCulture))).ToList();
        Assert.Equal(new DateTimeOffset(2031, 5, 17, 6, 0, 0, TimeSpan.Zero), times.Min().AddTicks(-(times.Min().Ticks % TimeSpan.TicksPerHour)));
        Assert.InRange(times.Max(), new DateTimeOffset(2031, 5, 19, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2031, 5, 20, 0, 0, 0, TimeSpan.Zero));
    }

    private static async Task<List<Commit>> TimelineAsync(SeedBed bed, string aggregateId) =>
        (await bed.Events.ReadTimelineAsync(new TimelineQuery { AggregateId = aggregateId, PageSize = 1000 }, CancellationToken.None)).Items.ToList();

    private async Task<SeedBed> CreateTablesAsync(EventStoreLayout layout, string snapshotKey)
    {
        var stem = DynaliteFixture.UniqueName("demo");
        var options = new EventExplorerOptions
        {
            ServiceUrl = dynalite.ServiceUrl,
            Tables = new TableNames { Commits = $"{stem}-commits", CommitIdIndex = "byId", Counters = $"{stem}-counters", Snapshots = $"{stem}-snapshots" },
        };
        await TableProvisioner.CreateEventStoreAsync(_client, layout, options.Tables, CancellationToken.None);
        await TableProvisioner.CreateSnapshotStoreAsync(_client, options.Tables.Snapshots, snapshotKey, CancellationToken.None);
        var schema = new StoreSchemaDetector(_client, options, readOnly: false);
        var description = await schema.DescribeAsync(CancellationToken.None);
        return new SeedBed(description, new DynamoDbEventStore(_client, schema, options), new DynamoDbSnapshotStore(_client, schema, options));
    }

    private async Task<List<Dictionary<string, AttributeValue>>> ScanAllAsync(string table)
    {
        var items = new List<Dictionary<string, AttributeValue>>();
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var response = await _client.ScanAsync(new ScanRequest { TableName = table, ExclusiveStartKey = start });
            items.AddRange(response.Items ?? []);
            start = response.LastEvaluatedKey is { Count: > 0 } last ? last : null;
        }
        while (start is not null);
        return items;
    }

    private static List<string> Canonical(List<Dictionary<string, AttributeValue>> items) =>
        items.Select(item => JsonSerializer.Serialize(item.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => new[] { kv.Key, kv.Value.S ?? kv.Value.N })))
            .Order(StringComparer.Ordinal)
            .ToList();

    private sealed record SeedBed(StoreDescription Description, DynamoDbEventStore Events, DynamoDbSnapshotStore Snapshots);
}
