using EventExplorer.Web.Model.FieldHistory;
using EventExplorer.Web.Model.Preferences;
using EventExplorer.Web.Model.Urls;
using Microsoft.AspNetCore.Components;

namespace EventExplorer.Web.Components.Pages.FieldHistory;

/// <summary>The field history page; like search, it reads in the circuit only (the prerender shows the form).</summary>
public sealed partial class FieldHistory
{
    private string? _aggregate;
    private string? _path;
    private string? _formProblem;
    private string _of = "events";
    private string _reducer = "";

    [Inject] public required TimeProvider Clock { get; init; }

    [CascadingParameter] public UserPreferences Preferences { get; set; } = UserPreferences.Default;

    [SupplyParameterFromQuery(Name = FieldHistoryState.AggregateName)] public string? Aggregate { get; set; }
    [SupplyParameterFromQuery(Name = FieldHistoryState.PathName)] public string? Path { get; set; }
    [SupplyParameterFromQuery(Name = FieldHistoryState.FromName)] public string? From { get; set; }
    [SupplyParameterFromQuery(Name = FieldHistoryState.PreviousName)] public string? Previous { get; set; }
    [SupplyParameterFromQuery(Name = FieldHistoryState.OfName)] public string? Of { get; set; }
    [SupplyParameterFromQuery(Name = FieldHistoryState.ReducerName)] public string? Reducer { get; set; }

    protected override FieldHistoryState StateFromParameters(out IReadOnlyList<string> problems)
    {
        var query = QueryReader.Of((FieldHistoryState.AggregateName, Aggregate), (FieldHistoryState.PathName, Path),
            (FieldHistoryState.FromName, From), (FieldHistoryState.PreviousName, Previous), (FieldHistoryState.OfName, Of), (FieldHistoryState.ReducerName, Reducer));
        var state = FieldHistoryState.Read(query);
        problems = query.Problems;
        return state;
    }

    protected override void FillForm()
    {
        _aggregate = Model.State.AggregateId;
        _path = Model.State.Path;
        _of = Model.State.OfState ? "state" : "events";
        _reducer = Model.State.Reducer ?? "";
        _formProblem = null;
    }

    private async Task Submit()
    {
        if (string.IsNullOrWhiteSpace(_aggregate) || string.IsNullOrWhiteSpace(_path))
        {
            _formProblem = "Give both the aggregate id and the field.";
            return;
        }
        var ofState = _of == "state";
        await GoAsync(new FieldHistoryState
        {
            AggregateId = _aggregate.Trim(),
            Path = _path.Trim(),
            OfState = ofState,
            Reducer = ofState && _reducer.Length > 0 ? _reducer : null,
        });
    }
}
