using System.Collections.Concurrent;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;

namespace EventExplorer.Web.Components.Shared;

/// <summary>
/// A MudBlazor icon (the inner SVG markup of <c>Icons.Material.*</c>) as a CSS mask, for markup that
/// stands in for a component: an element with the class <c>css-icon</c> and this style draws the icon
/// in the current text colour. The style text is made once per icon and shared by every circuit, so an
/// icon costs an open tab one attribute instead of a MudIcon component.
/// </summary>
public static class CssIcon
{
    private static readonly ConcurrentDictionary<string, string> Styles = new();

    public static string Style(string icon) => Styles.GetOrAdd(icon, static svg =>
        "--icon: url(\"data:image/svg+xml," +
        Uri.EscapeDataString($"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 24 24'>{svg}</svg>") +
        "\")");

    /// <summary>The icon before a small button's text, as MudButton's StartIcon places it.</summary>
    public static RenderFragment ButtonStart(string icon) => builder =>
    {
        builder.OpenElement(0, "span");
        builder.AddAttribute(1, "class", "mud-button-icon-start mud-button-icon-size-small css-icon");
        builder.AddAttribute(2, "style", Style(icon));
        builder.AddAttribute(3, "aria-hidden", "true");
        builder.CloseElement();
    };
}
