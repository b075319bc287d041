using EventExplorer.Data;
using Amazon.DynamoDBv2.Model;
using Bunit;
using EventExplorer.Data.DynamoDb;
using EventExplorer.Data.Model;
using EventExplorer.Tests.Data.EventStore;
using EventExplorer.Tests.Web.Components;
using EventExplorer.Tests.Web.Components.OddItems;
using EventExplorer.Web;
using EventExplorer.Web.Components.Shared;
using EventExplorer.Web.Components.Shared.Json;
using EventExplorer.Web.Model;
using EventExplorer.Web.Model.Compare;
using EventExplorer.Web.Model.CommitView;
using EventExplorer.Web.Model.Feed;
using EventExplorer.Web.Model.FieldHistory;
using EventExplorer.Web.Model.Json;
using EventExplorer.Web.Model.Loading;
using EventExplorer.Web.Model.Search;
using EventExplorer.Web.Model.Snapshots;
using EventExplorer.Web.Model.Summary;
using EventExplorer.Web.Model.Timeline;
using EventExplorer.Tests.Web.Model;
using static EventExplorer.Tests.OddItems.OddWorldReader;

namespace EventExplorer.Tests.OddItems;

/// <summary>
/// The pages' view-models over an <see cref="OddWorld"/>, and the commit list rendered with every row open and
/// every event's tree expanded to its deepest value. A load may not fail: the database is healthy, so any
/// error a view-model would show (<see cref="LatestLoad.Error"/>) is the stored data breaking the page.
/// </summary>
internal sealed class OddWorldViews(EventStoreTestBed bed, DynamoDbSnapshotStore snapshots) : IAsyncDisposable
{
    private readonly BunitContext _render = CreateContext(bed, snapshots);

    // A commit's events are opened all the way down once per store, not once per page that shows the commit.
    private readonly HashSet<string> _opened = [];

    private static BunitContext CreateContext(EventStoreTestBed bed, DynamoDbSnapshotStore snapshots)
    {
        var context = new BunitContext();
        context.AddExplorerOver(bed, snapshots);
        return context;
    }

    public async Task CheckAsync(OddWorld world, List<Dictionary<string, AttributeValue>> stored)
    {
        _opened.Clear();
        await _render.DisposeComponentsAsync();
        foreach (var aggregateId in world.AggregateIds)
        {
            await TimelineAsync(aggregateId);
            await StreamedAsync($"the search page in {Show(aggregateId)}", new SearchViewModel(bed.Store), m => ((SearchViewModel)m).LoadAsync(ExplorerUrls.Search("a", aggregateId)));
            await StreamedAsync($"the field history page of s in {Show(aggregateId)}", new FieldHistoryViewModel(bed.Store), m => ((FieldHistoryViewModel)m).LoadAsync(ExplorerUrls.FieldHistory(aggregateId, "s")));
            await StreamedAsync($"the summary page of {Show(aggregateId)}", new SummaryViewModel(bed.Store), m => ((SummaryViewModel)m).LoadAsync(ExplorerUrls.Summary(aggregateId)));
        }
        await StreamedAsync("the feed-wide search page", new SearchViewModel(bed.Store), m => ((SearchViewModel)m).LoadAsync(ExplorerUrls.Search("s = \"\\ud800\"")));

        var versions = stored.GroupBy(item => item["aggregateId"].S);
        foreach (var aggregate in versions)
        {
            string? previous = null;
            foreach (var version in aggregate.Select(item => item["version"].N).OrderBy(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture)))
            {
                await LoadAsync($"the commit page of {Show(aggregate.Key)} v{version}", new CommitViewModel(bed.Store, bed.Store, snapshots), m => m.Load,
                    m => m.LoadAsync(ExplorerUrls.CommitPage(aggregate.Key, version, raw: true)));
                if (long.TryParse(version, out var right) && previous is not null && long.TryParse(previous, out var left))
                {
                    var compare = await LoadAsync($"the comparison of {Show(aggregate.Key)} v{left} and v{right}", new CompareViewModel(bed.Store, snapshots), m => m.Load,
                        m => m.LoadAsync(ExplorerUrls.CompareCommits(aggregate.Key, left, right)));
                    JsonComparison.Create(compare.Left.Commit?.EventsJson, compare.Right.Commit?.EventsJson);
                    await LoadAsync($"the comparison of {Show(aggregate.Key)} v{right} with its snapshot", new CompareViewModel(bed.Store, snapshots), m => m.Load,
                        m => m.LoadAsync(ExplorerUrls.CompareWithSnapshot(aggregate.Key, right, aggregate.Key)));
                }
                previous = version;
            }
        }

        var feed = await LoadAsync("the feed page", new FeedViewModel(bed.Store, bed.Store, TimeProvider.System, new SharedFeedTail(bed.Store, TimeProvider.System)), m => m.Load, m => m.LoadAsync("/feed?size=5"));
        Render(feed.Rows, "the feed");
        await Run("a poll of the live tail", () => feed.PollOnceAsync(CancellationToken.None));
        Assert.True(feed.TailProblem is null, "The live tail says: " + feed.TailProblem);
        await LiveTailAsync(feed);

