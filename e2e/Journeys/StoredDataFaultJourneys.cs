using System.Globalization;
using System.Text.RegularExpressions;
using EventExplorer.Data.Model;
using EventExplorer.E2E.Infrastructure;
using EventExplorer.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EventExplorer.E2E.Journeys;

/// <summary>
/// Faults 2, 3 and 5 as a user meets them: an append whose reply was lost (and one whose outcome
/// cannot be known), commits that share a commit id, and versions at and beyond the end of the
/// long range.
/// </summary>
[Collection(UnreliableStoreCollection.Name)]
public sealed class StoredDataFaultJourneys(UnreliableStoreFixture store)
{
    private const string EventsLabel = "Events (a JSON array)";

    private static ILocator AppendButton(IPage page) => page.GetByRole(AriaRole.Button, new() { Name = "Append commit…", Exact = true });

    private static async Task AppendAndConfirmAsync(IPage page)
    {
        await AppendButton(page).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Append", Exact = true }).ClickAsync();
        await Expect(dialog).ToHaveCountAsync(0);
    }

    [Fact]
    public Task AnAppendWhoseReplyWasLostIsReportedAsAppendedNotAsAConflict() => store.RunAsync(async page =>
    {
        const string id = "fault2-reply-lost";
        const string events = """[{"type":"writtenOnce","note":"the reply to this put is dropped"}]""";
        await page.OpenAsync($"/append?aggregate={id}&version=0");
        await page.FillJsonEditorAsync(EventsLabel, events, "A valid JSON array of events.");

        // The put reaches dynalite and is written; the app's connection is dropped before the reply.
        store.Faults.Reset();
        store.Faults.Inject(ProxyFault.DropReply.On("PutItem").Once);
        try
        {
            await AppendAndConfirmAsync(page);
            await Expect(page.Locator(".append-result[role=status]")).ToContainTextAsync("Commit appended.", new() { Timeout = 15_000 });
        }
        finally
        {
            store.Faults.Heal();
        }

        await Expect(page.Locator(".append-result[role=status]")).ToContainTextAsync($"Aggregate {id}, version 0");
        await Expect(page.GetByText("Version conflict")).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Use the next free version") })).ToHaveCountAsync(0);
        await Expect(page.MessageBar()).ToHaveCountAsync(0);
        // The put was sent again (by the HTTP stack or the SDK) and met our own commit.
        Assert.Equal([FaultAction.DropReply], store.Faults.Faulted.Select(f => f.Action));
        Assert.True(store.Faults.Count("PutItem") >= 2, $"Expected the put to be sent again; requests: {string.Join(", ", store.Faults.Requests)}");
        var stored = Assert.Single(await store.ReadAllAsync(id));
        Ui.JsonEqual(events, stored.EventsJson!);
    });

    [Fact]
    public Task AnAppendWhoseOutcomeCannotBeKnownSaysSoWithWhereToCheckAndNoRetry() => store.RunAsync(async page =>
    {
        const string id = "fault2-unknown";
        const string events = """[{"type":"maybeWritten"}]""";
        await page.OpenAsync($"/append?aggregate={id}&version=0");
        await page.FillJsonEditorAsync(EventsLabel, events, "A valid JSON array of events.");

        // Neither the put nor the read-back that would settle it gets an answer.
        store.Faults.Inject(ProxyFault.Stall.On("PutItem", "GetItem"));
        try
        {
            await AppendAndConfirmAsync(page);
            var unknown = page.Locator("#append-unknown");
            await Expect(unknown).ToContainTextAsync("Outcome unknown", new() { Timeout = 20_000 });
            await Expect(unknown).ToContainTextAsync("version 0");
            await Expect(unknown.GetByRole(AriaRole.Link, new() { Name = "Check version 0 in the timeline" }))
                .ToHaveAttributeAsync("href", new Regex($"/aggregates/{id}\\?from=0$"));
        }
        finally
        {
            store.Faults.Heal();
        }

        // No blind retry anywhere, no conflict; what was typed is still there.
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Retry" })).ToHaveCountAsync(0);
        await Expect(page.GetByText("Version conflict")).ToHaveCountAsync(0);
        await Expect(page.GetByLabel(EventsLabel)).ToHaveValueAsync(events);

        await page.Locator("#append-unknown").GetByRole(AriaRole.Link, new() { Name = "Check version 0 in the timeline" }).ClickAsync();
        await Expect(page.AggregateHeading()).ToHaveTextAsync(id);
    });

