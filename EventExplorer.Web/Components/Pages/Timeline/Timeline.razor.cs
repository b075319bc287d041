using EventExplorer.Data;
using EventExplorer.Web.Model;
using Microsoft.AspNetCore.Components;

namespace EventExplorer.Web.Components.Pages.Timeline;

public sealed partial class Timeline
{
    private TimelineViewModel _model = default!;
    private long? _jumpTo;

    [Inject] public required IEventStoreReader Reader { get; init; }
    [Inject] public required IEventStoreWriter Writer { get; init; }
    [Inject] public required ISnapshotStore Snapshots { get; init; }
    [Inject] public required NavigationManager Navigation { get; init; }

    /// <summary>
    /// Catch-all, so an id with an unescaped '/' still lands here. The id itself is read from the URL
    /// (see <see cref="ExplorerUrls.AggregateIdFromUrl"/>): the router's own decoding of %2F differs
    /// between the prerender and the interactive render.
    /// </summary>
    [Parameter] public string? AggregatePath { get; set; }

    [SupplyParameterFromQuery(Name = ExplorerUrls.Query.Cursor)] public string? Cursor { get; set; }
    [SupplyParameterFromQuery(Name = ExplorerUrls.Query.FromVersion)] public string? FromVersion { get; set; }
    [SupplyParameterFromQuery(Name = ExplorerUrls.Query.Start)] public string? Start { get; set; }
    [SupplyParameterFromQuery(Name = ExplorerUrls.Query.PageSize)] public string? PageSize { get; set; }
    [SupplyParameterFromQuery(Name = ExplorerUrls.Query.EventType)] public string? EventType { get; set; }
    [SupplyParameterFromQuery(Name = ExplorerUrls.Query.Expand)] public string? Expand { get; set; }
    [SupplyParameterFromQuery(Name = ExplorerUrls.Query.Order)] public string? Order { get; set; }

    protected override void OnInitialized() => _model = new TimelineViewModel(Reader, Snapshots, Writer);

    protected override async Task OnParametersSetAsync()
    {
        var id = ExplorerUrls.AggregateIdFromUrl(Navigation.Uri) ?? AggregatePath ?? "";
        _jumpTo = null;
        await _model.LoadAsync(new TimelineRequest
        {
            AggregateId = id,
            Cursor = Cursor,
            FromVersion = FromVersion,
            Start = Start,
            PageSize = PageSize,
            EventType = EventType,
            Expand = Expand,
            Order = Order,
        });
    }

    private void Jump()
    {
        if (_jumpTo is { } version and >= 0) Navigation.NavigateTo(_model.JumpUrl(version));
    }

    private void Go(string url) => Navigation.NavigateTo(url);

    public void Dispose() => _model.Dispose();
}
