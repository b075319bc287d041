using System.Text;
using MudBlazor;

namespace EventExplorer.Web.Components.Layout;

/// <summary>
/// The app's MudBlazor theme, and the CSS that lets "follow the system" paint in the right scheme on
/// the first response: the server cannot know the browser's scheme, so it sends both palettes behind
/// a prefers-color-scheme media query.
/// </summary>
public static class ExplorerTheme
{
    // System fonts: nothing is downloaded, and numbers line up in tables.
    private static readonly string[] Sans = ["system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "sans-serif"];

    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1f5fbf",
            // Darker than MudBlazor's defaults, for text contrast of at least 4.5:1 on the background and
            // on white (WCAG AA): the default warning orange (#ff9800) gave 2:1, the default secondary
            // text 4.48:1. Warning marks writes (the WRITABLE chip, "Append…"), so it is read as text.
            Warning = "#a35400",
            TextSecondary = "#5e6068",
            AppbarBackground = "#1d2a3a",
            AppbarText = "#f2f5f9",
            Background = "#f6f7f9",
            DrawerBackground = "#ffffff",
            TableHover = "rgba(31,95,191,0.06)",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#7fb0ff",
            // Light colours carry dark text: white on the light blue or amber gave about 2:1 (WCAG AA wants 4.5:1).
            PrimaryContrastText = "#0b1a33",
            Warning = "#ffb74d",
            WarningContrastText = "#2b1800",
            AppbarBackground = "#161b22",
            Background = "#0f1318",
            Surface = "#181d24",
            DrawerBackground = "#141920",
            TableHover = "rgba(127,176,255,0.08)",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = Sans, FontSize = ".875rem" },
            H1 = new H1Typography { FontFamily = Sans, FontSize = "1.5rem", FontWeight = "500", LineHeight = "1.3" },
            H2 = new H2Typography { FontFamily = Sans, FontSize = "1.125rem", FontWeight = "500", LineHeight = "1.4" },
            Button = new ButtonTypography { FontFamily = Sans, TextTransform = "none" },
        },
        LayoutProperties = new LayoutProperties { DrawerWidthLeft = "220px" },
    };

    private static readonly Lazy<string> SystemCss = new(BuildSystemCss);

    /// <summary>Both palettes as CSS variables, each behind the media query of its scheme.</summary>
    public static string SystemSchemeCss => SystemCss.Value;

    private static string BuildSystemCss()
    {
        var css = new StringBuilder();
        css.Append("@media (prefers-color-scheme: dark){:root{").Append(PaletteVariables(dark: true)).Append("}}");
        css.Append("@media (prefers-color-scheme: light){:root{").Append(PaletteVariables(dark: false)).Append("}}");
        return css.ToString();
    }

    // MudThemeProvider writes the variables of one palette; an unrendered instance writes the other.
    // Only palette lines are taken: they hold no quotes or angle brackets, so they are safe as text.
    private static string PaletteVariables(bool dark)
    {
        var provider = new PaletteWriter(dark);
        var lines = provider.Write().Split('\n')
            .Select(l => l.Trim())
            .Where(l => l.StartsWith("--mud-palette-", StringComparison.Ordinal) || l.StartsWith("--mud-native-html-color-scheme", StringComparison.Ordinal));
        return string.Concat(lines) + $"color-scheme:{(dark ? "dark" : "light")};";
    }

    private sealed class PaletteWriter : MudThemeProvider
    {
#pragma warning disable BL0005, MUD0012 // an unrendered instance: its parameters are set directly, once.
        public PaletteWriter(bool dark)
        {
            Theme = ExplorerTheme.Theme;
            IsDarkMode = dark;
        }
#pragma warning restore BL0005, MUD0012

        public string Write() => BuildTheme();
    }
}
