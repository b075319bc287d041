using Bunit;
using EventExplorer.Tests.Infrastructure;
using EventExplorer.Web.Components.Pages.Append;
using EventExplorer.Web.Components.Shared.Json;

namespace EventExplorer.Tests.Web.Components.OddItems;

/// <summary>
/// Issue 16 §2: events with a lone surrogate escape were called "valid" by the append editor; appending
/// them then failed the view and lost the typed text. Half a character cannot be stored as UTF-8
/// faithfully, so the editor says the text is not valid, where, and keeps it.
/// </summary>
public sealed class AppendEditorLoneSurrogateTests(DynaliteFixture dynalite) : IClassFixture<DynaliteFixture>
{
    [Fact]
    public async Task JsonEditor_ALoneSurrogate_IsNotValidAndSaysWhere()
    {
        await using var ctx = new BunitContext();
        ctx.AddExplorerWithoutStores();
        var editor = ctx.RenderWithPopovers<JsonEditor>(p => p.Add(e => e.Value, "[]"));

        await editor.InvokeAsync(() => editor.Instance.OnTextInputAsync(LoneSurrogatePageTests.CutEmoji));

        Assert.Equal("true", editor.Find("textarea").GetAttribute("aria-invalid"));
        var error = editor.Find(".json-editor-error").TextContent;
        Assert.Contains("line 1, column 19", error, StringComparison.Ordinal);
        Assert.Contains("lone surrogate", error, StringComparison.Ordinal);
        Assert.Contains(editor.FindAll("button"), b => b.TextContent.Trim() == "Go to line 1");
        Assert.Empty(editor.FindAll(".json-editor-ok"));
    }

    [Theory]
    [InlineData(LoneSurrogatePageTests.CutEmoji)]
    [InlineData("""[{"type":"\ud800"}]""")]
    [InlineData("""[{"\udc00":1,"type":"x"}]""")]
    public async Task AppendPage_EventsWithALoneSurrogate_CannotBeAppendedAndTheTypedTextStays(string events)
    {
        await using var ctx = new BunitContext();
        await using var bed = ctx.AddExplorer(await StoreBed.CreateAsync(dynalite));
        ctx.Popovers();
        ctx.Dialogs();
        var page = ctx.RenderPage<Append>("/append?aggregate=order-cut&version=0");
        var editor = page.FindComponent<JsonEditor>();

        await editor.InvokeAsync(() => editor.Instance.OnTextInputAsync(events));

        Assert.Contains("lone surrogate", page.Find(".json-editor-error").TextContent, StringComparison.Ordinal);
        Assert.True(page.Find(".append-actions button[type=submit]").HasAttribute("disabled"));
        Assert.Contains("see the message under the editor", page.Find("#append-blockers").TextContent, StringComparison.Ordinal);
        Assert.Equal(events, editor.Instance.Value);

        // A form sent anyway (Enter in a field) is refused by the view-model: nothing written, the text still there.
        await page.Find(".append-form form").SubmitAsync();

        Assert.Empty(await bed.StoredAsync("order-cut"));
        Assert.Equal(events, page.FindComponent<JsonEditor>().Instance.Value);
    }
}
