using System.Text.Json;
using EventExplorer.Data.Model;
using EventExplorer.Tests.Fakes;
using EventExplorer.Web.Model.Json;

namespace EventExplorer.Tests.Web.Model.Json;

public sealed class JsonComparisonTests
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
        var commit = FakeEventStore.Parse("tenant/1", 3, CommitId.FromNumber(42), FakeEventStore.Epoch, """[{"type":"<script>alert(1)</script>"}]""");

        using var document = JsonDocument.Parse(CommitExport.ToJson([commit]));

        var item = document.RootElement[0];
        Assert.Equal("tenant/1", item.GetProperty("aggregateId").GetString());
        Assert.Equal(3, item.GetProperty("version").GetInt64());
        Assert.Equal(42, item.GetProperty("commitId").GetInt64());
        Assert.Equal("2026-11-21T06:00:00.000Z", item.GetProperty("committedAt").GetString());
        Assert.Equal(FakeEventStore.Epoch.ToUnixTimeMilliseconds(), item.GetProperty("committedAtRaw").GetInt64());
        Assert.Equal("<script>alert(1)</script>", item.GetProperty("events")[0].GetProperty("type").GetString());
        Assert.False(item.TryGetProperty("problems", out _));
    }

    [Fact]
    public void CommitExport_LayoutBCommitId_IsText_AndTheFileNameIsSafe()
    {
        var id = CommitId.FromTime(FakeEventStore.Epoch, "a/b");
        var commit = FakeEventStore.Parse("a/b", 0, id, FakeEventStore.Epoch, "[]");

        using var document = JsonDocument.Parse(CommitExport.ToJson([commit]));

        Assert.Equal("20261121060000000:a/b", document.RootElement[0].GetProperty("commitId").GetString());
        Assert.Equal("aggregate-a_b-0-3.json", CommitExport.FileName("aggregate-a/b", 0, 3));
    }

    [Fact]
    public async Task FeedExport_LayoutB_FileNameHasNoPathOrDriveSeparators()
    {
        var store = new FakeEventStore(EventStoreLayout.TimestampCommitIds);
        store.AddTyped("tenant/1", "Placed");
        store.AddTyped("c:x", "Placed");
        using var model = new EventExplorer.Web.Model.Feed.FeedViewModel(store, store, TimeProvider.System);
        await model.LoadAsync("/feed");

        Assert.Equal("feed-20261121060000000_tenant_1-20261121060001000_c_x.json", model.ExportFileName);
    }
}
