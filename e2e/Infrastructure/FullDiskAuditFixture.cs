using EventExplorer.Data.Model;
using EventExplorer.Testing;

namespace EventExplorer.E2E.Infrastructure;

/// <summary>
/// A writable store whose app keeps its audit file on a real 8 KB file system (a tmpfs mounted for
/// the class), which a journey fills up and frees again. Mounting needs root or sudo without a
/// password; without either the fixture says so (the machines this project runs on have it).
/// </summary>
public sealed class FullDiskAuditFixture : ExplorerFixture
{
    public const int DiskBytes = 8 * 1024;

    public SmallFileSystem Disk { get; private set; } = null!;

    /// <summary>The app's audit file, on <see cref="Disk"/>.</summary>
    public string SmallAuditPath => Path.Combine(Disk.Path, "audit.jsonl");

    protected override async Task<IReadOnlyDictionary<string, string>> AppSettingsAsync(string appBaseUrl)
    {
        Disk = await SmallFileSystem.MountAsync(DiskBytes);
        return new Dictionary<string, string> { ["EventExplorer__Audit__Path"] = SmallAuditPath };
    }

    public async Task<IReadOnlyList<Commit>> ReadAllAsync(string aggregateId) =>
        (await Store.ReadTimelineAsync(new TimelineQuery { AggregateId = aggregateId, Order = ReadOrder.OldestFirst }, CancellationToken.None)).Items;

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (Disk is not null) await Disk.DisposeAsync();
    }
}
