using EventExplorer.Data.Errors;
using EventExplorer.E2E.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EventExplorer.E2E.Journeys;

/// <summary>The feed's live tail against commits appended by another program.</summary>
[Collection(WritableStoreCollection.Name)]
public sealed class LiveTailJourneys(WritableStoreFixture store)
{
    private static ILocator Row(IPage page, string aggregateId) =>
        page.CommitRows().Filter(new() { Has = page.GetByRole(AriaRole.Link, new() { Name = aggregateId, Exact = true }) });

    [Fact]
    public Task TheLiveTailShowsAnotherClientsCommitsPauseStopsItAndGapsAreMarked() => store.RunAsync(async page =>
    {
        await page.OpenAsync("/feed?live=1");
        await Expect(page.LiveState()).ToHaveTextAsync("Live", new() { UseInnerText = true });

        var first = await store.AppendAsync("e2e-live-first", 0, """[{"type":"arrivedLive"}]""");
        // "Within a few seconds": the tail polls every 1.5 s.
        await Expect(Row(page, "e2e-live-first")).ToBeVisibleAsync(new() { Timeout = 5_000 });
        await Expect(Row(page, "e2e-live-first").GetByText("new", new() { Exact = true })).ToBeVisibleAsync();
        await Expect(page.FeedCommitIds().First).ToHaveTextAsync(first.CommitId!.Value.Text);

        // A second tab that keeps following serves as the clock for "nothing arrives while paused".
        var clock = await page.Context.NewPageAsync();
        await clock.OpenAsync("/feed?live=1");
        await Expect(Row(clock, "e2e-live-first")).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Pause" }).ClickAsync();
        await Expect(page.LiveState()).ToHaveTextAsync("Paused", new() { UseInnerText = true });
        await Expect(page).ToHaveURLAsync(store.BaseUrl + "/feed");

        await store.AppendAsync("e2e-live-paused", 0, """[{"type":"writtenWhilePaused"}]""");
        await Expect(Row(clock, "e2e-live-paused")).ToBeVisibleAsync(new() { Timeout = 5_000 });
        // Two more polls of the clock after it saw the commit: a live page would have had two chances too.
        await store.AppendAsync("e2e-live-tick-1", 0, """[{"type":"tick"}]""");
        await Expect(Row(clock, "e2e-live-tick-1")).ToBeVisibleAsync(new() { Timeout = 5_000 });
        await store.AppendAsync("e2e-live-tick-2", 0, """[{"type":"tick"}]""");
        await Expect(Row(clock, "e2e-live-tick-2")).ToBeVisibleAsync(new() { Timeout = 5_000 });
        await Expect(Row(page, "e2e-live-paused")).ToHaveCountAsync(0);
        await Expect(page.FeedCommitIds().First).ToHaveTextAsync(first.CommitId!.Value.Text);

        // Resuming catches up with everything written meanwhile.
        await page.GetByRole(AriaRole.Button, new() { Name = "Resume live tail" }).ClickAsync();
        await Expect(page.LiveState()).ToHaveTextAsync("Live", new() { UseInnerText = true });
        await Expect(Row(page, "e2e-live-paused")).ToBeVisibleAsync(new() { Timeout = 5_000 });
        await Expect(Row(page, "e2e-live-tick-2")).ToBeVisibleAsync();

        // A failed append (version taken) uses up a commit id: the tail marks the gap.
        await Assert.ThrowsAsync<VersionConflictException>(() => store.AppendAsync("e2e-live-first", 0, """[{"type":"late"}]"""));
        var after = await store.AppendAsync("e2e-live-after-gap", 0, """[{"type":"afterGap"}]""");
        await Expect(Row(page, "e2e-live-after-gap")).ToBeVisibleAsync(new() { Timeout = 5_000 });
        await Expect(page.GapRows().Filter(new() { HasText = $"commit id {after.CommitId!.Value.Number - 1} missing" })).ToBeVisibleAsync();
    });

    [Fact]
    public Task ResumingAPausedPageAddsOnlyWhatWasWrittenSinceAtTheTop() => store.RunAsync(async page =>
    {
        // More commits than the page shows: the older ones sit inside the tail's window, below the page.
        for (var i = 0; i < 8; i++) await store.AppendAsync($"e2e-resume-old-{i}", 0, """[{"type":"before"}]""");
        await page.OpenAsync("/feed?size=5");
        await Expect(page.CommitRows()).ToHaveCountAsync(5);
        await Expect(page.LiveState()).ToHaveTextAsync("Paused", new() { UseInnerText = true });

        var written = await store.AppendAsync("e2e-resume-new", 0, """[{"type":"whilePaused"}]""");
        await page.GetByRole(AriaRole.Button, new() { Name = "Resume live tail" }).ClickAsync();
        await Expect(Row(page, "e2e-resume-new")).ToBeVisibleAsync(new() { Timeout = 5_000 });

        await Expect(page.FeedCommitIds().First).ToHaveTextAsync(written.CommitId!.Value.Text);
        await Expect(page.CommitRows()).ToHaveCountAsync(6);
        await Expect(page.CommitRows().Filter(new() { Has = page.GetByText("new", new() { Exact = true }) })).ToHaveCountAsync(1);
    });
}
