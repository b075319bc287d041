using System.Text;
using System.Text.RegularExpressions;
using System.Text.Json.Nodes;
using EventExplorer.E2E.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EventExplorer.E2E.Journeys;

/// <summary>Appending a commit: success, a version conflict, invalid input, a warning for untyped events, a commit near DynamoDB's item limit.</summary>
[Collection(WritableStoreCollection.Name)]
public sealed class AppendJourneys(WritableStoreFixture store)
{
    private const string EventsLabel = "Events (a JSON array)";
    private const string Valid = "A valid JSON array of events.";

    private static ILocator AppendButton(IPage page) => page.GetByRole(AriaRole.Button, new() { Name = "Append commit…", Exact = true });

    private static ILocator ConfirmDialog(IPage page) => page.GetByRole(AriaRole.Dialog);

    private static ILocator Success(IPage page) => page.Locator(".append-result[role=status]");

    /// <summary>Clicks "Append commit…" and confirms in the dialog, which says what is about to be written.</summary>
    private static async Task AppendAndConfirmAsync(IPage page, string expectedQuestion)
    {
        await AppendButton(page).ClickAsync();
        var dialog = ConfirmDialog(page);
        await Expect(dialog).ToContainTextAsync(expectedQuestion);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Append", Exact = true }).ClickAsync();
        await Expect(dialog).ToHaveCountAsync(0);
    }

    [Fact]
    public Task ACommitAppendedFromTheTimelineShowsInIt() => store.RunAsync(async page =>
    {
        const string id = "e2e-append-ok";
        await page.OpenAsync("/aggregates/" + id);
        await page.GetByRole(AriaRole.Link, new() { Name = "Append next commit (v2)" }).ClickAsync();

        await Expect(page).ToHaveURLAsync($"{store.BaseUrl}/append?aggregate={id}&version=2");
        await Expect(page.TextBox("Aggregate id")).ToHaveValueAsync(id);
        var version = page.TextBox("Version");
        await Expect(version).ToHaveValueAsync("2");
        const string events = """[{"type":"noteAdded","text":"hello from the browser","tags":["e2e","ünïcödé"]}]""";
        await page.FillJsonEditorAsync(EventsLabel, events, Valid);
        await AppendAndConfirmAsync(page, $"Append 1 event as version 2 of {id} to table commits");

        await Expect(Success(page)).ToContainTextAsync("Commit appended.");
        await Expect(Success(page)).ToContainTextAsync($"Aggregate {id}, version 2");
        await Expect(version).ToHaveValueAsync("3");
        // A second click does not append the same commit twice.
        await Expect(AppendButton(page)).ToBeDisabledAsync();

        var stored = await store.ReadAllAsync(id);
        Assert.Equal([0L, 1L, 2L], stored.Select(c => c.Version!.Value));
        Ui.JsonEqual(events, stored[2].EventsJson!);

        // The next commit: as soon as the form changes, the notice of the last one goes (it would
        // otherwise stand beside the next commit while that one is being written).
        const string next = """[{"type":"noteAdded","text":"second"}]""";
        await page.FillJsonEditorAsync(EventsLabel, next, Valid);
        await Expect(Success(page)).ToHaveCountAsync(0);
        await Expect(AppendButton(page)).ToBeEnabledAsync();
        await AppendAndConfirmAsync(page, $"Append 1 event as version 3 of {id}");
        await Expect(Success(page)).ToContainTextAsync($"Aggregate {id}, version 3");

        await Success(page).GetByRole(AriaRole.Link, new() { Name = "Open it in its timeline" }).ClickAsync();
        await Expect(page.AggregateHeading()).ToHaveTextAsync(id);
        await Expect(page.VersionRow(3)).ToHaveClassAsync(new Regex(@"\bis-target\b"));
        await Expect(page.VersionDetails(3)).ToContainTextAsync("second");
        Assert.Equal([0L, 1L, 2L, 3L], (await store.ReadAllAsync(id)).Select(c => c.Version!.Value));
    });

