using EventExplorer.E2E.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace EventExplorer.E2E.Journeys;

/// <summary>The comparison's changes by path in a narrow window: long values take the room, a path wraps only between its steps.</summary>
[Collection(WritableStoreCollection.Name)]
public sealed class CompareLayoutJourneys(WritableStoreFixture store)
{
    /// <summary>The characters each line after the first of an element's text starts with, as the browser laid it out.</summary>
    private const string LineStarts = """
        code => {
            const starts = [];
            let previousTop = null;
            const walker = document.createTreeWalker(code, NodeFilter.SHOW_TEXT);
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                for (let i = 0; i < node.length; i++) {
                    const range = document.createRange();
                    range.setStart(node, i);
                    range.setEnd(node, i + 1);
                    const rect = range.getClientRects()[0];
                    if (!rect) continue;
                    if (previousTop !== null && rect.top > previousTop + 2) starts.push(node.data[i]);
                    previousTop = rect.top;
                }
            }
            return starts;
        }
        """;

    [Fact]
    public Task At800Pixels_APathWrapsOnlyAtItsSeparators_WhileTheValuesTakeTheRoom() => store.RunAsync(async page =>
    {
        const string id = "e2e-compare-narrow";
        string Events(string line, string note) => $$$"""[{"type":"customerShippingAddressChanged","customerShippingAddressLine":"{{{line}}}","courier":{"deliveryInstructionsForTheCourier":"{{{note}}}"}}]""";
        await store.AppendAsync(id, 0, Events(string.Join(" ", Enumerable.Repeat("Hauptstraße 1", 12)), string.Join(" ", Enumerable.Repeat("ring twice", 20))));
        await store.AppendAsync(id, 1, Events(string.Join(" ", Enumerable.Repeat("Nebenweg 22", 12)), string.Join(" ", Enumerable.Repeat("leave at the door", 14))));

        await page.OpenAsync($"/compare?aggregate={id}&left=0&right=1");
        var paths = page.Locator(".json-diff-table .json-diff-path code");
        await Expect(paths).ToHaveCountAsync(2);

        Assert.Equal(["$[0].customerShippingAddressLine", "$[0].courier.deliveryInstructionsForTheCourier"], await paths.AllTextContentsAsync());
        foreach (var path in await paths.AllAsync())
        {
            var starts = await path.EvaluateAsync<string[]>(LineStarts);
            Assert.All(starts, start => Assert.Contains(start, new[] { ".", "[" }));
        }
        // Nothing scrolls sideways: the values wrap in the room there is.
        var table = page.Locator(".json-diff-table");
        Assert.True(await table.EvaluateAsync<bool>("t => t.scrollWidth <= t.clientWidth + 1"), "The changes table scrolls sideways at 800 px.");
    }, new Browsing { Width = 800, Height = 900, EvidenceSuffix = ".800" });
}
