using System.Diagnostics;
using System.Globalization;

namespace EventExplorer.Benchmarks.Infrastructure;

/// <summary>
/// The live managed heap of another .NET process, read with the dotnet-gcdump tool (bench.sh installs
/// it under artifacts/tools): the tool makes the process run a full blocking GC and counts what
/// survives. The working set alone cannot tell memory a circuit holds from garbage the server GC has
/// not collected yet; this can. Optional: without the tool the report says it was not measured.
/// </summary>
public sealed class GcHeap
{
    private readonly string _tool;

    private GcHeap(string tool) => _tool = tool;

    /// <summary>The version bench.sh installs.</summary>
    public const string ToolVersion = "10.0.750501";

    /// <summary>The tool from DOTNET_GCDUMP, artifacts/tools (bench.sh) or the PATH; null with <paramref name="missing"/> set when none is found.</summary>
    public static GcHeap? Find(string repoRoot, out string? missing)
    {
        var candidates = new List<string?>
        {
            Environment.GetEnvironmentVariable("DOTNET_GCDUMP"),
            Path.Combine(repoRoot, "artifacts", "tools", "dotnet-gcdump"),
        };
        candidates.AddRange((Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries).Select(dir => Path.Combine(dir, "dotnet-gcdump")));
        foreach (var candidate in candidates)
        {
            if (!string.IsNullOrEmpty(candidate) && File.Exists(candidate))
            {
                missing = null;
                return new GcHeap(candidate);
            }
        }
        missing = $"dotnet-gcdump was not found (bench.sh installs it: dotnet tool install --tool-path artifacts/tools dotnet-gcdump --version {ToolVersion})";
        return null;
    }

    /// <summary>Bytes of live objects after a full GC of <paramref name="processId"/>.</summary>
    public async Task<long> ReadLiveBytesAsync(int processId, CancellationToken cancellationToken) =>
        (await ReadAsync(processId, cancellationToken)).Bytes;

    /// <summary>The live heap after a full GC of <paramref name="processId"/>, in all and by type.</summary>
    public async Task<HeapReading> ReadAsync(int processId, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo(_tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "report", "-p", processId.ToString(CultureInfo.InvariantCulture) }) startInfo.ArgumentList.Add(arg);
        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"Could not start {_tool}.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("dotnet-gcdump did not finish within 2 minutes.");
        }
        var text = await output;
        long? total = null;
        var byType = new Dictionary<string, (long Bytes, long Count)>();
        foreach (var line in text.Split('\n'))
        {
            var trimmed = line.Trim();
            // The report starts with e.g. "    142,263,159  GC Heap bytes".
            if (trimmed.EndsWith("GC Heap bytes", StringComparison.Ordinal))
            {
                if (long.TryParse(trimmed[..^"GC Heap bytes".Length].Trim(), NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var bytes)) total = bytes;
                continue;
            }
            // Then one line per type and size class: "object bytes  count  type (Bytes > 1K)  [assembly]", where
            // the first figure is the size of one object, so the class holds their product.
            var parts = trimmed.Split("  ", 3, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (parts.Length < 3
                || !long.TryParse(parts[0], NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var size)
                || !long.TryParse(parts[1], NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var count)) continue;
            var type = parts[2];
            var sizeClass = type.IndexOf(" (Bytes > ", StringComparison.Ordinal);
            if (sizeClass >= 0) type = type[..sizeClass];
            var assembly = type.IndexOf("  [", StringComparison.Ordinal);
            if (assembly >= 0) type = type[..assembly];
            var known = byType.GetValueOrDefault(type);
            byType[type] = (known.Bytes + size * count, known.Count + count);
        }
        if (total is { } live) return new HeapReading(live, byType);
        throw new InvalidOperationException($"dotnet-gcdump gave no heap size (exit code {process.ExitCode}): {Shorten(text + await errors)}");
    }

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "…";
}

/// <summary>A live heap: its size and, by type, the bytes and objects that survived.</summary>
public sealed record HeapReading(long Bytes, IReadOnlyDictionary<string, (long Bytes, long Count)> ByType)
{
    /// <summary>Where memory went from <paramref name="baseline"/> to this reading, per unit (circuit), largest first.</summary>
    public IReadOnlyList<(string Type, double Bytes, double Count)> GrowthPer(HeapReading baseline, int units) =>
        ByType.Select(t => (Type: t.Key,
                Bytes: (t.Value.Bytes - baseline.ByType.GetValueOrDefault(t.Key).Bytes) / (double)units,
                Count: (t.Value.Count - baseline.ByType.GetValueOrDefault(t.Key).Count) / (double)units))
            .OrderByDescending(t => t.Bytes)
            .ToList();
}
