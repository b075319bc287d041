using System.Text.Json;
using EventExplorer.Data.Json;
using EventExplorer.Data.Model;
using EventExplorer.Tests.Infrastructure;
using EventExplorer.Web.Model.Json;
using EventExplorer.Web.Model.Urls;

namespace EventExplorer.Tests.Web.Model.Json;

public sealed class EventValueContextTests(DynaliteFixture dynalite) : IClassFixture<DynaliteFixture>
{
    private static readonly DateTimeOffset At = new(2026, 10, 2, 14, 34, 0, TimeSpan.Zero);

    private static JsonElement Value(string json)
    {
        using var document = StoredJson.Parse(json);
        return document.RootElement.Clone();
    }

    [Fact]
    public void FieldHistoryUrl_TreePath_IsTheFieldHistoryOfThatPathInTheAggregate()
    {
        var context = new EventValueContext("account-7", At);

        Assert.Equal("/fields?aggregate=account-7&path=%24.address.city", context.FieldHistoryUrl("$.address.city"));
    }

    [Fact]
    public void SearchUrl_StringValue_SearchesTheFeedAnHourEitherSideForPathEqualsValue()
    {
        var context = new EventValueContext("account-7", At);

        var url = context.SearchUrl("$.email", Value("\"a@example.com\""))!;

        var query = QueryReader.FromUrl(url);
        Assert.StartsWith("/search?", url, StringComparison.Ordinal);
        Assert.Equal("$.email = \"a@example.com\"", query.Text("q"));
        Assert.Null(query.Text("aggregate"));
        Assert.Equal(At.AddHours(-1), query.Time("since", "since"));
        Assert.Equal(At.AddHours(1), query.Time("until", "until"));
    }

    [Fact]
    public void Paths_WithOddNames_AreGivenInThePatternsNormalForm()
    {
        var context = new EventValueContext("a", At);

        // The tree writes ".$ref" and "['first-name']"; the search's normal form is "['$ref']" and ".first-name": the same path.
        Assert.Equal("$['$ref'].first-name[0]", JsonPathPattern.Parse("$.$ref['first-name'][0]").Text);
        var url = context.FieldHistoryUrl("$.$ref['first-name'][0]")!;
        Assert.Equal("$['$ref'].first-name[0]", QueryReader.FromUrl(url).Text("path"));
    }

    [Fact]
    public void SearchUrl_CommitWithoutTime_IsNull()
    {
        var context = new EventValueContext("a", null);

        Assert.Null(context.SearchUrl("$.n", Value("1")));
        Assert.NotNull(context.FieldHistoryUrl("$.n"));
    }

    [Fact]
    public void SearchUrl_ValueTooLongToSearchFor_IsNull()
    {
        var context = new EventValueContext("a", At);

        Assert.Null(context.SearchUrl("$.text", Value(JsonSerializer.Serialize(new string('x', PayloadQuery.MaxLength)))));
    }

    [Theory]
    [InlineData("""{"type":"emailChanged","email":"a@example.com"}""", "$.email", "\"a@example.com\"")]
    [InlineData("""{"type":"orderPlaced","lines":[{"sku":"X-1","qty":2}]}""", "$.lines[0].qty", "2")]
    [InlineData("""{"type":"t","odd name":{"$ref":true}}""", "$['odd name'].$ref", "true")]
    [InlineData("""{"type":"t","first-name":"Zoë \"Z\""}""", "$['first-name']", "\"Zoë \\\"Z\\\"\"")]
    public async Task TheSearchLinked_FindsTheCommitTheValueWasClickedIn(string eventJson, string treePath, string valueJson)
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await bed.AddTypedAsync("other", "Noise");
        var commit = await bed.AddAsync("account-7", eventJson);
        await bed.AddTypedAsync("other", "Noise");
        var context = new EventValueContext(commit.AggregateId, commit.CommittedAt);

        var query = QueryReader.FromUrl(context.SearchUrl(treePath, Value(valueJson))!);
        var request = new SearchRequest
        {
            Range = CommitRange.FeedWindow(query.Time("since", "since"), query.Time("until", "until")),
            Query = PayloadQuery.Parse(query.Text("q")),
        };
        var matches = new List<SearchMatch>();
        await foreach (var progress in bed.Events.SearchAsync(request, CancellationToken.None)) matches.AddRange(progress.NewMatches);

        var match = Assert.Single(matches);
        Assert.Equal(commit.Key, match.Commit.Key);
        Assert.Equal(JsonPathPattern.Parse(treePath).Text, Assert.Single(Assert.Single(match.Events).Paths).Path);
    }

    [Fact]
    public async Task TheFieldHistoryLinked_ListsTheCommitsThatSetTheField()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await bed.AddAsync("account-7", """{"type":"accountCreated","email":"a@example.com"}""");
        await bed.AddAsync("account-7", """{"type":"nameChanged","name":"A"}""");
        var changed = await bed.AddAsync("account-7", """{"type":"emailChanged","email":"b@example.com"}""");
        var context = new EventValueContext("account-7", changed.CommittedAt);

        var query = QueryReader.FromUrl(context.FieldHistoryUrl("$.email")!);
        var request = new FieldHistoryRequest { AggregateId = query.Text("aggregate")!, Path = JsonPathPattern.Parse(query.Text("path")!) };
        var changes = new List<FieldChange>();
        await foreach (var progress in bed.Events.ReadFieldHistoryAsync(request, CancellationToken.None)) changes.AddRange(progress.NewChanges);

        Assert.Equal([0L, 2L], changes.Select(c => c.Commit.Version!.Value));
        Assert.Equal("\"a@example.com\"", changes[1].OldValueJson);
        Assert.Equal("\"b@example.com\"", changes[1].NewValueJson);
    }
}
