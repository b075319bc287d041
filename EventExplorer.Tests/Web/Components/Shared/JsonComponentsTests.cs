using System.Text.RegularExpressions;
using Bunit;
using EventExplorer.Web.Components.Shared.Json;
using EventExplorer.Web.Model.Snapshots;

namespace EventExplorer.Tests.Web.Components.Shared;

public sealed class JsonComponentsTests
{
    [Fact]
    public async Task JsonView_ShowsKeysAndTypedValues()
    {
        await using var ctx = new BunitContext();
        ctx.AddExplorerWithoutStores();

        var view = ctx.RenderWithPopovers<JsonView>(p => p.Add(v => v.Json, """{"name":"Zoë","n":1.5,"ok":true,"none":null,"tags":[]}"""));

        Assert.Equal(["name", "n", "ok", "none", "tags"], view.FindAll(".json-key").Select(k => k.TextContent));
        Assert.Equal("\"Zoë\"", view.Find(".json-string").TextContent);
        Assert.Equal("1.5", view.Find(".json-number").TextContent);
        Assert.Equal("true", view.Find(".json-bool").TextContent);
        Assert.Equal("null", view.Find(".json-null").TextContent);
        Assert.Equal("[]", view.Find(".json-empty").TextContent);
    }

    [Fact]
    public async Task JsonView_ScriptInsideJson_IsInertText()
    {
        await using var ctx = new BunitContext();
        ctx.AddExplorerWithoutStores();

        var view = ctx.RenderWithPopovers<JsonView>(p => p.Add(v => v.Json, """{"html":"<script>alert(1)</script><img src=x onerror=alert(2)>"}"""));

        Assert.Equal("\"<script>alert(1)</script><img src=x onerror=alert(2)>\"", view.Find(".json-string").TextContent);
        Assert.Empty(view.FindAll("script"));
        Assert.Empty(view.FindAll("img"));
    }

    [Fact]
    public async Task JsonView_InvalidJson_SaysWhereOnceInWordsAndShowsTheTextAsStored()
    {
        await using var ctx = new BunitContext();
        ctx.AddExplorerWithoutStores();
        const string text = "{\"a\":1,\n \"b\": x}";

        var view = ctx.RenderWithPopovers<JsonView>(p => p.Add(v => v.Json, text));

        Assert.Equal("Not valid JSON: shown exactly as stored. Not valid JSON at line 2, column 7: 'x' is an invalid start of a value.",
            view.Find(".json-invalid").TextContent.Trim());
        Assert.DoesNotContain("LineNumber", view.Markup, StringComparison.Ordinal);
        Assert.Equal(text, view.Find("pre.json-raw").TextContent);
    }

    [Fact]
    public async Task JsonView_InvalidJsonThatThePageExplainsAlready_IsNotExplainedTwice()
    {
        await using var ctx = new BunitContext();
        ctx.AddExplorerWithoutStores();

        var view = ctx.RenderWithPopovers<JsonView>(p => p.Add(v => v.Json, "{oops").Add(v => v.ExplainInvalid, false));

        Assert.Equal("Not valid JSON: shown exactly as stored.", view.Find(".json-invalid").TextContent.Trim());
    }

    [Fact]
    public async Task JsonView_HugeArray_RendersAPageAtATimeOnRequest()
    {
        await using var ctx = new BunitContext();
        ctx.AddExplorerWithoutStores();
        var json = "[" + string.Join(",", Enumerable.Range(0, 250)) + "]";

        var view = ctx.RenderWithPopovers<JsonView>(p => p.Add(v => v.Json, json));
        Assert.Equal(100, view.FindAll(".json-number").Count);

        view.FindAll("button.json-more").Single().Click();

        Assert.Equal(200, view.FindAll(".json-number").Count);
        Assert.Equal("Show 50 more (50 not shown)", view.Find("button.json-more").TextContent.Trim());
    }

    [Fact]
    public async Task JsonView_LongString_IsCutUntilAskedFor()
    {
        await using var ctx = new BunitContext();
        ctx.AddExplorerWithoutStores();
        var value = new string('x', 600);

        var view = ctx.RenderWithPopovers<JsonView>(p => p.Add(v => v.Json, "{\"s\":\"" + value + "\"}"));
        Assert.Equal(503, view.Find(".json-string").TextContent.Length);

        view.FindAll("button.json-more").Single(b => b.TextContent.Trim() == "Show all 600 characters").Click();

        Assert.Equal("\"" + value + "\"", view.Find(".json-string").TextContent);
    }

