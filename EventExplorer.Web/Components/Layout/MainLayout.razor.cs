using EventExplorer.Web.Model.Preferences;
using EventExplorer.Web.Model.Shell;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Routing;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.JSInterop;
using MudBlazor;

namespace EventExplorer.Web.Components.Layout;

public sealed partial class MainLayout
{
    private MudThemeProvider? _themeProvider;
    private ErrorBoundary? _boundary;
    private bool _drawerOpen = true;
    private bool _isDark;

    [Inject] public required ShellViewModel Shell { get; init; }
    [Inject] public required PreferencesState Preferences { get; init; }
    [Inject] public required NavigationManager Navigation { get; init; }
    [Inject] public required IJSRuntime Js { get; init; }

    protected override async Task OnInitializedAsync()
    {
        _isDark = Preferences.Current.IsDark;
        Preferences.Changed += OnPreferencesChanged;
        Navigation.LocationChanged += OnLocationChanged;
        await Shell.RefreshAsync(CancellationToken.None);
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender || _themeProvider is null) return;
        try
        {
            // The server guessed the system's scheme from a cookie; now the browser can say it, and keep saying it.
            if (Preferences.Current.Theme == ThemeChoice.System)
            {
                await FollowSystemAsync(await _themeProvider.GetSystemDarkModeAsync());
            }
            await _themeProvider.WatchSystemDarkModeAsync(FollowSystemAsync);
            if (await Js.InvokeAsync<string?>("eventExplorer.timeZone") is { } zone && UserPreferences.ValidZone(zone) is { } valid)
            {
                Preferences.Update(Preferences.Current with { TimeZone = valid });
            }
        }
        catch (JSDisconnectedException)
        {
        }
    }

    private Task FollowSystemAsync(bool dark)
    {
        if (Preferences.Current.SystemDark != dark) Preferences.Update(Preferences.Current with { SystemDark = dark });
        return Task.CompletedTask;
    }

    private void OnPreferencesChanged() => _ = InvokeAsync(() =>
    {
        _isDark = Preferences.Current.IsDark;
        StateHasChanged();
    });

    private void OnLocationChanged(object? sender, LocationChangedEventArgs e) => _ = InvokeAsync(async () =>
    {
        // A failed view should not stick to the next page the user opens.
        _boundary?.Recover();
        if (Shell.Store is null)
        {
            await Shell.RefreshAsync(CancellationToken.None);
            StateHasChanged();
        }
    });

    /// <summary>NavLink's rule: the path alone (no query), equal to the entry's, or below it unless <paramref name="exact"/>.</summary>
    private bool IsCurrent(string href, bool exact)
    {
        var path = "/" + Navigation.ToBaseRelativePath(Navigation.Uri).Split('?', '#')[0];
        var target = href.Split('?', '#')[0];
        if (string.Equals(path.TrimEnd('/'), target.TrimEnd('/'), StringComparison.OrdinalIgnoreCase)) return true;
        return !exact && path.StartsWith(target.TrimEnd('/') + "/", StringComparison.OrdinalIgnoreCase);
    }

    public void Dispose()
    {
        Preferences.Changed -= OnPreferencesChanged;
        Navigation.LocationChanged -= OnLocationChanged;
    }
}
