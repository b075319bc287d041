using EventExplorer.Data.Errors;
using EventExplorer.Data.Model;

namespace EventExplorer.Tests.Infrastructure;

/// <summary>The test bed arranges what the app then reads, in both layouts, and its "down" is the app's "unavailable".</summary>
public sealed class StoreBedTests(DynaliteFixture dynalite) : IClassFixture<DynaliteFixture>
{
    [Theory]
    [InlineData(EventStoreLayout.CounterCommitIds)]
    [InlineData(EventStoreLayout.TimestampCommitIds)]
    public async Task ArrangedCommits_AreReadByTheAppInVersionAndFeedOrder(EventStoreLayout layout)
    {
        await using var bed = await StoreBed.CreateAsync(dynalite, layout);
        await bed.AddManyAsync("order-1", 3);
        var added = await bed.AddTypedAsync("order-2", "Placed", "Paid");

        var timeline = await bed.Events.ReadTimelineAsync(new TimelineQuery { AggregateId = "order-1", Order = ReadOrder.OldestFirst }, CancellationToken.None);
        var feed = await bed.Events.ReadFeedAsync(new FeedQuery { Order = ReadOrder.OldestFirst }, CancellationToken.None);

        Assert.Equal([0L, 1, 2], timeline.Items.Select(c => c.Version!.Value));
        Assert.Equal(["order-1", "order-1", "order-1", "order-2"], feed.Items.Select(c => c.AggregateId));
        Assert.Equal(added.CommitId, feed.Items[^1].CommitId);
        Assert.Equal(["Placed", "Paid"], feed.Items[^1].Events.Select(e => e.Type));
        Assert.Equal(StoreBed.Epoch.AddSeconds(3), feed.Items[^1].CommittedAt);
    }

    [Fact]
    public async Task AnAppendAfterArrangedCommits_TakesTheNextCounterValue()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await bed.AddManyAsync("order-1", 2);
        await bed.SkipCommitIdsAsync(3);

        var appended = await bed.Events.AppendAsync(new AppendRequest { AggregateId = "order-1", Version = 2, EventsJson = """[{"type":"Shipped"}]""" }, CancellationToken.None);

        Assert.Equal(6, appended.CommitId!.Value.Number);
    }

    [Fact]
    public async Task WhenItGoesDown_TheAppSaysTheStoreIsUnavailable_AndWhenItComesBackReadsAgain()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await bed.AddManyAsync("order-1", 1);

        bed.GoDown();
        await Assert.ThrowsAsync<StoreUnavailableException>(() => bed.Events.FindAggregateAsync("order-1", CancellationToken.None));
        bed.ComeBack();

        Assert.Equal(0, (await bed.Events.FindAggregateAsync("order-1", CancellationToken.None))!.HeadVersion);
    }
}
