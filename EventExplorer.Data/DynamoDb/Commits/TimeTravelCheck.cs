using System.Globalization;
using EventExplorer.Data.Model;

namespace EventExplorer.Data.DynamoDb.Commits;

/// <summary>
/// The checks around a time-travel answer, in words a user can act on: missing committedAt values near
/// it, and times that go backwards.
/// </summary>
internal static class TimeTravelCheck
{
    /// <summary>
    /// Checks the commits around an answer (<paramref name="below"/> newest first, <paramref name="from"/> the
    /// answer first and what follows it): the one before must be before the time, times should not go backwards,
    /// and commits without a time are named. True when the answer is confirmed.
    /// </summary>
    public static bool CheckWindow(List<Commit> below, List<Commit> from, DateTimeOffset at, string what, List<string> warnings)
    {
        var confirmed = true;
        var feed = what == "commit";
        var answer = from[0];
        if (answer.CommittedAt is null)
        {
            warnings.Add($"committedAt is missing on the {what} found, {DescribeCommit(answer, feed)}: the search could not tell whether it is at or after {Time(at)}.");
            confirmed = false;
        }
        var previousTimed = below.FirstOrDefault(c => c.CommittedAt is not null);
        var missingBefore = below.TakeWhile(c => c.CommittedAt is null).Reverse().ToList();
        if (missingBefore.Count > 0)
        {
            warnings.Add($"committedAt is missing on {what}{(missingBefore.Count == 1 ? "" : "s")} {string.Join(", ", missingBefore.Select(c => DescribeCommit(c, feed)))} just before the answer: {(missingBefore.Count == 1 ? "it" : "they")} may belong at or after {Time(at)}.");
            confirmed = false;
        }
        if (previousTimed is not null && previousTimed.CommittedAt >= at)
        {
            warnings.Add($"committedAt goes backwards: {what} {DescribeCommit(previousTimed, feed)} comes before the answer {DescribeCommit(answer, feed)} but has {Time(previousTimed.CommittedAt!.Value)}, which is not before {Time(at)}.");
            confirmed = false;
        }
        var ordered = below.AsEnumerable().Reverse().Concat(from).Where(c => c.CommittedAt is not null).ToList();
        for (var i = 1; i < ordered.Count; i++)
        {
            if (ordered[i].CommittedAt < ordered[i - 1].CommittedAt && !(ReferenceEquals(ordered[i - 1], previousTimed) && ReferenceEquals(ordered[i], answer)))
            {
                warnings.Add($"committedAt goes backwards near the answer: {what} {DescribeCommit(ordered[i - 1], feed)} has {Time(ordered[i - 1].CommittedAt!.Value)}, the next one, {DescribeCommit(ordered[i], feed)}, {Time(ordered[i].CommittedAt!.Value)}.");
                if (ordered[i].CommittedAt < at) confirmed = false;
            }
        }
        var missingAfter = from.Skip(1).Where(c => c.CommittedAt is null).ToList();
        if (missingAfter.Count > 0) warnings.Add($"committedAt is missing on {what}{(missingAfter.Count == 1 ? "" : "s")} {string.Join(", ", missingAfter.Select(c => DescribeCommit(c, feed)))} just after the answer.");
        return confirmed;
    }

    /// <summary>How a warning names a commit: by commit id (and aggregate and version) in the feed, by version in a timeline.</summary>
    public static string DescribeCommit(Commit commit, bool feed) =>
        feed && commit.CommitId is { } id && commit.Version is { } v
            ? $"{id} ({commit.AggregateId} v{v.ToString(CultureInfo.InvariantCulture)})"
            : commit.Version is { } version ? version.ToString(CultureInfo.InvariantCulture)
            : commit.Key.Replace('\u0000', ' ');

    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
