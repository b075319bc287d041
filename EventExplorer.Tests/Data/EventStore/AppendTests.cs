using System.Text.RegularExpressions;
using EventExplorer.Data.Errors;
using EventExplorer.Data.Model;
using EventExplorer.Tests.Infrastructure;

namespace EventExplorer.Tests.Data.EventStore;

public sealed class AppendTests(DynaliteFixture dynalite) : IClassFixture<DynaliteFixture>
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Append_InLayoutA_AllocatesFromTheCounterAndWritesThePackagesItemFormat()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_123));
        using var bed = await EventStoreTestBed.CreateAsync(dynalite, EventStoreLayout.CounterCommitIds, time: clock);

        var first = await bed.AppendAsync("acc-1", 0, """[{"type":"opened","balance":10.000,"big":12345678901234567890123}]""");
        var second = await bed.AppendAsync("acc-1", 1, """["closed"]""");

        Assert.Equal(CommitId.FromNumber(1), first.CommitId);
        Assert.Equal(CommitId.FromNumber(2), second.CommitId);
        Assert.Equal("acc-1\u00000", first.Key);
        var counter = Assert.Single(await bed.ScanRawAsync(bed.Tables.Counters));
        Assert.Equal(("commits", "2"), (counter["name"].S, counter["id"].N));
        var item = (await bed.ScanRawAsync(bed.Tables.Commits)).Single(i => i["version"].N == "0");
        Assert.Equal(["active", "aggregateId", "commitId", "committedAt", "events", "version"], item.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("1", item["commitId"].N);
        Assert.Equal("1700000000123", item["committedAt"].N);
        Assert.Equal("t", item["active"].S);
        // Number literals survive exactly: no double rounding of 10.000 or a 23-digit integer.
        Assert.Equal("""[{"type":"opened","balance":10.000,"big":12345678901234567890123}]""", item["events"].S);
        Assert.Equal(2, await bed.Store.ProposeNextVersionAsync("acc-1", None));
        Assert.Equal(0, await bed.Store.ProposeNextVersionAsync("new-one", None));
    }

    [Fact]
    public async Task ConcurrentAppendsOfTheSameVersion_ExactlyOneWins_TheOtherIsAConflictAndLeavesAGap()
    {
        using var bed = await EventStoreTestBed.CreateAsync(dynalite, EventStoreLayout.CounterCommitIds);
        await bed.AppendAsync("other", 0, "[]");

        var attempts = await Task.WhenAll(Enumerable.Range(0, 2).Select(i => Task.Run(async () =>
        {
            try
            {
                var commit = await bed.AppendAsync("race", 0, $$"""[{"type":"attempt","n":{{i}}}]""");
                return ((Commit?)commit, (VersionConflictException?)null);
            }
            catch (VersionConflictException conflict)
            {
                return ((Commit?)null, conflict);
            }
        })));
        await bed.AppendAsync("race", 1, "[]");

        var winner = Assert.Single(attempts, a => a.Item1 is not null).Item1!;
        var conflict = Assert.Single(attempts, a => a.Item2 is not null).Item2!;
        Assert.Equal(("race", 0L), (conflict.AggregateId, conflict.Version));
        Assert.Contains("'race'", conflict.Message);
        Assert.Contains("version 0", conflict.Message);
        var stored = (await bed.Store.ReadTimelineAsync(new TimelineQuery { AggregateId = "race" }, None)).Items;
        Assert.Equal(winner.EventsJson, stored.Single(c => c.Version == 0).EventsJson);

        var feed = await bed.Store.ReadFeedAsync(new FeedQuery { Order = ReadOrder.OldestFirst }, None);
        var gap = Assert.Single(feed.Gaps);
        Assert.Equal(1, gap.MissingCount);
        var loserId = winner.CommitId?.Number == 2 ? 3 : 2;
        Assert.Equal(loserId, gap.First);
        Assert.DoesNotContain(feed.Items, c => c.CommitId?.Number == loserId);
    }

    [Fact]
    public async Task Append_WithSeveralMistakes_ListsEveryReasonAndWritesNothing()
    {
        using var bed = await EventStoreTestBed.CreateAsync(dynalite, EventStoreLayout.CounterCommitIds);

        var error = await Assert.ThrowsAsync<WriteValidationException>(() => bed.AppendAsync("  ", -1, """[{"type": "x",}"""));

        Assert.Equal(3, error.Errors.Count);
        Assert.Contains(error.Errors, e => e.Contains("aggregate id is required"));
        Assert.Contains(error.Errors, e => e.Contains("must be 0 or more (got -1)"));
        var json = Assert.Single(error.Errors, e => e.StartsWith("The events are not valid JSON:"));
        Assert.StartsWith("The events are not valid JSON: line 1, column 15: ", json);
        Assert.DoesNotContain("LineNumber", json);
        // Not even a commit id was allocated.
        Assert.Empty(await bed.ScanRawAsync(bed.Tables.Counters));
        Assert.Empty(await bed.ScanRawAsync(bed.Tables.Commits));
    }

    [Theory]
    [InlineData("""{"type":"opened"}""", "must be a JSON array (got a JSON object)")]
    [InlineData("\"opened\"", "must be a JSON array (got a JSON string)")]
    [InlineData("", "The events are required")]
    // JSON, but half a character: a reader of the stored item would get U+FFFD or an error instead.
    [InlineData("""[{"type":"x","s":"\ud800"}]""", "cannot be stored as typed: line 1, column 19: \\ud800 is half of a character")]
    public async Task Append_EventsThatAreNotAJsonArray_AreRefusedWithTheReason(string events, string expected)
    {
        using var bed = await EventStoreTestBed.CreateAsync(dynalite, EventStoreLayout.CounterCommitIds);

        var error = await Assert.ThrowsAsync<WriteValidationException>(() => bed.AppendAsync("acc", 0, events));

        Assert.Contains(expected, Assert.Single(error.Errors));
    }

    [Fact]
    public async Task Append_OverFourHundredKilobytes_IsRefusedWithTheActualSize()
    {
        using var bed = await EventStoreTestBed.CreateAsync(dynalite, EventStoreLayout.TimestampCommitIds);

        var error = await Assert.ThrowsAsync<WriteValidationException>(() => bed.AppendAsync("acc", 0, $$"""[{"data":"{{new string('é', 205_000)}}"}]"""));

        var match = Regex.Match(Assert.Single(error.Errors), @"would be ([\d,]+) bytes, over DynamoDB's item limit of 409,600 bytes");
        Assert.True(match.Success, error.Message);
        Assert.InRange(long.Parse(match.Groups[1].Value.Replace(",", "")), 410_000, 410_200);
        Assert.Empty(await bed.ScanRawAsync(bed.Tables.Commits));
    }

    [Fact]
    public async Task Append_AggregateIdOverTheKeyLimit_IsRefused()
    {
        using var bed = await EventStoreTestBed.CreateAsync(dynalite, EventStoreLayout.TimestampCommitIds);

        var error = await Assert.ThrowsAsync<WriteValidationException>(() => bed.AppendAsync(new string('a', 1010), 0, "[]"));

        Assert.Contains("1010 bytes long", Assert.Single(error.Errors));
    }

    [Fact]
    public async Task Append_InReadOnlyMode_IsRefusedBeforeAnyWrite()
    {
        using var bed = await EventStoreTestBed.CreateAsync(dynalite, EventStoreLayout.CounterCommitIds, readOnly: true);

        var error = await Assert.ThrowsAsync<ReadOnlyModeException>(() => bed.AppendAsync("acc", 0, "[]"));

        Assert.False(bed.Store.CanWrite);
        Assert.Contains("read-only", error.Message);
        Assert.Empty(await bed.ScanRawAsync(bed.Tables.Counters));
        Assert.Empty(await bed.ScanRawAsync(bed.Tables.Commits));
    }
}
