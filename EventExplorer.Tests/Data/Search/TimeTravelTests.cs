using Amazon.DynamoDBv2.Model;
using EventExplorer.Data.Model;
using EventExplorer.Tests.Data.EventStore;
using EventExplorer.Tests.Infrastructure;
using static EventExplorer.Tests.Data.Search.SearchTestData;

namespace EventExplorer.Tests.Data.Search;

/// <summary>
/// "Go to a date and time" in O(log n) requests, counted at the wire: layout B by commit-id prefix,
/// layout A and timelines by binary search over committedAt, saying where committedAt is missing or
/// goes backwards near the answer.
/// </summary>
public sealed class TimeTravelTests(DynaliteFixture dynalite) : IClassFixture<DynaliteFixture>
{
    private static readonly CancellationToken None = CancellationToken.None;
    private const int Count = 3000;

    /// <summary>Layout A: 3,000 commits of ten aggregates, one a second, commit ids 1, 3, 5, ... (gaps, as failed appends leave).</summary>
    private static async Task<List<Dictionary<string, AttributeValue>>> SeedFeedAsync(EventStoreTestBed bed, Func<int, long?>? committedAt = null)
    {
        var items = Enumerable.Range(0, Count).Select(i =>
        {
            var item = bed.Item("agg-" + (i % 10), i / 10, Text(2 * i + 1), Start.AddSeconds(i).ToUnixTimeMilliseconds(), "[]");
            if (committedAt is not null)
            {
                if (committedAt(i) is { } ms) item["committedAt"] = new AttributeValue { N = Text(ms) };
                else item.Remove("committedAt");
            }
            return item;
        }).ToList();
        await bed.BatchPutRawAsync(items);
        return items;
    }

    private static async Task SeedTimelineAsync(EventStoreTestBed bed, Func<int, long?>? committedAt = null)
    {
        await bed.BatchPutRawAsync(Enumerable.Range(0, Count).Select(v =>
        {
            var item = bed.Item("long", v, Text(v + 1), Start.AddSeconds(v).ToUnixTimeMilliseconds(), "[]");
            if (committedAt is not null)
            {
                if (committedAt(v) is { } ms) item["committedAt"] = new AttributeValue { N = Text(ms) };
                else item.Remove("committedAt");
            }
            return item;
        }));
    }

    public static TheoryData<double> Moments => new() { -3600, 0, 0.5, 1234.5, 2000, 2998.9, 2999, 5000 };

    [Theory]
    [MemberData(nameof(Moments))]
    public async Task LayoutAFeed_LandsOnTheFirstCommitAtOrAfterTheTime_WithinTheRequestBound(double seconds)
    {
        using var bed = await EventStoreTestBed.CreateAsync(dynalite, EventStoreLayout.CounterCommitIds);
        await SeedFeedAsync(bed);
        var (store, proxy, client) = await CountedStoreAsync(bed, dynalite.ServiceUrl);
        await using var _ = proxy;
        using var __ = client;
        var at = Start.AddSeconds(seconds);

        var result = await store.FindFirstAtOrAfterAsync(new TimeTravelQuery { At = at }, None);

        var expected = Enumerable.Range(0, Count).FirstOrDefault(i => Start.AddSeconds(i) >= at, -1);
        Assert.Equal(expected < 0 ? null : Text(2 * expected + 1), result.Position);
        Assert.Equal(result.Position, result.Commit?.CommitId?.Text);
        Assert.Equal(TimeTravelMethod.BinarySearch, result.Method);
        Assert.Equal(5999, result.Span);
        Assert.Equal(2 * 13 + 2, result.RequestBound);
        Assert.Equal(proxy.Count("Query"), result.Requests);
        Assert.Equal(proxy.Requests.Count, result.Requests);
        Assert.InRange(result.Requests, 2, result.RequestBound);
        Assert.Empty(result.Warnings);
        Assert.True(result.Confirmed);
    }

    [Theory]
    [MemberData(nameof(Moments))]
    public async Task Timeline_LandsOnTheFirstVersionAtOrAfterTheTime_WithinTheRequestBound(double seconds)
    {
        using var bed = await EventStoreTestBed.CreateAsync(dynalite, EventStoreLayout.TimestampCommitIds);
        await SeedTimelineAsync(bed);
        var (store, proxy, client) = await CountedStoreAsync(bed, dynalite.ServiceUrl);
        await using var _ = proxy;
        using var __ = client;
        var at = Start.AddSeconds(seconds);

        var result = await store.FindFirstAtOrAfterAsync(new TimeTravelQuery { AggregateId = "long", At = at }, None);

        var expected = Enumerable.Range(0, Count).FirstOrDefault(v => Start.AddSeconds(v) >= at, -1);
        Assert.Equal(expected < 0 ? null : Text(expected), result.Position);
        Assert.Equal(proxy.Requests.Count, result.Requests);
        Assert.InRange(result.Requests, 2, 2 * 12 + 2);
        Assert.Equal(2 * 12 + 2, result.RequestBound);
        Assert.True(result.Confirmed);
        Assert.All(proxy.Requests, r => Assert.Contains("\"ConsistentRead\":true", r.Body));
    }

