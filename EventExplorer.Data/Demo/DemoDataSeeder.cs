using System.Diagnostics;
using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using EventExplorer.Data.DynamoDb;
using EventExplorer.Data.Json;
using EventExplorer.Data.Model;

namespace EventExplorer.Data.Demo;

/// <summary>What a demo seed wrote.</summary>
public sealed record DemoSeedResult
{
    public required int Aggregates { get; init; }
    public required int Commits { get; init; }
    public required int MalformedCommits { get; init; }
    public required int Snapshots { get; init; }

    /// <summary>Layout A: commit ids the counter handed out without a commit (like failed appends). Empty in layout B.</summary>
    public required IReadOnlyList<long> MissingCommitIds { get; init; }

    /// <summary>The highest commit id written (layout A: also the counter's value).</summary>
    public required CommitId? HighestCommitId { get; init; }

    public required TimeSpan Elapsed { get; init; }
}

/// <summary>
/// Writes demo data into empty local tables, item by item in the exact formats of the owning
/// programs (docs/layouts.md) with BatchWriteItem, which is far faster than appending 12,000 commits one
/// by one. Commit ids are allocated as the real writers do: layout A from a counter that ends at the
/// highest id handed out (including ids lost to a failed append), layout B from the commit time.
/// Dated relative to the day it is seeded (<see cref="Start"/>: 06:00 UTC three days before), so that
/// "what happened yesterday" finds something whenever a demo store is made. Deterministic: the same size
/// seeded on the same day gives the same data.
/// </summary>
public sealed class DemoDataSeeder
{
    private const int BatchSize = 25;
    private const int ParallelBatches = 4;

    /// <summary>How many days before the day of seeding the demo's history starts; the full size spans about 2.7 days.</summary>
    public const int DaysBefore = 3;

    private readonly IAmazonDynamoDB _client;
    private readonly StoreDescription _store;
    private readonly DemoDataSize _size;
    private readonly StoreCallRunner _calls;

    public DemoDataSeeder(IAmazonDynamoDB client, StoreDescription store, DemoDataSize? size = null, TimeProvider? time = null)
    {
        _client = client;
        _store = store;
        _size = size ?? DemoDataSize.Full;
        Start = StartFor((time ?? TimeProvider.System).GetUtcNow());
        // Seeding writes thousands of items in batches: a batch, not the whole seed, gets the usual deadline.
        _calls = new StoreCallRunner(store.Endpoint);
    }

    /// <summary>The demo's clock starts here (06:00 UTC, <see cref="DaysBefore"/> days before the seeding day); commits follow every few seconds.</summary>
    public DateTimeOffset Start { get; }

