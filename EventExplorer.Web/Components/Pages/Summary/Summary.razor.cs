using EventExplorer.Web.Model.Loading;
using EventExplorer.Web.Model.Preferences;
using EventExplorer.Web.Model.Summary;
using Microsoft.AspNetCore.Components;

namespace EventExplorer.Web.Components.Pages.Summary;

/// <summary>The summary page; it reads in the circuit (a long history streams with progress, a short one is done at once).</summary>
public sealed partial class Summary
{
    private string? _aggregate;

    [Inject] public required TimeProvider Clock { get; init; }

    [CascadingParameter] public UserPreferences Preferences { get; set; } = UserPreferences.Default;

    protected override bool Shows(string path) => path == ExplorerUrls.SummaryPath;

    protected override async Task OnInitializedAsync()
    {
        Model.Changed += OnProgress;
        await base.OnInitializedAsync();
    }

    protected override Task LoadAsync(string url)
    {
        if (RendererInfo.IsInteractive) return Model.LoadAsync(url);
        Model.Show(url);
        return Task.CompletedTask;
    }

    protected override void Restore(string url, Prerendered<SummaryData> handed) => Model.Show(url);

    protected override Prerendered<SummaryData>? Handover(string url) => null;

    private Task OnProgress() => InvokeAsync(StateHasChanged);

    private void Submit()
    {
        if (!string.IsNullOrWhiteSpace(_aggregate)) Navigation.NavigateTo(ExplorerUrls.Summary(_aggregate.Trim()));
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) Model.Changed -= OnProgress;
        base.Dispose(disposing);
    }
}

/// <summary>Nothing: the circuit reads the summary itself.</summary>
public sealed record SummaryData;
