using System.Diagnostics;
using EventExplorer.Data.Model;
using EventExplorer.E2E.Infrastructure;
using EventExplorer.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EventExplorer.E2E.Journeys;

/// <summary>
/// Fault 1: a database that accepts requests and never answers, or throttles, injected by the proxy
/// between the app and dynalite. Every page says so within the deadline with a Retry that works once
/// the database answers again, typed input survives, /healthz says unhealthy in time, and the live
/// tail reports the problem and resumes by itself.
/// </summary>
[Collection(UnreliableStoreCollection.Name)]
public sealed class DatabaseFaultJourneys(UnreliableStoreFixture store)
{
    private const string Id = UnreliableStoreFixture.Aggregate;
    private const string EventsLabel = "Events (a JSON array)";

    /// <summary>The deadline plus what a busy 2-core machine adds (the SDK's last attempt, rendering, the browser).</summary>
    private static readonly TimeSpan Bound = UnreliableStoreFixture.Deadline + TimeSpan.FromSeconds(6);

    private static ILocator Retry(IPage page) => page.MessageBar().GetByRole(AriaRole.Button, new() { Name = "Retry", Exact = true });

    private static async Task ExpectNotAnsweringAsync(IPage page, Stopwatch since)
    {
        await Expect(page.MessageBar()).ToContainTextAsync("Database not answering", new() { Timeout = (float)Bound.TotalMilliseconds });
        Assert.True(since.Elapsed <= Bound, $"'Database not answering' took {since.Elapsed.TotalSeconds:0.0} s (bound {Bound.TotalSeconds} s).");
        await Expect(page.MessageBar()).ToContainTextAsync($"no reply within {UnreliableStoreFixture.Deadline.TotalSeconds:0} s");
        await Expect(Retry(page)).ToBeVisibleAsync();
    }

