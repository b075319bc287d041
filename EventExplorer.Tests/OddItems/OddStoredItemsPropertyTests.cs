using System.Diagnostics;
using Amazon.DynamoDBv2.Model;
using CsCheck;
using EventExplorer.Data.DynamoDb;
using EventExplorer.Data.Model;
using EventExplorer.Tests.Data.EventStore;
using EventExplorer.Tests.Infrastructure;
using Xunit.Abstractions;

namespace EventExplorer.Tests.OddItems;

/// <summary>
/// Issue 16 §2, as a property: stored items of every odd shape (<see cref="EventExplorer.Testing.StoredItemGenerators"/>),
/// written straight into dynalite with the SDK, then read through the store (pages, commits, raw items, search, field
/// history, summary, export, time travel, the live tail's reads, snapshots), the view-models and the render of the commit
/// list. Nothing throws (the database is healthy, so not even our typed errors may), every item is shown where it
/// belongs (its timeline; the feed when it is in the commit-id index), and it is flagged exactly when it is wrong.
/// Deterministic: the same seeds every run (each printed when its store fails); a few dozen stores, tens of seconds.
/// </summary>
public sealed class OddStoredItemsPropertyTests(DynaliteFixture dynalite, ITestOutputHelper output) : IClassFixture<DynaliteFixture>
{
    /// <summary>Where the seeds of the runs come from: change it to try other stores, keep it to repeat these.</summary>
    private const ulong SeedOfSeeds = 20261216;

    [Theory]
    [InlineData(EventStoreLayout.CounterCommitIds, 18)]
    [InlineData(EventStoreLayout.TimestampCommitIds, 8)]
    public async Task EveryStoredItem_IsShownAndFlaggedExactlyWhenWrong_AndNoReadThrows(EventStoreLayout layout, int stores)
    {
        using var bed = await EventStoreTestBed.CreateAsync(dynalite, layout);
        await using var reader = await OddWorldReader.CreateAsync(bed);
        var generator = OddWorld.Generator(layout == EventStoreLayout.CounterCommitIds);
        var clock = Stopwatch.StartNew();

        for (uint run = 0; run < stores; run++)
        {
            var seed = new PCG(run, SeedOfSeeds).ToString();
            await generator.SampleAsync(async world =>
            {
                var started = clock.Elapsed;
                await reader.ClearAsync();
                await reader.PutAsync(world);
                await reader.CheckAsync(world);
                output.WriteLine($"{seed}: {world.Commits.Count} commits, {(clock.Elapsed - started).TotalSeconds:0.00} s");
            }, seed: seed, iter: 1, threads: 1, print: world => $"seed {seed}, {layout}:\n  {world}");
        }

        output.WriteLine($"{stores} stores of {layout} checked in {clock.Elapsed.TotalSeconds:0.0} s.");
    }
}