    [Fact]
    public Task CommitsSharingACommitIdAreTwoRowsAndThePageStaysInteractive() => store.RunAsync(async page =>
    {
        var shared = store.RepeatedCommitId.ToString(CultureInfo.InvariantCulture);
        await page.OpenAsync("/feed?from=" + shared);
        var rows = page.CommitIdRow(shared);
        await Expect(rows).ToHaveCountAsync(2);
        await Expect(rows.Nth(0)).ToContainTextAsync(UnreliableStoreFixture.RepeatedA);
        await Expect(rows.Nth(1)).ToContainTextAsync(UnreliableStoreFixture.RepeatedB);

        // The circuit is alive: both rows open, each showing its own events.
        await rows.Nth(0).GetByRole(AriaRole.Button, new() { Name = "Open commit " + shared }).ClickAsync();
        await rows.Nth(1).GetByRole(AriaRole.Button, new() { Name = "Open commit " + shared }).ClickAsync();
        var details = page.CommitDetails(shared);
        await Expect(details).ToHaveCountAsync(2);
        await Expect(details.Nth(0)).ToContainTextAsync("\"a\"");
        await Expect(details.Nth(1)).ToContainTextAsync("\"b\"");

        // The live tail delivers both commits of a repeated id when they arrive.
        await page.OpenAsync("/feed?live=1");
        await Expect(page.LiveState()).ToHaveTextAsync("Live", new() { UseInnerText = true });
        var first = await store.Store.AppendAsync(new AppendRequest { AggregateId = "repeated-live-a", Version = 0, EventsJson = """[{"type":"liveShared","side":"a"}]""" }, CancellationToken.None);
        var liveId = first.CommitId!.Value.Number!.Value;
        await store.PutRawCommitAsync("repeated-live-b", "0", liveId, """[{"type":"liveShared","side":"b"}]""");
        var live = page.CommitIdRow(liveId.ToString(CultureInfo.InvariantCulture));
        await Expect(live).ToHaveCountAsync(2, new() { Timeout = 10_000 });
        await Expect(live.Filter(new() { HasText = "repeated-live-a" })).ToHaveCountAsync(1);
        await Expect(live.Filter(new() { HasText = "repeated-live-b" })).ToHaveCountAsync(1);
        await page.GetByRole(AriaRole.Button, new() { Name = "Pause" }).ClickAsync();
        await Expect(page.LiveState()).ToHaveTextAsync("Paused", new() { UseInnerText = true });
    });

    [Theory]
    [InlineData(UnreliableStoreFixture.LargestVersion, "no commit can follow it", "the largest version there is")]
    [InlineData(UnreliableStoreFixture.Version1E20, "beyond what EventExplorer handles", "beyond the largest version EventExplorer can write")]
    [InlineData(UnreliableStoreFixture.Version1E30, "beyond what EventExplorer handles", "beyond the largest version EventExplorer can write")]
    public Task AVersionAtOrBeyondTheEndIsFlaggedAndNeverProposesAWrongNext(string id, string flagged, string refused) => store.RunAsync(async page =>
    {
        await page.OpenAsync("/aggregates/" + id);
        var row = page.CommitRows().First;
        await Expect(row.GetByText("malformed", new() { Exact = true })).ToBeVisibleAsync();
        await row.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Open ") }).ClickAsync();
        await Expect(page.Locator(".commit-table tr.detail-row").GetByRole(AriaRole.Note)).ToContainTextAsync(flagged);

        // Append from the timeline: the store says why no version can follow, nothing is proposed.
        await page.GetByRole(AriaRole.Link, new() { Name = "Append a commit" }).ClickAsync();
        await Expect(page.TextBox("Aggregate id")).ToHaveValueAsync(id);
        await Expect(page.MessageBar()).ToContainTextAsync(refused);
        await Expect(page.TextBox("Version")).ToHaveValueAsync("");
        await Expect(page.GetByText("Something went wrong")).ToHaveCountAsync(0);
        await Expect(page.GetByText("-9223372036854775808")).ToHaveCountAsync(0);
    });
}
