using EventExplorer.Data.Model;
using EventExplorer.E2E.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EventExplorer.E2E.Journeys;

/// <summary>Read-only mode: nothing offers a write, and going around the UI writes nothing either.</summary>
public sealed class ReadOnlyJourneys(ReadOnlyStoreFixture store) : IClassFixture<ReadOnlyStoreFixture>
{
    private const string Id = ReadOnlyStoreFixture.Aggregate;

    [Fact]
    public Task NoWriteActionIsOffered() => store.RunAsync(async page =>
    {
        await page.OpenAsync("/");
        await Expect(page.GetByRole(AriaRole.Banner).GetByText("READ-ONLY", new() { Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Banner).GetByText("WRITABLE", new() { Exact = true })).ToHaveCountAsync(0);
        var nav = page.GetByRole(AriaRole.Navigation, new() { Name = "Main" });
        await Expect(nav.GetByRole(AriaRole.Link)).ToHaveTextAsync(["Overview", "Aggregates", "Feed", "Search", "State", "Snapshots", "Check snapshots", "Integrity check", "Compare commits", "Compare snapshots"]);

        await page.OpenAsync("/aggregates/" + Id);
        await Expect(page.TimelineVersions()).ToHaveTextAsync(["2", "1", "0"]);
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Append" })).ToHaveCountAsync(0);

        await page.OpenAsync("/aggregates/not-there-yet");
        await Expect(page.GetByText("No aggregate with id \"not-there-yet\".")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Append" })).ToHaveCountAsync(0);

        await page.OpenAsync("/feed");
        await Expect(page.FeedCommitIds()).ToHaveCountAsync(3);
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Append" })).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Append" })).ToHaveCountAsync(0);
    });

    [Fact]
    public Task ACraftedAppendAttemptIsRefusedAndWritesNothing() => store.RunAsync(async page =>
    {
        // The append link typed by hand: the page says why, and has no form to submit.
        await page.OpenAsync($"/append?aggregate={Id}&version=3");
        await Expect(page.GetByText("Writes are disabled: EventExplorer is in read-only mode.")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Append commit" })).ToHaveCountAsync(0);
        await Expect(page.Locator("textarea")).ToHaveCountAsync(0);

        // A form post made outside the app is refused as well.
        var response = await page.APIRequest.PostAsync("/append", new()
        {
            Form = page.APIRequest.CreateFormData()
                .Append("aggregate", Id).Append("version", "3").Append("events", """[{"type":"forged"}]"""),
        });
        Assert.True(response.Status >= 400, $"A forged post answered {response.Status}.");

        var stored = await store.Store.ReadTimelineAsync(new TimelineQuery { AggregateId = Id, PageSize = 10 }, CancellationToken.None);
        Assert.Equal([2L, 1L, 0L], stored.Items.Select(c => c.Version!.Value));
        Assert.DoesNotContain(stored.Items, c => c.EventsJson!.Contains("forged"));
    });
}
