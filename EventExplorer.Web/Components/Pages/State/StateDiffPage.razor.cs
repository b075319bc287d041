using System.Globalization;
using EventExplorer.Web.Model.Snapshots;
using EventExplorer.Web.Model.State;
using EventExplorer.Web.Model.Urls;
using EventExplorer.Web.Security;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace EventExplorer.Web.Components.Pages.State;

/// <summary>The state diff page; like the state page it folds in the circuit only (the prerender shows the form).</summary>
public sealed partial class StateDiffPage
{
    private const string AutomaticReducer = "";

    private string? _aggregate;
    private string? _left;
    private string? _right;
    private string _reducer = AutomaticReducer;
    private string? _formProblem;

    // Only what the page offers: the view-model checks the role itself before it runs a typed reducer.
    private bool _isAuthor;

    [CascadingParameter] private Task<AuthenticationState>? Authentication { get; set; }

    [SupplyParameterFromQuery(Name = StateDiffState.AggregateName)] public string? Aggregate { get; set; }
    [SupplyParameterFromQuery(Name = StateDiffState.LeftName)] public string? Left { get; set; }
    [SupplyParameterFromQuery(Name = StateDiffState.RightName)] public string? Right { get; set; }
    [SupplyParameterFromQuery(Name = StateDiffState.ReducerName)] public string? Reducer { get; set; }
    [SupplyParameterFromQuery(Name = StateDiffState.ViewName)] public string? View { get; set; }

    protected override async Task OnParametersSetAsync()
    {
        _isAuthor = Authentication is not null && ExplorerRoles.IsAuthor((await Authentication).User);
        await base.OnParametersSetAsync();
    }

    protected override StateDiffState StateFromParameters(out IReadOnlyList<string> problems)
    {
        var query = QueryReader.Of((StateDiffState.AggregateName, Aggregate), (StateDiffState.LeftName, Left), (StateDiffState.RightName, Right),
            (StateDiffState.ReducerName, Reducer), (StateDiffState.ViewName, View));
        var state = StateDiffState.Read(query);
        problems = query.Problems;
        return state;
    }

    protected override void FillForm()
    {
        _aggregate = Model.State.AggregateId;
        _left = Model.State.Left?.ToString(CultureInfo.InvariantCulture);
        _right = Model.State.Right?.ToString(CultureInfo.InvariantCulture);
        _reducer = Model.State.Reducer ?? AutomaticReducer;
        _formProblem = null;
    }

    private async Task Submit()
    {
        if (string.IsNullOrWhiteSpace(_aggregate) || string.IsNullOrWhiteSpace(_left) || string.IsNullOrWhiteSpace(_right))
        {
            _formProblem = "Give the aggregate id and both versions.";
            return;
        }
        // The form's values go through the same reading as a link's, so a typo is reported the same way.
        var query = QueryReader.Of((StateDiffState.AggregateName, _aggregate), (StateDiffState.LeftName, _left), (StateDiffState.RightName, _right),
            (StateDiffState.ReducerName, _reducer));
        var state = StateDiffState.Read(query) with { View = Model.State.View };
        if (query.Problems.Count > 0)
        {
            _formProblem = string.Join(" ", query.Problems);
            return;
        }
        await GoAsync(state);
    }

    // The open view is part of the link, but not a new history entry.
    private void ShowView(DiffView view) => Navigation.NavigateTo(Model.ViewUrl(view), replace: true);
}