    [Fact]
    public async Task JsonView_RawToggle_ShowsThePrettyPrintedText()
    {
        await using var ctx = new BunitContext();
        ctx.AddExplorerWithoutStores();
        var view = ctx.RenderWithPopovers<JsonView>(p => p.Add(v => v.Json, """{"a":[1,2]}"""));

        view.FindAll(".mud-toggle-item").Single(t => t.TextContent.Trim() == "Raw").Click();

        Assert.Equal("{\n  \"a\": [\n    1,\n    2\n  ]\n}", view.Find("pre.json-raw").TextContent);
    }

    [Fact]
    public async Task JsonEditor_EmptyText_IsAHintNotAnError()
    {
        await using var ctx = new BunitContext();
        ctx.AddExplorerWithoutStores();

        var editor = ctx.RenderWithPopovers<JsonEditor>(p => p.Add(e => e.Value, ""));

        Assert.Contains("is-empty", editor.Find(".json-editor").ClassList);
        Assert.Equal("false", editor.Find("textarea").GetAttribute("aria-invalid"));
        Assert.Equal("Empty: enter a JSON value.", editor.Find(".json-editor-hint").TextContent);
    }

    [Fact]
    public async Task JsonEditor_InvalidText_IsMarkedWithTheErrorPlace()
    {
        await using var ctx = new BunitContext();
        ctx.AddExplorerWithoutStores();
        var editor = ctx.RenderWithPopovers<JsonEditor>(p => p.Add(e => e.Value, "{}"));

        await editor.InvokeAsync(() => editor.Instance.OnTextInputAsync("{\n\n  \"a\": }"));

        Assert.Equal("true", editor.Find("textarea").GetAttribute("aria-invalid"));
        Assert.Equal("Not valid JSON at line 3, column 8: '}' is an invalid start of a value.", editor.Find(".json-editor-error").TextContent);
        Assert.Contains(editor.FindAll("button"), b => b.TextContent.Trim() == "Go to line 3");
    }

    [Fact]
    public async Task JsonEditor_Rule_IsAppliedToValidJsonAndReportedToTheForm()
    {
        await using var ctx = new BunitContext();
        ctx.AddExplorerWithoutStores();
        EventExplorer.Web.Model.Json.JsonCheck? reported = null;
        var editor = ctx.RenderWithPopovers<JsonEditor>(p => p
            .Add(e => e.Value, "")
            .Add(e => e.Rule, EventExplorer.Web.Model.Append.AppendViewModel.EventsRule)
            .Add(e => e.Checked, check => reported = check));

        await editor.InvokeAsync(() => editor.Instance.OnTextInputAsync("[]"));

        Assert.Equal("The events array is empty: a commit needs at least one event.", editor.Find(".json-editor-error").TextContent);
        Assert.False(reported?.IsValid);
    }

    [Fact]
    public async Task JsonEditor_ByteCounter_ComparesTheTextWithTheItemLimit()
    {
        await using var ctx = new BunitContext();
        ctx.AddExplorerWithoutStores();

        var editor = ctx.RenderWithPopovers<JsonEditor>(p => p.Add(e => e.Value, "\"" + new string('é', 1000) + "\""));

        Assert.Equal("2 KB of 400 KB", editor.Find(".json-editor-bytes").TextContent.Trim());
    }

    [Fact]
    public async Task JsonEditor_TextTooLargeToSend_SaysSoAndBlocksTheForm()
    {
        await using var ctx = new BunitContext();
        ctx.AddExplorerWithoutStores();
        EventExplorer.Web.Model.Json.JsonCheck? reported = null;
        var editor = ctx.RenderWithPopovers<JsonEditor>(p => p.Add(e => e.Value, "[]").Add(e => e.Checked, check => reported = check));

        await editor.InvokeAsync(() => editor.Instance.OnTextTooLargeAsync(2_000_000));

        Assert.Contains("it was not sent to the server", editor.Find(".json-editor-error").TextContent, StringComparison.Ordinal);
        Assert.True(reported?.NotSent);
    }

