using System.Globalization;
using EventExplorer.Data.Configuration;

namespace EventExplorer.Benchmarks.Infrastructure;

/// <summary>One commit as the seeder writes it (layout B of docs/layouts.md).</summary>
public sealed record SeedCommit(string AggregateId, long Version, string CommitId, long CommittedAtMs, string EventsJson);

/// <summary>
/// The benchmark's event store, in layout B (timestamp commit ids, what dynamodb-event-store 2.2.0 on
/// npm writes, so the npm library can read the very same tables). The feed interleaves a long
/// aggregate with many short ones, so "near the start" and "near the end" of the feed and of the long
/// aggregate are far apart in the key space: a cost that grew with the data would show.
/// </summary>
public sealed class Dataset
{
    public const string BigId = "bench-big";
    public const string SmallId = "bench-small";
    public const int SmallCount = 10;

    /// <summary>One of the short aggregates: long enough for a full page, so it compares with the long one page for page.</summary>
    public const string MediumId = "bench-other-0000";
    private const int OtherAggregates = 1000;

    // The package's own test names, so the tables look like those a 2.x user has.
    public static TableNames Tables => new()
    {
        Commits = "commitsByAggregateIdAndVersion",
        CommitIdIndex = "commitsByCommitId",
        Counters = "counters",
        Snapshots = "snapshots",
    };

    private static readonly DateTimeOffset Start = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private Dataset(int bigCount, int feedTotal, IReadOnlyList<SeedCommit> feed)
    {
        BigCount = bigCount;
        FeedTotal = feedTotal;
        Feed = feed;
    }

    /// <summary>Commits of <see cref="BigId"/> (versions 0 .. BigCount-1).</summary>
    public int BigCount { get; }

    /// <summary>Commits of <see cref="MediumId"/>.</summary>
    public int MediumCount => Feed.Count(c => c.AggregateId == MediumId);

    /// <summary>All commits in the table.</summary>
    public int FeedTotal { get; }

    /// <summary>Every commit in commit-id order.</summary>
    public IReadOnlyList<SeedCommit> Feed { get; }

    public static Dataset Build(int bigCount, int feedTotal)
    {
        if (feedTotal < bigCount + SmallCount + OtherAggregates)
        {
            throw new ArgumentException("The feed must hold the big aggregate, the small one and the others.", nameof(feedTotal));
        }

        var feed = new List<SeedCommit>(feedTotal);
        var otherVersions = new long[OtherAggregates];
        long bigVersion = 0, smallVersion = 0;
        var smallFrom = feedTotal / 2;
        for (var position = 0; position < feedTotal; position++)
        {
            string aggregateId;
            long version;
            var othersLeft = feedTotal - position - (bigCount - bigVersion) - (SmallCount - smallVersion);
            if (smallVersion < SmallCount && position >= smallFrom)
            {
                aggregateId = SmallId;
                version = smallVersion++;
            }
            else if (bigVersion < bigCount && (position % 2 == 1 || othersLeft <= 0))
            {
                aggregateId = BigId;
                version = bigVersion++;
            }
            else
            {
                var other = position / 2 % OtherAggregates;
                aggregateId = "bench-other-" + other.ToString("D4", CultureInfo.InvariantCulture);
                version = otherVersions[other]++;
            }

            // One commit per second keeps every commit id distinct and in feed order.
            var at = Start.AddSeconds(position);
            var commitId = at.UtcDateTime.ToString("yyyyMMddHHmmssfff", CultureInfo.InvariantCulture) + ":" + aggregateId;
            feed.Add(new SeedCommit(aggregateId, version, commitId, at.ToUnixTimeMilliseconds(), EventsJson(position, version)));
        }
        return new Dataset(bigCount, feedTotal, feed);
    }

    /// <summary>A realistic small commit: one or two events of an order, about 200 bytes (see <see cref="StatusField"/>).</summary>
    /// <summary>The property one commit in 1,000 sets (at positions 1, 1001, 2001, ...: commits of the long aggregate).</summary>
    public const string StatusField = "status";

    public static string EventsJson(long position, long version)
    {
        var sku = (position % 997).ToString("D5", CultureInfo.InvariantCulture);
        // One commit in 1,000 also sets a rarely written field, for item 6's field history.
        var status = position % 1000 == 1 ? ",\"status\":\"review-" + (position / 1000 % 5).ToString(CultureInfo.InvariantCulture) + "\"" : "";
        var line = $$"""{"type":"OrderLineAdded","line":{"sku":"SKU-{{sku}}","quantity":{{position % 7 + 1}},"unitPrice":{{position % 50 + 0.99m}}},"by":"user-{{position % 31}}","v":{{version}}{{status}}}""";
        return position % 3 == 0
            ? $$"""[{{line}},{"type":"OrderTotalChanged","total":{{position % 500 + 0.5m}}}]"""
            : $"[{line}]";
    }

    /// <summary>The commit id at a feed position (0 = oldest).</summary>
    public string CommitIdAt(int position) => Feed[position].CommitId;

    public int CountFromPosition(int position) => FeedTotal - position;
}
