using EventExplorer.E2E.Infrastructure;
using EventExplorer.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EventExplorer.E2E.Journeys;

/// <summary>
/// "One read per navigation": a page prerenders with its data and hands what it read to the
/// interactive circuit, which must not read it again. The app talks to DynamoDB through a counting
/// proxy; a URL opened in a fresh page (prerender, then the circuit) must cost exactly the requests
/// of one read of that page, which the server's response alone (no browser, no circuit) shows.
/// </summary>
public sealed class OneReadJourneys(CountedStoreFixture store) : IClassFixture<CountedStoreFixture>
{
    private const string Id = CountedStoreFixture.Aggregate;

    private DynamoDbProxy Proxy => store.Proxy!;

    [Fact]
    public Task ATimelineIsReadOncePerNavigation() => store.RunAsync(async page =>
    {
        var url = $"/aggregates/{Id}?before=30";
        var one = await OneReadAsync(page, url);
        // The page query, the aggregate's first and last version, and its snapshot; the tables were
        // described once when the app started, not per page.
        Assert.Equal(new Dictionary<string, int> { ["Query"] = 3, ["GetItem"] = 1 }, one);

        await page.OpenAsync(url);
        await Expect(page.TimelineVersions()).ToHaveTextAsync(Ui.Descending(29, 5));
        await Expect(page.GetByRole(AriaRole.Complementary, new() { Name = "Snapshot" })).ToContainTextAsync("count");
        // A round trip through the circuit after it started: anything it read on its own is in by now.
        await page.OpenVersionButton(29).ClickAsync();
        await Expect(page.VersionDetails(29)).ToContainTextAsync("counted");
        AssertSame(one, "the timeline opened in a browser");
    });

    [Fact]
    public Task TheFeedIsReadOncePerNavigation() => store.RunAsync(async page =>
    {
        const string url = "/feed?size=10";
        var one = await OneReadAsync(page, url);
        Assert.True(one.GetValueOrDefault("Query") >= 1, $"The feed's read was not seen by the proxy: {Describe(one)}.");
        Assert.Equal(["Query"], one.Keys);

        await page.OpenAsync(url);
        await Expect(page.FeedCommitIds()).ToHaveCountAsync(10);
        var newest = await page.FeedCommitIds().First.InnerTextAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Open commit " + newest, Exact = true }).ClickAsync();
        await Expect(page.CommitDetails(newest)).ToContainTextAsync("counted");
        AssertSame(one, "the feed opened in a browser");
    });

    [Fact]
    public Task ASnapshotIsReadOncePerNavigation() => store.RunAsync(async page =>
    {
        var url = "/snapshots/" + Id;
        var one = await OneReadAsync(page, url);
        Assert.Equal(new Dictionary<string, int> { ["GetItem"] = 1 }, one);

        await page.OpenAsync(url);
        var state = page.GetByRole(AriaRole.Region, new() { Name = "State" });
        await Expect(state.GetByRole(AriaRole.List, new() { Name = "JSON tree" })).ToContainTextAsync("count");
        await state.JsonMode("Raw").ClickAsync();
        await Expect(state.Locator("pre.json-raw")).ToContainTextAsync("40");
        AssertSame(one, "the snapshot opened in a browser");
    });

    /// <summary>
    /// What one read of <paramref name="url"/> asks DynamoDB: the server's own response (the
    /// prerender) fetched without a browser, so no circuit starts. Leaves the counts reset.
    /// </summary>
    private async Task<IReadOnlyDictionary<string, int>> OneReadAsync(IPage page, string url)
    {
        // The app describes its tables once per start (its health probe did when it started).
        Proxy.Reset();
        var response = await page.APIRequest.GetAsync(url);
        Assert.Equal(200, response.Status);
        var counts = Proxy.CountByOperation();
        Assert.DoesNotContain("DescribeTable", counts.Keys);
        Proxy.Reset();
        return counts;
    }

    private void AssertSame(IReadOnlyDictionary<string, int> one, string what)
    {
        var seen = Proxy.CountByOperation();
        Assert.True(seen.Count == one.Count && seen.All(s => one.TryGetValue(s.Key, out var n) && n == s.Value),
            $"{what} asked DynamoDB {Describe(seen)}; one read is {Describe(one)}. Requests:\n  {string.Join("\n  ", Proxy.Requests)}");
    }

    private static string Describe(IReadOnlyDictionary<string, int> counts) =>
        counts.Count == 0 ? "nothing" : string.Join(", ", counts.OrderBy(c => c.Key).Select(c => $"{c.Value} × {c.Key}"));
}