    /// <summary>Where the history of a demo seeded at <paramref name="now"/> starts.</summary>
    public static DateTimeOffset StartFor(DateTimeOffset now) =>
        new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero).AddDays(-DaysBefore).AddHours(6);

    public async Task<DemoSeedResult> SeedAsync(CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var random = new Random(20241121);
        var aggregates = new DemoStories(random).Plan(_size);

        var (commitItems, missing, counter, highest, lastCommitAt) = Interleave(aggregates, random);
        await WriteAsync(_store.CommitTable, commitItems, cancellationToken).ConfigureAwait(false);

        if (_store.Layout == EventStoreLayout.CounterCommitIds && _store.CounterTable is { } counters)
        {
            // The counter holds the last id handed out, as UpdateItem "add id :1" leaves it.
            await _calls.RunAsync(counters, ct => _client.PutItemAsync(new PutItemRequest
            {
                TableName = counters,
                Item = new Dictionary<string, AttributeValue>
                {
                    ["name"] = new() { S = "commits" },
                    ["id"] = Number(counter),
                },
            }, ct), cancellationToken).ConfigureAwait(false);
        }

        var snapshotItems = new List<Dictionary<string, AttributeValue>>();
        if (!_store.SnapshotTableMissing)
        {
            foreach (var aggregate in aggregates.Where(a => a.SnapshotState is not null))
            {
                snapshotItems.Add(new Dictionary<string, AttributeValue>
                {
                    [_store.SnapshotKeyAttribute] = new() { S = aggregate.Id },
                    ["createdAt"] = Number(lastCommitAt[aggregate.Id].AddSeconds(2).ToUnixTimeMilliseconds()),
                    ["state"] = new() { S = aggregate.SnapshotState! },
                });
            }
            await WriteAsync(_store.SnapshotTable, snapshotItems, cancellationToken).ConfigureAwait(false);
        }

        return new DemoSeedResult
        {
            Aggregates = aggregates.Count,
            Commits = commitItems.Count,
            MalformedCommits = aggregates.SelectMany(a => a.Commits).Count(c => c.OmitCommittedAt || !IsJsonArray(c.EventsText)),
            Snapshots = snapshotItems.Count,
            MissingCommitIds = missing,
            HighestCommitId = highest,
            Elapsed = watch.Elapsed,
        };
    }

    /// <summary>
    /// Puts every aggregate's commits on one timeline, as if they had been appended by many users over
    /// a few days, and allocates commit ids in that order.
    /// </summary>
    private (List<Dictionary<string, AttributeValue>> Items, List<long> Missing, long Counter, CommitId? Highest, Dictionary<string, DateTimeOffset> LastCommitAt)
        Interleave(IReadOnlyList<PlannedAggregate> aggregates, Random random)
    {
        var turns = new List<int>();
        for (var a = 0; a < aggregates.Count; a++) turns.AddRange(Enumerable.Repeat(a, aggregates[a].Commits.Count));
        random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(turns));

        var next = new int[aggregates.Count];
        var items = new List<Dictionary<string, AttributeValue>>(turns.Count);
        var missing = new List<long>();
        var lastCommitAt = new Dictionary<string, DateTimeOffset>();
        var time = Start;
        long counter = 0;
        CommitId? highest = null;
        for (var step = 0; step < turns.Count; step++)
        {
            // Failed appends: the counter moved on but no commit was written (one id, later three).
            if (_store.Layout == EventStoreLayout.CounterCommitIds && (step == turns.Count / 3 || step == 2 * turns.Count / 3))
            {
                var lost = step == turns.Count / 3 ? 1 : 3;
                for (var i = 0; i < lost; i++) missing.Add(++counter);
            }

            // Now and then two commits share a millisecond (layout B then orders them by aggregate id).
            time = time.AddMilliseconds(random.Next(150) == 0 ? 0 : random.Next(200, 40_000));
            var aggregate = aggregates[turns[step]];
            var commit = aggregate.Commits[next[turns[step]]++];
            var commitId = _store.Layout == EventStoreLayout.CounterCommitIds ? CommitId.FromNumber(++counter) : CommitId.FromTime(time, aggregate.Id);
            if (highest is not { } h || commitId > h) highest = commitId;
            items.Add(CommitItem(aggregate.Id, commit, commitId, time));
            lastCommitAt[aggregate.Id] = time;
        }
        return (items, missing, counter, highest, lastCommitAt);
    }

    private static Dictionary<string, AttributeValue> CommitItem(string aggregateId, PlannedCommit commit, CommitId commitId, DateTimeOffset committedAt)
    {
        var item = new Dictionary<string, AttributeValue>
        {
            ["aggregateId"] = new() { S = aggregateId },
            ["version"] = Number(commit.Version),
            ["commitId"] = CommitItemMapper.ToAttribute(commitId),
            ["committedAt"] = Number(committedAt.ToUnixTimeMilliseconds()),
            ["events"] = new() { S = commit.EventsText },
            ["active"] = new() { S = "t" },
        };
        if (commit.OmitCommittedAt) item.Remove("committedAt");
        return item;
    }

    private async Task WriteAsync(string table, List<Dictionary<string, AttributeValue>> items, CancellationToken cancellationToken)
    {
        var batches = items.Chunk(BatchSize).ToList();
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = ParallelBatches, CancellationToken = cancellationToken },
            async (batch, token) =>
            {
                var pending = new Dictionary<string, List<WriteRequest>>
                {
                    [table] = batch.Select(item => new WriteRequest { PutRequest = new PutRequest { Item = item } }).ToList(),
                };
                for (var attempt = 0; pending.Count > 0; attempt++)
                {
                    if (attempt > 0) await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(1000, 50 * attempt)), token).ConfigureAwait(false);
                    if (attempt > 20) throw new InvalidOperationException($"DynamoDB kept leaving demo items unprocessed in '{table}'.");
                    var response = await _calls.RunAsync(table,
                        ct => _client.BatchWriteItemAsync(new BatchWriteItemRequest { RequestItems = pending }, ct), token).ConfigureAwait(false);
                    pending = response.UnprocessedItems is { Count: > 0 } unprocessed ? unprocessed : [];
                }
            }).ConfigureAwait(false);
    }

    private static bool IsJsonArray(string text)
    {
        try
        {
            using var document = StoredJson.Parse(text);
            return document.RootElement.ValueKind == System.Text.Json.JsonValueKind.Array;
        }
        catch (System.Text.Json.JsonException)
        {
            return false;
        }
    }

    private static AttributeValue Number(long value) => new() { N = value.ToString(CultureInfo.InvariantCulture) };
}
