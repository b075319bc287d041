using System.Text;
using EventExplorer.Data.Errors;
using EventExplorer.Data.Model;
using EventExplorer.Tests.Infrastructure;

namespace EventExplorer.Tests.Data.EventStore;

/// <summary>Paging tokens travel in URLs: anything not issued for this view is refused with a reason, never sent to DynamoDB as is.</summary>
public sealed class CursorTests(DynaliteFixture dynalite) : IClassFixture<DynaliteFixture>
{
    private static readonly CancellationToken None = CancellationToken.None;

    private static string Base64Url(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static async Task<EventStoreTestBed> BedWithCommitsAsync(DynaliteFixture dynalite, EventStoreLayout layout)
    {
        var bed = await EventStoreTestBed.CreateAsync(dynalite, layout);
        for (var v = 0; v < 3; v++)
        {
            await bed.AppendAsync("alpha", v, "[]");
            await bed.AppendAsync("beta", v, "[]");
        }
        return bed;
    }

    [Theory]
    [InlineData("%%%not-base64%%%", "not base64url")]
    [InlineData("bm90IGpzb24", "not readable")] // "not json"
    [InlineData("", "empty")]
    public async Task Timeline_GarbageCursor_IsRefusedWithAReason(string cursor, string reason)
    {
        using var bed = await BedWithCommitsAsync(dynalite, EventStoreLayout.CounterCommitIds);

        var error = await Assert.ThrowsAsync<InvalidCursorException>(() => bed.Store.ReadTimelineAsync(new TimelineQuery { AggregateId = "alpha", Cursor = cursor }, None));

        Assert.Contains(reason, error.Message);
        Assert.Contains("Start again from the first or latest page", error.Message);
    }

    [Fact]
    public async Task Timeline_CursorOfAnotherAggregate_IsRefused()
    {
        using var bed = await BedWithCommitsAsync(dynalite, EventStoreLayout.CounterCommitIds);
        var alphaPage = await bed.Store.ReadTimelineAsync(new TimelineQuery { AggregateId = "alpha", PageSize = 1 }, None);

        var error = await Assert.ThrowsAsync<InvalidCursorException>(() => bed.Store.ReadTimelineAsync(new TimelineQuery { AggregateId = "beta", Cursor = alphaPage.Older }, None));

        Assert.Contains("another aggregate", error.Message);
    }

    [Fact]
    public async Task TimelineCursor_EditedToPointIntoAnotherAggregate_IsRefused()
    {
        using var bed = await BedWithCommitsAsync(dynalite, EventStoreLayout.CounterCommitIds);
        var forged = Base64Url("""{"v":1,"k":"timeline","a":"alpha","d":"older","key":{"aggregateId":{"S":"beta"},"version":{"N":"2"}}}""");

        var error = await Assert.ThrowsAsync<InvalidCursorException>(() => bed.Store.ReadTimelineAsync(new TimelineQuery { AggregateId = "alpha", Cursor = forged }, None));

        Assert.Contains("another aggregate", error.Message);
    }

    [Fact]
    public async Task FeedCursor_UsedOnATimeline_AndTheOtherWayRound_IsRefused()
    {
        using var bed = await BedWithCommitsAsync(dynalite, EventStoreLayout.CounterCommitIds);
        var feed = await bed.Store.ReadFeedAsync(new FeedQuery { PageSize = 2 }, None);
        var timeline = await bed.Store.ReadTimelineAsync(new TimelineQuery { AggregateId = "alpha", PageSize = 1 }, None);

        var onTimeline = await Assert.ThrowsAsync<InvalidCursorException>(() => bed.Store.ReadTimelineAsync(new TimelineQuery { AggregateId = "alpha", Cursor = feed.Older }, None));
        var onFeed = await Assert.ThrowsAsync<InvalidCursorException>(() => bed.Store.ReadFeedAsync(new FeedQuery { Cursor = timeline.Older }, None));

        Assert.Contains("a feed link, not a timeline link", onTimeline.Message);
        Assert.Contains("a timeline link, not a feed link", onFeed.Message);
    }

    [Fact]
    public async Task TruncatedOrAlteredCursor_IsRefused()
    {
        using var bed = await BedWithCommitsAsync(dynalite, EventStoreLayout.CounterCommitIds);
        var feed = await bed.Store.ReadFeedAsync(new FeedQuery { PageSize = 2 }, None);
        var token = feed.Older!;
        var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(token.Replace('-', '+').Replace('_', '/').PadRight((token.Length + 3) / 4 * 4, '=')));

        await Assert.ThrowsAsync<InvalidCursorException>(() => bed.Store.ReadFeedAsync(new FeedQuery { Cursor = token[..^6] }, None));
        // A commit id of the wrong type for this layout, and an extra key attribute.
        await Assert.ThrowsAsync<InvalidCursorException>(() => bed.Store.ReadFeedAsync(new FeedQuery { Cursor = Base64Url(decoded.Replace("\"commitId\":{\"N\"", "\"commitId\":{\"S\"")) }, None));
        await Assert.ThrowsAsync<InvalidCursorException>(() => bed.Store.ReadFeedAsync(new FeedQuery { Cursor = Base64Url(decoded.Replace("\"key\":{", "\"key\":{\"extra\":{\"S\":\"x\"},")) }, None));
        await Assert.ThrowsAsync<InvalidCursorException>(() => bed.Store.ReadFeedAsync(new FeedQuery { Cursor = Base64Url(decoded.Replace("\"v\":1", "\"v\":9")) }, None));
        await Assert.ThrowsAsync<InvalidCursorException>(() => bed.Store.ReadFeedAsync(new FeedQuery { Cursor = Base64Url(decoded.Replace("\"older\"", "\"sideways\"")) }, None));
        // The untouched token still works.
        Assert.Equal(2, (await bed.Store.ReadFeedAsync(new FeedQuery { PageSize = 2, Cursor = token }, None)).Items.Count);
    }

    [Fact]
    public async Task FeedCursor_FromALayoutBStore_IsRefusedByALayoutAStore()
    {
        using var storeA = await BedWithCommitsAsync(dynalite, EventStoreLayout.CounterCommitIds);
        using var storeB = await BedWithCommitsAsync(dynalite, EventStoreLayout.TimestampCommitIds);
        var fromB = await storeB.Store.ReadFeedAsync(new FeedQuery { PageSize = 2 }, None);

        var error = await Assert.ThrowsAsync<InvalidCursorException>(() => storeA.Store.ReadFeedAsync(new FeedQuery { Cursor = fromB.Older }, None));

        Assert.Contains("layout", error.Message);
    }

    [Fact]
    public async Task ScanCursor_ForAnotherPrefix_IsRefused()
    {
        using var bed = await BedWithCommitsAsync(dynalite, EventStoreLayout.CounterCommitIds);
        var page = await bed.Store.ScanAggregatesAsync(new ScanQuery { PageSize = 1, Segments = 1 }, None);
        Assert.NotNull(page.Next);

        var error = await Assert.ThrowsAsync<InvalidCursorException>(() => bed.Store.ScanAggregatesAsync(new ScanQuery { Prefix = "be", Cursor = page.Next }, None));

        Assert.Contains("another prefix", error.Message);
    }
}
