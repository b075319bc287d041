using System.Globalization;
using System.Text.RegularExpressions;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace EventExplorer.E2E.Infrastructure;

/// <summary>Locators and readings shared by the journeys; each names what a user sees.</summary>
public static class Ui
{
    /// <summary>The commit rows of the page's commit table (timeline, feed), top to bottom; gap markers are not rows of commits.</summary>
    public static ILocator CommitRows(this IPage page) => page.Locator(".commit-table tr.commit-row");

    /// <summary>The markers of missing versions or commit ids between the rows.</summary>
    public static ILocator GapRows(this IPage page) => page.Locator(".commit-table tr.gap-row");

    /// <summary>The version column of the timeline's commit rows, top to bottom.</summary>
    public static ILocator TimelineVersions(this IPage page) => page.CommitRows().Locator("td.version");

    /// <summary>The commit-id links of the feed's commit rows, top to bottom.</summary>
    public static ILocator FeedCommitIds(this IPage page) => page.CommitRows().Locator("td.commit-id-cell a");

    /// <summary>The timeline's row of one version.</summary>
    public static ILocator VersionRow(this IPage page, long version) =>
        page.CommitRows().Filter(new() { Has = page.Locator("td.version", new() { HasTextRegex = new Regex($"^{version}$") }) });

    /// <summary>The feed's row of one commit id.</summary>
    public static ILocator CommitIdRow(this IPage page, string commitId) =>
        page.CommitRows().Filter(new() { Has = page.Locator($"td.commit-id-cell a[aria-label='{commitId}']") });

    /// <summary>What an opened timeline row shows below it: the commit's events.</summary>
    public static ILocator VersionDetails(this IPage page, long version) =>
        page.Locator($".commit-table tr.commit-row:has(> td.version a:text-is('{version}')) + tr.detail-row .commit-events");

    /// <summary>What an opened feed row shows below it.</summary>
    public static ILocator CommitDetails(this IPage page, string commitId) =>
        page.Locator($".commit-table tr.commit-row:has(td.commit-id-cell a[aria-label='{commitId}']) + tr.detail-row .commit-events");

    /// <summary>A row's open/close button (the timeline names rows by version).</summary>
    public static ILocator OpenVersionButton(this IPage page, long version) =>
        page.GetByRole(AriaRole.Button, new() { Name = $"Open version {version}", Exact = true });

    public static ILocator CloseVersionButton(this IPage page, long version) =>
        page.GetByRole(AriaRole.Button, new() { Name = $"Close version {version}", Exact = true });

    /// <summary>The page's h1 (the aggregate id or snapshot id on their pages).</summary>
    public static ILocator MainHeading(this IPage page) => page.GetByRole(AriaRole.Heading, new() { Level = 1 });

    public static ILocator AggregateHeading(this IPage page) => page.Locator("h1 #aggregate-id");

    public static ILocator SnapshotHeading(this IPage page) => page.Locator("h1 #snapshot-id");

    /// <summary>The first pager (top of the page) of a timeline or the feed.</summary>
    public static ILocator Pager(this IPage page, string label) =>
        page.GetByRole(AriaRole.Navigation, new() { Name = label, Exact = true });

    /// <summary>A pager entry that leads somewhere: a link.</summary>
    public static ILocator PagerLink(this IPage page, string label, string text) =>
        page.Pager(label).GetByRole(AriaRole.Link, new() { Name = text, Exact = true });

    /// <summary>A pager entry that leads nowhere from this page: a disabled button.</summary>
    public static ILocator PagerDisabled(this IPage page, string label, string text) =>
        page.Pager(label).GetByRole(AriaRole.Button, new() { Name = text, Exact = true });

    /// <summary>What the feed's live switch says of itself ("Live", "Paused", "Not connected"; read with UseInnerText).</summary>
    public static ILocator LiveState(this IPage page) =>
        page.GetByRole(AriaRole.Group, new() { Name = "Live tail", Exact = true }).GetByRole(AriaRole.Status);

    /// <summary>The snapshot ids listed on /snapshots (links to the snapshots).</summary>
    public static ILocator SnapshotListLinks(this IPage page) => page.Locator(".snapshot-list tbody tr td:first-child a");

    /// <summary>The one place pages report failures (role=alert).</summary>
    public static ILocator MessageBar(this IPage page) => page.Locator(".message-bar[role=alert]");

    /// <summary>A text field by its label (MudBlazor's outlined fields also name their border group after it).</summary>
    public static ILocator TextBox(this IPage page, string label) =>
        page.GetByRole(AriaRole.Textbox, new() { Name = label, Exact = true });

