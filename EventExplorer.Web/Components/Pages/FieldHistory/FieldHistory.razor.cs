using EventExplorer.Web.Model.FieldHistory;
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

    protected override void FillForm()
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
        await GoAsync(ExplorerUrls.FieldHistory(_aggregate.Trim(), _path.Trim()));
    }
}
