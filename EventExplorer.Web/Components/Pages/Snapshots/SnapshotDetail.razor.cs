using EventExplorer.Data;
using EventExplorer.Web.Model;
using Microsoft.AspNetCore.Components;

namespace EventExplorer.Web.Components.Pages.Snapshots;

public sealed partial class SnapshotDetail : IDisposable
{
    private readonly CancellationTokenSource _disposed = new();
    private SnapshotViewModel _model = null!;

    [Inject] public required ISnapshotStore Store { get; init; }
    [Inject] public required BrowserTime Time { get; init; }

    /// <summary>Catch-all, so ids containing '/' (escaped as %2F in links) still reach this page.</summary>
    [Parameter] public string? SnapshotId { get; set; }

    protected override void OnInitialized()
    {
        _model = new SnapshotViewModel(Store);
        Time.Changed += OnTimeZoneKnown;
    }

    protected override Task OnParametersSetAsync() => _model.LoadAsync(SnapshotId ?? "", _disposed.Token);

    private void OnTimeZoneKnown() => _ = InvokeAsync(StateHasChanged);

    public void Dispose()
    {
        Time.Changed -= OnTimeZoneKnown;
        _disposed.Cancel();
        _disposed.Dispose();
    }
}
