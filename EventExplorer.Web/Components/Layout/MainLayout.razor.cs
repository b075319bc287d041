using EventExplorer.Web.Model.Preferences;
using EventExplorer.Web.Model.Shell;
using Microsoft.AspNetCore.Components;
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

    protected override void OnInitialized()
    {
        _isDark = Preferences.Current.IsDark;
        Preferences.Changed += OnPreferencesChanged;
    }

    /// <summary>
    /// The router sets the layout's body on every navigation. A failed view should not stick to the next
    /// page the user opens; and the app bar describes the store until it once could (free after that).
    /// </summary>
    protected override async Task OnParametersSetAsync()
    {
        _boundary?.Recover();
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

    // Preferences change in the circuit's own event handlers (the app bar's switches, the theme provider's
    // callback), so this runs on the renderer's thread; a failure goes to the handler that changed them.
    private void OnPreferencesChanged()
    {
        _isDark = Preferences.Current.IsDark;
        StateHasChanged();
    }

    public void Dispose()
    {
        Preferences.Changed -= OnPreferencesChanged;
    }
}
