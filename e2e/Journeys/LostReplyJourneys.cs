using System.Text.RegularExpressions;
using EventExplorer.E2E.Infrastructure;
using EventExplorer.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EventExplorer.E2E.Journeys;

/// <summary>
/// An append whose reply was lost, in every combination the proxy can make of it (a dropped reply,
/// the resend meeting our own item, throttling on the retry, a stalled read-back, a put that lands
/// after its timeout): the page says "Outcome unknown" (with Check now, never Retry or a next version)
/// or the verified outcome, and the table read back at the end holds each commit once.
/// </summary>
[Collection(UnreliableStoreCollection.Name)]
public sealed class LostReplyJourneys(UnreliableStoreFixture store)
{
    private const string EventsLabel = "Events (a JSON array)";
    private const string Refund = """[{"type":"refundPaid","amount":25,"currency":"EUR"}]""";

    /// <summary>Two deadlines (the put's and its read-back's) and what a busy machine adds.</summary>
    private static readonly float Settled = (float)(UnreliableStoreFixture.Deadline * 2 + TimeSpan.FromSeconds(10)).TotalMilliseconds;

    private static ILocator Unknown(IPage page) => page.Locator("#append-unknown");

    private static ILocator Conflict(IPage page) => page.Locator("#append-conflict");

    private static ILocator Success(IPage page) => page.Locator(".append-result[role=status]");

    private static ILocator NextVersion(IPage page) => page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Use the next free version") });

    private static async Task OpenWithRefundAsync(IPage page, string id)
    {
        await page.OpenAsync($"/append?aggregate={id}&version=0");
        await page.FillJsonEditorAsync(EventsLabel, Refund, "A valid JSON array of events.");
    }

