using AngleSharp.Dom;
using Bunit;
using EventExplorer.Tests.Infrastructure;
using EventExplorer.Web.Components.Pages.Append;
using EventExplorer.Web.Components.Shared.Json;
using MudBlazor;

namespace EventExplorer.Tests.Web.Components.Pages;

/// <summary>The append page rendered over the real store on dynalite.</summary>
public sealed class AppendPageTests(DynaliteFixture dynalite) : IClassFixture<DynaliteFixture>
{
    private const string Events = """[{"type":"Shipped"}]""";

    private static IRenderedComponent<Append> Open(BunitContext ctx, string url)
    {
        ctx.Popovers();
        ctx.Dialogs();
        return ctx.RenderPage<Append>(url);
    }

    /// <summary>Types into the events editor: its script hands the text to the server once typing pauses.</summary>
    private static Task TypeEventsAsync(IRenderedComponent<Append> page, string text)
    {
        var editor = page.FindComponent<JsonEditor>();
        return editor.InvokeAsync(() => editor.Instance.OnTextInputAsync(text));
    }

    private static IElement SubmitButton(IRenderedComponent<Append> page) => page.Find(".append-actions button[type=submit]");

    [Fact]
    public async Task ReadOnlyMode_SaysWritesAreDisabledAndOffersNoForm()
    {
        await using var ctx = new BunitContext();
        await using var bed = ctx.AddExplorer(await StoreBed.CreateAsync(dynalite, readOnly: true));

        var page = Open(ctx, "/append");

        Assert.Contains("Writes are disabled: EventExplorer is in read-only mode.", page.Markup, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("form"));
    }