    /// <summary>One link of a choice group ("Per page": "10", "25"...; "Order": "Newest first" / "Oldest first").</summary>
    public static ILocator Choice(this IPage page, string group, string choice) =>
        page.GetByRole(AriaRole.Group, new() { Name = group, Exact = true }).GetByRole(AriaRole.Link, new() { Name = choice, Exact = true });

    /// <summary>Whether a choice is the one the page shows (the group marks it aria-current).</summary>
    public static Task ExpectChosenAsync(this IPage page, string group, string choice) =>
        Assertions.Expect(page.Choice(group, choice)).ToHaveAttributeAsync("aria-current", "true");

    /// <summary>The Tree/Raw switch of a JSON view (a toggle group).</summary>
    public static ILocator JsonMode(this ILocator scope, string mode) =>
        scope.GetByRole(AriaRole.Group, new() { Name = "JSON view" }).GetByRole(AriaRole.Checkbox, new() { Name = mode, Exact = true });

    /// <summary>
    /// Types a document into a JSON editor (a textarea whose script sends the text once typing pauses)
    /// and waits until the editor's status line has judged this text.
    /// </summary>
    public static async Task FillJsonEditorAsync(this IPage page, string label, string text, string expectedStatus)
    {
        var editor = page.GetByLabel(label, new() { Exact = true });
        await editor.FillAsync(text);
        await Assertions.Expect(page.JsonEditorStatus(label)).ToContainTextAsync(expectedStatus);
    }

    /// <summary>The status line of a JSON editor (what it says of the text).</summary>
    public static ILocator JsonEditorStatus(this IPage page, string label) =>
        page.Locator($".json-editor:has(label:text-is('{label}')) .json-editor-status");

    /// <summary>Numbers from high to low as the UI prints them ("2999", "2998", ...).</summary>
    public static string[] Descending(long from, long to)
    {
        var values = new List<string>();
        for (var v = from; v >= to; v--) values.Add(v.ToString(CultureInfo.InvariantCulture));
        return values.ToArray();
    }

    /// <summary>Numbers from low to high as the UI prints them.</summary>
    public static string[] Ascending(long from, long to)
    {
        var values = Descending(to, from);
        Array.Reverse(values);
        return values;
    }

    /// <summary>Waits until the system clipboard holds exactly <paramref name="expected"/> (the context grants clipboard-read).</summary>
    public static async Task ExpectClipboardAsync(this IPage page, string expected)
    {
        try
        {
            await page.WaitForFunctionAsync("async expected => (await navigator.clipboard.readText()) === expected", expected, new() { Timeout = 5_000 });
        }
        catch (TimeoutException)
        {
            var actual = await page.EvaluateAsync<string>("() => navigator.clipboard.readText()");
            Assert.Fail($"The clipboard holds {Shorten(actual)} instead of {Shorten(expected)}.");
        }
    }

    /// <summary>Reads the clipboard (the context grants clipboard-read).</summary>
    public static Task<string> ClipboardAsync(this IPage page) => page.EvaluateAsync<string>("() => navigator.clipboard.readText()");

    /// <summary>Empties the clipboard, so that the next copy can be told from an earlier one.</summary>
    public static Task ClearClipboardAsync(this IPage page) => page.EvaluateAsync("() => navigator.clipboard.writeText('')");

    /// <summary>
    /// A commit id link shows layout B's ids without their ":aggregateId" end; the whole id is in its
    /// title ("...: 20240101120000000:order-1").
    /// </summary>
    public static Task ExpectCommitIdAsync(this ILocator link, string commitId) =>
        Assertions.Expect(link).ToHaveAttributeAsync("title", new Regex(": " + Regex.Escape(commitId) + "$"));

    /// <summary>True when the element's box lies wholly inside the browser window.</summary>
    public static Task<bool> IsInViewportAsync(this ILocator element) =>
        element.EvaluateAsync<bool>("""
            e => {
              const r = e.getBoundingClientRect();
              return r.height > 0 && r.top >= 0 && r.left >= 0 && r.bottom <= window.innerHeight && r.right <= window.innerWidth;
            }
            """);

    private static string Shorten(string text) => text.Length <= 200 ? $"'{text}'" : $"'{text[..200]}…' ({text.Length} characters)";

    /// <summary>Same JSON value, whatever the formatting.</summary>
    public static void JsonEqual(string expected, string actual)
    {
        var same = JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(actual));
        Assert.True(same, $"JSON differs.\nExpected: {expected}\nActual:   {actual}");
    }
}
