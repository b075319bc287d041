using Bunit;
using EventExplorer.Data;
using EventExplorer.Data.DynamoDb;
using EventExplorer.Data.Model;
using EventExplorer.Tests.Data.EventStore;
using EventExplorer.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace EventExplorer.Tests.Web.Components;

/// <summary>
/// The app's components over the stores of an <see cref="EventStoreTestBed"/> (no proxy): the odd-items property
/// tests arrange their world with the data layer's bed and look at it through the pages. Other render tests use
/// <see cref="Explorer.AddExplorer"/> over a <see cref="StoreBed"/>.
/// </summary>
internal static class OverDynalite
{
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
        ctx.Services.AddSingleton(new SharedFeedTail(bed.Store, TimeProvider.System));
        ctx.Services.AddSingleton<IEventStoreSearch>(bed.Store);
        ctx.Services.AddSingleton(snapshots);
        ctx.AddExplorerWithoutStores();
    }
}
