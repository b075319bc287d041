using System.Diagnostics;
using System.Globalization;

namespace EventExplorer.Benchmarks.Infrastructure;

/// <summary>Server memory as Linux sees it.</summary>
public sealed record MemoryReading(long WorkingSet, long Private);

/// <summary>
/// The web app's process, found by the ASPNETCORE_URLS it was started with (other helpers may run
/// their own copies of the app on this machine), and its memory from /proc.
/// </summary>
public sealed class ServerProcess(int processId)
{
    public int ProcessId { get; } = processId;

    public static ServerProcess Find(string baseUrl)
    {
        var wanted = "ASPNETCORE_URLS=" + baseUrl;
        foreach (var process in Process.GetProcessesByName("EventExplorer.Web"))
        {
            try
            {
                var environment = File.ReadAllText($"/proc/{process.Id}/environ").Split('\0');
                if (environment.Contains(wanted)) return new ServerProcess(process.Id);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Gone, or not ours.
            }
            finally
            {
                process.Dispose();
            }
        }
        throw new InvalidOperationException($"No EventExplorer.Web process serves {baseUrl}.");
    }

    /// <summary>Waits for the server to go quiet, then the median of three readings a second apart.</summary>
    public async Task<MemoryReading> SettleAndReadAsync(CancellationToken cancellationToken)
    {
        await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken);
        var readings = new List<MemoryReading>();
        for (var i = 0; i < 3; i++)
        {
            if (i > 0) await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            readings.Add(Read());
        }
        return new MemoryReading(
            (long)Stats.Of(readings.Select(r => (double)r.WorkingSet).ToList()).Median,
            (long)Stats.Of(readings.Select(r => (double)r.Private).ToList()).Median);
    }

    public MemoryReading Read()
    {
        long rss = 0, privateBytes = 0;
        foreach (var line in File.ReadLines($"/proc/{ProcessId}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal)) rss = KiB(line);
        }
        foreach (var line in File.ReadLines($"/proc/{ProcessId}/smaps_rollup"))
        {
            if (line.StartsWith("Private_Clean:", StringComparison.Ordinal) || line.StartsWith("Private_Dirty:", StringComparison.Ordinal))
            {
                privateBytes += KiB(line);
            }
        }
        return new MemoryReading(rss, privateBytes);
    }

    private static long KiB(string line) =>
        long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
}
