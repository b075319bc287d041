using EventExplorer.Data.Model;
using EventExplorer.Tests.Infrastructure;

namespace EventExplorer.Tests.Data.EventStore;

/// <summary>Seed 001 (dynamodb-event-store 1.x README): the same three appends give the documented query and scan results.</summary>
public sealed class SeedReproductionTests(DynaliteFixture dynalite) : IClassFixture<DynaliteFixture>
{
    private const string John = "00000000-0000-0000-0000-000000000000";
    private const string Jane = "11111111-1111-1111-1111-111111111111";

    [Fact]
    public async Task Seed001_AppendedThroughTheStore_TimelineAndFeedMatchTheDocumentedShapes()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(946684800000));
        using var bed = await EventStoreTestBed.CreateAsync(dynalite, EventStoreLayout.CounterCommitIds, time: clock);

        await bed.AppendAsync(John, 0, """
            [{ "type": "accountCreated", "username": "john", "email": "john@doe.com" },
             { "type": "profileEdited", "name": "John Doe", "company": "Doe, Inc." }]
            """);
        clock.Now = DateTimeOffset.FromUnixTimeMilliseconds(946684800001);
        await bed.AppendAsync(Jane, 0, """
            [{ "type": "accountCreated", "username": "jane", "email": "jane@doe.com" },
             { "type": "profileEdited", "name": "Jane Doe", "company": "Doe, Inc." }]
            """);
        clock.Now = DateTimeOffset.FromUnixTimeMilliseconds(946684800002);
        await bed.AppendAsync(John, 1, """[{ "type": "accountDeleted" }]""");

        // query({ aggregateId: John, version: 0 })
        var timeline = await bed.Store.ReadTimelineAsync(new TimelineQuery { AggregateId = John, FromOldest = true, Order = ReadOrder.OldestFirst }, CancellationToken.None);
        Assert.Equal(
            [(John, 0L, "1", 946684800000L), (John, 1L, "3", 946684800002L)],
            timeline.Items.Select(c => (c.AggregateId, c.Version!.Value, c.CommitId!.Value.Text, c.CommittedAt!.Value.ToUnixTimeMilliseconds())));
        Assert.Equal(
            """[{"type":"accountCreated","username":"john","email":"john@doe.com"},{"type":"profileEdited","name":"John Doe","company":"Doe, Inc."}]""",
            timeline.Items[0].EventsJson);
        Assert.Equal(["accountCreated", "profileEdited"], timeline.Items[0].Events.Select(e => e.Type));
        Assert.Equal("""{"type":"accountDeleted"}""", Assert.Single(timeline.Items[1].Events).Json);
        Assert.All(timeline.Items, c => Assert.False(c.IsMalformed));

        // scan({ commitId: 0 })
        var feed = await bed.Store.ReadFeedAsync(new FeedQuery { FromCommitId = "0", Order = ReadOrder.OldestFirst }, CancellationToken.None);
        Assert.Equal(
            [(1L, John, 0L, 946684800000L), (2L, Jane, 0L, 946684800001L), (3L, John, 1L, 946684800002L)],
            feed.Items.Select(c => (c.CommitId!.Value.Number!.Value, c.AggregateId, c.Version!.Value, c.CommittedAt!.Value.ToUnixTimeMilliseconds())));
        Assert.Equal(["accountCreated", "profileEdited"], feed.Items[1].Events.Select(e => e.Type));
        Assert.Contains("\"email\":\"jane@doe.com\"", feed.Items[1].EventsJson);
        Assert.Empty(feed.Gaps);
        Assert.Null(feed.Older);
        Assert.Null(feed.Newer);
    }
}
