using System.Globalization;
using Amazon.DynamoDBv2.Model;
using EventExplorer.Data.DynamoDb.Commits;
using EventExplorer.Data.Integrity;
using EventExplorer.Data.Model;

namespace EventExplorer.Tests.Data.Integrity;

/// <summary>
/// The check's rules on their own, for what the tables on dynalite cannot hold: text with half a character
/// written raw (the SDK sends UTF-8, which cannot carry it), and the split of the feed into key ranges.
/// </summary>
public sealed class IntegrityRulesTests
{
    [Fact]
    public void EventsWithARawLoneSurrogate_AreReportedAsSuch_NotAsTextThatIsNotJson()
    {
        var tally = new IntegrityTally(10);
        var item = new Dictionary<string, AttributeValue>
        {
            ["aggregateId"] = new() { S = "order-1" },
            ["version"] = new() { N = "0" },
            ["commitId"] = new() { N = "1" },
            ["committedAt"] = new() { N = "1700000000000" },
            ["active"] = new() { S = "t" },
            ["events"] = new() { S = "[{\"type\":\"Named\",\"name\":\"cut \uD83D\"}]" },
        };

        CommitItemChecks.Check(item, EventStoreLayout.CounterCommitIds, tally);

        var place = Assert.Single(tally.TakeNewPlaces());
        Assert.Equal(IntegrityKind.LoneSurrogate, place.Kind);
        Assert.Contains("U+D83D", place.Detail);
        Assert.Equal(1, tally.Counts[IntegrityKind.LoneSurrogate]);
    }

    [Theory]
    [InlineData(1L, 1000L, 4)]
    [InlineData(5L, 17L, 16)]
    [InlineData(1L, 3L, 4)]
    [InlineData(-10L, 10L, 3)]
    public void NumericFeedRanges_CoverEveryIdOnce(long first, long last, int parts)
    {
        var ranges = FeedRanges.Split(new() { N = first.ToString() }, new() { N = last.ToString() }, EventStoreLayout.CounterCommitIds, parts);

        Assert.InRange(ranges.Length, 1, parts);
        for (var id = first; id <= last; id++)
        {
            var holders = ranges.Count(r => SortKeys.Compare(r.From!, new() { N = id.ToString() }) <= 0 && SortKeys.Compare(new() { N = id.ToString() }, r.To!) <= 0);
            Assert.Equal(1, holders);
        }
        if (ranges.Length == 1) return;
        // An id that is not whole, between two ranges, is in one of them.
        var between = new AttributeValue { N = (decimal.Parse(ranges[1].From!.N, CultureInfo.InvariantCulture) - 0.5m).ToString(CultureInfo.InvariantCulture) };
        Assert.Single(ranges, r => SortKeys.Compare(r.From!, between) <= 0 && SortKeys.Compare(between, r.To!) <= 0);
    }

    [Fact]
    public void TimeFeedRanges_MeetAtABarePrefix_ThatNoIdEquals()
    {
        var start = new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
        var first = CommitId.FromTime(start, "order-1");
        var last = CommitId.FromTime(start.AddHours(1), "order-9");

        var ranges = FeedRanges.Split(new() { S = first.Text }, new() { S = last.Text }, EventStoreLayout.TimestampCommitIds, 4);

        Assert.Equal(4, ranges.Length);
        Assert.Equal(first.Text, ranges[0].From!.S);
        Assert.Equal(last.Text, ranges[^1].To!.S);
        for (var i = 1; i < ranges.Length; i++)
        {
            Assert.Equal(ranges[i - 1].To!.S, ranges[i].From!.S);
            Assert.Equal(CommitId.TimestampFormat.Length, ranges[i].From!.S.Length);
        }
        // Every id written in the hour is in exactly one range.
        for (var minute = 0; minute <= 60; minute += 5)
        {
            var id = CommitId.FromTime(start.AddMinutes(minute), "order-5").Text;
            Assert.Single(ranges, r => string.CompareOrdinal(r.From!.S, id) <= 0 && string.CompareOrdinal(id, r.To!.S) <= 0);
        }
    }
}
