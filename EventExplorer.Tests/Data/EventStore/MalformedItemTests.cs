using Amazon.DynamoDBv2.Model;
using EventExplorer.Data.DynamoDb;
using EventExplorer.Data.Model;
using EventExplorer.Tests.Infrastructure;

namespace EventExplorer.Tests.Data.EventStore;

/// <summary>Items other programs wrote wrongly come back flagged, with their raw text, and never fail the page.</summary>
public sealed class MalformedItemTests(DynaliteFixture dynalite) : IClassFixture<DynaliteFixture>
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task MalformedItems_AreFlaggedWithRawTextBesideHealthyOnes()
    {
        using var bed = await EventStoreTestBed.CreateAsync(dynalite, EventStoreLayout.CounterCommitIds);
        await bed.PutRawAsync(bed.Item("m", 0, "1", 946684800000, """[{"type":"fine"}]"""));
        await bed.PutRawAsync(bed.Item("m", 1, "2", 946684800000, """[{"type": "broken", """));
        await bed.PutRawAsync(bed.Item("m", 2, "3", 946684800000, """{"type":"notAnArray"}"""));
        var noEvents = bed.Item("m", 3, "4", 946684800000, "[]");
        noEvents.Remove("events");
        await bed.PutRawAsync(noEvents);
        var textTime = bed.Item("m", 5, "5", 0, "[]");
        textTime["committedAt"] = new AttributeValue { S = "yesterday" };
        await bed.PutRawAsync(textTime);
        // Never indexed (no commitId, no active): only the timeline can show it.
        var bare = bed.Item("m", 7, "0", 0, "[]");
        bare.Remove("commitId");
        bare.Remove("active");
        bare.Remove("committedAt");
        await bed.PutRawAsync(bare);

        var page = await bed.Store.ReadTimelineAsync(new TimelineQuery { AggregateId = "m", Order = ReadOrder.OldestFirst }, None);

        Assert.Equal([0L, 1, 2, 3, 5, 7], page.Items.Select(c => c.Version!.Value));
        Assert.False(page.Items[0].IsMalformed);
        var notJson = Assert.Single(page.Items[1].Problems);
        Assert.StartsWith("events is not valid JSON: line 1, column 21: ", notJson);
        Assert.DoesNotContain("LineNumber", notJson);
        Assert.DoesNotContain("BytePositionInLine", notJson);
        Assert.Equal("""[{"type": "broken", """, page.Items[1].EventsJson);
        Assert.Equal("events is a JSON object, not an array.", Assert.Single(page.Items[2].Problems));
        Assert.Equal("""{"type":"notAnArray"}""", page.Items[2].EventsJson);
        Assert.Equal("events is missing.", Assert.Single(page.Items[3].Problems));
        Assert.Equal("committedAt is stored as text (S) 'yesterday', not as a number.", Assert.Single(page.Items[4].Problems));
        Assert.Null(page.Items[4].CommittedAt);
        Assert.Equal(["commitId is missing.", "committedAt is missing."], page.Items[5].Problems);
        Assert.All(page.Items, c => Assert.True(c.SizeBytes > 0));

        var feed = await bed.Store.ReadFeedAsync(new FeedQuery { Order = ReadOrder.OldestFirst }, None);
        Assert.Equal(5, feed.Items.Count);
        Assert.Equal(4, feed.Items.Count(c => c.IsMalformed));
        Assert.Empty(feed.Gaps);
    }

    [Fact]
    public void Mapper_CommitIdOfTheOtherLayoutsType_HasNoCommitId_AndTheProblemShowsWhatIsStored()
    {
        var numericInB = new Dictionary<string, AttributeValue>
        {
            ["aggregateId"] = new() { S = "x" },
            ["version"] = new() { N = "1.5" },
            ["commitId"] = new() { N = "17" },
            ["committedAt"] = new() { N = "946684800000" },
            ["events"] = new() { S = "[1, \"two\", {\"type\": 3}, {\"type\": \"four\"}]" },
        };

        var commit = CommitItemMapper.Map(numericInB, EventStoreLayout.TimestampCommitIds);

        Assert.Null(commit.CommitId);
        Assert.Null(commit.Version);
        Assert.Equal("x\u00001.5", commit.Key);
        Assert.Equal(
            ["version 1.5 is not a whole number.", "commitId is stored as a number (N) 17; this store uses text commit ids (yyyyMMddHHmmssfff:aggregateId)."],
            commit.Problems);
        Assert.Equal(["1", "\"two\"", "{\"type\": 3}", "{\"type\": \"four\"}"], commit.Events.Select(e => e.Json));
        Assert.Equal([null, null, null, "four"], commit.Events.Select(e => e.Type));
        Assert.Equal([0, 1, 2, 3], commit.Events.Select(e => e.Index));

        var textInA = CommitItemMapper.Map(new Dictionary<string, AttributeValue>(numericInB) { ["commitId"] = new() { S = "abc" }, ["version"] = new() { N = "3" } }, EventStoreLayout.CounterCommitIds);
        Assert.Null(textInA.CommitId);
        Assert.Equal("x\u00003", textInA.Key);
        Assert.Equal("commitId is stored as text (S) 'abc'; this store uses numeric commit ids.", Assert.Single(textInA.Problems));
    }

    [Theory]
    [InlineData(EventStoreLayout.CounterCommitIds, "N", "17.5", "commit id '17.5' is not a whole number.")]
    [InlineData(EventStoreLayout.TimestampCommitIds, "S", "2026-11-21:x", "commit id '2026-11-21:x' does not have the form yyyyMMddHHmmssfff:aggregateId.")]
    [InlineData(EventStoreLayout.TimestampCommitIds, "S", "20261121060000000", "commit id '20261121060000000' does not have the form yyyyMMddHHmmssfff:aggregateId.")]
    public void Mapper_CommitIdOfTheRightTypeButNotTheLayoutsFormat_HasNoCommitId_AndTheProblemShowsWhatIsStored(EventStoreLayout layout, string type, string stored, string problem)
    {
        var item = new Dictionary<string, AttributeValue>
        {
            ["aggregateId"] = new() { S = "x" },
            ["version"] = new() { N = "0" },
            ["commitId"] = type == "N" ? new() { N = stored } : new() { S = stored },
            ["committedAt"] = new() { N = "946684800000" },
            ["events"] = new() { S = "[]" },
        };

        var commit = CommitItemMapper.Map(item, layout);

        Assert.Null(commit.CommitId);
        Assert.Equal(problem, Assert.Single(commit.Problems));
        Assert.True(commit.IsMalformed);
    }

    [Fact]
    public void Mapper_EventsThatAreNotJson_SayWhereInLinesAndCharacters()
    {
        var item = new Dictionary<string, AttributeValue>
        {
            ["aggregateId"] = new() { S = "x" },
            ["version"] = new() { N = "0" },
            ["commitId"] = new() { N = "1" },
            ["committedAt"] = new() { N = "946684800000" },
            // The error is on line 2, after two-byte letters: a byte count would say column 27.
            ["events"] = new() { S = "[\n  {\"name\": \"Zoë Müller\" x}]" },
        };

        var problem = Assert.Single(CommitItemMapper.Map(item, EventStoreLayout.CounterCommitIds).Problems);

        Assert.StartsWith("events is not valid JSON: line 2, column 25: ", problem);
        Assert.DoesNotContain("LineNumber", problem);
    }

    [Fact]
    public async Task AStringAttributeWithHalfACharacter_WhichTheSdkCannotRead_FailsThePageWithAReasonNotACrash()
    {
        using var bed = await EventStoreTestBed.CreateAsync(dynalite, EventStoreLayout.CounterCommitIds);
        await bed.PutRawAsync(bed.Item("h", 0, "1", 946684800000, "[]"));
        // As a program that sends JSON itself may write it: the attribute's own text holds a lone surrogate.
        await EventExplorer.Testing.RawDynamoDbRequest.SendAsync(dynalite.ServiceUrl, "PutItem", $$$"""
            {"TableName":"{{{bed.Tables.Commits}}}","Item":{"aggregateId":{"S":"h"},"version":{"N":"1"},"commitId":{"N":"2"},"committedAt":{"N":"946684800000"},
             "events":{"S":"[]"},"active":{"S":"t"},"note":{"S":"cut \ud800"} } }
            """);

        var failure = await Assert.ThrowsAsync<EventExplorer.Data.Errors.StoreUnavailableException>(() =>
            bed.Store.ReadTimelineAsync(new TimelineQuery { AggregateId = "h" }, None));

        Assert.Contains("an item the AWS SDK cannot read", failure.Message, StringComparison.Ordinal);
        Assert.Contains("not valid Unicode", failure.Message, StringComparison.Ordinal);
        // The commit before it still opens.
        Assert.NotNull(await bed.Store.ReadCommitAsync("h", 0, None));
    }
}
