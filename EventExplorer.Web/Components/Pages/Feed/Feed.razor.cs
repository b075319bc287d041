using EventExplorer.Data.Model;
using EventExplorer.Web.Components.Shared;
using EventExplorer.Web.Model.Feed;
using EventExplorer.Web.Model.Loading;
using EventExplorer.Web.Model.Urls;
using Microsoft.AspNetCore.Components;

namespace EventExplorer.Web.Components.Pages.Feed;

public sealed partial class Feed
{
    private string? _from;

    private bool IsLatestView => Model.IsLatestPage && Model.State.Position.Kind == PositionKind.Newest;

    private string LayoutHint => Model.Store?.Layout == EventStoreLayout.TimestampCommitIds
        ? "commit id or UTC time, e.g. 2026-11-21T06:00Z"
        : "e.g. 1042";

    /// <summary>What the filter keeps, in words: "commits with a Paid event whose aggregate id starts with order-".</summary>
    private string FilterWords => "commits"
        + (Model.State.EventType is { } type ? " " + FilterBar.WithEvent(type) : "")
        + (Model.State.Prefix is { } prefix ? $" whose aggregate id starts with \"{prefix}\"" : "");

    private string NoMatchTitle => $"No {FilterWords} " + (Model.Filtered is { StoppedByBudget: true } ? "in what was read." : "in this direction.");

    private string ExportTitle => Model.State.IsFiltered
        ? $"Download the {FilterWords} from this page on, oldest first"
        : "Download the commits from this page on, oldest first";

    protected override bool Shows(string path) => path == ExplorerUrls.FeedPath;

    protected override async Task OnInitializedAsync()
    {
        // The tail polls off the render loop; re-enter it to render.
        Model.Changed += OnTailChanged;
        await base.OnInitializedAsync();
    }

    protected override Task LoadAsync(string url) => Model.LoadAsync(url);

    protected override void Restore(string url, Prerendered<FeedData> handed) => Model.Restore(url, handed);

    protected override Prerendered<FeedData>? Handover(string url) => Model.Handover(url);

    protected override void OnShown()
    {
        _from = Model.State.Position.Kind == PositionKind.From ? Model.State.Position.Value : _from;
        ScrollToTarget = Model.Rows.Any(r => r.IsTarget);
        // The tail runs in the circuit only; the URL says whether it should.
        Model.FollowLiveSwitch();
    }


    private Task OnTailChanged() => InvokeAsync(StateHasChanged);

    private void SetLive(bool live)
    {
        // Pause/resume is part of the URL; the model keeps its rows when only "live" changes.
        Navigation.NavigateTo(Model.LiveUrl(live), replace: true);
    }

    private void GoFrom()
    {
        if (!string.IsNullOrWhiteSpace(_from)) Go(Model.FromUrl(_from.Trim()));
    }

    private void Go(string url) => Navigation.NavigateTo(url);

    protected override void Dispose(bool disposing)
    {
        if (disposing) Model.Changed -= OnTailChanged;
        base.Dispose(disposing);
    }
}