    [Fact]
    public async Task LayoutBFeed_ReadsTheMomentsCommitIdPrefix_InOneRequest()
    {
        using var bed = await EventStoreTestBed.CreateAsync(dynalite, EventStoreLayout.TimestampCommitIds);
        await SeedOrdersAsync(bed, "acc", 500, every: 1000);
        var (store, proxy, client) = await CountedStoreAsync(bed, dynalite.ServiceUrl);
        await using var _ = proxy;
        using var __ = client;

        var result = await store.FindFirstAtOrAfterAsync(new TimeTravelQuery { At = Start.AddSeconds(123.4) }, None);

        Assert.Equal(CommitId.FromTime(Start.AddSeconds(124), "acc").Text, result.Position);
        Assert.Equal(124, result.Commit!.Version);
        Assert.Equal(TimeTravelMethod.CommitIdPrefix, result.Method);
        Assert.Equal(1, result.Requests);
        Assert.Single(proxy.Requests);
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public async Task CommittedAtMissingJustBeforeTheAnswer_IsSaid_AndTheAnswerIsNotConfirmed()
    {
        using var bed = await EventStoreTestBed.CreateAsync(dynalite, EventStoreLayout.CounterCommitIds);
        await SeedTimelineAsync(bed, v => v is >= 1500 and <= 1503 ? null : Start.AddSeconds(v).ToUnixTimeMilliseconds());
        var (store, proxy, client) = await CountedStoreAsync(bed, dynalite.ServiceUrl);
        await using var _ = proxy;
        using var __ = client;

        var result = await store.FindFirstAtOrAfterAsync(new TimeTravelQuery { AggregateId = "long", At = Start.AddSeconds(1502) }, None);

        Assert.Equal("1504", result.Position);
        Assert.False(result.Confirmed);
        Assert.Contains("committedAt is missing on versions 1500, 1501, 1502, 1503 just before the answer: they may belong at or after 2026-10-02 14:25:02.000Z.", result.Warnings);
        Assert.InRange(proxy.Requests.Count, 2, result.RequestBound);
        Assert.Equal(proxy.Requests.Count, result.Requests);
    }

    [Fact]
    public async Task ALongRunWithoutCommittedAt_IsSteppedOver_WithinTheBound()
    {
        using var bed = await EventStoreTestBed.CreateAsync(dynalite, EventStoreLayout.CounterCommitIds);
        await SeedFeedAsync(bed, i => i is >= 1000 and < 1100 ? null : Start.AddSeconds(i).ToUnixTimeMilliseconds());
        var (store, proxy, client) = await CountedStoreAsync(bed, dynalite.ServiceUrl);
        await using var _ = proxy;
        using var __ = client;

        var result = await store.FindFirstAtOrAfterAsync(new TimeTravelQuery { At = Start.AddSeconds(1050) }, None);

        Assert.Equal(Text(2 * 1100 + 1), result.Position);
        Assert.False(result.Confirmed);
        Assert.Contains(result.Warnings, w => w.Contains("committedAt is missing", StringComparison.Ordinal));
        Assert.InRange(proxy.Requests.Count, 2, result.RequestBound);
    }

    [Fact]
    public async Task CommittedAtGoingBackwardsNearTheAnswer_IsSaid_InsteadOfLandingSilently()
    {
        using var bed = await EventStoreTestBed.CreateAsync(dynalite, EventStoreLayout.CounterCommitIds);
        // Version 999 was stamped by a clock an hour ahead.
        await SeedTimelineAsync(bed, v => Start.AddSeconds(v == 999 ? 5000 : v).ToUnixTimeMilliseconds());
        var (store, proxy, client) = await CountedStoreAsync(bed, dynalite.ServiceUrl);
        await using var _ = proxy;
        using var __ = client;

        var result = await store.FindFirstAtOrAfterAsync(new TimeTravelQuery { AggregateId = "long", At = Start.AddSeconds(1000.5) }, None);

        Assert.Contains(result.Position, new[] { "999", "1001" });
        Assert.False(result.Confirmed);
        Assert.Contains(result.Warnings, w => w.Contains("goes backwards", StringComparison.Ordinal) && w.Contains("999", StringComparison.Ordinal));
        Assert.InRange(proxy.Requests.Count, 2, result.RequestBound);
    }

    [Fact]
    public async Task AnEmptyStoreAndASingleCommit_CostTwoRequests()
    {
        using var bed = await EventStoreTestBed.CreateAsync(dynalite, EventStoreLayout.CounterCommitIds);
        var (store, proxy, client) = await CountedStoreAsync(bed, dynalite.ServiceUrl);
        await using var _ = proxy;
        using var __ = client;

        var empty = await store.FindFirstAtOrAfterAsync(new TimeTravelQuery { At = Start }, None);
        await bed.PutRawAsync(bed.Item("one", 0, "1", Start.ToUnixTimeMilliseconds(), "[]"));
        var single = await store.FindFirstAtOrAfterAsync(new TimeTravelQuery { AggregateId = "one", At = Start.AddSeconds(-1) }, None);
        var after = await store.FindFirstAtOrAfterAsync(new TimeTravelQuery { AggregateId = "one", At = Start.AddSeconds(1) }, None);

        Assert.Null(empty.Commit);
        Assert.Equal(2, empty.Requests);
        Assert.Equal("0", single.Position);
        Assert.Equal((2, 2), (single.Requests, single.RequestBound));
        Assert.Null(after.Position);
        Assert.Equal(6, proxy.Requests.Count);
    }
}
