using EventExplorer.Web.Model.Aggregates;
using EventExplorer.Web.Model.CommitView;
using EventExplorer.Web.Model.Compare;
using EventExplorer.Web.Model.Feed;
using EventExplorer.Web.Model.FieldHistory;
using EventExplorer.Web.Model.Loading;
using EventExplorer.Web.Model.Search;
using EventExplorer.Web.Model.Snapshots;
using EventExplorer.Web.Model.Summary;
using EventExplorer.Web.Model.Timeline;

namespace EventExplorer.Tests.Web.Model;

/// <summary>
/// View-model tests open a link as a user would paste it: its state record parses it, as a page's
/// bound parameters would give it, and the view-model loads that state.
/// </summary>
public static class LinkedViewModels
{
    public static Task LoadAsync(this TimelineViewModel model, string url) => model.LoadAsync(TimelineState.Parse(url, out var problems), problems);

    public static void Restore(this TimelineViewModel model, string url, Prerendered<TimelineData> handed) => model.Restore(TimelineState.Parse(url, out var problems), problems, handed);

    public static Task LoadAsync(this FeedViewModel model, string url) => model.LoadAsync(FeedState.Parse(url, out var problems), problems);

    public static void Restore(this FeedViewModel model, string url, Prerendered<FeedData> handed) => model.Restore(FeedState.Parse(url, out var problems), problems, handed);

    public static Task LoadAsync(this CommitViewModel model, string url) => model.LoadAsync(CommitState.Parse(url, out var problems), problems);

    public static Task LoadAsync(this CompareViewModel model, string url) => model.LoadAsync(CompareState.Parse(url, out var problems), problems);

    public static Task LoadAsync(this SnapshotDiffViewModel model, string url) => model.LoadAsync(SnapshotDiffState.Parse(url, out var problems), problems);

    public static Task LoadAsync(this SnapshotListViewModel model, string url) => model.LoadAsync(SnapshotListState.Parse(url));

    public static Task LoadAsync(this AggregatesViewModel model, string url) => model.LoadAsync(AggregatesState.Parse(url));

    public static Task LoadAsync(this SearchViewModel model, string url) => model.LoadAsync(SearchState.Parse(url, out var problems), problems);

    public static void Show(this SearchViewModel model, string url) => model.Show(SearchState.Parse(url, out var problems), problems);

    public static Task LoadAsync(this FieldHistoryViewModel model, string url) => model.LoadAsync(FieldHistoryState.Parse(url, out var problems), problems);

    public static Task LoadAsync(this SummaryViewModel model, string url) => model.LoadAsync(SummaryState.Parse(url, out var problems), problems);
}
