using EventExplorer.Data.Model;
using EventExplorer.E2E.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EventExplorer.E2E.Journeys;

/// <summary>The database stops while the app runs: a clear message, then recovery in the same page.</summary>
public sealed class OutageJourneys(OutageStoreFixture store) : IClassFixture<OutageStoreFixture>
{
    private const string Id = OutageStoreFixture.Aggregate;

    [Fact]
    public Task AStoppedDatabaseShowsABannerAndThePagesRecoverWithoutAReload() => store.RunAsync(async page =>
    {
        await page.OpenAsync("/aggregates/" + Id);
        await Expect(page.TimelineVersions()).ToHaveTextAsync(Ui.Descending(29, 5));
        // Marks this document: still there at the end means no reload happened.
        await page.EvaluateAsync("() => window.__sameDocument = true");

        await store.StopDatabaseAsync();
        try
        {
            await page.PagerLink("Timeline pages", "Older").ClickAsync();
            var banner = page.MessageBar();
            await Expect(banner).ToContainTextAsync("Database unavailable", new() { Timeout = 20_000 });
            await Expect(banner).ToContainTextAsync(store.Dynalite.ServiceUrl);
            await Expect(banner.GetByRole(AriaRole.Button, new() { Name = "Retry" })).ToBeVisibleAsync();
            await Expect(page.TimelineVersions()).ToHaveCountAsync(0);

            // Another page opened while the database is down says the same.
            await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Overview" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Overview", Level = 1 })).ToBeVisibleAsync();
            await Expect(page.MessageBar()).ToContainTextAsync("Database unavailable", new() { Timeout = 20_000 });
        }
        finally
        {
            await store.StartDatabaseAsync();
        }

        // Retry where the user is, then back to the timeline page that failed: both read again.
        await page.MessageBar().GetByRole(AriaRole.Button, new() { Name = "Retry" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Store" })).ToContainTextAsync("Layout A", new() { Timeout = 20_000 });
        await Expect(page.MessageBar()).ToHaveCountAsync(0);
        await page.GoBackAsync();
        await Expect(page.TimelineVersions()).ToHaveTextAsync(Ui.Descending(4, 0), new() { Timeout = 20_000 });
        await Expect(page.MessageBar()).ToHaveCountAsync(0);
        Assert.True(await page.EvaluateAsync<bool>("() => window.__sameDocument === true"), "The page was reloaded.");
    });

    [Fact]
    public Task TheLiveTailSaysItCannotReadAndResumesByItselfWhenTheDatabaseIsBack() => store.RunAsync(async page =>
    {
        await page.OpenAsync("/feed?live=1");
        await Expect(page.LiveState()).ToHaveTextAsync("Live", new() { UseInnerText = true });
        await page.EvaluateAsync("() => window.__sameDocument = true");

        await store.StopDatabaseAsync();
        try
        {
            await Expect(page.GetByText("The live tail could not read new commits (it keeps trying)")).ToBeVisibleAsync(new() { Timeout = 20_000 });
        }
        finally
        {
            await store.StartDatabaseAsync();
        }

        var back = await store.Store.AppendAsync(new AppendRequest { AggregateId = "outage-after", Version = 0, EventsJson = """[{"type":"backAgain"}]""" }, CancellationToken.None);
        await Expect(page.FeedCommitIds().First).ToHaveTextAsync(back.CommitId!.Value.Text, new() { Timeout = 20_000 });
        await Expect(page.GetByText("The live tail could not read new commits")).ToHaveCountAsync(0);
        Assert.True(await page.EvaluateAsync<bool>("() => window.__sameDocument === true"), "The page was reloaded.");
    });
}
