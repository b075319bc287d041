using System.Text.RegularExpressions;
using Amazon.DynamoDBv2.Model;
using EventExplorer.Data.Model;
using EventExplorer.Tests.Infrastructure;

namespace EventExplorer.Tests.Data.EventStore;

/// <summary>Layout B (dynamodb-event-store 2.x): string commit ids <c>yyyyMMddHHmmssfff:aggregateId</c>, no counter table.</summary>
public sealed class LayoutBTests(DynaliteFixture dynalite) : IClassFixture<DynaliteFixture>
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task ItemsWrittenByThePackage_AreReadInVersionAndCommitIdOrder_SameMillisecondByAggregateId()
    {
        using var bed = await EventStoreTestBed.CreateAsync(dynalite, EventStoreLayout.TimestampCommitIds);
        // Written one by one, in an order unlike the commit-id order.
        await bed.PutRawAsync(bed.Item("zed", 0, "20000101000000001:zed", 946684800001, """[{"type":"created"}]"""));
        await bed.PutRawAsync(bed.Item("abe", 1, "20000101000000005:abe", 946684800005, """[{"type":"renamed","name":"Abe"}]"""));
        await bed.PutRawAsync(bed.Item("abe", 0, "20000101000000001:abe", 946684800001, """[{"type":"created"}]"""));
        await bed.PutRawAsync(bed.Item("mia", 0, "20000101000000000:mia", 946684800000, """["plain string event", 42]"""));

        Assert.Equal(EventStoreLayout.TimestampCommitIds, (await bed.Store.DescribeAsync(None)).Layout);

        var feed = await bed.Store.ReadFeedAsync(new FeedQuery { FromOldest = true, Order = ReadOrder.OldestFirst }, None);
        Assert.Equal(["20000101000000000:mia", "20000101000000001:abe", "20000101000000001:zed", "20000101000000005:abe"], feed.Items.Select(c => c.CommitId?.Text));
        Assert.All(feed.Items, c => Assert.Null(c.CommitId!.Value.Number));
        Assert.Equal(["mia", "abe", "zed", "abe"], feed.Items.Select(c => c.CommitId!.Value.AggregateId));
        Assert.All(feed.Items, c => Assert.Empty(c.Problems));
        Assert.Empty(feed.Gaps);
        Assert.Equal(["\"plain string event\"", "42"], feed.Items[0].Events.Select(e => e.Json));
        Assert.Equal([null, null], feed.Items[0].Events.Select(e => e.Type));

        var latest = await bed.Store.ReadFeedAsync(new FeedQuery { PageSize = 2 }, None);
        Assert.Equal(["20000101000000005:abe", "20000101000000001:zed"], latest.Items.Select(c => c.CommitId?.Text));
        // Same millisecond, but different aggregates: different ids, so the boundary is said plainly.
        Assert.Equal(new PageLink(PageLinkKind.Before, "20000101000000001:zed"), latest.Older);
        var rest = await bed.Store.ReadFeedAsync(new FeedQuery { PageSize = 2, Position = latest.Older }, None);
        Assert.Equal(["20000101000000001:abe", "20000101000000000:mia"], rest.Items.Select(c => c.CommitId?.Text));
        Assert.Equal(new PageLink(PageLinkKind.After, "20000101000000001:abe"), rest.Newer);

        var jump = await bed.Store.ReadFeedAsync(new FeedQuery { FromCommitId = "20000101000000001", Order = ReadOrder.OldestFirst }, None);
        Assert.Equal(["abe", "zed", "abe"], jump.Items.Select(c => c.AggregateId));
        Assert.Equal(new PageLink(PageLinkKind.Before, "20000101000000001:abe"), jump.Older);

        var timeline = await bed.Store.ReadTimelineAsync(new TimelineQuery { AggregateId = "abe" }, None);
        Assert.Equal([1L, 0], timeline.Items.Select(c => c.Version!.Value));
        Assert.Equal("renamed", timeline.Items[0].Events.Single().Type);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(946684800005), timeline.Items[0].CommittedAt);
    }

    [Theory]
    [InlineData("2026-03-04T05:06:07.500Z")]
    [InlineData("2026-03-04 06:06:07.5+01:00")]
    [InlineData("20260304050607500")]
    public async Task FeedJump_ToATypedTimeOrIdPrefix_StartsAtThatMoment(string from)
    {
        using var bed = await EventStoreTestBed.CreateAsync(dynalite, EventStoreLayout.TimestampCommitIds);
        await bed.PutRawAsync(bed.Item("before", 0, "20260304050607499:before", 1, "[]"));
        await bed.PutRawAsync(bed.Item("at", 0, "20260304050607500:at", 1, "[]"));
        await bed.PutRawAsync(bed.Item("after", 0, "20270101000000000:after", 1, "[]"));

        var page = await bed.Store.ReadFeedAsync(new FeedQuery { FromCommitId = from, Order = ReadOrder.OldestFirst }, None);

        Assert.Equal(["at", "after"], page.Items.Select(c => c.AggregateId));
        Assert.Equal(new PageLink(PageLinkKind.Before, "20260304050607500:at"), page.Older);
    }

    [Fact]
    public async Task FeedJump_PastTheNewestCommitToATypedTime_OffersTheLatestPageAsOlder()
    {
        using var bed = await EventStoreTestBed.CreateAsync(dynalite, EventStoreLayout.TimestampCommitIds);
        await bed.PutRawAsync(bed.Item("only", 0, "20260304050607500:only", 1, "[]"));

        var future = await bed.Store.ReadFeedAsync(new FeedQuery { FromCommitId = "2030-01-01T00:00Z" }, None);
        var older = await bed.Store.ReadFeedAsync(new FeedQuery { Position = future.Older }, None);

        Assert.Empty(future.Items);
        Assert.Equal(PageLinkKind.Cursor, future.Older!.Kind);
        Assert.Equal(["only"], older.Items.Select(c => c.AggregateId));
        Assert.Null(older.Newer);
    }

    [Fact]
    public async Task FeedJump_ToTextThatIsNeitherACommitIdNorATime_IsRefusedWithTheFormsItAccepts()
    {
        using var bed = await EventStoreTestBed.CreateAsync(dynalite, EventStoreLayout.TimestampCommitIds);

        var error = await Assert.ThrowsAsync<EventExplorer.Data.Errors.InvalidQueryException>(() =>
            bed.Store.ReadFeedAsync(new FeedQuery { FromCommitId = "last tuesday" }, None));

        Assert.Contains("'last tuesday' is neither a commit id of this store (yyyyMMddHHmmssfff:aggregateId) nor a UTC date and time", error.Message);
    }

    [Fact]
    public async Task Append_WritesExactlyThePackagesItemFormat_WithoutACounter()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 11, 21, 6, 5, 4, 321, TimeSpan.Zero));
        using var bed = await EventStoreTestBed.CreateAsync(dynalite, EventStoreLayout.TimestampCommitIds, time: clock);

        var commit = await bed.AppendAsync("00000000-0000-0000-0000-000000000000", 0, """[ { "type" : "accountCreated", "amount": 1.50, "name": "Zoë" } ]""");

        var item = Assert.Single(await bed.ScanRawAsync(bed.Tables.Commits));
        Assert.Equal(["active", "aggregateId", "commitId", "committedAt", "events", "version"], item.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("00000000-0000-0000-0000-000000000000", item["aggregateId"].S);
        Assert.Equal("0", item["version"].N);
        Assert.Equal("20261121060504321:00000000-0000-0000-0000-000000000000", item["commitId"].S);
        Assert.Matches(new Regex(@"^\d{17}:.+$"), item["commitId"].S);
        Assert.Null(item["commitId"].N);
        Assert.Equal(clock.Now.ToUnixTimeMilliseconds().ToString(), item["committedAt"].N);
        Assert.Equal("""[{"type":"accountCreated","amount":1.50,"name":"Zoë"}]""", item["events"].S);
        Assert.Equal("t", item["active"].S);
        Assert.Equal(item["commitId"].S, commit.CommitId?.Text);
        Assert.Equal(clock.Now, commit.CommitId!.Value.Timestamp);
        Assert.Empty(commit.Problems);
        Assert.DoesNotContain(bed.Tables.Counters, (await bed.Raw.ListTablesAsync(new ListTablesRequest())).TableNames ?? []);
    }

    [Fact]
    public async Task TwoAppendsInTheSameMillisecond_BothExist_OrderedByAggregateId()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 1, 2, 3, 4, 5, 6, TimeSpan.Zero));
        using var bed = await EventStoreTestBed.CreateAsync(dynalite, EventStoreLayout.TimestampCommitIds, time: clock);

        await bed.AppendAsync("order-2", 0, "[]");
        await bed.AppendAsync("order-1", 0, "[]");

        var feed = await bed.Store.ReadFeedAsync(new FeedQuery { Order = ReadOrder.OldestFirst }, None);
        Assert.Equal(["20260102030405006:order-1", "20260102030405006:order-2"], feed.Items.Select(c => c.CommitId?.Text));
    }
}