    [Fact]
    public async Task JsonDiffView_APath_WrapsOnlyBetweenItsSteps_NeverInsideAName()
    {
        await using var ctx = new BunitContext();
        ctx.AddExplorerWithoutStores();

        var view = ctx.RenderWithPopovers<JsonDiffView>(p => p
            .Add(v => v.Left, """[{"type":"placed","odd name":{"a.b":1}}]""")
            .Add(v => v.Right, """[{"type":"paid","odd name":{"a.b":2}}]"""));

        var paths = view.FindAll(".json-diff-path code");
        Assert.Equal(["$[0].type", "$[0]['odd name']['a.b']"], paths.Select(p => p.TextContent));
        // Each step is one unbreakable span; the only break opportunities are the <wbr> between steps.
        Assert.Equal(["$", "[0]", ".type"], paths[0].QuerySelectorAll(".json-path-step").Select(s => s.TextContent));
        Assert.Equal(["$", "[0]", "['odd name']", "['a.b']"], paths[1].QuerySelectorAll(".json-path-step").Select(s => s.TextContent));
        Assert.Equal(2, paths[0].QuerySelectorAll("wbr").Length);
    }

    [Fact]
    public async Task JsonDiffView_EqualDocuments_SayTheyAreEqual()
    {
        await using var ctx = new BunitContext();
        ctx.AddExplorerWithoutStores();

        var view = ctx.RenderWithPopovers<JsonDiffView>(p => p.Add(v => v.Left, """{"a":1,"b":2}""").Add(v => v.Right, """{"b":2.0,"a":1}"""));

        var summary = view.Find(".json-diff-summary").TextContent;
        Assert.Contains("The two documents are equal.", summary, StringComparison.Ordinal);
        Assert.Contains("They differ only in formatting, property order or number notation.", summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JsonDiffView_OneSideNotJson_ShowsTheLinesAndWhyOnce()
    {
        await using var ctx = new BunitContext();
        ctx.AddExplorerWithoutStores();

        var view = ctx.RenderWithPopovers<JsonDiffView>(p => p
            .Add(v => v.Left, """{"a":1}""").Add(v => v.Right, "{\"a\": tru}")
            .Add(v => v.LeftLabel, "snap-1").Add(v => v.RightLabel, "snap-2"));

        Assert.Equal("Only a line comparison is possible:", view.Find(".json-diff-summary strong").TextContent);
        Assert.Equal(["snap-2: Not valid JSON at line 1, column 10: 'tru}' is an invalid JSON literal. Expected the literal 'true'."],
            view.FindAll(".json-diff-summary span").Select(s => s.TextContent));
        Assert.Equal("Side by side", view.Find(".mud-tab.mud-tab-active").TextContent.Trim());
        Assert.NotEmpty(view.FindAll("table.json-lines tr.json-line"));
    }

    [Fact]
    public async Task JsonDiffView_ChoosingTheOtherTab_TellsThePage()
    {
        await using var ctx = new BunitContext();
        ctx.AddExplorerWithoutStores();
        DiffView? chosen = null;
        var view = ctx.RenderWithPopovers<JsonDiffView>(p => p
            .Add(v => v.Left, """{"a":1}""").Add(v => v.Right, """{"a":2}""")
            .Add(v => v.ViewChanged, v => chosen = v));

        view.FindAll(".mud-tab").Single(t => t.TextContent.Trim() == "Side by side").Click();

        Assert.Equal(DiffView.Lines, chosen);
    }

    [Fact]
    public async Task JsonDiffView_LongUnchangedRuns_AreFoldedUntilAskedFor()
    {
        await using var ctx = new BunitContext();
        ctx.AddExplorerWithoutStores();
        var left = "[" + string.Join(",", Enumerable.Range(0, 40)) + "]";
        var right = left.Replace(",20,", ",twenty,", StringComparison.Ordinal).Replace("twenty", "\"twenty\"", StringComparison.Ordinal);

        var view = ctx.RenderWithPopovers<JsonDiffView>(p => p.Add(v => v.Left, left).Add(v => v.Right, right).Add(v => v.View, DiffView.Lines));
        var folds = view.FindAll("tr.json-fold button");
        Assert.Equal(2, folds.Count);
        var before = view.FindAll("tr.json-line").Count;

        folds[0].Click();

        Assert.True(view.FindAll("tr.json-line").Count > before);
        Assert.Single(view.FindAll("tr.json-fold"));
    }
}
