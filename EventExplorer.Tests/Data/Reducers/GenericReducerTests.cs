using EventExplorer.Data.Reducers;
using static EventExplorer.Tests.Data.Reducers.ReducerTestCommits;

namespace EventExplorer.Tests.Data.Reducers;

public sealed class GenericReducerTests
{
    private static readonly GenericReducer Generic = GenericReducer.Instance;

    [Fact]
    public void Fold_MergesEachEventsPropertiesExceptType_InVersionOrder()
    {
        var state = FoldToJson(Generic,
            """[{"type":"OrderPlaced","customer":"ann","total":10}]""",
            """[{"type":"Repriced","total":12.5},{"type":"Noted","note":"gift"}]""");

        Assert.Equal("""{"customer":"ann","total":12.5,"note":"gift"}""", state);
    }

    [Fact]
    public void Fold_ObjectsMergeByKeyAtAnyDepth_ArraysAndScalarsAreReplaced()
    {
        var state = FoldToJson(Generic,
            """[{"type":"a","address":{"city":"Oslo","zip":"0150","geo":{"lat":1}},"lines":[1,2,3],"tags":"x"}]""",
            """[{"type":"b","address":{"zip":"0151","geo":{"lon":2}},"lines":[9],"tags":{"now":"an object"}}]""");

        Assert.Equal("""{"address":{"city":"Oslo","zip":"0151","geo":{"lat":1,"lon":2}},"lines":[9],"tags":{"now":"an object"}}""", state);
    }

    [Fact]
    public void Fold_NoEvents_IsAnEmptyObject()
    {
        Assert.Equal("{}", FoldToJson(Generic, "[]"));
    }

    [Fact]
    public void Fold_AnEventThatIsNotAnObject_NamesTheVersionAndEvent()
    {
        var error = Assert.Throws<ReducerException>(() => FoldToJson(Generic, """[{"type":"a"}]""", """[{"type":"b"}, 42]"""));

        Assert.Equal(1, error.Version);
        Assert.Equal(1, error.EventIndex);
        Assert.Contains("v1, event 1", error.Message, StringComparison.Ordinal);
        Assert.Contains("a number, not an object", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fold_ACommitWhoseEventsAreNotAnArray_CannotBeFolded()
    {
        var error = Assert.Throws<ReducerException>(() => FoldToJson(Generic, """{"type":"a"}"""));

        Assert.Equal(0, error.Version);
        Assert.Contains("not a JSON array", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void State_IsACopy_LaterEventsDoNotChangeAStateAlreadyTaken()
    {
        using var fold = Generic.Begin(ReducerLimits.Default, CancellationToken.None);
        fold.Apply(Commit(0, """[{"type":"a","n":1}]"""));
        var before = fold.State!.ToJsonString();
        fold.Apply(Commit(1, """[{"type":"a","n":2}]"""));

        Assert.Equal("""{"n":1}""", before);
        Assert.Equal("""{"n":2}""", fold.State!.ToJsonString());
        Assert.Equal(2, fold.EventsFolded);
        Assert.Equal(1, fold.Version);
    }
}
