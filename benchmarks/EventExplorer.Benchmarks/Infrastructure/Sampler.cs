using System.Diagnostics;

namespace EventExplorer.Benchmarks.Infrastructure;

/// <summary>One operation to time: what it costs in requests and what it returned.</summary>
public sealed record Operation(string Name, Func<CancellationToken, Task<int>> RunAsync);

/// <summary>What one operation measured: time, requests per call, items per call.</summary>
public sealed record Sample
{
    public required string Name { get; init; }
    public required Stats Milliseconds { get; init; }
    public required Stats Requests { get; init; }
    public required Stats Items { get; init; }
}

/// <summary>
/// Times several operations against each other in one run: warm-up first, then rounds in which every
/// operation runs once, in an order that rotates each round. Interleaving means a burst of load from
/// another process on this shared machine hits all the operations alike, so their ratio stays meaningful
/// even when the absolute figures move.
/// </summary>
public sealed class Sampler(RequestCounter counter)
{
    public async Task<IReadOnlyList<Sample>> RunAsync(IReadOnlyList<Operation> operations, int warmup, int rounds, CancellationToken cancellationToken)
    {
        for (var i = 0; i < warmup; i++)
        {
            foreach (var operation in operations) await operation.RunAsync(cancellationToken);
        }

        var times = operations.Select(_ => new List<double>(rounds)).ToArray();
        var requests = operations.Select(_ => new List<double>(rounds)).ToArray();
        var items = operations.Select(_ => new List<double>(rounds)).ToArray();
        for (var round = 0; round < rounds; round++)
        {
            for (var k = 0; k < operations.Count; k++)
            {
                var index = (k + round) % operations.Count;
                var before = counter.Count;
                var watch = Stopwatch.StartNew();
                var count = await operations[index].RunAsync(cancellationToken);
                watch.Stop();
                times[index].Add(watch.Elapsed.TotalMilliseconds);
                requests[index].Add(counter.Count - before);
                items[index].Add(count);
            }
        }

        return operations.Select((operation, i) => new Sample
        {
            Name = operation.Name,
            Milliseconds = Stats.Of(times[i]),
            Requests = Stats.Of(requests[i]),
            Items = Stats.Of(items[i]),
        }).ToList();
    }
}
