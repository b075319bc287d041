using EventExplorer.Web.Model.Preferences;
using EventExplorer.Web.Model.Urls;
using EventExplorer.Web.Model.Summary;
using Microsoft.AspNetCore.Components;

namespace EventExplorer.Web.Components.Pages.Summary;

/// <summary>The summary page; it reads in the circuit (a long history streams with progress, a short one is done at once).</summary>
public sealed partial class Summary
{
    private string? _aggregate;

    [Inject] public required TimeProvider Clock { get; init; }

    [CascadingParameter] public UserPreferences Preferences { get; set; } = UserPreferences.Default;

    [SupplyParameterFromQuery(Name = SummaryState.AggregateName)] public string? Aggregate { get; set; }

    protected override SummaryState StateFromParameters(out IReadOnlyList<string> problems)
    {
        var query = QueryReader.Of((SummaryState.AggregateName, Aggregate));
        var state = SummaryState.Read(query);
        problems = query.Problems;
        return state;
    }

    private void Submit()
    {
        if (!string.IsNullOrWhiteSpace(_aggregate)) Navigation.NavigateTo(ExplorerUrls.Summary(_aggregate.Trim()));
    }
}
