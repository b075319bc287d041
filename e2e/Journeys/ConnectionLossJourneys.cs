using System.Text.RegularExpressions;
using EventExplorer.E2E.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EventExplorer.E2E.Journeys;

/// <summary>The server goes away under an open page: the page says so, stays readable, and stops claiming to be live.</summary>
public sealed class ConnectionLossJourneys(ConnectionLossStoreFixture store) : IClassFixture<ConnectionLossStoreFixture>
{
    [Fact]
    public Task TheLiveTailStopsClaimingToBeLiveWhenTheServerIsGone() => store.RunAsync(async page =>
    {
        await page.OpenAsync("/feed?live=1");
        var live = page.LiveState();
        await Expect(live).ToHaveTextAsync("Live", new() { UseInnerText = true });
        await Expect(page.FeedCommitIds()).ToHaveCountAsync(5);
        var notice = page.Locator("#components-reconnect-modal");
        await Expect(notice).ToBeHiddenAsync();

        // The app's process ends (a deploy, a crash): the circuit's connection drops.
        await store.StopAppAsync();

        await Expect(live).ToHaveTextAsync("Not connected", new() { UseInnerText = true, Timeout = 20_000 });
        await Expect(live).Not.ToContainTextAsync(new Regex("^Live"), new() { UseInnerText = true });
        await Expect(notice).ToBeVisibleAsync();
        await Expect(notice).ToContainTextAsync(new Regex("Connection to the server lost|Could not reconnect"), new() { UseInnerText = true });
        // The notice is a bar above the page, not a cover over it: the commits stay readable.
        await Expect(page.FeedCommitIds().First).ToBeVisibleAsync();
        var bar = await notice.BoundingBoxAsync();
        Assert.True(bar is { Height: < 80 }, $"The reconnect notice covers the page ({bar?.Height} px high).");
        Assert.True(await page.EvaluateAsync<bool>("""
            () => {
              const row = document.querySelector('.commit-table tr.commit-row');
              const r = row.getBoundingClientRect();
              const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
              return row.contains(top);
            }
            """), "Something covers the commit rows while the server is gone.");
    });
}
