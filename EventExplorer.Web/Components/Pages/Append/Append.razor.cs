using EventExplorer.Data;
using EventExplorer.Web.Model;
using Microsoft.AspNetCore.Components;

namespace EventExplorer.Web.Components.Pages.Append;

public sealed partial class Append
{
    private AppendViewModel _model = null!;
    private (string? Aggregate, string? Version)? _applied;

    [Inject] public required IEventStoreReader Reader { get; init; }
    [Inject] public required IEventStoreWriter Writer { get; init; }

    [SupplyParameterFromQuery(Name = ExplorerUrls.Query.AggregateId)] public string? Aggregate { get; set; }
    [SupplyParameterFromQuery(Name = ExplorerUrls.Query.Version)] public string? Version { get; set; }

    protected override void OnInitialized() => _model = new AppendViewModel(Reader, Writer);

    protected override async Task OnParametersSetAsync()
    {
        // Only a new link resets the form; re-renders of the same URL keep what was typed.
        if (_applied == (Aggregate, Version) || !_model.CanWrite) return;
        _applied = (Aggregate, Version);
        await _model.InitializeAsync(Aggregate, Version);
    }

    private Task SubmitAsync() => _model.SubmitAsync();

    private void OnEventsChanged(string text) => _model.EventsJson = text;

    private void OnEventsChecked(JsonCheck check) => _model.EditorCheck = check;

    public void Dispose() => _model.Dispose();
}
