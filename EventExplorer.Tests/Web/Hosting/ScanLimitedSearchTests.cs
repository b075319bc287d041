using EventExplorer.Data.Model;
using EventExplorer.Tests.Infrastructure;
using EventExplorer.Web.Hosting;
using EventExplorer.Web.Observability;
using Microsoft.AspNetCore.Http;

namespace EventExplorer.Tests.Web.Hosting;

/// <summary>Long reads hold one of the user's scan places while they stream, and only then.</summary>
public sealed class ScanLimitedSearchTests(DynaliteFixture dynalite) : IClassFixture<DynaliteFixture>
{
    private static (ScanLimitedEventStoreSearch Search, ScanQuota Quota, WebTelemetry Telemetry) Limited(StoreBed bed)
    {
        var quota = new ScanQuota(1);
        var telemetry = new WebTelemetry(new CircuitQuota(1), quota);
        var user = new CurrentUserKey(new HttpContextAccessor());
        return (new ScanLimitedEventStoreSearch(bed.Events, quota, user, telemetry), quota, telemetry);
    }

    private async Task<StoreBed> OrderAsync()
    {
        var bed = await StoreBed.CreateAsync(dynalite);
        for (var i = 0; i < 3; i++) await bed.AddTypedAsync("order-1", "Placed");
        return bed;
    }

    [Fact]
    public async Task ASearch_HoldsAPlaceWhileStreamingAndGivesItBackWhenStopped()
    {
        await using var bed = await OrderAsync();
        var (search, quota, telemetry) = Limited(bed);
        using var _ = telemetry;
        var request = new SearchRequest { Range = CommitRange.Aggregate("order-1"), Query = PayloadQuery.Parse("Placed") };

        await using (var running = search.SearchAsync(request, CancellationToken.None).GetAsyncEnumerator())
        {
            Assert.True(await running.MoveNextAsync());
            Assert.Equal(1, quota.Quota.Total);

            // A second long read by the same user is refused while the first streams.
            var second = search.SummariseAggregateAsync("order-1", ReadBudget.Search, CancellationToken.None).GetAsyncEnumerator();
            await Assert.ThrowsAsync<ScanLimitReachedException>(async () => await second.MoveNextAsync());
            await second.DisposeAsync();
        }

        // Stopped part-way (a Cancel, a closed tab): the place is free again.
        Assert.Equal(0, quota.Quota.Total);
        await foreach (var update in search.SummariseAggregateAsync("order-1", ReadBudget.Search, CancellationToken.None))
        {
            Assert.Equal(3, update.Commits);
        }
        Assert.Equal(0, quota.Quota.Total);
    }

    [Fact]
    public async Task SingleReads_PassThroughWithoutAPlace()
    {
        await using var bed = await OrderAsync();
        var (search, quota, telemetry) = Limited(bed);
        using var _ = telemetry;
        quota.Quota.TryTake("unknown");

        var commit = await search.ReadCommitAsync("order-1", 1, CancellationToken.None);

        Assert.Equal(1, commit!.Version);
    }
}

/// <summary>A filtered timeline or feed page may read up to its budget: it holds a scan place; a plain page does not.</summary>
public sealed class ScanLimitedReaderTests(DynaliteFixture dynalite) : IClassFixture<DynaliteFixture>
{
    private static (ScanLimitedEventStoreReader Reader, ScanQuota Quota, WebTelemetry Telemetry) Limited(StoreBed bed)
    {
        var quota = new ScanQuota(1);
        var telemetry = new WebTelemetry(new CircuitQuota(1), quota);
        var user = new CurrentUserKey(new HttpContextAccessor());
        return (new ScanLimitedEventStoreReader(bed.Events, quota, user, telemetry), quota, telemetry);
    }

    [Fact]
    public async Task AFilteredPage_IsRefusedWhileTheUserScans_AndFreesItsPlaceAfterwards()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await bed.AddTypedAsync("order-1", "Placed");
        var (reader, quota, telemetry) = Limited(bed);
        using var _ = telemetry;
        var filtered = new TimelineQuery { AggregateId = "order-1", Filter = new CommitFilter { EventType = "Placed" } };

        quota.Quota.TryTake("unknown");
        await Assert.ThrowsAsync<ScanLimitReachedException>(() => reader.ReadTimelineAsync(filtered, CancellationToken.None));
        await Assert.ThrowsAsync<ScanLimitReachedException>(() => reader.ReadFeedAsync(new FeedQuery { Filter = new CommitFilter { EventType = "Placed" } }, CancellationToken.None));
        var plain = await reader.ReadTimelineAsync(new TimelineQuery { AggregateId = "order-1" }, CancellationToken.None);
        quota.Quota.Release("unknown");

        var page = await reader.ReadTimelineAsync(filtered, CancellationToken.None);

        Assert.Single(plain.Items);
        Assert.Single(page.Items);
        Assert.Equal(0, quota.Quota.Total);
    }
}