    [Fact]
    public async Task ADisabledAppendButton_SaysWhatIsMissing()
    {
        await using var ctx = new BunitContext();
        await using var bed = ctx.AddExplorer(await StoreBed.CreateAsync(dynalite));

        var page = Open(ctx, "/append?aggregate=order-1&version=-1");
        await TypeEventsAsync(page, Events);

        Assert.True(SubmitButton(page).HasAttribute("disabled"));
        var blockers = page.Find("#append-blockers").TextContent;
        Assert.Contains("The version '-1' is not a whole number of 0 or more.", blockers, StringComparison.Ordinal);
        Assert.DoesNotContain("Events", blockers, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LinkWithAnAggregate_PrefillsTheFormAndProposesTheNextVersion()
    {
        await using var ctx = new BunitContext();
        await using var bed = ctx.AddExplorer(await StoreBed.CreateAsync(dynalite));
        await bed.AddManyAsync("order-1", 4);

        var page = Open(ctx, "/append?aggregate=order-1");

        Assert.Equal("order-1", page.Find("#append-aggregate").GetAttribute("value"));
        page.WaitForAssertion(() => Assert.Equal("4", page.Find("#append-version").GetAttribute("value")));
        Assert.Contains("Proposed: 4, the head version + 1", page.Find(".version-note").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TypingAnotherAggregate_ProposesItsVersionAndKeepsTheFormInTheAddress()
    {
        await using var ctx = new BunitContext();
        await using var bed = ctx.AddExplorer(await StoreBed.CreateAsync(dynalite));
        await bed.AddManyAsync("order-2", 2);
        var page = Open(ctx, "/append");

        await page.Find("#append-aggregate").ChangeAsync(new Microsoft.AspNetCore.Components.ChangeEventArgs { Value = "order-2" });

        page.WaitForAssertion(() => Assert.Equal("2", page.Find("#append-version").GetAttribute("value")));
        Assert.Equal("/append?aggregate=order-2&version=2", ctx.Location());
    }

    [Theory]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData("{\"type\":\"Shipped\"}")]
    [InlineData("[{\"type\":\"Shipped\"},]")]
    public async Task SubmitButton_IsDisabledWhileTheEventsAreNotAValidNonEmptyArray(string events)
    {
        await using var ctx = new BunitContext();
        await using var bed = ctx.AddExplorer(await StoreBed.CreateAsync(dynalite));
        var page = Open(ctx, "/append?aggregate=order-1&version=0");

        await TypeEventsAsync(page, events);
        Assert.True(SubmitButton(page).HasAttribute("disabled"));

        await TypeEventsAsync(page, Events);
        Assert.False(SubmitButton(page).HasAttribute("disabled"));
    }

    [Fact]
    public async Task InvalidEvents_TheEditorSaysLineAndColumnOnceInWords()
    {
        await using var ctx = new BunitContext();
        await using var bed = ctx.AddExplorer(await StoreBed.CreateAsync(dynalite));
        var page = Open(ctx, "/append?aggregate=order-1&version=0");

        await TypeEventsAsync(page, "[" + new string(' ', 59) + "x]");

        var status = page.Find("#append-events-status").TextContent;
        Assert.Contains("Not valid JSON at line 1, column 61: 'x' is an invalid start of a value.", status, StringComparison.Ordinal);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(page.Markup, "column 61"));
        Assert.DoesNotContain("BytePositionInLine", page.Markup, StringComparison.Ordinal);
        Assert.Contains("Go to line 1", status, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EventsWithoutAType_AreWarnedAboutBeforeAppending_ThenTheSuccessNoticeGoesWhenTheFormChanges()
    {
        await using var ctx = new BunitContext();
        await using var bed = ctx.AddExplorer(await StoreBed.CreateAsync(dynalite));
        var page = Open(ctx, "/append?aggregate=order-1&version=0");
        await TypeEventsAsync(page, """[{"data":1}]""");

        var submitting = page.Find(".append-form form").SubmitAsync();

        var dialog = ctx.FindDialog();
        Assert.Contains("Check before appending:", dialog.TextContent, StringComparison.Ordinal);
        Assert.Contains("Event #0 has no \"type\"", dialog.TextContent, StringComparison.Ordinal);
        Assert.Contains($"table {bed.Tables.Commits} at {bed.Proxy.Url}", System.Text.RegularExpressions.Regex.Replace(dialog.TextContent, @"\s+", " "), StringComparison.Ordinal);
        Assert.Empty(await bed.StoredAsync("order-1"));

        await ctx.ClickDialogButtonAsync("Append anyway");
        await submitting.WaitAsync(TimeSpan.FromSeconds(10));

        page.WaitForAssertion(() => Assert.Contains("Commit appended.", page.Find(".append-result").TextContent, StringComparison.Ordinal));
        Assert.Single(await bed.StoredAsync("order-1"));
        Assert.True(SubmitButton(page).HasAttribute("disabled"));
        Assert.Equal("/append?aggregate=order-1&version=1", ctx.Location());

        await TypeEventsAsync(page, Events);

        Assert.Empty(page.FindAll(".append-result"));
        Assert.False(SubmitButton(page).HasAttribute("disabled"));
    }

    [Fact]
    public async Task CancelInTheConfirmation_WritesNothing()
    {
        await using var ctx = new BunitContext();
        await using var bed = ctx.AddExplorer(await StoreBed.CreateAsync(dynalite));
        var page = Open(ctx, "/append?aggregate=order-1&version=0");
        await TypeEventsAsync(page, Events);
        var submitting = page.Find(".append-form form").SubmitAsync();
        Assert.DoesNotContain("Check before appending", ctx.FindDialog().TextContent, StringComparison.Ordinal);

        await ctx.ClickDialogButtonAsync("Cancel");
        await submitting.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Empty(await bed.StoredAsync("order-1"));
        Assert.Empty(page.FindAll(".append-result"));
    }

    [Fact]
    public async Task AVersionTypedInTheBoxThatIsTaken_IsSaidAsTaken_NotBlamedOnAnotherWriter()
    {
        await using var ctx = new BunitContext();
        await using var bed = ctx.AddExplorer(await StoreBed.CreateAsync(dynalite));
        await bed.AddManyAsync("order-1", 3);
        var page = Open(ctx, "/append?aggregate=order-1");
        page.WaitForAssertion(() => Assert.Equal("3", page.Find("#append-version").GetAttribute("value")));
        await page.Find("#append-version").InputAsync(new Microsoft.AspNetCore.Components.ChangeEventArgs { Value = "1" });
        await TypeEventsAsync(page, Events);
        var submitting = page.Find(".append-form form").SubmitAsync();

        await ctx.ClickDialogButtonAsync("Append");
        await submitting.WaitAsync(TimeSpan.FromSeconds(10));

        page.WaitForAssertion(() => Assert.Contains("Version conflict:", page.Find("#append-conflict").TextContent, StringComparison.Ordinal));
        var said = page.Find("#append-conflict").TextContent;
        Assert.Contains("is already taken (its head is version 2)", said, StringComparison.Ordinal);
        Assert.DoesNotContain("another writer", said, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VersionTaken_ShowsWhoGotThereFirstAndOffersTheNextFreeVersion()
    {
        await using var ctx = new BunitContext();
        await using var bed = ctx.AddExplorer(await StoreBed.CreateAsync(dynalite));
        await bed.AddManyAsync("order-1", 3);
        var page = Open(ctx, "/append?aggregate=order-1&version=1");
        await TypeEventsAsync(page, Events);
        var submitting = page.Find(".append-form form").SubmitAsync();

        await ctx.ClickDialogButtonAsync("Append");
        await submitting.WaitAsync(TimeSpan.FromSeconds(10));

        page.WaitForAssertion(() => Assert.Contains("Version conflict:", page.Markup, StringComparison.Ordinal));
        Assert.Equal(["1", "2"], page.FindAll(".append-result tbody td.version").Select(c => c.TextContent.Trim()));
        page.FindAll(".conflict-actions button").Single(b => b.TextContent.Contains("Use the next free version (3)", StringComparison.Ordinal)).Click();
        Assert.Equal("3", page.Find("#append-version").GetAttribute("value"));
        Assert.Equal(Events, page.FindComponent<JsonEditor>().Instance.Value);
    }
}