    private static Task NavigateAsync(IPage page, string name) =>
        page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = name, Exact = true }).ClickAsync();

    [Fact]
    public Task AHungDatabaseIsSaidOnEveryPageWithinTheDeadlineAndRetryRecovers() => store.RunAsync(async page =>
    {
        await page.OpenAsync("/aggregates/" + Id);
        await Expect(page.TimelineVersions()).ToHaveTextAsync(Ui.Descending(29, 5));
        // Marks this document: still there at the end means no reload happened.
        await page.EvaluateAsync("() => window.__sameDocument = true");

        store.Faults.Inject(ProxyFault.Stall);
        try
        {
            var watch = Stopwatch.StartNew();
            await page.PagerLink("Timeline pages", "Older").ClickAsync();
            await ExpectNotAnsweringAsync(page, watch);
            await Expect(page.TimelineVersions()).ToHaveCountAsync(0);

            watch.Restart();
            await NavigateAsync(page, "Feed");
            await ExpectNotAnsweringAsync(page, watch);

            watch.Restart();
            await NavigateAsync(page, "Overview");
            await ExpectNotAnsweringAsync(page, watch);
        }
        finally
        {
            store.Faults.Heal();
        }

        // Retry where the user is, then back through the pages that failed: each reads again.
        await Retry(page).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Store" })).ToContainTextAsync("Layout A");
        await Expect(page.MessageBar()).ToHaveCountAsync(0);
        await page.GoBackAsync();
        await Expect(page.FeedCommitIds().First).ToBeVisibleAsync();
        await Expect(page.MessageBar()).ToHaveCountAsync(0);
        await page.GoBackAsync();
        await Expect(page.TimelineVersions()).ToHaveTextAsync(Ui.Descending(4, 0));
        await Expect(page.MessageBar()).ToHaveCountAsync(0);
        Assert.True(await page.EvaluateAsync<bool>("() => window.__sameDocument === true"), "The page was reloaded.");
    });

    [Fact]
    public Task TheAppendPagesProposalSaysTheDatabaseIsNotAnsweringAndKeepsWhatWasTyped() => store.RunAsync(async page =>
    {
        await page.OpenAsync("/append");
        const string events = """[{"type":"typedWhileTheDatabaseHung","note":"keep me"}]""";
        await page.FillJsonEditorAsync(EventsLabel, events, "A valid JSON array of events.");

        store.Faults.Inject(ProxyFault.Stall.On("Query"));
        try
        {
            var watch = Stopwatch.StartNew();
            await page.TextBox("Aggregate id").FillAsync(Id);
            await page.TextBox("Aggregate id").PressAsync("Tab");
            await ExpectNotAnsweringAsync(page, watch);
            await Expect(page.GetByLabel(EventsLabel)).ToHaveValueAsync(events);
            await Expect(page.TextBox("Aggregate id")).ToHaveValueAsync(Id);
        }
        finally
        {
            store.Faults.Heal();
        }

        // Retry asks for the proposal again; it appends nothing.
        var puts = store.Faults.Count("PutItem");
        await Retry(page).ClickAsync();
        await Expect(page.TextBox("Version")).ToHaveValueAsync(UnreliableStoreFixture.Commits.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Expect(page.MessageBar()).ToHaveCountAsync(0);
        await Expect(page.GetByLabel(EventsLabel)).ToHaveValueAsync(events);
        Assert.Equal(puts, store.Faults.Count("PutItem"));
    });

    [Fact]
    public Task ThrottlingIsSaidAsSuchWithARetryThatWorks() => store.RunAsync(async page =>
    {
        store.Faults.Inject(ProxyFault.ProvisionedThroughputExceeded.On("Query"));
        try
        {
            await page.OpenAsync($"/aggregates/{Id}?before=10");
            await Expect(page.MessageBar()).ToContainTextAsync("Throttled");
            await Expect(page.MessageBar()).ToContainTextAsync("throttling requests");
            await Expect(Retry(page)).ToBeVisibleAsync();
        }
        finally
        {
            store.Faults.Heal();
        }

        await Retry(page).ClickAsync();
        await Expect(page.TimelineVersions()).ToHaveTextAsync(Ui.Descending(9, 0));
        await Expect(page.MessageBar()).ToHaveCountAsync(0);
    });

    [Fact]
    public async Task HealthzAnswers503WithinTheDeadlineWhenTheDatabaseHangs()
    {
        using var http = new HttpClient { BaseAddress = new Uri(store.BaseUrl), Timeout = TimeSpan.FromSeconds(60) };
        store.Faults.Inject(ProxyFault.Stall.On("DescribeTable"));
        try
        {
            var watch = Stopwatch.StartNew();
            using var response = await http.GetAsync("/healthz");

            Assert.Equal(503, (int)response.StatusCode);
            Assert.True(watch.Elapsed <= Bound, $"/healthz answered after {watch.Elapsed.TotalSeconds:0.0} s.");
        }
        finally
        {
            store.Faults.Heal();
        }
        using var healthy = await http.GetAsync("/healthz");
        Assert.Equal(200, (int)healthy.StatusCode);
    }

    [Fact]
    public Task TheLiveTailReportsAHungDatabaseAndResumesByItself() => store.RunAsync(async page =>
    {
        await page.OpenAsync("/feed?live=1");
        await Expect(page.LiveState()).ToHaveTextAsync("Live", new() { UseInnerText = true });
        await page.EvaluateAsync("() => window.__sameDocument = true");

        store.Faults.Inject(ProxyFault.Stall.On("Query"));
        try
        {
            // A poll every 1.5 s, each given the deadline.
            await Expect(page.GetByText("The live tail could not read new commits (it keeps trying)"))
                .ToContainTextAsync("not answering", new() { Timeout = (float)(Bound + TimeSpan.FromSeconds(1.5)).TotalMilliseconds });
        }
        finally
        {
            store.Faults.Heal();
        }

        var back = await store.Store.AppendAsync(new AppendRequest { AggregateId = "tail-after-a-hang", Version = 0, EventsJson = """[{"type":"backAgain"}]""" }, CancellationToken.None);
        await Expect(page.CommitIdRow(back.CommitId!.Value.Text)).ToBeVisibleAsync(new() { Timeout = (float)Bound.TotalMilliseconds });
        await Expect(page.GetByText("The live tail could not read new commits")).ToHaveCountAsync(0);
        await Expect(page.LiveState()).ToHaveTextAsync("Live", new() { UseInnerText = true });
        Assert.True(await page.EvaluateAsync<bool>("() => window.__sameDocument === true"), "The page was reloaded.");
    });
}