    private static async Task AppendAndConfirmAsync(IPage page)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "Append commit…", Exact = true }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Append", Exact = true }).ClickAsync();
        await Expect(dialog).ToHaveCountAsync(0);
    }

    /// <summary>No blind retry, no conflict, no next version for the same text; what was typed is still there.</summary>
    private static async Task ExpectNoWayToSendItTwiceAsync(IPage page)
    {
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Retry" })).ToHaveCountAsync(0);
        await Expect(page.MessageBar()).ToHaveCountAsync(0);
        await Expect(page.GetByText("another writer got there first")).ToHaveCountAsync(0);
        await Expect(NextVersion(page)).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Append commit…", Exact = true })).ToBeDisabledAsync();
        await Expect(page.Locator("#append-blockers")).ToContainTextAsync("unknown outcome");
        Ui.JsonEqual(Refund, await page.GetByLabel(EventsLabel).InputValueAsync());
    }

    private async Task ExpectStoredOnceAsync(string id)
    {
        var stored = Assert.Single(await store.ReadAllAsync(id));
        Ui.JsonEqual(Refund, stored.EventsJson!);
    }

    [Fact]
    public Task AReplyLostWithAStalledReadBackIsOutcomeUnknownAndCheckNowFindsItWrittenOnce() => store.RunAsync(async page =>
    {
        const string id = "lost-reply-stalled-read";
        await OpenWithRefundAsync(page, id);
        // The put is written and its reply dropped; the resend meets our own item; the read-back that would tell hangs.
        store.Faults.Inject(ProxyFault.DropReply.On("PutItem").Once);
        store.Faults.Inject(ProxyFault.Stall.On("GetItem"));
        try
        {
            await AppendAndConfirmAsync(page);
            await Expect(Unknown(page)).ToContainTextAsync("Outcome unknown", new() { Timeout = Settled });
            await Expect(page.GetByText("Database not answering")).ToHaveCountAsync(0);
            await ExpectNoWayToSendItTwiceAsync(page);
        }
        finally
        {
            store.Faults.Heal();
        }

        await Unknown(page).GetByRole(AriaRole.Button, new() { Name = "Check now" }).ClickAsync();
        await Expect(Success(page)).ToContainTextAsync("Checked: your attempt was written (v0).");
        await Expect(Unknown(page)).ToHaveCountAsync(0);
        await Expect(NextVersion(page)).ToHaveCountAsync(0);
        await ExpectStoredOnceAsync(id);

        // The audit: the attempt's unknown outcome, followed by the outcome the check verified.
        await page.OpenAsync("/audit");
        var rows = page.Locator("tr.audit-row").Filter(new() { HasText = id });
        await Expect(rows).ToHaveCountAsync(3);
        await Expect(rows.Nth(0)).ToHaveAttributeAsync("data-outcome", "succeeded");
        await Expect(rows.Nth(0)).ToContainTextAsync("verified later");
        await Expect(rows.Nth(1)).ToHaveAttributeAsync("data-outcome", "unknown");
        await Expect(rows.Nth(1)).ToContainTextAsync("Verified later");
        await Expect(rows.Nth(1)).ToContainTextAsync("succeeded");
        await Expect(rows.Nth(2)).ToHaveAttributeAsync("data-outcome", "attempted");
        var attempts = await rows.EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.attempt)");
        Assert.Single(attempts.Distinct());
    });

    [Fact]
    public Task ThrottlingOnTheRetryOfAPutThatLandedIsSettledByReadingBackAsAppendedOnce() => store.RunAsync(async page =>
    {
        const string id = "lost-reply-throttled";
        await OpenWithRefundAsync(page, id);
        // The first put lands and its reply is lost; every later put is throttled.
        store.Faults.Inject(ProxyFault.DropReply.On("PutItem").Once);
        store.Faults.Inject(ProxyFault.ProvisionedThroughputExceeded.On("PutItem"));
        try
        {
            await AppendAndConfirmAsync(page);
            await Expect(Success(page)).ToContainTextAsync("Commit appended.", new() { Timeout = Settled });
        }
        finally
        {
            store.Faults.Heal();
        }

        await Expect(page.MessageBar()).ToHaveCountAsync(0);
        await Expect(page.GetByText("is throttling requests")).ToHaveCountAsync(0);
        await ExpectStoredOnceAsync(id);
    });

    [Fact]
    public Task ThrottlingOnTheRetryWithAStalledReadBackIsOutcomeUnknownNotThrottledWithRetry() => store.RunAsync(async page =>
    {
        const string id = "lost-reply-throttled-stalled";
        await OpenWithRefundAsync(page, id);
        store.Faults.Inject(ProxyFault.DropReply.On("PutItem").Once);
        store.Faults.Inject(ProxyFault.ProvisionedThroughputExceeded.On("PutItem"));
        store.Faults.Inject(ProxyFault.Stall.On("GetItem"));
        try
        {
            await AppendAndConfirmAsync(page);
            await Expect(Unknown(page)).ToContainTextAsync("Outcome unknown", new() { Timeout = Settled });
            await ExpectNoWayToSendItTwiceAsync(page);
        }
        finally
        {
            store.Faults.Heal();
        }

        // Other events are another commit: the page offers them the next version, and says the first was written.
        await page.FillJsonEditorAsync(EventsLabel, """[{"type":"noteAdded","text":"refund confirmed"}]""", "A valid JSON array of events.");
        await AppendAndConfirmAsync(page);
        await Expect(Conflict(page)).ToContainTextAsync("Your earlier attempt was written (v0).");
        await Expect(Conflict(page)).ToContainTextAsync("not those the form holds now");
        await Expect(page.GetByText("another writer got there first")).ToHaveCountAsync(0);
        await Expect(NextVersion(page)).ToHaveTextAsync("Use the next free version (1)");
        await ExpectStoredOnceAsync(id);
    });

    [Fact]
    public Task APutThatLandsAfterItsTimeoutIsRecognisedWhenSentAgainAndNotStoredTwice() => store.RunAsync(async page =>
    {
        const string id = "lost-reply-late";
        await OpenWithRefundAsync(page, id);
        var held = new HeldRequests();
        // The put is held in the network past the deadline; the SDK's resend never arrives; the read-back answers.
        store.Faults.Inject(ProxyFault.Hold(held).On("PutItem").Once);
        store.Faults.Inject(ProxyFault.Stall.On("PutItem"));
        try
        {
            await AppendAndConfirmAsync(page);
            await Expect(Unknown(page)).ToContainTextAsync("probably not written", new() { Timeout = Settled });
            await ExpectNoWayToSendItTwiceAsync(page);

            await Unknown(page).GetByRole(AriaRole.Button, new() { Name = "Check now" }).ClickAsync();
            await Expect(Unknown(page)).ToContainTextAsync("Checked: not written.");
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Append commit…", Exact = true })).ToBeEnabledAsync();

            // Then the held put lands after all.
            held.Release();
            await held.Delivered.WaitAsync(TimeSpan.FromSeconds(30));
        }
        finally
        {
            store.Faults.Heal();
        }

        await Unknown(page).GetByRole(AriaRole.Button, new() { Name = "Send it again" }).ClickAsync();
        await Expect(Conflict(page)).ToContainTextAsync("Your earlier attempt was written (v0).");
        await Expect(Conflict(page)).ToContainTextAsync("nothing more was written");
        await Expect(NextVersion(page)).ToHaveCountAsync(0);
        await Expect(page.GetByText("another writer got there first")).ToHaveCountAsync(0);
        await ExpectStoredOnceAsync(id);
    });

    [Fact]
    public Task APutAndItsReadBackThatBothStallAreCheckedAsNotWrittenAndSentAgainOnce() => store.RunAsync(async page =>
    {
        const string id = "lost-reply-never-arrived";
        await OpenWithRefundAsync(page, id);
        store.Faults.Inject(ProxyFault.Stall.On("PutItem", "GetItem"));
        try
        {
            await AppendAndConfirmAsync(page);
            await Expect(Unknown(page)).ToContainTextAsync("Outcome unknown", new() { Timeout = Settled });
            await ExpectNoWayToSendItTwiceAsync(page);
            // While the database still does not answer, a check says so and the outcome stays unknown.
            await Unknown(page).GetByRole(AriaRole.Button, new() { Name = "Check now" }).ClickAsync();
            await Expect(page.Locator("#append-check-error")).ToContainTextAsync("not answering", new() { Timeout = Settled });
        }
        finally
        {
            store.Faults.Heal();
        }

        await Unknown(page).GetByRole(AriaRole.Button, new() { Name = "Check now" }).ClickAsync();
        await Expect(Unknown(page)).ToContainTextAsync("Checked: not written.");
        await Unknown(page).GetByRole(AriaRole.Button, new() { Name = "Send it again" }).ClickAsync();
        await Expect(Success(page)).ToContainTextAsync("Commit appended.");
        await ExpectStoredOnceAsync(id);
    });
}
