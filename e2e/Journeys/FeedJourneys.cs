using System.Globalization;
using System.Text.RegularExpressions;
using EventExplorer.Data.Demo;
using EventExplorer.Data.Model;
using EventExplorer.E2E.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EventExplorer.E2E.Journeys;

/// <summary>The global feed over the demo store: starting from a commit id, paging both ways, gap markers.</summary>
[Collection(DemoStoreCollection.Name)]
public sealed class FeedJourneys(DemoStoreFixture store)
{
    private const string Pages = "Feed pages";
    private const int PageSize = 50;

    /// <summary>The commit ids that exist from <paramref name="from"/> upward (layout A: all numbers but the lost ones).</summary>
    private string[] IdsFrom(long from, int count) =>
        Enumerable.Range(0, count * 2)
            .Select(i => from + i)
            .Where(id => !store.Seeded.MissingCommitIds.Contains(id))
            .Take(count)
            .Reverse()
            .Select(id => id.ToString(CultureInfo.InvariantCulture))
            .ToArray();

    [Fact]
    public Task TheFeedStartsFromACommitIdPagesBothWaysAndMarksGaps() => store.RunAsync(async page =>
    {
        // The seeder loses one commit id a third of the way in (a failed append), then three more.
        var single = store.Seeded.MissingCommitIds[0];
        var start = single - 10;
        Assert.Equal(4, store.Seeded.MissingCommitIds.Count);

        await page.OpenAsync("/feed");
        await page.TextBox("From commit id").FillAsync(start.ToString(CultureInfo.InvariantCulture));
        await page.GetByRole(AriaRole.Toolbar, new() { Name = "Feed" }).GetByRole(AriaRole.Button, new() { Name = "Go", Exact = true }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex($"[?&]from={start}(&|$)"));
        var firstPage = IdsFrom(start, PageSize);
        await Expect(page.FeedCommitIds()).ToHaveTextAsync(firstPage);
        await Expect(page.GapRows()).ToHaveTextAsync([$"commit id {single} missing"]);
        await Expect(page.GetByText("1 commit id missing in 1 gap")).ToBeVisibleAsync();

        await page.PagerLink(Pages, "Older").ClickAsync();
        await Expect(page.FeedCommitIds()).ToHaveTextAsync(IdsFrom(start - PageSize, PageSize));
        await Expect(page.GapRows()).ToHaveCountAsync(0);

        await page.PagerLink(Pages, "Newer").ClickAsync();
        await Expect(page.FeedCommitIds()).ToHaveTextAsync(firstPage);

        await page.PagerLink(Pages, "Newer").ClickAsync();
        var next = long.Parse(firstPage[0], CultureInfo.InvariantCulture) + 1;
        await Expect(page.FeedCommitIds()).ToHaveTextAsync(IdsFrom(next, PageSize));

        // Three ids lost in a row are one marker with the range.
        var triple = store.Seeded.MissingCommitIds[1];
        await page.OpenAsync($"/feed?from={triple - 5}");
        await Expect(page.GapRows()).ToHaveTextAsync([$"commit ids {triple}–{triple + 2} missing (3)"]);
        await Expect(page.FeedCommitIds()).ToHaveTextAsync(IdsFrom(triple - 5, PageSize));
    });

    [Fact]
    public Task ACommitIdInATimelineOpensTheFeedAtThatCommit() => store.RunAsync(async page =>
    {
        var head = (await store.Store.ReadTimelineAsync(
            new TimelineQuery { AggregateId = DemoAggregates.Markup, PageSize = 1 }, CancellationToken.None)).Items.Single();

        await page.OpenAsync("/aggregates/" + DemoAggregates.Markup);
        await page.GetByRole(AriaRole.Link, new() { Name = head.CommitId!.Value.Text, Exact = true }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex($"/feed\\?from={head.CommitId!.Value.Text}$"));
        // Newest first: the commit it starts from is the last row.
        await Expect(page.FeedCommitIds().Last).ToHaveTextAsync(head.CommitId!.Value.Text);
        var row = page.CommitRows().Last;
        await Expect(row).ToContainTextAsync(DemoAggregates.Markup);
        await Expect(row).ToContainTextAsync("ticketClosed");

        // The version link of a feed row opens the timeline at that commit, opened; the aggregate link, its timeline.
        var version = head.Version!.Value;
        await row.GetByRole(AriaRole.Link, new() { Name = version.ToString(CultureInfo.InvariantCulture), Exact = true }).ClickAsync();
        await Expect(page.AggregateHeading()).ToHaveTextAsync(DemoAggregates.Markup);
        await Expect(page.VersionRow(version)).ToHaveClassAsync(new Regex(@"\bis-target\b"));
        await Expect(page.VersionDetails(version)).ToContainTextAsync("ticketClosed");
        await page.GoBackAsync();
        await page.CommitRows().Last.GetByRole(AriaRole.Link, new() { Name = DemoAggregates.Markup, Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(store.BaseUrl + "/aggregates/" + DemoAggregates.Markup);
        await Expect(page.TimelineVersions().First).ToHaveTextAsync(version.ToString(CultureInfo.InvariantCulture));
    });
}