        foreach (var snapshot in world.Snapshots)
        {
            var id = snapshot.Attributes[OddWorld.SnapshotKey].S;
            var model = await LoadAsync($"the snapshot page of {Show(id)}", new SnapshotViewModel(snapshots), m => m.Load, m => m.LoadAsync(id));
            RenderJson(model.Snapshot?.StateJson, $"the snapshot of {Show(id)}");
            var diff = await LoadAsync($"the snapshot diff of {Show(id)}", new SnapshotDiffViewModel(snapshots), m => m.Load, m => m.LoadAsync(ExplorerUrls.SnapshotDiff(id, id)));
            JsonComparison.Create(diff.LeftJson, diff.RightJson);
        }
    }

    /// <summary>A commit with half a character arrives in the live tail: it is delivered, flagged, and its row renders.</summary>
    private async Task LiveTailAsync(FeedViewModel feed)
    {
        var arrival = bed.Item("tail-arrival", 0, bed.Layout == EventStoreLayout.CounterCommitIds ? "9000000" : "20991231235959999:tail-arrival", 4_102_444_800_000, LoneSurrogatePageTests.CutEmoji);
        await bed.PutRawAsync(arrival);

        var arrived = await Run("the live tail's poll after a commit arrived", () => feed.PollOnceAsync(CancellationToken.None));

        Assert.True(feed.TailProblem is null, "The live tail says: " + feed.TailProblem);
        Assert.True(arrived >= 1, "The commit that arrived was not delivered by the live tail.");
        var row = Assert.Single(feed.Items, c => c.AggregateId == "tail-arrival");
        Assert.True(row.IsMalformed, "The commit that arrived with half a character is not flagged.");
        Render(feed.Rows, "the feed after the live tail delivered");
    }

    /// <summary>Every page of the timeline, and each page's commit list rendered with every row open.</summary>
    private async Task TimelineAsync(string aggregateId)
    {
        var url = ExplorerUrls.Timeline(aggregateId);
        for (var pages = 0; url is not null; pages++)
        {
            Assert.True(pages < 100, "The timeline's pages do not end.");
            var page = url;
            var model = await LoadAsync($"the timeline page {page}", new TimelineViewModel(bed.Store, snapshots, bed.Store, bed.Store), m => m.Load,
                m => m.LoadAsync(page + (page.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "size=4"));
            Render(model.Rows, "the timeline of " + Show(aggregateId));
            url = model.OlderUrl;
        }
    }

    private void Render(IReadOnlyList<CommitRow> rows, string what)
    {
        try
        {
            _render.Render<CommitTable>(p => p
                .Add(t => t.Rows, rows)
                .Add(t => t.Columns, [CommitColumn.Version, CommitColumn.CommitId, CommitColumn.Aggregate, CommitColumn.Committed, CommitColumn.Events, CommitColumn.Size])
                .Add(t => t.Label, what)
                .Add(t => t.IsExpanded, _ => true)
                .Add(t => t.OnToggle, (Commit _) => { }));
            foreach (var commit in rows.Select(r => r.Commit).OfType<Commit>().Where(c => _opened.Add(c.Key)))
            {
                foreach (var commitEvent in commit.Events) RenderJson(commitEvent.Json, $"event {commitEvent.Index} of {Show(commit.Key)}");
            }
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException)
        {
            throw new InvalidOperationException($"Rendering {what} threw {e.GetType().Name}: {e.Message}", e);
        }
    }

    /// <summary>
    /// A JSON tree opened 40 levels down (every kind of value is met there; a tree of 200 levels takes seconds to render
    /// in a test, and the levels below are read by the search's lines and the raw text), then the same text as raw text.
    /// </summary>
    private void RenderJson(string? json, string what)
    {
        try
        {
            _render.Render<JsonView>(p => p.Add(v => v.Json, json).Add(v => v.ExpandDepth, 40));
            _render.Render<JsonView>(p => p.Add(v => v.Json, json).Add(v => v.Raw, true));
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException)
        {
            throw new InvalidOperationException($"Rendering {what} threw {e.GetType().Name}: {e.Message}", e);
        }
    }

    private static Task StreamedAsync<TState>(string what, StreamedViewModel<TState> model, Func<StreamedViewModel<TState>, Task> read) where TState : class, new() =>
        LoadAsync(what, model, m => m.Load, read);

    private static async Task<TModel> LoadAsync<TModel>(string what, TModel model, Func<TModel, LatestLoad> load, Func<TModel, Task> read)
    {
        await Run(what, () => read(model));
        Assert.True(load(model).Error is null, $"{what} failed: {load(model).Error?.Message}");
        return model;
    }

    public ValueTask DisposeAsync() => _render.DisposeAsync();
}
