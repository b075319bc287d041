using EventExplorer.Web.Model.Json;

namespace EventExplorer.Tests.Web.Model.Json;

public sealed class JsonDiffTests
{
    [Fact]
    public void Compare_ChangedNestedArrayValue_ReportsItsPathAndBothValues()
    {
        var left = """{"items":[{"price":1},{"price":2},{"price":3}]}""";
        var right = """{"items":[{"price":1},{"price":2},{"price":4.5}]}""";

        var result = JsonDiff.Compare(left, right);

        var change = Assert.Single(result.Changes);
        Assert.Equal("$.items[2].price", change.Path);
        Assert.Equal(JsonChangeKind.Changed, change.Kind);
        Assert.Equal("3", change.Left);
        Assert.Equal("4.5", change.Right);
    }

    [Fact]
    public void Compare_PropertyOnlyOnOneSide_IsAddedOrRemoved()
    {
        var result = JsonDiff.Compare("""{"a":1,"gone":{"x":true}}""", """{"a":1,"new":"v"}""");

        Assert.Collection(result.Changes,
            removed =>
            {
                Assert.Equal(("$.gone", JsonChangeKind.Removed), (removed.Path, removed.Kind));
                Assert.Equal("""{"x":true}""", removed.Left);
                Assert.Null(removed.Right);
            },
            added =>
            {
                Assert.Equal(("$.new", JsonChangeKind.Added), (added.Path, added.Kind));
                Assert.Null(added.Left);
                Assert.Equal("\"v\"", added.Right);
            });
    }

    [Fact]
    public void Compare_ArraysOfDifferentLength_ComparesByIndexAndReportsTheTail()
    {
        var result = JsonDiff.Compare("[1,2]", "[1,3,4]");

        Assert.Equal(
            [("$[1]", JsonChangeKind.Changed), ("$[2]", JsonChangeKind.Added)],
            result.Changes.Select(c => (c.Path, c.Kind)));
    }

    [Fact]
    public void Compare_SameValuesWrittenDifferently_AreEqual()
    {
        var result = JsonDiff.Compare("""{"b":[1.0, "x"], "a": null}""", """{"a":null,"b":[1,"x"]}""");

        Assert.True(result.AreEqual);
    }

    [Fact]
    public void Compare_ValueChangesKind_IsChanged()
    {
        var result = JsonDiff.Compare("""{"a":{"b":1}}""", """{"a":[1]}""");

        var change = Assert.Single(result.Changes);
        Assert.Equal(("$.a", JsonChangeKind.Changed, """{"b":1}""", "[1]"), (change.Path, change.Kind, change.Left, change.Right));
    }

    [Fact]
    public void Compare_KeysThatAreNotIdentifiers_AreQuotedInThePath()
    {
        var result = JsonDiff.Compare("""{"odd key":{"it's":1}}""", """{"odd key":{"it's":2}}""");

        Assert.Equal("$['odd key']['it\\'s']", Assert.Single(result.Changes).Path);
    }

    [Fact]
    public void Compare_MoreDifferencesThanTheLimit_StopsAndSaysSo()
    {
        var left = "[" + string.Join(",", Enumerable.Range(0, 50)) + "]";
        var right = "[" + string.Join(",", Enumerable.Range(100, 50)) + "]";

        var result = JsonDiff.Compare(left, right, maxChanges: 10);

        Assert.Equal(10, result.Changes.Count);
        Assert.True(result.Truncated);
        Assert.False(result.AreEqual);
    }

    [Fact]
    public void Compare_MarkupInValues_IsKeptAsPlainJsonText()
    {
        var result = JsonDiff.Compare("""{"a":"<b>"}""", """{"a":"<script>alert(1)</script>"}""");

        Assert.Equal("\"<script>alert(1)</script>\"", Assert.Single(result.Changes).Right);
    }
}