    [Fact]
    public Task AVersionConflictKeepsTheTypedInputAndShowsTheCompetingCommit() => store.RunAsync(async page =>
    {
        const string id = "e2e-conflict";
        await page.OpenAsync("/append?aggregate=" + id);
        var version = page.TextBox("Version");
        await Expect(version).ToHaveValueAsync("2");
        const string mine = """[{"type":"priceChanged","price":12.5,"note":"typed by hand"}]""";
        await page.FillJsonEditorAsync(EventsLabel, mine, Valid);

        // Another writer takes version 2 while the form is open.
        await store.AppendAsync(id, 2, """[{"type":"competitorWasFirst","by":"another program"}]""");
        await AppendAndConfirmAsync(page, $"as version 2 of {id}");

        var conflict = page.Locator(".append-result[role=alert]");
        await Expect(conflict).ToContainTextAsync("Version conflict");
        await Expect(conflict).ToContainTextAsync("your input is kept");
        var competing = conflict.Locator(".commit-table tr.commit-row");
        await Expect(competing).ToHaveCountAsync(1);
        await Expect(competing).ToContainTextAsync("competitorWasFirst");
        await Expect(competing.Locator("td.version")).ToHaveTextAsync("2");
        Ui.JsonEqual(mine, await page.GetByLabel(EventsLabel).InputValueAsync());
        await Expect(page.TextBox("Aggregate id")).ToHaveValueAsync(id);
        await Expect(version).ToHaveValueAsync("2");

        await conflict.GetByRole(AriaRole.Button, new() { Name = "Use the next free version (3)" }).ClickAsync();
        await Expect(version).ToHaveValueAsync("3");
        await AppendAndConfirmAsync(page, $"as version 3 of {id}");
        await Expect(Success(page)).ToContainTextAsync($"Aggregate {id}, version 3");

        var stored = await store.ReadAllAsync(id);
        Assert.Equal([0L, 1L, 2L, 3L], stored.Select(c => c.Version!.Value));
        Assert.Contains("competitorWasFirst", stored[2].EventsJson);
        Ui.JsonEqual(mine, stored[3].EventsJson!);
    });

    [Fact]
    public Task AVersionTypedThatWasAlreadyTakenIsSaidAsTakenNotBlamedOnAnotherWriter() => store.RunAsync(async page =>
    {
        const string id = "e2e-typed-taken";
        await store.AppendAsync(id, 0, """[{"type":"opened"}]""");
        await store.AppendAsync(id, 1, """[{"type":"renamed"}]""");
        // The user asks for version 0 themselves (a link, or typed): it was taken long before.
        await page.OpenAsync($"/append?aggregate={id}&version=0");
        const string mine = """[{"type":"noteAdded","text":"typed over an old version"}]""";
        await page.FillJsonEditorAsync(EventsLabel, mine, Valid);
        await AppendAndConfirmAsync(page, $"as version 0 of {id}");

        var conflict = page.Locator("#append-conflict");
        await Expect(conflict).ToContainTextAsync($"Version conflict: version 0 of {id} is already taken (its head is version 1).");
        await Expect(conflict).Not.ToContainTextAsync("another writer");
        await Expect(conflict.Locator(".commit-table tr.commit-row")).ToHaveCountAsync(2);
        await conflict.GetByRole(AriaRole.Button, new() { Name = "Use the next free version (2)" }).ClickAsync();
        await AppendAndConfirmAsync(page, $"as version 2 of {id}");
        await Expect(Success(page)).ToContainTextAsync($"Aggregate {id}, version 2");
        Assert.Equal([0L, 1L, 2L], (await store.ReadAllAsync(id)).Select(c => c.Version!.Value));
    });

