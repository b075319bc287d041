using Bunit;
using EventExplorer.Data;
using EventExplorer.Data.DynamoDb;
using EventExplorer.Data.Model;
using EventExplorer.Tests.Data.EventStore;
using EventExplorer.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace EventExplorer.Tests.Web.Components;

/// <summary>The app's components over the real stores on fresh tables of the fixture's dynalite, not the fakes.</summary>
internal static class OverDynalite
{
    /// <summary>
    /// Registers the real event and snapshot stores on fresh tables, then the rest as <see cref="Explorer.AddExplorer"/> does.
    /// The caller disposes the returned test bed, whose raw client arranges items in exact formats.
    /// </summary>
    public static async Task<EventStoreTestBed> AddExplorerOverDynaliteAsync(this BunitContext ctx, DynaliteFixture dynalite)
    {
        var bed = await EventStoreTestBed.CreateAsync(dynalite, EventStoreLayout.CounterCommitIds);
        ctx.AddExplorerOver(bed, await CreateSnapshotStoreAsync(bed));
        return bed;
    }

    /// <summary>The snapshot table beside the test bed's tables (key <c>snapshotId</c>) and the real store on it.</summary>
    public static async Task<DynamoDbSnapshotStore> CreateSnapshotStoreAsync(EventStoreTestBed bed)
    {
        await TableProvisioner.CreateSnapshotStoreAsync(bed.Raw, bed.Tables.Snapshots, "snapshotId", CancellationToken.None);
        return new DynamoDbSnapshotStore(bed.Raw, new StoreSchemaDetector(bed.Raw, bed.Options, readOnly: false), bed.Options);
    }

    /// <summary>The app's component services over <paramref name="bed"/>'s store and <paramref name="snapshots"/>.</summary>
    public static void AddExplorerOver(this BunitContext ctx, EventStoreTestBed bed, ISnapshotStore snapshots)
    {
        ctx.Services.AddSingleton<IEventStoreReader>(bed.Store);
        ctx.Services.AddSingleton<IEventStoreWriter>(bed.Store);
        ctx.Services.AddSingleton<IAppendVerifier>(bed.Store);
        ctx.Services.AddSingleton<IEventStoreSearch>(bed.Store);
        ctx.Services.AddSingleton(snapshots);
        ctx.AddExplorerWithoutStores();
    }
}
