using EventExplorer.Data;
using EventExplorer.Web.Model;
using Microsoft.AspNetCore.Components;

namespace EventExplorer.Web.Components.Pages.Snapshots;

public sealed partial class SnapshotList : IDisposable
{
    private readonly CancellationTokenSource _disposed = new();
    private SnapshotListViewModel _model = null!;

    [Inject] public required ISnapshotStore Store { get; init; }
    [Inject] public required NavigationManager Navigation { get; init; }

    [SupplyParameterFromQuery(Name = ExplorerUrls.Query.Prefix)] public string? Prefix { get; set; }
    [SupplyParameterFromQuery(Name = ExplorerUrls.Query.Cursor)] public string? Cursor { get; set; }

    protected override void OnInitialized() => _model = new SnapshotListViewModel(Store);

    protected override Task OnParametersSetAsync() => _model.LoadAsync(Prefix, Cursor, _disposed.Token);

    private Task SearchAsync()
    {
        var target = _model.SearchUrl;
        // Searching for what is already shown runs the scan again rather than doing nothing.
        if (Navigation.ToBaseRelativePath(Navigation.Uri) == target.TrimStart('/')) return _model.LoadAsync(Prefix, null, _disposed.Token);
        Navigation.NavigateTo(target);
        return Task.CompletedTask;
    }

    private void Open()
    {
        if (_model.OpenUrl is { } url) Navigation.NavigateTo(url);
    }

    private Task RetryAsync() => _model.LoadAsync(Prefix, Cursor, _disposed.Token);

    public void Dispose()
    {
        _disposed.Cancel();
        _disposed.Dispose();
    }
}
