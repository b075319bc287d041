using System.Globalization;
using EventExplorer.Data;
using EventExplorer.Data.Model;
using EventExplorer.Tests.Data.EventStore;
using EventExplorer.Tests.Infrastructure;

namespace EventExplorer.Tests.Fakes;

/// <summary>
/// The fake's filtered pages and searches, checked against the real store on the same commits: the
/// same commits on each page, the same plain links (budget stops included), the same matches and resumes.
/// </summary>
public sealed class FakeSearchContractTests(DynaliteFixture dynalite) : IClassFixture<DynaliteFixture>
{
    private static readonly CancellationToken None = CancellationToken.None;

    private async Task<(EventStoreTestBed Bed, FakeEventStore Fake)> ArrangeAsync()
    {
        var bed = await EventStoreTestBed.CreateAsync(dynalite, EventStoreLayout.CounterCommitIds);
        var fake = new FakeEventStore(EventStoreLayout.CounterCommitIds);
        var items = new List<Dictionary<string, Amazon.DynamoDBv2.Model.AttributeValue>>();
        for (var v = 0; v < 400; v++)
        {
            var events = v % 37 == 5 ? $$"""[{"type":"stockAdjusted","sku":"S-{{v % 3}}"}]""" : """[{"type":"itemAdded"}]""";
            var id = (v + 1).ToString(CultureInfo.InvariantCulture);
            items.Add(bed.Item("acc", v, id, 1_700_000_000_000 + v, events));
            fake.AddAt("acc", v, events, CommitId.FromNumber(v + 1));
        }
        await bed.BatchPutRawAsync(items);
        return (bed, fake);
    }

    [Theory]
    [InlineData(3, 10_000)]
    [InlineData(3, 60)]
    [InlineData(50, 90)]
    public async Task FilteredTimelineAndFeedPages_MatchTheRealStore_PageForPage(int pageSize, long maxItems)
    {
        var (bed, fake) = await ArrangeAsync();
        using var _ = bed;
        var filter = new CommitFilter { EventType = "stockAdjusted" };
        var budget = new ReadBudget { MaxItems = maxItems };
        var pages = 0;
        var budgetStops = 0;

        async Task Compare(IEventStoreReader real, IEventStoreReader other, PageLink? link, int depth)
        {
            var a = await real.ReadTimelineAsync(new TimelineQuery { AggregateId = "acc", PageSize = pageSize, Filter = filter, Budget = budget, Position = link }, None);
            var b = await other.ReadTimelineAsync(new TimelineQuery { AggregateId = "acc", PageSize = pageSize, Filter = filter, Budget = budget, Position = link }, None);
            Assert.Equal(a.Items.Select(c => c.Version), b.Items.Select(c => c.Version));
            Assert.Equal(a.Older, b.Older);
            Assert.Equal(a.Newer, b.Newer);
            Assert.Equal(a.Filtered!.StoppedByBudget, b.Filtered!.StoppedByBudget);
            pages++;
            if (a.Filtered.StoppedByBudget) budgetStops++;
            if (a.Older is not null && depth < 40) await Compare(real, other, a.Older, depth + 1);
        }

        await Compare(bed.Store, fake, null, 0);
        Assert.True(pages > 1, "the comparison went over several pages");
        Assert.Equal(maxItems < 400, budgetStops > 0);

        var realFeed = await bed.Store.ReadFeedAsync(new FeedQuery { PageSize = pageSize, Filter = filter, Budget = budget }, None);
        var fakeFeed = await fake.ReadFeedAsync(new FeedQuery { PageSize = pageSize, Filter = filter, Budget = budget }, None);
        Assert.Equal(realFeed.Items.Select(c => c.CommitId), fakeFeed.Items.Select(c => c.CommitId));
        Assert.Equal(realFeed.Older, fakeFeed.Older);
    }

    [Fact]
    public async Task SearchAndItsResume_MatchTheRealStore()
    {
        var (bed, fake) = await ArrangeAsync();
        using var _ = bed;
        var request = new SearchRequest { Range = CommitRange.Aggregate("acc", 10), Query = PayloadQuery.Parse("sku = \"S-1\""), MaxMatches = 2 };

        async Task<(List<long?> Versions, List<PageLink?> Resumes)> Run(IEventStoreSearch store)
        {
            var versions = new List<long?>();
            var resumes = new List<PageLink?>();
            for (SearchRequest? next = request; next is not null;)
            {
                SearchProgress? last = null;
                await foreach (var update in store.SearchAsync(next, None))
                {
                    versions.AddRange(update.NewMatches.Select(m => m.Commit.Version));
                    last = update;
                }
                next = last!.Resume;
                resumes.Add(next?.Range.After);
            }
            return (versions, resumes);
        }

        var real = await Run(bed.Store);
        var faked = await Run(fake);

        Assert.Equal(real.Versions, faked.Versions);
        Assert.Equal(real.Resumes, faked.Resumes);
        Assert.NotEmpty(real.Versions);
    }
}
