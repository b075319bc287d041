using EventExplorer.Data.Model;
using EventExplorer.Web.Components.Shared;
using EventExplorer.Web.Model.Feed;
using EventExplorer.Web.Model.Loading;
using EventExplorer.Web.Model.Urls;
using Microsoft.AspNetCore.Components;

namespace EventExplorer.Web.Components.Pages.Feed;

public sealed partial class Feed
{
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

    [SupplyParameterFromQuery(Name = FeedState.LiveName)] public string? Live { get; set; }
    [SupplyParameterFromQuery(Name = FeedState.PrefixName)] public string? Prefix { get; set; }

    protected override (string Name, string? Value)[] OwnValues => [(FeedState.LiveName, Live), (FeedState.PrefixName, Prefix)];

    protected override FeedState Read(QueryReader query) => FeedState.Read(query);

    protected override async Task OnInitializedAsync()
    {
        // The tail polls off the render loop; re-enter it to render.
        Model.Changed += OnTailChanged;
        await base.OnInitializedAsync();
    }

    protected override void Restore(Prerendered<FeedData> handed) => Model.Restore(Requested!, Problems, handed);

    protected override Prerendered<FeedData>? Handover() => Model.Handover();

    protected override void OnShown()
    {
        base.OnShown();
        // The tail runs in the circuit only; the URL says whether it should.
        Model.FollowLiveSwitch();
    }


    /// <summary>The tail polls off the render loop; a failure to render what it brought reaches the error boundary.</summary>
    private async Task OnTailChanged()
    {
        try
        {
            await InvokeAsync(StateHasChanged);
        }
        catch (Exception e)
        {
            await DispatchExceptionAsync(e);
        }
    }

    private void SetLive(bool live)
    {
        // Pause/resume is part of the URL; the model keeps its rows when only "live" changes.
        Navigation.NavigateTo(Model.LiveUrl(live), replace: true);
    }

    /// <summary>The from box: the feed from a commit id (the store says when it is not one).</summary>
    private (string? Url, string? Problem) FromCommit(string text) => (text.Length == 0 ? null : Model.FromUrl(text), null);

    protected override void Dispose(bool disposing)
    {
        if (disposing) Model.Changed -= OnTailChanged;
        base.Dispose(disposing);
    }
}
