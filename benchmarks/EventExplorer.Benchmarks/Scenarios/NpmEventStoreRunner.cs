using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace EventExplorer.Benchmarks.Scenarios;

/// <summary>One call to make with the npm library: its query(aggregateId, version) or its scan(commitId).</summary>
public sealed record NpmScenario
{
    [JsonPropertyName("name")] public required string Name { get; init; }
    [JsonPropertyName("kind")] public required string Kind { get; init; }
    [JsonPropertyName("aggregateId")] public string? AggregateId { get; init; }
    [JsonPropertyName("version")] public long? Version { get; init; }
    [JsonPropertyName("commitId")] public string? CommitId { get; init; }

    public static NpmScenario Query(string name, string aggregateId, long version) => new() { Name = name, Kind = "query", AggregateId = aggregateId, Version = version };

    public static NpmScenario Scan(string name, string? commitId) => new() { Name = name, Kind = "scan", CommitId = commitId };
}

/// <summary>Raw samples of one scenario as the Node script measured them.</summary>
public sealed record NpmResult
{
    [JsonPropertyName("name")] public required string Name { get; init; }
    [JsonPropertyName("ms")] public required double[] Ms { get; init; }
    [JsonPropertyName("items")] public required double[] Items { get; init; }
    [JsonPropertyName("requests")] public required double[] Requests { get; init; }
    [JsonPropertyName("lastVersion")] public long? LastVersion { get; init; }
    [JsonPropertyName("lastCommitId")] public string? LastCommitId { get; init; }
}

public sealed record NpmRun
{
    [JsonPropertyName("library")] public required string Library { get; init; }
    [JsonPropertyName("awsSdk")] public required string AwsSdk { get; init; }
    [JsonPropertyName("node")] public required string Node { get; init; }
    [JsonPropertyName("results")] public required NpmResult[] Results { get; init; }
}

/// <summary>Runs benchmarks/npm-event-store/run.js (installed by <c>npm ci</c>) and reads its JSON.</summary>
public static class NpmEventStoreRunner
{
    public static async Task<NpmRun> RunAsync(string repoRoot, string endpoint, string tableName, string indexName,
        IReadOnlyList<NpmScenario> scenarios, int warmup, int rounds, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(repoRoot, "benchmarks", "npm-event-store");
        if (!Directory.Exists(Path.Combine(folder, "node_modules", "dynamodb-event-store")))
        {
            throw new InvalidOperationException($"dynamodb-event-store is not installed: run 'npm ci' in {folder} (bench.sh does).");
        }
        var startInfo = new ProcessStartInfo("node", "run.js")
        {
            WorkingDirectory = folder,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException("Could not start node.");
        var input = JsonSerializer.Serialize(new { endpoint, tableName, indexName, warmup, rounds, scenarios });
        await process.StandardInput.WriteAsync(input.AsMemory(), cancellationToken);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"The npm library run failed (exit {process.ExitCode}): {await stderr}");
        }
        return JsonSerializer.Deserialize<NpmRun>(await stdout) ?? throw new InvalidOperationException("The npm library run printed nothing.");
    }
}
