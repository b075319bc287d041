using EventExplorer.Web.Model.FieldHistory;
using EventExplorer.Web.Model.Loading;
using EventExplorer.Web.Model.Preferences;
using Microsoft.AspNetCore.Components;

namespace EventExplorer.Web.Components.Pages.FieldHistory;

/// <summary>The field history page; like search, it reads in the circuit only (the prerender shows the form).</summary>
public sealed partial class FieldHistory
{
    private string? _aggregate;
    private string? _path;
    private string? _formProblem;

    [Inject] public required TimeProvider Clock { get; init; }

    [CascadingParameter] public UserPreferences Preferences { get; set; } = UserPreferences.Default;

    protected override bool Shows(string path) => path == ExplorerUrls.FieldHistoryPath;

    protected override async Task OnInitializedAsync()
    {
        Model.Changed += OnProgress;
        await base.OnInitializedAsync();
    }

    protected override async Task LoadAsync(string url)
    {
        if (!RendererInfo.IsInteractive)
        {
            Model.Show(url);
            FillForm();
            return;
        }
        var running = Model.LoadAsync(url);
        FillForm();
        await running;
    }

    protected override void Restore(string url, Prerendered<FieldHistoryData> handed) => Model.Show(url);

    protected override Prerendered<FieldHistoryData>? Handover(string url) => null;

    private Task OnProgress() => InvokeAsync(StateHasChanged);

    private void FillForm()
    {
        _aggregate = Model.State.AggregateId;
        _path = Model.State.Path;
        _formProblem = null;
    }

    private async Task Submit()
    {
        if (string.IsNullOrWhiteSpace(_aggregate) || string.IsNullOrWhiteSpace(_path))
        {
            _formProblem = "Give both the aggregate id and the field.";
            return;
        }
        var url = ExplorerUrls.FieldHistory(_aggregate.Trim(), _path.Trim());
        if (url == "/" + Navigation.ToBaseRelativePath(Navigation.Uri)) await LoadAsync(url);
        else Navigation.NavigateTo(url);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) Model.Changed -= OnProgress;
        base.Dispose(disposing);
    }
}

/// <summary>Nothing: the circuit reads the history itself.</summary>
public sealed record FieldHistoryData;
