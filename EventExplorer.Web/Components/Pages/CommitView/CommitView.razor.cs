using EventExplorer.Web.Model.CommitView;
using EventExplorer.Web.Model.Loading;

namespace EventExplorer.Web.Components.Pages.CommitView;

public sealed partial class CommitView
{
    private string Title => Model.State.AggregateId is { } id ? $"{id} v{Model.State.Version} · Commit" : "Commit";

    protected override bool Shows(string path) => path == ExplorerUrls.CommitPath;

    protected override Task LoadAsync(string url) => Model.LoadAsync(url);

    protected override void Restore(string url, Prerendered<CommitData> handed) => Model.Restore(url, handed);

    protected override Prerendered<CommitData>? Handover(string url) => Model.Handover(url);

    // The open tab is part of the link, but not a new history entry.
    private void ShowTab(int index) => Navigation.NavigateTo(Model.TabUrl(index == 1 ? CommitTab.Raw : CommitTab.Events), replace: true);
}
