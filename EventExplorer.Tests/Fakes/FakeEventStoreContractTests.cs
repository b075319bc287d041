using System.Globalization;
using EventExplorer.Data;
using EventExplorer.Data.Model;
using EventExplorer.Tests.Data.EventStore;
using EventExplorer.Tests.Infrastructure;

namespace EventExplorer.Tests.Fakes;

/// <summary>
/// The fake is only worth its tests if it pages like the real store: the same data, read through
/// both, gives the same pages, the same plain links (a cursor exactly where the real store uses one)
/// and the same gaps.
/// </summary>
public sealed class FakeEventStoreContractTests(DynaliteFixture dynalite) : IClassFixture<DynaliteFixture>
{
    private static readonly CancellationToken None = CancellationToken.None;

    /// <summary>(aggregate, version, commit id) of layout A: version gaps, a first version other than 0, commit-id gaps and a repeated id.</summary>
    private static readonly (string Aggregate, long Version, long CommitId)[] LayoutA =
    [
        ("order-1", 0, 1), ("order-1", 1, 2), ("legacy", 1, 3), ("legacy", 2, 4), ("order-1", 2, 5),
        ("legacy", 3, 7), ("legacy", 5, 8), ("x-repeat", 0, 8), ("y-repeat", 0, 8), ("order-1", 3, 9),
        ("legacy", 8, 12), ("legacy", 9, 13), ("order-1", 4, 14), ("order-1", 5, 15),
    ];

    private async Task<(IEventStoreReader Real, IEventStoreReader Fake, EventStoreTestBed Bed)> ArrangeAsync(EventStoreLayout layout, IEnumerable<(string Aggregate, long Version, string CommitId)> commits)
    {
        var bed = await EventStoreTestBed.CreateAsync(dynalite, layout);
        var fake = new FakeEventStore(layout);
        var at = 1_700_000_000_000L;
        foreach (var (aggregate, version, commitId) in commits)
        {
            await bed.PutRawAsync(bed.Item(aggregate, version, commitId, at++, """[{"type":"T"}]"""));
            fake.AddAt(aggregate, version, """[{"type":"T"}]""", CommitId.TryParse(commitId, layout, out _));
        }
        return (bed.Store, fake, bed);
    }

    /// <summary>
    /// Same positions (version or commit id) on the page, same links, same gaps. Which of several commits
    /// sharing one commit id comes first is unspecified in DynamoDB (dynalite orders them by a key hash),
    /// so the feed is compared by position here and by the complete set of commits over a whole traversal.
    /// </summary>
    private static void AssertSamePage(IReadOnlyList<Commit> realItems, PageLink? realOlder, PageLink? realNewer, IReadOnlyList<SequenceGap> realGaps,
        IReadOnlyList<Commit> fakeItems, PageLink? fakeOlder, PageLink? fakeNewer, IReadOnlyList<SequenceGap> fakeGaps, string what)
    {
        static string Position(Commit c) => c.CommitId?.Text + "/" + c.Version?.ToString(CultureInfo.InvariantCulture);
        Assert.True(realItems.Select(c => c.CommitId?.Text).SequenceEqual(fakeItems.Select(c => c.CommitId?.Text)),
            $"{what}: items differ: real [{string.Join(", ", realItems.Select(Position))}], fake [{string.Join(", ", fakeItems.Select(Position))}]");
        AssertSameLink(realOlder, fakeOlder, what + " older");
        AssertSameLink(realNewer, fakeNewer, what + " newer");
        Assert.Equal(realGaps, fakeGaps);
    }

    // Plain links must be equal; cursors are opaque and differ in encoding, so only their presence is compared.
    private static void AssertSameLink(PageLink? real, PageLink? fake, string what)
    {
        Assert.True(real?.Kind == fake?.Kind, $"{what}: real {real}, fake {fake}");
        if (real is { Kind: not PageLinkKind.Cursor }) Assert.Equal(real, fake);
    }

    private static async Task CompareTimelineAsync(IEventStoreReader real, IEventStoreReader fake, TimelineQuery query, Func<CommitPage, PageLink?> next)
    {
        var realPage = await real.ReadTimelineAsync(query, None);
        var fakePage = await fake.ReadTimelineAsync(query, None);
        for (var page = 0; ; page++)
        {
            Assert.Equal(realPage.Items.Select(c => c.Key), fakePage.Items.Select(c => c.Key));
            AssertSamePage(realPage.Items, realPage.Older, realPage.Newer, realPage.Gaps, fakePage.Items, fakePage.Older, fakePage.Newer, fakePage.Gaps, $"timeline {query.AggregateId} page {page}");
            if (next(realPage) is not { } realLink) return;
            realPage = await real.ReadTimelineAsync(query with { Position = realLink, FromVersion = null, FromOldest = false }, None);
            fakePage = await fake.ReadTimelineAsync(query with { Position = next(fakePage), FromVersion = null, FromOldest = false }, None);
        }
    }

