using System.Text.Json;
using EventExplorer.Data.DynamoDb;
using EventExplorer.Data.Errors;
using EventExplorer.Data.Json;
using EventExplorer.Data.Model;

namespace EventExplorer.Tests.Data.Search;

/// <summary>The one-box search language and the matcher both the store and the fake use.</summary>
public sealed class PayloadQueryTests
{
    private static IReadOnlyList<PathMatch> Match(string query, string eventJson)
    {
        using var document = StoredJson.Parse(eventJson);
        return PayloadMatcher.Match(PayloadQuery.Parse(query), document.RootElement);
    }

    [Theory]
    [InlineData("orderId = \"order-2024-004711\"", "orderId", "\"order-2024-004711\"")]
    [InlineData("orderId = order-2024-004711", "orderId", "\"order-2024-004711\"")]
    [InlineData("$.lines[0].sku = \"X\"", "$.lines[0].sku", "\"X\"")]
    [InlineData("customer.email=\"a@b\"", "customer.email", "\"a@b\"")]
    [InlineData("total == 42.50", "total", "42.50")]
    [InlineData("$['odd name'][*].id = 7", "$['odd name'][*].id", "7")]
    [InlineData("flag = true", "flag", "true")]
    public void Parse_PathEqualsValue_ReadsPathAndJsonValue_AndRoundTrips(string typed, string path, string value)
    {
        var query = PayloadQuery.Parse(typed);

        Assert.Equal(PayloadQueryKind.PathEquals, query.Kind);
        Assert.Equal(path, query.Path!.Text);
        Assert.Equal(value, query.ValueJson);
        Assert.Equal(query, PayloadQuery.Parse(query.ToString()));
    }

    [Theory]
    [InlineData("order-2024-004711", "order-2024-004711")]
    [InlineData("\"a = b\"", "a = b")]
    [InlineData("two words", "two words")]
    [InlineData("x.y = ", null)]
    public void Parse_Text_IsASubstringQuery_QuotesKeepAnEqualsSignAsText(string typed, string? text)
    {
        if (text is null)
        {
            var error = Assert.Throws<InvalidQueryException>(() => PayloadQuery.Parse(typed));
            Assert.Contains("Nothing follows '='", error.Message);
            return;
        }
        var query = PayloadQuery.Parse(typed);

        Assert.Equal(PayloadQueryKind.Text, query.Kind);
        Assert.Equal(text, query.Text);
        Assert.Equal(query, PayloadQuery.Parse(query.ToString()));
    }

    [Theory]
    [InlineData("", "it is empty")]
    [InlineData(".a", "starts with '.'")]
    [InlineData("a..b", "a name is missing")]
    [InlineData("a[x]", "neither an index")]
    [InlineData("a[1", "not closed")]
    [InlineData("a[0]x", "should be '.' or '['")]
    [InlineData("a b", "cannot be part of a name")]
    public void PathParse_RefusesWhatIsNotAPath_AndSaysWhere(string typed, string reason)
    {
        Assert.False(JsonPathPattern.TryParse(typed, out _, out var problem));
        Assert.Contains(reason, problem);
    }

    [Fact]
    public void BareName_MatchesAtAnyDepth_WithConcretePaths()
    {
        var found = Match("email = \"a@b\"", """{"type":"X","email":"a@b","customer":{"email":"a@b"},"others":[{"email":"c@d"},{"email":"a@b"}]}""");

        Assert.Equal(["$.email", "$.customer.email", "$.others[1].email"], found.Select(m => m.Path));
        Assert.All(found, m => Assert.Equal("\"a@b\"", m.Snippet));
    }

    [Fact]
    public void RootedPath_OnlyMatchesFromTheEventItself()
    {
        Assert.Single(Match("$.customer.email = \"a@b\"", """{"customer":{"email":"a@b"}}"""));
        Assert.Empty(Match("$.customer.email = \"a@b\"", """{"data":{"customer":{"email":"a@b"}}}"""));
        Assert.Equal("$.data.customer.email", Assert.Single(Match("customer.email = \"a@b\"", """{"data":{"customer":{"email":"a@b"}}}""")).Path);
    }

    [Fact]
    public void IndexesAndAnyElement_SelectArrayElements()
    {
        const string order = """{"lines":[{"sku":"A"},{"sku":"X"},{"sku":"X"}]}""";

        Assert.Empty(Match("$.lines[0].sku = \"X\"", order));
        Assert.Equal("$.lines[1].sku", Assert.Single(Match("$.lines[1].sku = X", order)).Path);
        Assert.Equal(["$.lines[1].sku", "$.lines[2].sku"], Match("lines[*].sku = \"X\"", order).Select(m => m.Path));
    }

