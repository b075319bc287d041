namespace EventExplorer.Benchmarks.Infrastructure;

/// <summary>Order statistics of one measured series (milliseconds or any other unit).</summary>
public sealed record Stats
{
    public required int Count { get; init; }
    public required double Median { get; init; }
    public required double P90 { get; init; }
    public required double P95 { get; init; }
    public required double Min { get; init; }
    public required double Max { get; init; }

    public static Stats Of(IReadOnlyCollection<double> samples)
    {
        if (samples.Count == 0) throw new ArgumentException("No samples.", nameof(samples));
        var sorted = samples.Order().ToArray();
        return new Stats
        {
            Count = sorted.Length,
            Median = Percentile(sorted, 0.5),
            P90 = Percentile(sorted, 0.9),
            P95 = Percentile(sorted, 0.95),
            Min = sorted[0],
            Max = sorted[^1],
        };
    }

    // Linear interpolation between closest ranks, so the median of an even count is the mean of the middle two.
    private static double Percentile(double[] sorted, double p)
    {
        var rank = p * (sorted.Length - 1);
        var low = (int)Math.Floor(rank);
        var high = (int)Math.Ceiling(rank);
        return sorted[low] + (sorted[high] - sorted[low]) * (rank - low);
    }
}
