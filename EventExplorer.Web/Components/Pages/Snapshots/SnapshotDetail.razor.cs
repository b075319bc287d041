using EventExplorer.Data;
using EventExplorer.Web.Model;
using Microsoft.AspNetCore.Components;

namespace EventExplorer.Web.Components.Pages.Snapshots;

public sealed partial class SnapshotDetail
{
    private SnapshotViewModel _model = null!;

    [Inject] public required ISnapshotStore Store { get; init; }
    [Inject] public required NavigationManager Navigation { get; init; }

    /// <summary>
    /// Catch-all, so an id with '/' still lands here. The id itself is read from the URL (see
    /// <see cref="ExplorerUrls.SnapshotIdFromUrl"/>): the router decodes %2F differently in the
    /// prerender and in the interactive render.
    /// </summary>
    [Parameter] public string? SnapshotPath { get; set; }

    protected override void OnInitialized() => _model = new SnapshotViewModel(Store);

    protected override Task OnParametersSetAsync() =>
        _model.LoadAsync(ExplorerUrls.SnapshotIdFromUrl(Navigation.Uri) ?? SnapshotPath ?? "");

    public void Dispose() => _model.Dispose();
}
