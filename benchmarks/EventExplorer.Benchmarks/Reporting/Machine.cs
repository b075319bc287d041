using System.Diagnostics;
using System.Globalization;

namespace EventExplorer.Benchmarks.Reporting;

/// <summary>What the run ran on, read from /proc and the tools themselves.</summary>
public sealed record Machine
{
    public required DateTime StartedAt { get; init; }
    public required string Cpu { get; init; }
    public required int Cores { get; init; }
    public required double MemoryGiB { get; init; }
    public required string Os { get; init; }
    public required string DotnetSdk { get; init; }
    public required string Node { get; init; }
    public required string Dynalite { get; init; }
    public required string Chromium { get; init; }
    public required string LoadAtStart { get; init; }

    /// <summary>The AWSSDK.DynamoDBv2 the harness (and the data service in it) runs on, from its assembly.</summary>
    public required string AwsSdk { get; init; }

    public static Machine Describe(string repoRoot) => new()
    {
        StartedAt = DateTime.UtcNow,
        Cpu = FirstValue("/proc/cpuinfo", "model name") ?? "unknown CPU",
        Cores = Environment.ProcessorCount,
        MemoryGiB = MemTotalKiB() / 1024.0 / 1024.0,
        Os = FirstValue("/etc/os-release", "PRETTY_NAME", '=')?.Trim('"') ?? Environment.OSVersion.ToString(),
        DotnetSdk = Run("dotnet", "--version"),
        Node = Run("node", "--version"),
        Dynalite = PackageVersion(Path.Combine(repoRoot, "node_modules", "dynalite", "package.json")),
        Chromium = File.Exists("/usr/bin/chromium") ? Run("/usr/bin/chromium", "--version") : "Chromium not installed",
        LoadAtStart = LoadAverage(),
        AwsSdk = AssemblyVersion(typeof(Amazon.DynamoDBv2.AmazonDynamoDBClient).Assembly),
    };

    // The NuGet version is the file version (the assembly version stays at 4.0.0.0 for the whole major version).
    private static string AssemblyVersion(System.Reflection.Assembly assembly)
    {
        var version = System.Reflection.CustomAttributeExtensions.GetCustomAttribute<System.Reflection.AssemblyFileVersionAttribute>(assembly)?.Version
            ?? assembly.GetName().Version?.ToString() ?? "unknown";
        // 4.1.0.0 -> 4.1.0, as the package is named.
        return version.Count(c => c == '.') == 3 && version.EndsWith(".0", StringComparison.Ordinal) ? version[..^2] : version;
    }

    public static string LoadAverage()
    {
        try
        {
            return string.Join(" / ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    private static string? FirstValue(string path, string key, char separator = ':')
    {
        if (!File.Exists(path)) return null;
        foreach (var line in File.ReadLines(path))
        {
            var at = line.IndexOf(separator);
            if (at > 0 && line[..at].Trim() == key) return line[(at + 1)..].Trim();
        }
        return null;
    }

    private static long MemTotalKiB()
    {
        var text = FirstValue("/proc/meminfo", "MemTotal");
        return text is null ? 0 : long.Parse(text.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0], CultureInfo.InvariantCulture);
    }

    private static string PackageVersion(string packageJson)
    {
        if (!File.Exists(packageJson)) return "not installed";
        using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(packageJson));
        return doc.RootElement.GetProperty("version").GetString() ?? "unknown";
    }

    private static string Run(string file, string arguments)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(file, arguments)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            })!;
            var output = process.StandardOutput.ReadToEnd().Trim();
            process.WaitForExit();
            return output.Length == 0 ? "unknown" : output;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "not installed";
        }
    }
}
