using System.Globalization;
using System.Text.RegularExpressions;
using EventExplorer.Data.Demo;
using EventExplorer.E2E.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EventExplorer.E2E.Journeys;

/// <summary>
/// Positions said plainly and commits linked to: missing versions marked, a linked or jumped-to commit
/// highlighted and on screen, permalinks that open their commit, readable paging links, bad positions reported.
/// </summary>
[Collection(DemoStoreCollection.Name)]
public sealed class LinkedCommitJourneys(DemoStoreFixture store)
{
    private const string Ledger = DemoAggregates.LongLedger;
    private const long Head = DemoStoreFixture.LedgerCommits - 1;
    private static readonly Regex Target = new(@"\bis-target\b");

    [Fact]
    public Task MissingVersionsAreMarkedWhereTheyAreMissing() => store.RunAsync(async page =>
    {
        // An old import: versions 1, 2, 3 and 5.
        await page.OpenAsync("/aggregates/" + DemoAggregates.SkippedVersions);
        var rows = page.Locator(".commit-table tbody tr");
        await Expect(rows).ToHaveTextAsync(
        [
            new Regex(@"^\s*5\b"),
            new Regex("^version 4 missing$"),
            new Regex(@"^\s*3\b"),
            new Regex(@"^\s*2\b"),
            new Regex(@"^\s*1\b"),
            new Regex("^version 0 missing: the first commit is version 1, not 0$"),
        ], new() { UseInnerText = true });
        await Expect(page.GetByText("2 versions missing on this page.")).ToBeVisibleAsync();

        // Oldest first, the markers stay between the commits they separate.
        await page.Choice("Order", "Oldest first").ClickAsync();
        await Expect(page.GapRows()).ToHaveTextAsync(["version 0 missing: the first commit is version 1, not 0", "version 4 missing"]);
        await Expect(page.TimelineVersions()).ToHaveTextAsync(["1", "2", "3", "5"]);

        // A complete aggregate shows no marker.
        await page.OpenAsync("/aggregates/" + Ledger);
        await Expect(page.TimelineVersions()).ToHaveCountAsync(25);
        await Expect(page.GapRows()).ToHaveCountAsync(0);
    });

