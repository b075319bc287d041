using System.Text;
using System.Text.Json.Nodes;
using EventExplorer.E2E.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EventExplorer.E2E.Journeys;

/// <summary>Appending a commit: success, a version conflict, invalid input, a commit near DynamoDB's item limit.</summary>
[Collection(WritableStoreCollection.Name)]
public sealed class AppendJourneys(WritableStoreFixture store)
{
    private const string EventsLabel = "Events (a JSON array)";
    private const string Valid = "A valid JSON array of events.";

    private static ILocator AppendButton(IPage page) => page.GetByRole(AriaRole.Button, new() { Name = "Append commit", Exact = true });

    [Fact]
    public Task ACommitAppendedFromTheTimelineShowsInIt() => store.RunAsync(async page =>
    {
        const string id = "e2e-append-ok";
        await page.OpenAsync("/aggregates/" + id);
        await page.GetByRole(AriaRole.Link, new() { Name = "Append next commit (v2)" }).ClickAsync();

        await Expect(page).ToHaveURLAsync($"{store.BaseUrl}/append?aggregate={id}&version=2");
        await Expect(page.GetByLabel("Aggregate id", new() { Exact = true })).ToHaveValueAsync(id);
        await Expect(page.GetByLabel("Version", new() { Exact = true })).ToHaveValueAsync("2");
        const string events = """[{"type":"noteAdded","text":"hello from the browser","tags":["e2e","ünïcödé"]}]""";
        await page.FillJsonEditorAsync(EventsLabel, events, Valid);
        await AppendButton(page).ClickAsync();

        var result = page.Locator(".append-result.success");
        await Expect(result).ToContainTextAsync("Commit appended.");
        await Expect(result).ToContainTextAsync($"Aggregate {id}, version 2");
        await Expect(page.GetByLabel("Version", new() { Exact = true })).ToHaveValueAsync("3");
        // A second click does not append the same commit twice.
        await Expect(AppendButton(page)).ToBeDisabledAsync();

        var stored = await store.ReadAllAsync(id);
        Assert.Equal([0L, 1L, 2L], stored.Select(c => c.Version!.Value));
        Ui.JsonEqual(events, stored[2].EventsJson!);

        await page.GetByRole(AriaRole.Link, new() { Name = "Open the commit in its timeline" }).ClickAsync();
        await Expect(page.Locator("#aggregate-id")).ToHaveTextAsync(id);
        await Expect(page.TimelineVersions()).ToHaveTextAsync(["2"]);
        await Expect(page.Locator("table.commits tr.commit-row").First).ToContainTextAsync("noteAdded");
    });

    [Fact]
    public Task AVersionConflictKeepsTheTypedInputAndShowsTheCompetingCommit() => store.RunAsync(async page =>
    {
        const string id = "e2e-conflict";
        await page.OpenAsync("/append?aggregate=" + id);
        var version = page.GetByLabel("Version", new() { Exact = true });
        await Expect(version).ToHaveValueAsync("2");
        const string mine = """[{"type":"priceChanged","price":12.5,"note":"typed by hand"}]""";
        await page.FillJsonEditorAsync(EventsLabel, mine, Valid);

        // Another writer takes version 2 while the form is open.
        await store.AppendAsync(id, 2, """[{"type":"competitorWasFirst","by":"another program"}]""");
        await AppendButton(page).ClickAsync();

        var conflict = page.Locator(".append-result.conflict");
        await Expect(conflict).ToContainTextAsync("Version conflict");
        await Expect(conflict).ToContainTextAsync("your input is kept");
        var competing = conflict.Locator("table.conflict-commits tbody tr");
        await Expect(competing).ToHaveCountAsync(1);
        await Expect(competing).ToContainTextAsync("competitorWasFirst");
        await Expect(competing.GetByRole(AriaRole.Link)).ToHaveTextAsync("2");
        Ui.JsonEqual(mine, await page.GetByLabel(EventsLabel).InputValueAsync());
        await Expect(page.GetByLabel("Aggregate id", new() { Exact = true })).ToHaveValueAsync(id);
        await Expect(version).ToHaveValueAsync("2");

        await conflict.GetByRole(AriaRole.Button, new() { Name = "Use the next free version (3)" }).ClickAsync();
        await Expect(version).ToHaveValueAsync("3");
        await AppendButton(page).ClickAsync();
        await Expect(page.Locator(".append-result.success")).ToContainTextAsync($"Aggregate {id}, version 3");

        var stored = await store.ReadAllAsync(id);
        Assert.Equal([0L, 1L, 2L, 3L], stored.Select(c => c.Version!.Value));
        Assert.Contains("competitorWasFirst", stored[2].EventsJson);
        Ui.JsonEqual(mine, stored[3].EventsJson!);
    });

