namespace EventExplorer.Web.Model.Preferences;

/// <summary>
/// The preferences of one circuit (scoped): started from the request's cookies, changed by the app
/// bar's switches. The layout cascades <see cref="Current"/> to everything that shows a time.
/// </summary>
public sealed class PreferencesState
{
    public UserPreferences Current { get; private set; } = UserPreferences.Default;

    public event Action? Changed;

    /// <summary>Sets the starting values without notifying (before anything rendered).</summary>
    public void Initialize(UserPreferences preferences) => Current = preferences;

    public void Update(UserPreferences preferences)
    {
        if (preferences == Current) return;
        Current = preferences;
        Changed?.Invoke();
    }
}
