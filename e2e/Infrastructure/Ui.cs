using System.Globalization;
using System.Text.RegularExpressions;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace EventExplorer.E2E.Infrastructure;

/// <summary>Locators and readings shared by the journeys; each names what a user sees.</summary>
public static class Ui
{
    /// <summary>The version column of the timeline's commit rows, top to bottom.</summary>
    public static ILocator TimelineVersions(this IPage page) => page.Locator("table.commits tr.commit-row td.version");

    /// <summary>The commit-id column of the feed's commit rows, top to bottom.</summary>
    public static ILocator FeedCommitIds(this IPage page) => page.Locator("table.feed tr.commit-row td:nth-child(2) a");

    /// <summary>The first pager (top of the page) of a timeline or the feed.</summary>
    public static ILocator Pager(this IPage page, string label) =>
        page.GetByRole(AriaRole.Navigation, new() { Name = label, Exact = true });

    public static ILocator PagerLink(this IPage page, string label, string text) =>
        page.Pager(label).GetByRole(AriaRole.Link, new() { Name = text });

    /// <summary>The one place pages report failures (role=alert).</summary>
    public static ILocator MessageBar(this IPage page) => page.Locator(".message-bar[role=alert]");

    /// <summary>
    /// Types a document into a JSON editor (a textarea whose script sends the text once typing pauses)
    /// and waits until the editor's status line has judged this text.
    /// </summary>
    public static async Task FillJsonEditorAsync(this IPage page, string label, string text, string expectedStatus)
    {
        var editor = page.GetByLabel(label, new() { Exact = true });
        await editor.FillAsync(text);
        var status = page.Locator("#" + await editor.GetAttributeAsync("aria-describedby"));
        await Assertions.Expect(status).ToContainTextAsync(expectedStatus);
    }

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

    /// <summary>
    /// A commit id link shows layout B's ids without their ":aggregateId" end; the whole id is in its
    /// title ("...: 20240101120000000:order-1").
    /// </summary>
    public static Task ExpectCommitIdAsync(this ILocator link, string commitId) =>
        Assertions.Expect(link).ToHaveAttributeAsync("title", new Regex(": " + Regex.Escape(commitId) + "$"));

    private static string Shorten(string text) => text.Length <= 200 ? $"'{text}'" : $"'{text[..200]}…' ({text.Length} characters)";

    /// <summary>Same JSON value, whatever the formatting.</summary>
    public static void JsonEqual(string expected, string actual)
    {
        var same = JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(actual));
        Assert.True(same, $"JSON differs.\nExpected: {expected}\nActual:   {actual}");
    }
}
