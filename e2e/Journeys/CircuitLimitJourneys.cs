using EventExplorer.Data.Model;
using EventExplorer.E2E.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EventExplorer.E2E.Journeys;

/// <summary>
/// The circuit's message limit (CircuitLimits) against the two largest things a browser sends: the
/// prerendered page's hand-over and the append page's events. Neither may close the connection.
/// </summary>
[Collection(UnreliableStoreCollection.Name)]
public sealed class CircuitLimitJourneys(UnreliableStoreFixture store)
{
    [Fact]
    public Task APageOfQuoteHeavyCommitsBecomesInteractive() => store.RunAsync(async page =>
    {
        // 186 KB as stored, 2.5 MB as persisted component state: handed over, it closed the circuit.
        const string id = "limits-quote-heavy";
        var events = "[" + string.Join(",", Enumerable.Repeat("""{"type":"quoted","k":"v","n":"<x>"}""", 280)) + "]";
        for (var version = 0; version < 20; version++)
        {
            await store.Store.AppendAsync(new AppendRequest { AggregateId = id, Version = version, EventsJson = events }, CancellationToken.None);
        }

        await page.OpenAsync("/aggregates/" + id);

        await Expect(page.TimelineVersions()).ToHaveCountAsync(20);
        await page.OpenVersionButton(19).ClickAsync();
        await Expect(page.VersionDetails(19)).ToContainTextAsync("280 events");
    });

    [Fact]
    public Task EventsTooLargeToSendAreRefusedInWordsAndThePageStaysConnected() => store.RunAsync(async page =>
    {
        const string label = "Events (a JSON array)";
        await page.OpenAsync("/append?aggregate=limits-editor&version=0");
        // 420 KB as typed, but every quote is escaped on the way: about 830 KB would cross the circuit.
        var text = """[{"type":"quoted","q":" """ + string.Concat(Enumerable.Repeat("\\\"", 210 * 1024)) + """ "}]""";
        await page.FillJsonEditorAsync(label, text, "was not sent to the server");
        await Expect(page.JsonEditorStatus(label)).ToContainTextAsync("to send");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Append commit…", Exact = true })).ToBeDisabledAsync();

        // Still connected: the next, smaller text is checked by the server.
        await page.FillJsonEditorAsync(label, """[{"type":"small"}]""", "A valid JSON array of events.");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Append commit…", Exact = true })).ToBeEnabledAsync();
    });
}

/// <summary>The per-user limit of connected tabs (EventExplorer:Limits:CircuitsPerUser, 3 in this fixture), as a user meets it.</summary>
[Collection(UnreliableStoreCollection.Name)]
public sealed class UserLimitJourneys(UnreliableStoreFixture store)
{
    [Fact]
    public Task AUserHasOnlyAsManyConnectedTabsAsAllowed() => store.RunAsync(async page =>
    {
        await page.OpenAsync("/feed");
        var second = await page.Context.NewPageAsync();
        await second.OpenAsync("/feed");
        var third = await page.Context.NewPageAsync();
        await third.OpenAsync("/feed");

        // A fourth tab shows the prerendered page, but its circuit is refused, and it says so.
        var fourth = await page.Context.NewPageAsync();
        await fourth.GotoAsync("/feed");
        await Expect(fourth.Locator("#blazor-error-ui")).ToBeVisibleAsync();
        await Expect(fourth.Locator("#blazor-error-ui")).ToContainTextAsync("too many");

        // Closing a tab frees its place at once (not when Blazor discards the circuit minutes later).
        await third.CloseAsync();
        await fourth.ReloadAndWaitAsync();
        await Expect(fourth.Locator("#blazor-error-ui")).ToBeHiddenAsync();
        await fourth.GetByRole(AriaRole.Button, new() { Name = "Resume live tail" }).ClickAsync();
        await Expect(fourth.LiveState()).ToHaveTextAsync("Live", new() { UseInnerText = true });
    });
}
