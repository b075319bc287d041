using System.Text.Json;
using EventExplorer.Data.Model;
using EventExplorer.Tests.Infrastructure;
using EventExplorer.Web.Model.Json;

namespace EventExplorer.Tests.Web.Model.Json;

public sealed class JsonComparisonTests(DynaliteFixture dynalite) : IClassFixture<DynaliteFixture>
{
    [Fact]
    public void Create_BothJson_ComparesStructureAndPrettyPrintedLines()
    {
        var comparison = JsonComparison.Create("""{"a":1,"b":[1,2]}""", """{"b":[1,3],"a":1}""");

        Assert.NotNull(comparison.Structural);
        Assert.Equal(1, comparison.Count(JsonChangeKind.Changed));
        Assert.Equal("{\n  \"a\": 1,\n  \"b\": [\n    1,\n    2\n  ]\n}", comparison.LeftText);
        Assert.True(comparison.ChangedLines > 0);
    }

    [Fact]
    public void Create_OneSideNotJson_OffersOnlyTheLinesAndSaysWhereTheTextBreaks()
    {
        var comparison = JsonComparison.Create("""{"a":1}""", "{\"a\": tru}");

        Assert.Null(comparison.Structural);
        Assert.Null(comparison.LeftError);
        Assert.Equal("Not valid JSON at line 1, column 10: 'tru}' is an invalid JSON literal. Expected the literal 'true'.", comparison.RightError);
        Assert.Equal("{\"a\": tru}", comparison.RightText);
    }

    [Fact]
    public void Create_MissingSide_SaysThereIsNoValue()
    {
        Assert.Equal("There is no value.", JsonComparison.Create(null, "{}").LeftError);
    }

    [Fact]
    public void CommitExport_RoundTripsEveryFieldAndKeepsMarkupAsText()
    {
        var commit = StoreBed.CommitFrom("tenant/1", 3, CommitId.FromNumber(42), StoreBed.Epoch, """[{"type":"<script>alert(1)</script>"}]""");

        using var document = JsonDocument.Parse(CommitExport.ToJson([commit]));

        var item = document.RootElement[0];
        Assert.Equal("tenant/1", item.GetProperty("aggregateId").GetString());
        Assert.Equal(3, item.GetProperty("version").GetInt64());
        Assert.Equal(42, item.GetProperty("commitId").GetInt64());
        Assert.Equal("2026-11-21T06:00:00.000Z", item.GetProperty("committedAt").GetString());
        Assert.Equal(StoreBed.Epoch.ToUnixTimeMilliseconds(), item.GetProperty("committedAtRaw").GetInt64());
        Assert.Equal("<script>alert(1)</script>", item.GetProperty("events")[0].GetProperty("type").GetString());
        Assert.False(item.TryGetProperty("problems", out _));
    }

    [Fact]
    public void CommitExport_LayoutBCommitId_IsText_AndTheFileNameIsSafe()
    {
        var id = CommitId.FromTime(StoreBed.Epoch, "a/b");
        var commit = StoreBed.CommitFrom("a/b", 0, id, StoreBed.Epoch, "[]", EventStoreLayout.TimestampCommitIds);

        using var document = JsonDocument.Parse(CommitExport.ToJson([commit]));

        Assert.Equal("20261121060000000:a/b", document.RootElement[0].GetProperty("commitId").GetString());
        Assert.Equal("aggregate-a_b-0-3.json", CommitExport.FileName("aggregate-a/b", 0, 3));
    }

    [Fact]
    public async Task FeedExport_LayoutB_FileNameHasNoPathOrDriveSeparators()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite, EventStoreLayout.TimestampCommitIds);
        await bed.AddTypedAsync("tenant/1", "Placed");
        await bed.AddTypedAsync("c:x", "Placed");
        using var model = new EventExplorer.Web.Model.Feed.FeedViewModel(bed.Events, bed.Events, bed.Time, new EventExplorer.Data.SharedFeedTail(bed.Events, bed.Time));
        await model.LoadAsync("/feed");

        Assert.Equal("feed-20261121060000000_tenant_1-20261121060001000_c_x.json", model.ExportFileName);
    }
}
