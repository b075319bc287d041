using EventExplorer.Data.Model;

namespace EventExplorer.E2E.Infrastructure;

/// <summary>
/// Layout A, writable, a few aggregates appended through the data service. For the journeys that
/// write (append, live tail); each uses aggregate ids of its own, so their order does not matter.
/// </summary>
public sealed class WritableStoreFixture : ExplorerFixture
{
    protected override async Task SeedAsync()
    {
        foreach (var id in new[] { "e2e-append-ok", "e2e-conflict", "e2e-background" })
        {
            await AppendAsync(id, 0, """[{"type":"created","by":"seed"}]""");
            await AppendAsync(id, 1, """[{"type":"renamed","name":"first"},{"type":"tagged","tag":"seed"}]""");
        }
    }

    /// <summary>Appends as another program would, beside the app.</summary>
    public Task<Commit> AppendAsync(string aggregateId, long version, string eventsJson) =>
        Store.AppendAsync(new AppendRequest { AggregateId = aggregateId, Version = version, EventsJson = eventsJson }, CancellationToken.None);

    public async Task<IReadOnlyList<Commit>> ReadAllAsync(string aggregateId) =>
        (await Store.ReadTimelineAsync(new TimelineQuery { AggregateId = aggregateId, PageSize = 1000, Order = ReadOrder.OldestFirst }, CancellationToken.None)).Items;
}

[CollectionDefinition(Name)]
public sealed class WritableStoreCollection : ICollectionFixture<WritableStoreFixture>
{
    public const string Name = "writable store";
}
