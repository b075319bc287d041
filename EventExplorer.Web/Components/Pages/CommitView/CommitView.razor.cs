using EventExplorer.Web.Model.CommitView;
using EventExplorer.Web.Model.Loading;
using EventExplorer.Web.Model.Urls;
using Microsoft.AspNetCore.Components;

namespace EventExplorer.Web.Components.Pages.CommitView;

public sealed partial class CommitView
{
    private string Title => Model.State.AggregateId is { } id ? $"{id} v{Model.State.Version} · Commit" : "Commit";

    private CommitState _state = new();
    private IReadOnlyList<string> _problems = [];

    [SupplyParameterFromQuery(Name = CommitState.AggregateName)] public string? Aggregate { get; set; }
    [SupplyParameterFromQuery(Name = CommitState.VersionName)] public string? Version { get; set; }
    [SupplyParameterFromQuery(Name = CommitState.ViewName)] public string? View { get; set; }

    protected override string ReadParameters()
    {
        var query = QueryReader.Of((CommitState.AggregateName, Aggregate), (CommitState.VersionName, Version), (CommitState.ViewName, View));
        _state = CommitState.Read(query);
        _problems = query.Problems;
        return _state.ToUrl();
    }

    protected override Task LoadAsync() => Model.LoadAsync(_state, _problems);

    protected override void Restore(Prerendered<CommitData> handed) => Model.Restore(_state, _problems, handed);

    protected override Prerendered<CommitData>? Handover() => Model.Handover();

    // The open tab is part of the link, but not a new history entry.
    private void ShowTab(int index) => Navigation.NavigateTo(Model.TabUrl(index == 1 ? CommitTab.Raw : CommitTab.Events), replace: true);
}