    [Fact]
    public Task AFollowedFeedLinkHighlightsItsCommitAndScrollsItIntoView() => store.RunAsync(async page =>
    {
        // Newest first, the commit a "from" link starts at is the last of 50 rows: far below the fold.
        var from = FirstExistingId(store.Seeded.HighestCommitId!.Value.Number!.Value - 600);
        await page.OpenAsync($"/feed?from={from}");
        var row = page.CommitIdRow(from.ToString(CultureInfo.InvariantCulture));
        await Expect(page.FeedCommitIds().Last).ToHaveTextAsync(from.ToString(CultureInfo.InvariantCulture));
        await Expect(row).ToHaveClassAsync(Target);
        await Expect(page.Locator(".commit-table tr.commit-row.is-target")).ToHaveCountAsync(1);
        await ExpectOnScreenAsync(row);

        // The same from a link inside the app: a timeline's commit id opens the feed at it.
        await page.OpenAsync($"/aggregates/{Ledger}?before={Head - 100}");
        var linked = page.CommitRows().Nth(5);
        var commitId = await linked.Locator("td.commit-id-cell a").InnerTextAsync();
        await linked.GetByRole(AriaRole.Link, new() { Name = commitId, Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/feed\\?from={commitId}$"));
        await Expect(page.CommitIdRow(commitId)).ToHaveClassAsync(Target);
        await ExpectOnScreenAsync(page.CommitIdRow(commitId));
    });

    [Fact]
    public Task AJumpToAVersionHighlightsItAndScrollsItIntoView() => store.RunAsync(async page =>
    {
        await page.OpenAsync("/aggregates/" + Ledger);
        await page.TextBox("Jump to version").FillAsync("1500");
        await page.GetByRole(AriaRole.Toolbar, new() { Name = "Timeline" }).GetByRole(AriaRole.Button, new() { Name = "Go", Exact = true }).ClickAsync();

        // Newest first, the page that starts at 1500 shows it last.
        await Expect(page.TimelineVersions().Last).ToHaveTextAsync("1500");
        await Expect(page.VersionRow(1500)).ToHaveClassAsync(Target);
        await Expect(page.VersionRow(1501)).Not.ToHaveClassAsync(Target);
        await ExpectOnScreenAsync(page.VersionRow(1500));

        // Pasted, the same.
        await page.OpenAsync($"/aggregates/{Ledger}?from=700");
        await Expect(page.VersionRow(700)).ToHaveClassAsync(Target);
        await ExpectOnScreenAsync(page.VersionRow(700));
    });

    [Fact]
    public Task EveryCommitsCopiedLinkOpensThatCommit() => store.RunAsync(async page =>
    {
        await page.OpenAsync($"/aggregates/{Ledger}?before={Head - 200}");
        var rows = page.CommitRows();
        await Expect(rows).ToHaveCountAsync(25);
        // Every row has its link to copy.
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Copy link to this commit", Exact = true })).ToHaveCountAsync(25);

        var version = Head - 220;
        await page.VersionRow(version).GetByRole(AriaRole.Button, new() { Name = "Copy link to this commit" }).ClickAsync();
        await page.ExpectClipboardAsync($"{store.BaseUrl}/aggregates/{Ledger}?from={version}&expand={version}");
        var permalink = await page.ClipboardAsync();

        // Sent to somebody: a fresh browser opens the commit, open, highlighted, on screen.
        await using (var other = await store.NewContextAsync())
        {
            var colleague = await other.NewPageAsync();
            await colleague.OpenAsync(permalink);
            await Expect(colleague.VersionRow(version)).ToHaveClassAsync(Target);
            await Expect(colleague.CloseVersionButton(version)).ToHaveAttributeAsync("aria-expanded", "true");
            await Expect(colleague.VersionDetails(version)).ToContainTextAsync("1 event");
            await ExpectOnScreenAsync(colleague.VersionRow(version));
        }

        // The feed's rows too.
        var from = FirstExistingId(store.Seeded.MissingCommitIds[0] + 20);
        await page.OpenAsync($"/feed?from={from}");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Copy link to this commit", Exact = true })).ToHaveCountAsync(await page.CommitRows().CountAsync());
        var commitId = await page.FeedCommitIds().Nth(10).InnerTextAsync();
        await page.CommitIdRow(commitId).GetByRole(AriaRole.Button, new() { Name = "Copy link to this commit" }).ClickAsync();
        await page.ExpectClipboardAsync($"{store.BaseUrl}/feed?from={commitId}&expand={commitId}");
        await page.OpenAsync(await page.ClipboardAsync());
        await Expect(page.CommitIdRow(commitId)).ToHaveClassAsync(Target);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Close commit " + commitId, Exact = true })).ToHaveAttributeAsync("aria-expanded", "true");
        await Expect(page.CommitDetails(commitId)).ToBeVisibleAsync();
        await ExpectOnScreenAsync(page.CommitIdRow(commitId));
    });

    [Fact]
    public Task PagingLinksSayThePositionPlainly() => store.RunAsync(async page =>
    {
        const string pages = "Timeline pages";
        await page.OpenAsync("/aggregates/" + Ledger);
        await Expect(page.TimelineVersions().Last).ToHaveTextAsync((Head - 24).ToString(CultureInfo.InvariantCulture));
        // "Older" is everything below the lowest version shown, and says so.
        await Expect(page.PagerLink(pages, "Older")).ToHaveAttributeAsync("href", $"/aggregates/{Ledger}?before={Head - 24}");
        await page.PagerLink(pages, "Older").ClickAsync();
        await Expect(page).ToHaveURLAsync($"{store.BaseUrl}/aggregates/{Ledger}?before={Head - 24}");
        await Expect(page.TimelineVersions().First).ToHaveTextAsync((Head - 25).ToString(CultureInfo.InvariantCulture));
        await Expect(page.PagerLink(pages, "Newer")).ToHaveAttributeAsync("href", $"/aggregates/{Ledger}?after={Head - 25}");
        await Expect(page.PagerLink(pages, "Older")).ToHaveAttributeAsync("href", $"/aggregates/{Ledger}?before={Head - 49}");

        // The feed says commit ids.
        const string feedPages = "Feed pages";
        await page.OpenAsync("/feed");
        var lowest = await page.FeedCommitIds().Last.InnerTextAsync();
        var newestShown = await page.FeedCommitIds().First.InnerTextAsync();
        await Expect(page.PagerLink(feedPages, "Older")).ToHaveAttributeAsync("href", $"/feed?before={lowest}");
        await page.PagerLink(feedPages, "Older").ClickAsync();
        await Expect(page).ToHaveURLAsync($"{store.BaseUrl}/feed?before={lowest}");
        // The older page has replaced the rows once its first row is another commit.
        await Expect(page.FeedCommitIds().First).Not.ToHaveTextAsync(newestShown);
        var highest = await page.FeedCommitIds().First.InnerTextAsync();
        await Expect(page.PagerLink(feedPages, "Newer")).ToHaveAttributeAsync("href", $"/feed?after={highest}");
        Assert.True(long.Parse(highest, CultureInfo.InvariantCulture) < long.Parse(lowest, CultureInfo.InvariantCulture));
        await Expect(page.Locator("a[href*='cursor=']")).ToHaveCountAsync(0);
    });

    [Fact]
    public Task ANegativeVersionInALinkIsReportedNotIgnored() => store.RunAsync(async page =>
    {
        await page.OpenAsync($"/aggregates/{Ledger}?from=-5");
        await Expect(page.MessageBar()).ToContainTextAsync("'from=-5': versions are whole numbers of 0 or more; it was ignored.");
        // The page still works: the newest commits, as without the bad part.
        await Expect(page.TimelineVersions()).ToHaveTextAsync(Ui.Descending(Head, Head - 24));
    });

    /// <summary>The first commit id at or above <paramref name="id"/> that the seeder did not lose.</summary>
    private long FirstExistingId(long id)
    {
        while (store.Seeded.MissingCommitIds.Contains(id)) id++;
        return id;
    }

    private static async Task ExpectOnScreenAsync(ILocator element)
    {
        // The scroll happens after the render that shows the row: wait for it rather than read once.
        await element.Page.WaitForFunctionAsync("""
            e => {
              const r = e.getBoundingClientRect();
              return r.height > 0 && r.top >= 0 && r.bottom <= window.innerHeight;
            }
            """, await element.ElementHandleAsync(), new() { Timeout = 10_000 });
        Assert.True(await element.IsInViewportAsync(), "The linked commit is not on screen.");
    }
}
