namespace EventExplorer.Benchmarks;

/// <summary>Sizes and repetitions of one run; <c>--quick</c> shrinks everything for a smoke run.</summary>
public sealed record BenchSettings
{
    public required bool Quick { get; init; }

    /// <summary>Commits of the long aggregate (100,000 in a full run).</summary>
    public required int BigCount { get; init; }

    /// <summary>Commits in the whole table, i.e. the feed (200,000 in a full run).</summary>
    public required int FeedTotal { get; init; }

    /// <summary>The far jump target (version 90,000 in a full run).</summary>
    public required long JumpVersion { get; init; }

    public required int Warmup { get; init; }

    /// <summary>Interleaved rounds per page-read comparison (the median is over these).</summary>
    public required int Rounds { get; init; }

    /// <summary>Rounds of the whole-history and whole-feed reads, which take seconds each.</summary>
    public required int FullReadRounds { get; init; }

    public required int SingleWriterAppends { get; init; }
    public required int AppendsPerWriter { get; init; }
    public required int SharedAggregateAppends { get; init; }
    public required int AppendPhases { get; init; }

    public required IReadOnlyList<int> CircuitCounts { get; init; }
    public required int NavigationRounds { get; init; }

    public required string RepoRoot { get; init; }
    public required string OutputPath { get; init; }
    public required string Command { get; init; }

    /// <summary>Items to run (1..13); all by default.</summary>
    public required IReadOnlySet<int> Items { get; init; }

    public static BenchSettings Parse(string[] args)
    {
        var quick = args.Contains("--quick");
        var repoRoot = Value(args, "--repo") ?? FindRepoRoot();
        var items = Value(args, "--items") is { } list
            ? list.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToHashSet()
            : [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13];
        return new BenchSettings
        {
            Quick = quick,
            BigCount = quick ? 10_000 : 100_000,
            FeedTotal = quick ? 20_000 : 200_000,
            JumpVersion = quick ? 9_000 : 90_000,
            Warmup = quick ? 10 : 30,
            Rounds = quick ? 40 : 200,
            FullReadRounds = quick ? 2 : 3,
            SingleWriterAppends = quick ? 200 : 1_000,
            AppendsPerWriter = quick ? 50 : 125,
            SharedAggregateAppends = quick ? 100 : 400,
            AppendPhases = quick ? 3 : 7,
            CircuitCounts = Value(args, "--circuits") is { } circuits
                ? circuits.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToList()
                : quick ? [1, 5, 10] : [1, 20, 100],
            NavigationRounds = quick ? 5 : 25,
            RepoRoot = repoRoot,
            // A smoke run must not overwrite the committed report.
            OutputPath = Value(args, "--out") ?? (quick ? Path.Combine(repoRoot, "artifacts", "benchmarks-quick.md") : Path.Combine(repoRoot, "docs", "benchmarks.md")),
            Command = Environment.GetEnvironmentVariable("BENCH_COMMAND") ?? "dotnet run -c Release --project benchmarks/EventExplorer.Benchmarks -- " + string.Join(' ', args),
            Items = items,
        };
    }

    private static string? Value(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }

    private static string FindRepoRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "EventExplorer.sln"))) return dir.FullName;
            }
        }
        throw new DirectoryNotFoundException("Run from inside the repository (EventExplorer.sln not found above the current folder), or pass --repo.");
    }
}
