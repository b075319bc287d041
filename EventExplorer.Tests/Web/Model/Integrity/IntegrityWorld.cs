using EventExplorer.Data.Model;
using EventExplorer.Testing;
using EventExplorer.Tests.Infrastructure;
using EventExplorer.Tests.Web.Model.Snapshots;

namespace EventExplorer.Tests.Web.Model.Integrity;

/// <summary>
/// Tables for the integrity page's tests, over the real stores (dynalite), arranged as other programs might have
/// left them: order-1 clean with a snapshot; order-2 with versions 2 and 3 missing; order-3 whose events are not
/// JSON; in layout A two commit ids burnt before order-3 (a counter gap); and a snapshot "ghost-1" with no commits.
/// </summary>
internal static class IntegrityWorld
{
    public const string Gap = "order-2";
    public const string NotJson = "order-3";
    public const string Ghost = "ghost-1";

    public static async Task<StoreBed> DamagedAsync(DynaliteFixture dynalite, EventStoreLayout layout = EventStoreLayout.CounterCommitIds)
    {
        var bed = await CleanAsync(dynalite, layout);
        await bed.AddAsync(Gap, SnapshotWorld.Placed1);
        await bed.AddAsync(Gap, """{"type":"paymentAuthorized"}""");
        await bed.AddAtAsync(Gap, 4, """[{"type":"orderShipped"}]""");
        if (layout == EventStoreLayout.CounterCommitIds) await bed.SkipCommitIdsAsync(2);
        await bed.AddAtAsync(NotJson, 0, "not json {");
        await bed.PutSnapshotAsync(Ghost, """{"status":"new"}""");
        return bed;
    }

    /// <summary>One aggregate of two commits and its snapshot, taken after both: nothing to find.</summary>
    public static async Task<StoreBed> CleanAsync(DynaliteFixture dynalite, EventStoreLayout layout = EventStoreLayout.CounterCommitIds)
    {
        var bed = await StoreBed.CreateAsync(dynalite, layout);
        await bed.AddAsync("order-1", SnapshotWorld.Placed1);
        await bed.AddAsync("order-1", """{"type":"paymentAuthorized"}""");
        await bed.PutSnapshotAsync("order-1", SnapshotWorld.Paid1);
        return bed;
    }
}
