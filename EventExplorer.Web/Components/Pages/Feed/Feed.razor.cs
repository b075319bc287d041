using EventExplorer.Data;
using EventExplorer.Data.Errors;
using EventExplorer.Data.Model;
using EventExplorer.Web.Model;
using Microsoft.AspNetCore.Components;

namespace EventExplorer.Web.Components.Pages.Feed;

public sealed partial class Feed
{
    private FeedViewModel _model = default!;
    private string? _from;
    private string _layoutHint = "commit id";

    [Inject] public required IEventStoreReader Reader { get; init; }
    [Inject] public required NavigationManager Navigation { get; init; }

    [SupplyParameterFromQuery(Name = ExplorerUrls.Query.FromCommitId)] public string? FromCommitId { get; set; }
    [SupplyParameterFromQuery(Name = ExplorerUrls.Query.Cursor)] public string? Cursor { get; set; }
    [SupplyParameterFromQuery(Name = ExplorerUrls.Query.Start)] public string? Start { get; set; }
    [SupplyParameterFromQuery(Name = ExplorerUrls.Query.PageSize)] public string? PageSize { get; set; }
    [SupplyParameterFromQuery(Name = ExplorerUrls.Query.Live)] public string? Live { get; set; }
    [SupplyParameterFromQuery(Name = ExplorerUrls.Query.Order)] public string? Order { get; set; }

    protected override async Task OnInitializedAsync()
    {
        _model = new FeedViewModel(Reader);
        // The tail polls off the render loop; re-enter it to render.
        _model.Changed += () => InvokeAsync(StateHasChanged);
        try
        {
            var store = await Reader.DescribeAsync(CancellationToken.None);
            _layoutHint = store.Layout == EventStoreLayout.CounterCommitIds ? "e.g. 1042" : "commit id or UTC time, e.g. 2026-11-21T06:00Z";
        }
        catch (EventStoreException)
        {
            // The feed read below reports the failure in the message bar.
        }
    }

    protected override async Task OnParametersSetAsync()
    {
        _from = FromCommitId;
        await _model.LoadAsync(new FeedRequest
        {
            FromCommitId = FromCommitId,
            Cursor = Cursor,
            Start = Start,
            PageSize = PageSize,
            Live = Live,
            Order = Order,
        });
    }

    private void SetLive(bool live)
    {
        if (!_model.SetLive(live)) return;
        // Pause/resume is part of the URL; the model keeps its rows when only "live" changes.
        Navigation.NavigateTo(_model.LiveUrl(live), replace: true);
    }

    private void GoFrom()
    {
        if (!string.IsNullOrWhiteSpace(_from)) Go(_model.FromUrl(_from.Trim()));
    }

    private void Go(string url) => Navigation.NavigateTo(url);

    public void Dispose() => _model.Dispose();
}
