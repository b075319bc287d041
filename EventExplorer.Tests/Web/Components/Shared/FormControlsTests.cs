using Bunit;
using EventExplorer.Web.Components.Shared;
using EventExplorer.Web.Model.Preferences;
using Microsoft.AspNetCore.Components;

namespace EventExplorer.Tests.Web.Components.Shared;

/// <summary>The small forms shared by the timeline and the feed, drawn with MudBlazor's own fields and buttons.</summary>
public sealed class FormControlsTests
{
    [Fact]
    public async Task TimeTravelBox_NotATime_MarksTheWholeFieldAsAnErrorAndStaysPut()
    {
        await using var ctx = new BunitContext();
        ctx.AddExplorerWithoutStores();
        var went = new List<DateTimeOffset>();
        var box = ctx.Render<CascadingValue<UserPreferences>>(p => p
            .Add(c => c.Value, UserPreferences.Default)
            .AddChildContent<TimeTravelBox>(t => t.Add(x => x.OnGo, (DateTimeOffset at) => went.Add(at))));

        box.Find("#time-travel").Input("next tuesday");
        await box.Find("form").SubmitAsync();

        Assert.Empty(went);
        Assert.Equal("true", box.Find("#time-travel").GetAttribute("aria-invalid"));
        // The label is in the error colour too, not only the text below (the hand-written field left it out).
        Assert.Contains("mud-input-error", box.Find("label[for=time-travel]").ClassList);
        Assert.Contains("'next tuesday' is not a date and time", box.Find(".mud-input-helper-text.mud-input-error").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TimeTravelBox_ATime_GoesThereInUtcWithASubmitButton()
    {
        await using var ctx = new BunitContext();
        ctx.AddExplorerWithoutStores();
        var went = new List<DateTimeOffset>();
        var box = ctx.Render<CascadingValue<UserPreferences>>(p => p
            .Add(c => c.Value, UserPreferences.Default)
            .AddChildContent<TimeTravelBox>(t => t.Add(x => x.OnGo, (DateTimeOffset at) => went.Add(at))));

        box.Find("#time-travel").Input("2026-10-02 14:34");
        await box.Find("form").SubmitAsync();

        Assert.Equal([new DateTimeOffset(2026, 10, 2, 14, 34, 0, TimeSpan.Zero)], went);
        Assert.Equal("Go", box.Find("form button[type=submit]").TextContent.Trim());
        Assert.Equal("false", box.Find("#time-travel").GetAttribute("aria-invalid"));
    }

    [Fact]
    public async Task FilterBar_WhatIsTyped_IsAppliedAndClearingIsALink()
    {
        await using var ctx = new BunitContext();
        ctx.AddExplorerWithoutStores();
        (string?, string?)? applied = null;
        var bar = ctx.Render<FilterBar>(p => p
            .Add(f => f.ShowPrefix, true)
            .Add(f => f.EventType, "orderPlaced")
            .Add(f => f.ClearUrl, "/feed")
            .Add(f => f.OnApply, ((string? EventType, string? Prefix) filter) => applied = filter));
        Assert.Equal("orderPlaced", bar.Find("#filter-type").GetAttribute("value"));

        bar.Find("#filter-type").Input("Paid");
        bar.Find("#filter-prefix").Input("order-");
        await bar.Find("form").SubmitAsync();

        Assert.Equal(("Paid", "order-"), applied);
        Assert.Equal("/feed", bar.FindAll("a").Single(a => a.TextContent.Trim() == "Clear filter").GetAttribute("href"));
        // Both fields are the same kind of field, labelled on their border.
        Assert.Equal(["Event type", "Aggregate id starts with"], bar.FindAll("label").Select(l => l.TextContent.Trim()));
    }
}
