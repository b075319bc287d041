using System.Text.RegularExpressions;
using Amazon.DynamoDBv2.Model;
using EventExplorer.E2E.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EventExplorer.E2E.Journeys;

/// <summary>
/// Issue 16 §2 in a browser: events text with half of a character (<c>"\ud800"</c>, what Node's JSON.stringify
/// writes for a string cut inside an emoji) failed every view of its aggregate, every feed-wide search, and its
/// export; the append editor called such text valid and then lost it. Now the commit is shown with the escape,
/// flagged, and the editor says why it cannot be stored.
/// </summary>
public sealed class HalfCharacterJourneys(HalfCharacterStoreFixture store) : IClassFixture<HalfCharacterStoreFixture>
{
    private const string Failed = "This view failed unexpectedly";

    [Fact]
    public Task ACommitWithHalfACharacterIsShownFlaggedOnEveryPage() => store.RunAsync(async page =>
    {
        await page.OpenAsync("/aggregates/" + HalfCharacterStoreFixture.Aggregate);
        await Expect(page.TimelineVersions()).ToHaveTextAsync(["1", "0"]);
        await Expect(page.CommitRows().First.GetByText("malformed", new() { Exact = true })).ToBeVisibleAsync();
        await page.OpenVersionButton(1).ClickAsync();
        var details = page.VersionDetails(1);
        await Expect(details.GetByRole(AriaRole.Note).First).ToContainTextAsync("lone surrogate");
        await Expect(details.Locator(".json-string", new() { HasTextString = "ud800" })).ToHaveTextAsync("\"\\ud800\"");
        await Expect(details.GetByText("not valid Unicode", new() { Exact = true })).ToBeVisibleAsync();

        await page.OpenAsync($"/commit?aggregate={HalfCharacterStoreFixture.Aggregate}&version=1");
        await Expect(page.Locator(".commit-events .json-string", new() { HasTextString = "ud800" })).ToHaveTextAsync("\"\\ud800\"");

        await page.OpenAsync("/search?q=x");
        await Expect(page.Locator("li.search-match")).ToHaveCountAsync(1);
        await Expect(page.Locator(".read-progress")).ToContainTextAsync("Done");

        await page.OpenAsync($"/fields?aggregate={HalfCharacterStoreFixture.Aggregate}&path=s");
        await Expect(page.Locator(".read-progress")).ToContainTextAsync("Done");
        await Expect(page.Locator("main")).ToContainTextAsync("\"\\ud800\"");

        await Expect(page.GetByText(Failed)).ToHaveCountAsync(0);
    });

    [Fact]
    public Task TheAppendEditorSaysHalfACharacterCannotBeStoredAndKeepsTheText() => store.RunAsync(async page =>
    {
        const string label = "Events (a JSON array)";
        await page.OpenAsync("/append?aggregate=typed-cut-emoji&version=0");

        await page.FillJsonEditorAsync(label, HalfCharacterStoreFixture.CutEmoji, "Cannot be stored as typed at line 1, column 19");

        await Expect(page.JsonEditorStatus(label)).ToContainTextAsync("lone surrogate");
        await Expect(page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Append commit") })).ToBeDisabledAsync();
        await Expect(page.GetByLabel(label, new() { Exact = true })).ToHaveValueAsync(HalfCharacterStoreFixture.CutEmoji);
        await Expect(page.GetByText(Failed)).ToHaveCountAsync(0);
    });
}

/// <summary>Layout A, writable, with one aggregate whose second commit holds half of a character, written raw as Node would.</summary>
public sealed class HalfCharacterStoreFixture : ExplorerFixture
{
    public const string Aggregate = "order-cut-emoji";

    public const string CutEmoji = """[{"type":"x","s":"\ud800"}]""";

    protected override async Task SeedAsync()
    {
        await PutAsync(0, "1", """[{"type":"placed","s":"fine"}]""");
        await PutAsync(1, "2", CutEmoji);
    }

    private Task PutAsync(long version, string commitId, string events) =>
        Client.PutItemAsync(new PutItemRequest
        {
            TableName = Options.Tables.Commits,
            Item = new Dictionary<string, AttributeValue>
            {
                ["aggregateId"] = new() { S = Aggregate },
                ["version"] = new() { N = version.ToString(System.Globalization.CultureInfo.InvariantCulture) },
                ["commitId"] = new() { N = commitId },
                ["committedAt"] = new() { N = (946684800000 + version).ToString(System.Globalization.CultureInfo.InvariantCulture) },
                ["events"] = new() { S = events },
                ["active"] = new() { S = "t" },
            },
        });
}
