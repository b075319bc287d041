using EventExplorer.Web.Model;
using EventExplorer.Web.Model.State;
using EventExplorer.Web.Model.Urls;
using EventExplorer.Web.Security;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace EventExplorer.Web.Components.Pages.State;

/// <summary>The state page; like field history it reads in the circuit only (the prerender shows the form).</summary>
public sealed partial class StatePage
{
    private const string AutomaticReducer = "";

    private string? _aggregate;
    private string? _version;
    private string? _at;
    private string _reducer = AutomaticReducer;
    private string? _formProblem;

    // Only what the page offers: the view-model checks the role itself before it runs a typed reducer.
    private bool _isAuthor;

    [CascadingParameter] private Task<AuthenticationState>? Authentication { get; set; }

    [SupplyParameterFromQuery(Name = StatePageState.AggregateName)] public string? Aggregate { get; set; }
    [SupplyParameterFromQuery(Name = StatePageState.VersionName)] public string? Version { get; set; }
    [SupplyParameterFromQuery(Name = StatePageState.AtName)] public string? At { get; set; }
    [SupplyParameterFromQuery(Name = StatePageState.ReducerName)] public string? Reducer { get; set; }

    protected override async Task OnParametersSetAsync()
    {
        _isAuthor = Authentication is not null && ExplorerRoles.IsAuthor((await Authentication).User);
        await base.OnParametersSetAsync();
    }

    protected override StatePageState StateFromParameters(out IReadOnlyList<string> problems)
    {
        var query = QueryReader.Of((StatePageState.AggregateName, Aggregate), (StatePageState.VersionName, Version),
            (StatePageState.AtName, At), (StatePageState.ReducerName, Reducer));
        var state = StatePageState.Read(query);
        problems = query.Problems;
        return state;
    }

    protected override void FillForm()
    {
        _aggregate = Model.State.AggregateId;
        _version = Model.State.Version?.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _at = Model.State.At is { } at ? Formats.UrlTime(at) : null;
        _reducer = Model.State.Reducer ?? AutomaticReducer;
        _formProblem = null;
    }

    private async Task Submit()
    {
        if (string.IsNullOrWhiteSpace(_aggregate))
        {
            _formProblem = "Give the aggregate id.";
            return;
        }
        // The form's values go through the same reading as a link's, so a typo is reported the same way.
        var query = QueryReader.Of((StatePageState.AggregateName, _aggregate), (StatePageState.VersionName, _version),
            (StatePageState.AtName, _at), (StatePageState.ReducerName, _reducer));
        var state = StatePageState.Read(query);
        if (query.Problems.Count > 0)
        {
            _formProblem = string.Join(" ", query.Problems);
            return;
        }
        await GoAsync(state);
    }
}