    [Fact]
    public Task InvalidJsonCannotBeSubmittedAndSaysWhereItBreaks() => store.RunAsync(async page =>
    {
        const string id = "e2e-invalid-json";
        await page.OpenAsync($"/append?aggregate={id}&version=0");
        const string broken = """[{"type": "created", "name": "half typed" """;
        await page.FillJsonEditorAsync(EventsLabel, broken, "Not valid JSON at line 1, column");
        var status = page.JsonEditorStatus(EventsLabel);
        // In a person's terms, once: no parser text ("LineNumber: 0 | BytePositionInLine: 43").
        await Expect(status).ToContainTextAsync(new Regex(@"Not valid JSON at line 1, column \d+"));
        await Expect(status).Not.ToContainTextAsync("LineNumber");
        await Expect(status).Not.ToContainTextAsync("BytePosition");
        // The editor offers to go to the error, and the form cannot be submitted.
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Go to line 1" })).ToBeVisibleAsync();
        await Expect(AppendButton(page)).ToBeDisabledAsync();
        await Expect(page.GetByLabel(EventsLabel)).ToHaveValueAsync(broken);

        // Valid JSON that is not an array of events cannot be submitted either.
        await page.FillJsonEditorAsync(EventsLabel, """{"type":"created"}""", "must be a JSON array");
        await Expect(AppendButton(page)).ToBeDisabledAsync();
        await page.FillJsonEditorAsync(EventsLabel, "[]", "The events array is empty");
        await Expect(AppendButton(page)).ToBeDisabledAsync();

        // Fixed, it can.
        await page.FillJsonEditorAsync(EventsLabel, """[{"type":"created"}]""", Valid);
        await Expect(AppendButton(page)).ToBeEnabledAsync();
        Assert.Empty(await store.ReadAllAsync(id));
    });

    [Fact]
    public Task EventsWithoutATypeAreWarnedAboutBeforeAnythingIsWritten() => store.RunAsync(async page =>
    {
        const string id = "e2e-untyped";
        await page.OpenAsync($"/append?aggregate={id}&version=0");
        const string events = """[{"type":"created"},{"name":"no type here"}]""";
        await page.FillJsonEditorAsync(EventsLabel, events, Valid);

        await AppendButton(page).ClickAsync();
        var dialog = ConfirmDialog(page);
        await Expect(dialog).ToContainTextAsync("Check before appending");
        await Expect(dialog).ToContainTextAsync("Event #1 has no \"type\"");
        Assert.Empty(await store.ReadAllAsync(id));

        // Cancelled: nothing is written, the input stays.
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel", Exact = true }).ClickAsync();
        await Expect(dialog).ToHaveCountAsync(0);
        Assert.Empty(await store.ReadAllAsync(id));
        await Expect(page.GetByLabel(EventsLabel)).ToHaveValueAsync(events);

        // Appended anyway, on purpose.
        await AppendButton(page).ClickAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Append anyway", Exact = true }).ClickAsync();
        await Expect(Success(page)).ToContainTextAsync($"Aggregate {id}, version 0");
        Ui.JsonEqual(events, Assert.Single(await store.ReadAllAsync(id)).EventsJson!);
    });

    [Fact]
    public Task ACommitOfAbout300KbAppendsAndReadsBackIntact() => store.RunAsync(async page =>
    {
        const string id = "e2e-big-commit";
        var events = BigEvents(300 * 1024);
        await page.OpenAsync($"/append?aggregate={id}&version=0");
        await page.FillJsonEditorAsync(EventsLabel, events, Valid);
        await AppendAndConfirmAsync(page, $"Append 2 events as version 0 of {id}");
        await Expect(Success(page)).ToContainTextAsync($"Aggregate {id}, version 0", new() { Timeout = 30_000 });

        var stored = Assert.Single(await store.ReadAllAsync(id));
        Ui.JsonEqual(events, stored.EventsJson!);

        // Read back in the browser: the raw text of the big event is the whole document.
        await page.OpenAsync($"/aggregates/{id}?expand=0");
        var details = page.VersionDetails(0);
        await Expect(details).ToContainTextAsync("2 events");
        var bigEvent = details.Locator("details.event").Nth(1);
        await Expect(bigEvent.Locator("summary")).ToContainTextAsync("productsImported");
        if (await bigEvent.GetAttributeAsync("open") is null) await bigEvent.Locator("summary").ClickAsync();
        await bigEvent.JsonMode("Raw").ClickAsync();
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

        await Expect(page.JsonEditorStatus(EventsLabel)).ToContainTextAsync(Valid);
        await AppendAndConfirmAsync(page, $"as version 0 of {id}");
        await Expect(Success(page)).ToContainTextAsync($"Aggregate {id}, version 0");
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
