using System.Globalization;
using System.Text;
using EventExplorer.Data.Errors;
using EventExplorer.Data.Model;
using EventExplorer.Tests.Infrastructure;

namespace EventExplorer.Tests.Data.EventStore;

/// <summary>
/// Page links travel in URLs: a Before/After value or a cursor that was not issued for this view is
/// refused with a reason a user can act on, and never sent to DynamoDB as it is.
/// </summary>
public sealed class CursorTests(DynaliteFixture dynalite) : IClassFixture<DynaliteFixture>
{
    private static readonly CancellationToken None = CancellationToken.None;

    private static string Base64Url(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string Decoded(string token) =>
        Encoding.UTF8.GetString(Convert.FromBase64String(token.Replace('-', '+').Replace('_', '/').PadRight((token.Length + 3) / 4 * 4, '=')));

    private static PageLink Cursor(string token) => new(PageLinkKind.Cursor, token);

    /// <summary>Commits of alpha and beta, plus three commits that share one commit id so that the feed has cursor links.</summary>
    private static async Task<EventStoreTestBed> BedWithCommitsAsync(DynaliteFixture dynalite, EventStoreLayout layout)
    {
        var bed = await EventStoreTestBed.CreateAsync(dynalite, layout);
        for (var v = 0; v < 3; v++)
        {
            await bed.AppendAsync("alpha", v, "[]");
            await bed.AppendAsync("beta", v, "[]");
        }
        var shared = layout == EventStoreLayout.CounterCommitIds ? "1000" : "20300101000000000:twin";
        for (var v = 0; v < 3; v++) await bed.PutRawAsync(bed.Item("twin", v, shared, 1, "[]"));
        // A version another program stored as 0.5: its boundary needs a timeline cursor.
        await bed.PutRawAsync(bed.ItemWithVersionText("alpha", "0.5", layout == EventStoreLayout.CounterCommitIds ? "999" : "20300101000000000:alpha"));
        return bed;
    }

    private static async Task<PageLink> FeedCursorAsync(EventStoreTestBed bed)
    {
        var latest = await bed.Store.ReadFeedAsync(new FeedQuery { PageSize = 2 }, None);
        Assert.Equal(PageLinkKind.Cursor, latest.Older!.Kind);
        return latest.Older;
    }

    private static async Task<PageLink> TimelineCursorAsync(EventStoreTestBed bed)
    {
        // alpha holds 0, 0.5, 1, 2: the newest page of three ends at 0.5.
        var newest = await bed.Store.ReadTimelineAsync(new TimelineQuery { AggregateId = "alpha", PageSize = 3 }, None);
        Assert.Equal(PageLinkKind.Cursor, newest.Older!.Kind);
        return newest.Older;
    }

    [Theory]
    [InlineData("%%%not-base64%%%", "not base64url")]
    [InlineData("bm90IGpzb24", "not readable")] // "not json"
    [InlineData("", "empty")]
    [InlineData("eyJ2IjoxLCJrIjoidGltZWxpbmUiLCJkIjoib2xkZXIifQ", "another version of EventExplorer")] // a token of format 1
    // {"v":2,"k":"timeline","d":"older","a":"alpha","key":{"aggregateId":{"S":"\ud800"},"version":{"N":"1"}}}: half a character, by hand
    [InlineData("eyJ2IjoyLCJrIjoidGltZWxpbmUiLCJkIjoib2xkZXIiLCJhIjoiYWxwaGEiLCJrZXkiOnsiYWdncmVnYXRlSWQiOnsiUyI6Ilx1ZDgwMCJ9LCJ2ZXJzaW9uIjp7Ik4iOiIxIn19fQ", "not readable")]
    public async Task Timeline_GarbageCursor_IsRefusedWithAReason(string token, string reason)
    {
        using var bed = await BedWithCommitsAsync(dynalite, EventStoreLayout.CounterCommitIds);

        var error = await Assert.ThrowsAsync<InvalidCursorException>(() => bed.Store.ReadTimelineAsync(new TimelineQuery { AggregateId = "alpha", Position = Cursor(token) }, None));

        Assert.Contains(reason, error.Message);
        Assert.Contains("Start again from the first or latest page", error.Message);
    }

    [Fact]
    public async Task OverlongCursor_IsRefusedBeforeDecoding()
    {
        using var bed = await BedWithCommitsAsync(dynalite, EventStoreLayout.CounterCommitIds);

        var error = await Assert.ThrowsAsync<InvalidCursorException>(() => bed.Store.ReadFeedAsync(new FeedQuery { Position = Cursor(new string('A', 400_000)) }, None));

        Assert.Contains("too long", error.Message);
    }

    [Theory]
    [InlineData(PageLinkKind.Before, "abc")]
    [InlineData(PageLinkKind.After, "2.5")]
    [InlineData(PageLinkKind.Before, "")]
    [InlineData(PageLinkKind.After, "99999999999999999999")]
    public async Task Timeline_BeforeOrAfterThatIsNotAVersionNumber_IsRefused(PageLinkKind kind, string value)
    {
        using var bed = await BedWithCommitsAsync(dynalite, EventStoreLayout.CounterCommitIds);

        var error = await Assert.ThrowsAsync<InvalidCursorException>(() =>
            bed.Store.ReadTimelineAsync(new TimelineQuery { AggregateId = "alpha", Position = new PageLink(kind, value) }, None));

        Assert.Contains($"'{value}' is not a version number", error.Message);
    }

    [Theory]
    [InlineData(EventStoreLayout.CounterCommitIds, "12abc", "commit id '12abc' is not a whole number")]
    [InlineData(EventStoreLayout.CounterCommitIds, "20300101000000000:twin", "is not a whole number")]
    [InlineData(EventStoreLayout.TimestampCommitIds, "1042", "commit id '1042' does not have the form yyyyMMddHHmmssfff:aggregateId")]
    [InlineData(EventStoreLayout.TimestampCommitIds, "2026-11-21T06:00Z", "does not have the form")]
    public async Task Feed_BeforeOrAfterThatIsNotACommitIdOfTheStoresLayout_IsRefused(EventStoreLayout layout, string value, string reason)
    {
        using var bed = await BedWithCommitsAsync(dynalite, layout);

        var before = await Assert.ThrowsAsync<InvalidCursorException>(() => bed.Store.ReadFeedAsync(new FeedQuery { Position = new PageLink(PageLinkKind.Before, value) }, None));
        var after = await Assert.ThrowsAsync<InvalidCursorException>(() => bed.Store.ReadFeedAsync(new FeedQuery { Position = new PageLink(PageLinkKind.After, value) }, None));

        Assert.Contains(reason, before.Message);
        Assert.Contains(reason, after.Message);
    }

    [Fact]
    public async Task Feed_PlainLinksTypedByHand_ReadTheCommitsStrictlyBelowAndAbove()
    {
        using var bed = await BedWithCommitsAsync(dynalite, EventStoreLayout.CounterCommitIds);

        var below = await bed.Store.ReadFeedAsync(new FeedQuery { Position = new PageLink(PageLinkKind.Before, "3") }, None);
        var above = await bed.Store.ReadFeedAsync(new FeedQuery { Position = new PageLink(PageLinkKind.After, "3"), Order = ReadOrder.OldestFirst }, None);

        Assert.Equal(["2", "1"], below.Items.Select(c => c.CommitId?.Text));
        Assert.Equal(["4", "5", "6", "999", "1000", "1000", "1000"], above.Items.Select(c => c.CommitId?.Text));
        Assert.Equal(new PageLink(PageLinkKind.After, "2"), below.Newer);
        Assert.Equal(new PageLink(PageLinkKind.Before, "4"), above.Older);
    }

    [Fact]
    public async Task LinkOfAnUnknownKind_IsRefused()
    {
        using var bed = await BedWithCommitsAsync(dynalite, EventStoreLayout.CounterCommitIds);

        var error = await Assert.ThrowsAsync<InvalidCursorException>(() => bed.Store.ReadFeedAsync(new FeedQuery { Position = new PageLink((PageLinkKind)7, "1") }, None));

        Assert.Contains("kind is unknown", error.Message);
    }

    [Fact]
    public async Task Timeline_CursorOfAnotherAggregate_IsRefused()
    {
        using var bed = await BedWithCommitsAsync(dynalite, EventStoreLayout.CounterCommitIds);
        var alphaCursor = await TimelineCursorAsync(bed);

        var error = await Assert.ThrowsAsync<InvalidCursorException>(() => bed.Store.ReadTimelineAsync(new TimelineQuery { AggregateId = "beta", Position = alphaCursor }, None));

        Assert.Contains("another aggregate", error.Message);
    }

    [Fact]
    public async Task TimelineCursor_EditedToPointIntoAnotherAggregate_IsRefused()
    {
        using var bed = await BedWithCommitsAsync(dynalite, EventStoreLayout.CounterCommitIds);
        var forged = Base64Url("""{"v":2,"k":"timeline","a":"alpha","d":"older","key":{"aggregateId":{"S":"beta"},"version":{"N":"2"}}}""");

        var error = await Assert.ThrowsAsync<InvalidCursorException>(() => bed.Store.ReadTimelineAsync(new TimelineQuery { AggregateId = "alpha", Position = Cursor(forged) }, None));

        Assert.Contains("another aggregate", error.Message);
    }

    [Fact]
    public async Task FeedCursor_UsedOnATimeline_AndTheOtherWayRound_IsRefused()
    {
        using var bed = await BedWithCommitsAsync(dynalite, EventStoreLayout.CounterCommitIds);
        var feed = await FeedCursorAsync(bed);
        var timeline = await TimelineCursorAsync(bed);

        var onTimeline = await Assert.ThrowsAsync<InvalidCursorException>(() => bed.Store.ReadTimelineAsync(new TimelineQuery { AggregateId = "alpha", Position = feed }, None));
        var onFeed = await Assert.ThrowsAsync<InvalidCursorException>(() => bed.Store.ReadFeedAsync(new FeedQuery { Position = timeline }, None));

        Assert.Contains("a feed link, not a timeline link", onTimeline.Message);
        Assert.Contains("a timeline link, not a feed link", onFeed.Message);
    }

    [Fact]
    public async Task TruncatedOrAlteredCursor_IsRefused()
    {
        using var bed = await BedWithCommitsAsync(dynalite, EventStoreLayout.CounterCommitIds);
        var token = (await FeedCursorAsync(bed)).Value;
        var decoded = Decoded(token);

        await Assert.ThrowsAsync<InvalidCursorException>(() => bed.Store.ReadFeedAsync(new FeedQuery { Position = Cursor(token[..^6]) }, None));
        // A commit id of the wrong type for this layout, an extra key attribute, another format version, a made-up direction.
        await Assert.ThrowsAsync<InvalidCursorException>(() => bed.Store.ReadFeedAsync(new FeedQuery { Position = Cursor(Base64Url(decoded.Replace("\"commitId\":{\"N\"", "\"commitId\":{\"S\""))) }, None));
        await Assert.ThrowsAsync<InvalidCursorException>(() => bed.Store.ReadFeedAsync(new FeedQuery { Position = Cursor(Base64Url(decoded.Replace("\"key\":{", "\"key\":{\"extra\":{\"S\":\"x\"},"))) }, None));
        await Assert.ThrowsAsync<InvalidCursorException>(() => bed.Store.ReadFeedAsync(new FeedQuery { Position = Cursor(Base64Url(decoded.Replace("\"v\":2", "\"v\":9"))) }, None));
        await Assert.ThrowsAsync<InvalidCursorException>(() => bed.Store.ReadFeedAsync(new FeedQuery { Position = Cursor(Base64Url(decoded.Replace("\"older\"", "\"sideways\""))) }, None));
        // The untouched token still works.
        Assert.Equal(2, (await bed.Store.ReadFeedAsync(new FeedQuery { PageSize = 2, Position = Cursor(token) }, None)).Items.Count);
    }

    [Fact]
    public async Task FeedCursor_FromALayoutBStore_IsRefusedByALayoutAStore()
    {
        using var storeA = await BedWithCommitsAsync(dynalite, EventStoreLayout.CounterCommitIds);
        using var storeB = await BedWithCommitsAsync(dynalite, EventStoreLayout.TimestampCommitIds);
        var fromB = await FeedCursorAsync(storeB);

        var error = await Assert.ThrowsAsync<InvalidCursorException>(() => storeA.Store.ReadFeedAsync(new FeedQuery { Position = fromB }, None));

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

    [Fact]
    public async Task ScanCursor_OfAnotherStoresCommitTable_OrAFeedCursor_IsRefusedByTheAggregateScan()
    {
        using var first = await BedWithCommitsAsync(dynalite, EventStoreLayout.CounterCommitIds);
        using var second = await BedWithCommitsAsync(dynalite, EventStoreLayout.CounterCommitIds);
        var page = await first.Store.ScanAggregatesAsync(new ScanQuery { PageSize = 1, Segments = 1 }, None);
        var feedCursor = (await FeedCursorAsync(first)).Value;

        var otherTable = await Assert.ThrowsAsync<InvalidCursorException>(() => second.Store.ScanAggregatesAsync(new ScanQuery { Cursor = page.Next }, None));
        var otherKind = await Assert.ThrowsAsync<InvalidCursorException>(() => first.Store.ScanAggregatesAsync(new ScanQuery { Cursor = feedCursor }, None));

        Assert.Contains($"another table ('{first.Tables.Commits}', not '{second.Tables.Commits}')", otherTable.Message);
        Assert.Contains("a feed link, not an aggregate search link", otherKind.Message);
        Assert.NotEmpty((await first.Store.ScanAggregatesAsync(new ScanQuery { Cursor = page.Next, PageSize = 1 }, None)).Items);
    }

    [Fact]
    public async Task Timeline_VersionLinksNeedNoCursor_EvenForNegativeVersions()
    {
        using var bed = await EventStoreTestBed.CreateAsync(dynalite, EventStoreLayout.CounterCommitIds);
        await bed.BatchPutRawAsync(Enumerable.Range(-3, 6).Select(v => bed.Item("neg", v, (v + 10).ToString(CultureInfo.InvariantCulture), 1, "[]")));

        var newest = await bed.Store.ReadTimelineAsync(new TimelineQuery { AggregateId = "neg", PageSize = 4 }, None);
        var older = await bed.Store.ReadTimelineAsync(new TimelineQuery { AggregateId = "neg", PageSize = 4, Position = newest.Older }, None);

        Assert.Equal(new PageLink(PageLinkKind.Before, "-1"), newest.Older);
        Assert.Equal([-2L, -3], older.Items.Select(c => c.Version!.Value));
        Assert.Null(older.Older);
    }
}
