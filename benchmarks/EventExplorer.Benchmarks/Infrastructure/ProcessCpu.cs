using System.Globalization;

namespace EventExplorer.Benchmarks.Infrastructure;

/// <summary>CPU seconds spent by the web app, by dynalite and by the browser, read together.</summary>
public sealed record CpuReading(double App, double Database, double Browser)
{
    public static CpuReading operator -(CpuReading after, CpuReading before) =>
        new(after.App - before.App, after.Database - before.Database, after.Browser - before.Browser);

    public double Total => App + Database + Browser;
}

/// <summary>
/// Who used the machine's cores during a measurement: user plus system CPU time from /proc of the web
/// app's process, dynalite's process, and every other process started below this one (Playwright's
/// driver and Chromium's browser, GPU and renderer processes). A process that exits in between takes
/// its time with it; the browser's processes live as long as its tabs, the measured span.
/// </summary>
public sealed class ProcessCpu(int appProcessId, int databaseProcessId)
{
    private static readonly double TicksPerSecond = 100; // USER_HZ, 100 on Linux

    public CpuReading Read()
    {
        var parents = new Dictionary<int, int>();
        var seconds = new Dictionary<int, double>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            try
            {
                // "pid (comm) state ppid ... utime stime ...": fields after the command's closing parenthesis.
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                parents[pid] = int.Parse(fields[1], CultureInfo.InvariantCulture);
                seconds[pid] = (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
            {
                // Gone while read, or not readable.
            }
        }
        var self = Environment.ProcessId;
        double app = 0, database = 0, browser = 0;
        foreach (var (pid, cpu) in seconds)
        {
            if (pid == self) continue;
            var below = Ancestors(pid, parents).ToList();
            if (pid == appProcessId || below.Contains(appProcessId)) app += cpu;
            else if (pid == databaseProcessId || below.Contains(databaseProcessId)) database += cpu;
            else if (below.Contains(self)) browser += cpu;
        }
        return new CpuReading(app, database, browser);
    }

    private static IEnumerable<int> Ancestors(int pid, Dictionary<int, int> parents)
    {
        var seen = 0;
        while (parents.TryGetValue(pid, out var parent) && parent > 1 && seen++ < 64)
        {
            yield return parent;
            pid = parent;
        }
    }
}