    private static async Task CompareFeedAsync(IEventStoreReader real, IEventStoreReader fake, FeedQuery query, Func<FeedPage, PageLink?> next)
    {
        var realPage = await real.ReadFeedAsync(query, None);
        var fakePage = await fake.ReadFeedAsync(query, None);
        var realSeen = new List<string>();
        var fakeSeen = new List<string>();
        for (var page = 0; ; page++)
        {
            AssertSamePage(realPage.Items, realPage.Older, realPage.Newer, realPage.Gaps, fakePage.Items, fakePage.Older, fakePage.Newer, fakePage.Gaps, $"feed page {page}");
            realSeen.AddRange(realPage.Items.Select(c => c.Key));
            fakeSeen.AddRange(fakePage.Items.Select(c => c.Key));
            if (next(realPage) is not { } realLink)
            {
                // From an end of the feed a traversal reads every commit; from a jump it may stop among tied ids.
                if (query.FromCommitId is null) Assert.Equal(realSeen.Order(StringComparer.Ordinal), fakeSeen.Order(StringComparer.Ordinal));
                return;
            }
            realPage = await real.ReadFeedAsync(query with { Position = realLink, FromCommitId = null, FromOldest = false }, None);
            fakePage = await fake.ReadFeedAsync(query with { Position = next(fakePage), FromCommitId = null, FromOldest = false }, None);
        }
    }

    [Fact]
    public async Task LayoutA_TimelinePagesLinksAndGaps_MatchTheRealStore()
    {
        var (real, fake, bed) = await ArrangeAsync(EventStoreLayout.CounterCommitIds, LayoutA.Select(c => (c.Aggregate, c.Version, c.CommitId.ToString(CultureInfo.InvariantCulture))));
        using var _ = bed;

        foreach (var size in new[] { 1, 2, 4 })
        {
            await CompareTimelineAsync(real, fake, new TimelineQuery { AggregateId = "legacy", PageSize = size }, p => p.Older);
            await CompareTimelineAsync(real, fake, new TimelineQuery { AggregateId = "legacy", PageSize = size, FromOldest = true, Order = ReadOrder.OldestFirst }, p => p.Newer);
            await CompareTimelineAsync(real, fake, new TimelineQuery { AggregateId = "legacy", PageSize = size, FromVersion = 4 }, p => p.Newer);
            await CompareTimelineAsync(real, fake, new TimelineQuery { AggregateId = "legacy", PageSize = size, FromVersion = 4 }, p => p.Older);
        }
        await CompareTimelineAsync(real, fake, new TimelineQuery { AggregateId = "legacy", FromVersion = 100 }, p => p.Older);
        await CompareTimelineAsync(real, fake, new TimelineQuery { AggregateId = "nobody" }, p => p.Older);
    }

    [Fact]
    public async Task LayoutA_FeedPagesLinksAndGaps_MatchTheRealStoreIncludingTheCursorAtARepeatedId()
    {
        var (real, fake, bed) = await ArrangeAsync(EventStoreLayout.CounterCommitIds, LayoutA.Select(c => (c.Aggregate, c.Version, c.CommitId.ToString(CultureInfo.InvariantCulture))));
        using var _ = bed;

        foreach (var size in new[] { 1, 2, 3, 5 })
        {
            await CompareFeedAsync(real, fake, new FeedQuery { PageSize = size }, p => p.Older);
            await CompareFeedAsync(real, fake, new FeedQuery { PageSize = size, FromOldest = true, Order = ReadOrder.OldestFirst }, p => p.Newer);
            await CompareFeedAsync(real, fake, new FeedQuery { PageSize = size, FromCommitId = "6" }, p => p.Newer);
            await CompareFeedAsync(real, fake, new FeedQuery { PageSize = size, FromCommitId = "6" }, p => p.Older);
        }
        await CompareFeedAsync(real, fake, new FeedQuery { FromCommitId = "1000" }, p => p.Older);

        var cursorSeen = await real.ReadFeedAsync(new FeedQuery { PageSize = 6 }, None);
        Assert.Equal(PageLinkKind.Cursor, cursorSeen.Older?.Kind);
    }

    [Fact]
    public async Task LayoutB_FeedAndTimeline_MatchTheRealStoreIncludingJumpsToATime()
    {
        var commits = Enumerable.Range(0, 9).Select(i =>
        {
            var aggregate = i % 2 == 0 ? "order-1" : "tenant/2";
            var at = new DateTimeOffset(2026, 11, 21, 6, 0, i / 2, TimeSpan.Zero);
            return (aggregate, (long)(i / 2), CommitId.FromTime(at, aggregate).Text);
        }).ToList();
        var (real, fake, bed) = await ArrangeAsync(EventStoreLayout.TimestampCommitIds, commits);
        using var _ = bed;

        foreach (var size in new[] { 1, 2, 4 })
        {
            await CompareFeedAsync(real, fake, new FeedQuery { PageSize = size }, p => p.Older);
            await CompareFeedAsync(real, fake, new FeedQuery { PageSize = size, FromCommitId = "2026-11-21T06:00:02Z" }, p => p.Newer);
            await CompareFeedAsync(real, fake, new FeedQuery { PageSize = size, FromCommitId = "2026-11-21T06:00:02Z" }, p => p.Older);
            await CompareFeedAsync(real, fake, new FeedQuery { PageSize = size, FromCommitId = "20261121060003" }, p => p.Newer);
            await CompareTimelineAsync(real, fake, new TimelineQuery { AggregateId = "tenant/2", PageSize = size }, p => p.Older);
        }
        await CompareFeedAsync(real, fake, new FeedQuery { FromCommitId = "2030-01-01T00:00Z" }, p => p.Older);
    }
}