    [Fact]
    public void Values_CompareAsJson_NumbersByValue_ObjectsRegardlessOfOrder_StringsExactly()
    {
        Assert.Single(Match("total = 42.5", """{"total":42.50}"""));
        Assert.Single(Match("total = 1e2", """{"total":100}"""));
        Assert.Empty(Match("total = \"42.5\"", """{"total":42.5}"""));
        Assert.Single(Match("address = {\"zip\":\"1\",\"city\":\"B\"}", """{"address":{"city":"B","zip":"1"}}"""));
        Assert.Empty(Match("name = \"Ann\"", """{"name":"ann"}"""));
        Assert.Single(Match("gone = null", """{"gone":null}"""));
    }

    [Fact]
    public void Text_MatchesNamesStringsAndNumbers_WithTheirPaths_CaseSensitiveUnlessAsked()
    {
        using var document = StoredJson.Parse("""{"type":"OrderPlaced","orderId":"order-4711","lines":[{"qty":4711}],"note":"Order 4711"}""");

        var exact = PayloadMatcher.Match(PayloadQuery.ForText("4711"), document.RootElement);
        var caseless = PayloadMatcher.Match(PayloadQuery.ForText("ORDER", ignoreCase: true), document.RootElement);
        var cased = PayloadMatcher.Match(PayloadQuery.ForText("Order"), document.RootElement);

        Assert.Equal(["$.orderId", "$.lines[0].qty", "$.note"], exact.Select(m => m.Path));
        Assert.Equal(["$.type", "$.orderId", "$.note"], caseless.Select(m => m.Path));
        Assert.Equal(["$.type", "$.note"], cased.Select(m => m.Path));
    }

    [Fact]
    public void Text_MatchingAPropertyName_ShowsTheValueThere_NotTheNameTyped()
    {
        var found = Match("total", """{"type":"OrderPlaced","total":791.95,"subtotal":{"net":700}}""");

        Assert.Equal([("$.total", "791.95"), ("$.subtotal", "{\"net\":700}")], found.Select(m => (m.Path, m.Snippet)));
    }

    [Fact]
    public void Text_InAnEventThatIsABareValue_MatchesAtTheRoot()
    {
        Assert.Equal("$", Assert.Single(Match("hello", "\"well hello\"")).Path);
    }

    [Fact]
    public void Snippet_OfALongValue_IsShortened()
    {
        var match = Assert.Single(Match("big = " + JsonSerializer.Serialize(new string('x', 500)), JsonSerializer.Serialize(new { big = new string('x', 500) })));

        Assert.Equal(PayloadMatcher.SnippetLength + 1, match.Snippet.Length);
        Assert.EndsWith("…", match.Snippet);
    }

    [Fact]
    public void MatchedPaths_ParseBackToPatternsThatFindTheSamePlace()
    {
        const string json = """{"a b":[{"it's":1}]}""";
        var path = Assert.Single(Match("1", json)).Path;

        Assert.Equal("$['a b'][0]['it\\'s']", path);
        Assert.Equal(path, Assert.Single(Match(path + " = 1", json)).Path);
    }

    [Theory]
    [InlineData("stockAdjusted", true)]
    [InlineData("order-2024-004711", true)]
    [InlineData("a@b.example", true)]
    [InlineData("café", false)]
    [InlineData("a+b", false)]
    [InlineData("<b>", false)]
    [InlineData("it's", false)]
    [InlineData("a/b", false)]
    [InlineData("say \"hi\"", false)]
    public void PreFilter_UsesOnlyTextEveryJsonWriterWritesLiterally(string text, bool literal)
    {
        Assert.Equal(literal, PreFilter.IsLiteral(text));
        var pre = PreFilter.For(null, PayloadQuery.ForText(text));
        Assert.Equal(literal, pre is not null);
    }

    [Fact]
    public void PreFilter_ForPathQueries_NeedsTheQuotedNamesAndAQuotedStringValue_AndNeverACaselessText()
    {
        var path = PreFilter.For(new CommitFilter { EventType = "OrderPlaced", AggregateIdPrefix = "acc-" }, PayloadQuery.Parse("customer.email = \"a@b\""))!;

        Assert.Equal(["\"OrderPlaced\"", "\"customer\"", "\"email\"", "\"a@b\""], path.EventsNeedles);
        Assert.StartsWith("begins_with(aggregateId, \"acc-\") AND contains(events, \"\\\"OrderPlaced\\\"\")", path.Display);
        Assert.Null(PreFilter.For(null, PayloadQuery.ForText("x", ignoreCase: true)));
        Assert.Equal(["\"total\""], PreFilter.For(null, PayloadQuery.Parse("total = 5"))!.EventsNeedles);
    }
}
