using EventExplorer.Data;
using EventExplorer.Web.Model;
using Microsoft.AspNetCore.Components;

namespace EventExplorer.Web.Components.Pages.Snapshots;

public sealed partial class SnapshotDiff
{
    private SnapshotDiffViewModel _model = null!;
    private bool _chooseStoredRight;

    [Inject] public required ISnapshotStore Store { get; init; }
    [Inject] public required NavigationManager Navigation { get; init; }

    [SupplyParameterFromQuery(Name = ExplorerUrls.Query.Left)] public string? Left { get; set; }
    [SupplyParameterFromQuery(Name = ExplorerUrls.Query.Right)] public string? Right { get; set; }

    protected override void OnInitialized() => _model = new SnapshotDiffViewModel(Store);

    protected override Task OnParametersSetAsync()
    {
        _chooseStoredRight = false;
        return _model.LoadAsync(Left, Right);
    }

    private void Compare() => Navigation.NavigateTo(_model.CompareUrl);

    private void OnPasted(string text) => _model.PastedJson = text;

    private Task RetryAsync() => _model.LoadAsync(Left, Right);

    public void Dispose() => _model.Dispose();
}