    [Fact]
    public Task InvalidJsonIsRefusedWithAMessageAndNothingIsWritten() => store.RunAsync(async page =>
    {
        const string id = "e2e-invalid-json";
        await page.OpenAsync($"/append?aggregate={id}&version=0");
        const string broken = """[{"type": "created", "name": "half typed" """;
        await page.FillJsonEditorAsync(EventsLabel, broken, "Not valid JSON at line 1");
        // The editor offers to go to the error.
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Go to line 1" })).ToBeVisibleAsync();
        await AppendButton(page).ClickAsync();

        var errors = page.Locator("#append-errors");
        await Expect(errors).ToContainTextAsync("The commit was not appended");
        await Expect(errors).ToContainTextAsync("Events: Not valid JSON at line 1");
        await Expect(page.GetByLabel(EventsLabel)).ToHaveValueAsync(broken);

        // Valid JSON that is not an array of events is refused too.
        await page.FillJsonEditorAsync(EventsLabel, """{"type":"created"}""", "must be a JSON array");
        await AppendButton(page).ClickAsync();
        await Expect(errors).ToContainTextAsync("must be a JSON array");

        Assert.Empty(await store.ReadAllAsync(id));
    });

    [Fact]
    public Task ACommitOfAbout300KbAppendsAndReadsBackIntact() => store.RunAsync(async page =>
    {
        const string id = "e2e-big-commit";
        var events = BigEvents(300 * 1024);
        await page.OpenAsync($"/append?aggregate={id}&version=0");
        await page.FillJsonEditorAsync(EventsLabel, events, Valid);
        await AppendButton(page).ClickAsync();
        await Expect(page.Locator(".append-result.success")).ToContainTextAsync($"Aggregate {id}, version 0", new() { Timeout = 30_000 });

        var stored = Assert.Single(await store.ReadAllAsync(id));
        Ui.JsonEqual(events, stored.EventsJson!);

        // Read back in the browser: the raw text of the big event is the whole document.
        await page.OpenAsync($"/aggregates/{id}?expand=0");
        var details = page.Locator("#events-0");
        await Expect(details).ToContainTextAsync("2 events");
        var bigEvent = details.Locator("details.event").Nth(1);
        await Expect(bigEvent.Locator("summary")).ToContainTextAsync("productsImported");
        if (await bigEvent.GetAttributeAsync("open") is null) await bigEvent.Locator("summary").ClickAsync();
        await bigEvent.GetByRole(AriaRole.Button, new() { Name = "Raw", Exact = true }).ClickAsync();
        var raw = await bigEvent.Locator("pre.json-raw").InnerTextAsync();
        Ui.JsonEqual(JsonNode.Parse(events)![1]!.ToJsonString(), raw);
    });

    [Fact]
    public Task EventsTypedBeforeTheEditorScriptHasLoadedAreStillCheckedAndAppended() => store.RunAsync(async page =>
    {
        const string id = "e2e-early-typing";
        // A slow network: the editor's script arrives only after the user has already pasted (the
        // editor used to lose such text: it took what the textarea showed as already sent).
        var release = new TaskCompletionSource();
        await page.RouteAsync("**/JsonEditor.razor.js", async route =>
        {
            await release.Task;
            await route.ContinueAsync();
        });
        await page.OpenAsync($"/append?aggregate={id}&version=0");
        const string events = """[{"type":"pastedEarly"}]""";
        await page.GetByLabel(EventsLabel).FillAsync(events);
        release.SetResult();

        await Expect(page.Locator("#append-events-status")).ToContainTextAsync(Valid);
        await AppendButton(page).ClickAsync();
        await Expect(page.Locator(".append-result.success")).ToContainTextAsync($"Aggregate {id}, version 0");
        Ui.JsonEqual(events, Assert.Single(await store.ReadAllAsync(id)).EventsJson!);
    });

    /// <summary>Two events, the second a catalogue of products with non-ASCII text, about <paramref name="bytes"/> long.</summary>
    private static string BigEvents(int bytes)
    {
        var products = new JsonArray();
        var size = 0;
        for (var i = 0; size < bytes; i++)
        {
            var product = new JsonObject
            {
                ["sku"] = $"BIG-{i:D6}",
                ["name"] = $"Größe {i} — café crème",
                ["description"] = new string((char)('a' + i % 26), 80) + " <b>not markup</b>",
                ["price"] = i * 0.25m,
            };
            size += Encoding.UTF8.GetByteCount(product.ToJsonString()) + 1;
            products.Add(product);
        }
        var events = new JsonArray(
            new JsonObject { ["type"] = "importStarted", ["source"] = "e2e" },
            new JsonObject { ["type"] = "productsImported", ["products"] = products });
        return events.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }
}
