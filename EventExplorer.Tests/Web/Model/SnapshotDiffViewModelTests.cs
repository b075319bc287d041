using EventExplorer.Tests.Fakes;
using EventExplorer.Web.Model;

namespace EventExplorer.Tests.Web.Model;

public sealed class SnapshotDiffViewModelTests
{
    [Fact]
    public async Task LoadAsync_TwoStoredIds_ComparesTheirStates()
    {
        var store = new FakeSnapshotStore();
        store.Put("a", """{"n":1}""");
        store.Put("b", """{"n":2}""");
        var model = new SnapshotDiffViewModel(store);

        await model.LoadAsync("a", "b");

        Assert.False(model.PasteMode);
        Assert.True(model.CanCompare);
        Assert.Equal(("""{"n":1}""", """{"n":2}"""), (model.LeftJson, model.RightJson));
        Assert.Equal("/snapshots/diff?left=b&right=a", model.SwapUrl);
    }

    [Fact]
    public async Task LoadAsync_UnknownId_MarksThatSideNotFound()
    {
        var store = new FakeSnapshotStore();
        store.Put("a", "{}");
        var model = new SnapshotDiffViewModel(store);

        await model.LoadAsync("a", "missing");

        Assert.True(model.Right.NotFound);
        Assert.False(model.Left.NotFound);
        Assert.False(model.CanCompare);
    }

    [Fact]
    public async Task NoRightId_ComparesWithPastedJson()
    {
        var store = new FakeSnapshotStore();
        store.Put("a", """{"n":1}""");
        var model = new SnapshotDiffViewModel(store);

        await model.LoadAsync("a", null);
        Assert.True(model.PasteMode);
        Assert.False(model.CanCompare);

        model.PasteFromLeft();
        Assert.Equal("{\n  \"n\": 1\n}", model.PastedJson.Replace("\r\n", "\n"));
        model.PastedJson = """{"n":3}""";

        Assert.True(model.CanCompare);
        Assert.Equal("""{"n":3}""", model.RightJson);
    }

    [Fact]
    public async Task PastedJson_SurvivesChangingTheLeftSnapshot()
    {
        var store = new FakeSnapshotStore();
        store.Put("a", "{}");
        store.Put("b", "[]");
        var model = new SnapshotDiffViewModel(store);
        await model.LoadAsync("a", null);
        model.PastedJson = """{"typed":"by hand"}""";

        await model.LoadAsync("b", null);

        Assert.Equal("""{"typed":"by hand"}""", model.PastedJson);
        Assert.Equal("[]", model.LeftJson);
    }

    [Fact]
    public void CompareUrl_TakesTheIdsAsTyped()
    {
        var model = new SnapshotDiffViewModel(new FakeSnapshotStore()) { LeftInput = "x/1 ü", RightInput = "" };

        Assert.Equal("/snapshots/diff?left=x%2F1%20%C3%BC", model.CompareUrl);
    }
}