/// <summary>
/// The app at its default deadline: a hung database is said within about 10 s (fault 1), and a
/// scan held up that long is what the per-user scan limit (one, here) meets.
/// </summary>
public sealed class SlowDatabaseJourneys(SlowStoreFixture store) : IClassFixture<SlowStoreFixture>
{
    private static ILocator ScanButton(IPage page) => page.GetByRole(AriaRole.Button, new() { Name = "Scan", Exact = true });

    private static ILocator Retry(IPage page) => page.MessageBar().GetByRole(AriaRole.Button, new() { Name = "Retry", Exact = true });

    [Fact]
    public Task AHungDatabaseIsSaidWithinAboutTenSecondsOnAPageAndOnHealthz() => store.RunAsync(async page =>
    {
        using var http = new HttpClient { BaseAddress = new Uri(store.BaseUrl), Timeout = TimeSpan.FromSeconds(60) };
        store.Faults.Inject(ProxyFault.Stall);
        try
        {
            var watch = Stopwatch.StartNew();
            var health = http.GetAsync("/healthz");
            // The first response is the prerendered page, which waits for the reads or their deadline.
            await page.GotoAsync("/aggregates/" + SlowStoreFixture.Aggregate, new() { Timeout = 60_000 });
            await Expect(page.MessageBar()).ToContainTextAsync("Database not answering", new() { Timeout = 30_000 });
            var shown = watch.Elapsed;
            using var healthResponse = await health;
            var answered = watch.Elapsed;

            await Expect(page.MessageBar()).ToContainTextAsync("no reply within 10 s");
            Assert.InRange(shown, TimeSpan.FromSeconds(9), TimeSpan.FromSeconds(16));
            Assert.Equal(503, (int)healthResponse.StatusCode);
            Assert.InRange(answered, TimeSpan.FromSeconds(9), TimeSpan.FromSeconds(16));
        }
        finally
        {
            store.Faults.Heal();
        }

        await page.WaitForCircuitAsync();
        await page.MessageBar().GetByRole(AriaRole.Button, new() { Name = "Retry", Exact = true }).ClickAsync();
        await Expect(page.TimelineVersions()).ToHaveTextAsync(["2", "1", "0"]);
        await Expect(page.MessageBar()).ToHaveCountAsync(0);
    });

    [Fact]
    public Task AUserRunsOnlyAsManyFullScansAtOnceAsAllowed() => store.RunAsync(async page =>
    {
        var other = await page.Context.NewPageAsync();
        await page.OpenAsync("/aggregates");
        await other.OpenAsync("/aggregates");

        // The first tab's scan hangs, holding its place until the deadline or a cancel.
        store.Faults.Reset();
        store.Faults.Inject(ProxyFault.Stall.On("Scan"));
        try
        {
            await ScanButton(page).ClickAsync();
            await store.Faults.WaitForFaultAsync(r => r.Operation == "Scan", TimeSpan.FromSeconds(30), "The first scan");
            await ScanButton(other).ClickAsync();
            await Expect(other.MessageBar()).ToContainTextAsync("Too many long reads");
            await Expect(other.MessageBar()).ToContainTextAsync("You already have 1 long read running");
            await Expect(Retry(other)).ToBeVisibleAsync();
        }
        finally
        {
            store.Faults.Heal();
        }

        // Cancelling the hung scan gives its place back at once: the other tab's Retry scans the whole table.
        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel", Exact = true }).ClickAsync();
        await Retry(other).ClickAsync();
        await Expect(other.GetByRole(AriaRole.Status).Filter(new() { HasText = "Scanned" })).ToContainTextAsync("whole table read", new() { Timeout = 15_000 });
        await Expect(other.MessageBar()).ToHaveCountAsync(0);
    });
}
