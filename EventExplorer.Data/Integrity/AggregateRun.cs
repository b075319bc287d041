using System.Globalization;

namespace EventExplorer.Data.Integrity;

/// <summary>
/// Where one scan segment stands in the aggregate it is reading: DynamoDB returns an aggregate's items
/// together, within one segment, sorted by version, so its history is checked a commit at a time while
/// only this is kept (memory does not grow with the table or the aggregate).
/// </summary>
internal sealed record AggregateRun
{
    public required string AggregateId { get; init; }

    /// <summary>The last whole version read; null while only versions that are not whole were read.</summary>
    public long? LastVersion { get; init; }

    /// <summary>The committedAt of the last commit that had a readable one.</summary>
    public long? LastCommittedAt { get; init; }

    /// <summary>
    /// Checks the next commit of a segment against the run it continues (or starts a new run when it is
    /// another aggregate's first) and returns the run as it stands after it.
    /// </summary>
    /// <param name="version">The stored version as text (a number, maybe not whole).</param>
    /// <param name="committedAt">Epoch milliseconds, null when missing or unreadable (reported as an item problem).</param>
    public static AggregateRun Next(AggregateRun? run, string aggregateId, string version, string? commitId, long? committedAt, IntegrityTally tally)
    {
        if (run is null || run.AggregateId != aggregateId) run = new AggregateRun { AggregateId = aggregateId };

        if (!long.TryParse(version, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole))
        {
            tally.Add(IntegrityKind.VersionNotWhole, IntegrityTable.Commits, aggregateId, version, commitId,
                $"version {version} is not a whole number: no commit can be appended at it, and readers that count versions skip or fail on it.");
            return run with { LastCommittedAt = Later(run.LastCommittedAt, committedAt, run, aggregateId, version, commitId, tally) };
        }

        if (run.LastVersion is not { } last)
        {
            if (whole != 0)
            {
                tally.Add(IntegrityKind.VersionNotFromZero, IntegrityTable.Commits, aggregateId, version, commitId, whole > 0
                    ? $"the first stored version is {whole}: {Range("version", 0, whole - 1)} missing."
                    : $"the first stored version is {whole}, below 0.");
            }
        }
        else if (whole > last + 1)
        {
            tally.Add(IntegrityKind.VersionGap, IntegrityTable.Commits, aggregateId, version, commitId,
                $"{Range("version", last + 1, whole - 1)} missing (between v{last} and v{whole}).");
        }

        return run with { LastVersion = whole, LastCommittedAt = Later(run.LastCommittedAt, committedAt, run, aggregateId, version, commitId, tally) };
    }

    private static long? Later(long? previous, long? current, AggregateRun run, string aggregateId, string version, string? commitId, IntegrityTally tally)
    {
        if (current is not { } at) return previous;
        if (previous is { } before && at < before)
        {
            tally.Add(IntegrityKind.CommittedAtBackwardsInAggregate, IntegrityTable.Commits, aggregateId, version, commitId,
                $"committedAt {Time(at)} is {Duration(before - at)} before the previous version's ({Time(before)}" +
                (run.LastVersion is { } v ? $", v{v}" : "") + ").");
        }
        return at;
    }

    /// <summary>"version 3 is" or "versions 3 to 5 are".</summary>
    internal static string Range(string noun, long from, long to) =>
        from == to ? $"{noun} {from} is" : $"{noun}s {from} to {to} are";

    internal static string Time(long epochMilliseconds) =>
        epochMilliseconds is >= -62135596800000 and <= 253402300799999
            ? DateTimeOffset.FromUnixTimeMilliseconds(epochMilliseconds).ToString("yyyy-MM-dd HH:mm:ss.fff 'UTC'", CultureInfo.InvariantCulture)
            : epochMilliseconds.ToString(CultureInfo.InvariantCulture);

    internal static string Duration(long milliseconds) => milliseconds switch
    {
        < 1000 => $"{milliseconds} ms",
        < 120_000 => (milliseconds / 1000.0).ToString("0.###", CultureInfo.InvariantCulture) + " s",
        _ => TimeSpan.FromMilliseconds(milliseconds).ToString("c", CultureInfo.InvariantCulture),
    };
}
