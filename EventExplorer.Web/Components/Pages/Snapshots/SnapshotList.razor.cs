using EventExplorer.Data;
using EventExplorer.Web.Model;
using Microsoft.AspNetCore.Components;

namespace EventExplorer.Web.Components.Pages.Snapshots;

public sealed partial class SnapshotList
{
    private SnapshotListViewModel _model = null!;

    [Inject] public required ISnapshotStore Store { get; init; }
    [Inject] public required NavigationManager Navigation { get; init; }

    [SupplyParameterFromQuery(Name = ExplorerUrls.Query.Prefix)] public string? Prefix { get; set; }
    [SupplyParameterFromQuery(Name = ExplorerUrls.Query.Cursor)] public string? Cursor { get; set; }

    protected override void OnInitialized() => _model = new SnapshotListViewModel(Store);

    protected override Task OnParametersSetAsync() => _model.LoadAsync(Prefix, Cursor);

    private async Task SearchAsync()
    {
        // Searching for what is already shown runs the scan again rather than doing nothing.
        if (_model.SearchUrl == _model.CurrentUrl) await _model.RetryAsync();
        else Navigation.NavigateTo(_model.SearchUrl);
    }

    private void Open()
    {
        if (_model.OpenUrl is { } url) Navigation.NavigateTo(url);
    }

    public void Dispose() => _model.Dispose();
}
