using System.Text.Json;
using EventExplorer.Data.Errors;
using EventExplorer.Tests.Fakes;
using EventExplorer.Web;
using EventExplorer.Web.Model;

namespace EventExplorer.Tests.Web.Model;

public sealed class TimelineViewModelTests
{
    private readonly FakeEventStore _store = new();
    private readonly FakeSnapshotStore _snapshots = new();

    private TimelineViewModel Create() => new(_store, _snapshots, _store);

    private void AddCommits(string id, int count)
    {
        for (var i = 0; i < count; i++) _store.AddTyped(id, i % 2 == 0 ? "Placed" : "Shipped");
    }

    [Fact]
    public async Task LoadAsync_NoPosition_ShowsNewestPageNewestFirst()
    {
        AddCommits("order-1", 30);
        using var model = Create();

        await model.LoadAsync(new TimelineRequest { AggregateId = "order-1", PageSize = "10" });

        Assert.Equal(Enumerable.Range(20, 10).Reverse().Select(v => (long?)v), model.Visible.Select(c => c.Version));
        Assert.True(model.IsNewestPage);
        Assert.False(model.IsOldestPage);
        Assert.NotNull(model.OlderUrl);
        Assert.Null(model.NewerUrl);
        Assert.Equal(29, model.Info?.HeadVersion);
    }

    [Fact]
    public async Task LoadAsync_OlderCursorFromLinks_ShowsTheNextLowerVersions()
    {
        AddCommits("order-1", 30);
        using var model = Create();
        await model.LoadAsync(new TimelineRequest { AggregateId = "order-1", PageSize = "10" });
        var cursor = QueryOf(model.OlderUrl!, ExplorerUrls.Query.Cursor);

        await model.LoadAsync(new TimelineRequest { AggregateId = "order-1", PageSize = "10", Cursor = cursor });

        Assert.Equal(Enumerable.Range(10, 10).Reverse().Select(v => (long?)v), model.Visible.Select(c => c.Version));
        Assert.NotNull(model.NewerUrl);
        Assert.NotNull(model.OlderUrl);
    }

    [Fact]
    public async Task LoadAsync_OldestAndOldestFirst_ShowsFirstVersionsAscending()
    {
        AddCommits("order-1", 30);
        using var model = Create();

        await model.LoadAsync(new TimelineRequest { AggregateId = "order-1", PageSize = "5", Start = "oldest", Order = "asc" });

        Assert.Equal([0L, 1, 2, 3, 4], model.Visible.Select(c => c.Version!.Value));
        Assert.True(model.IsOldestPage);
    }

    [Fact]
    public async Task LoadAsync_JumpToVersion_StartsThere()
    {
        AddCommits("order-1", 30);
        using var model = Create();

        await model.LoadAsync(new TimelineRequest { AggregateId = "order-1", PageSize = "5", FromVersion = "12", Order = "asc" });

        Assert.Equal(12, model.Visible[0].Version);
        Assert.Equal("/aggregates/order-1?from=3&size=5&order=asc", model.JumpUrl(3));
    }

    [Fact]
    public async Task LoadAsync_EventTypeFilter_ShowsMatchingCommitsAndCountsWhatWasRead()
    {
        AddCommits("order-1", 10);
        using var model = Create();

        await model.LoadAsync(new TimelineRequest { AggregateId = "order-1", EventType = "Shipped" });

        Assert.Equal(10, model.Loaded.Count);
        Assert.Equal(5, model.Visible.Count);
        Assert.All(model.Visible, c => Assert.Contains(c.Events, e => e.Type == "Shipped"));
        Assert.Equal(["Placed", "Shipped"], model.EventTypes);
        Assert.Contains("type=Shipped", model.OlderUrl ?? model.NewestUrl);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("0")]
    [InlineData("5000")]
    [InlineData("-3")]
    public async Task LoadAsync_BadPageSize_UsesDefaultAndSaysWhy(string size)
    {
        AddCommits("order-1", 3);
        using var model = Create();

        await model.LoadAsync(new TimelineRequest { AggregateId = "order-1", PageSize = size });

        Assert.Equal(TimelineViewModel.DefaultPageSize, model.PageSize);
        Assert.Contains(model.LinkProblems, p => p.Contains(size, StringComparison.Ordinal));
        Assert.Equal(3, model.Visible.Count);
    }

    [Fact]
    public async Task LoadAsync_TamperedCursor_ReportsInvalidLink()
    {
        AddCommits("order-1", 3);
        using var model = Create();

        await model.LoadAsync(new TimelineRequest { AggregateId = "order-1", Cursor = "not-a-real-token!!" });

        Assert.IsType<InvalidCursorException>(model.Load.Error);
        Assert.False(model.Load.IsLoading);
    }

    [Fact]
    public async Task LoadAsync_CursorOfAnotherAggregate_IsRejected()
    {
        AddCommits("a", 30);
        AddCommits("b", 30);
        using var model = Create();
        await model.LoadAsync(new TimelineRequest { AggregateId = "a", PageSize = "10" });
        var cursorOfA = QueryOf(model.OlderUrl!, ExplorerUrls.Query.Cursor);

        await model.LoadAsync(new TimelineRequest { AggregateId = "b", PageSize = "10", Cursor = cursorOfA });

        Assert.IsType<InvalidCursorException>(model.Load.Error);
    }

    [Fact]
    public async Task LoadAsync_UnknownAggregate_IsUnknownWithoutError()
    {
        AddCommits("order-1", 3);
        using var model = Create();

        await model.LoadAsync(new TimelineRequest { AggregateId = "nope" });

        Assert.True(model.IsUnknownAggregate);
        Assert.Null(model.Load.Error);
        Assert.Equal(ExplorerUrls.Append("nope", 0), model.AppendUrl);
    }

    [Fact]
    public async Task LoadAsync_StoreDown_KeepsErrorAndRetryLoadsAfterRecovery()
    {
        AddCommits("order-1", 3);
        _store.FailWith = new StoreUnavailableException("http://fake", "connection refused");
        using var model = Create();

        await model.LoadAsync(new TimelineRequest { AggregateId = "order-1" });
        Assert.IsType<StoreUnavailableException>(model.Load.Error);
        Assert.True(model.Load.Error!.IsTransient);

        _store.FailWith = null;
        await model.RetryAsync();

        Assert.Null(model.Load.Error);
        Assert.Equal(3, model.Visible.Count);
    }

    [Fact]
    public async Task LoadAsync_SnapshotStoreFails_TimelineStillShowsAndSaysWhy()
    {
        AddCommits("order-1", 3);
        _snapshots.FailWith = new TableMissingException("snapshots", "http://fake");
        using var model = Create();

        await model.LoadAsync(new TimelineRequest { AggregateId = "order-1" });

        Assert.Null(model.Load.Error);
        Assert.Equal(3, model.Visible.Count);
        Assert.Contains("snapshots", model.SnapshotProblem);
    }

    [Fact]
    public async Task LoadAsync_SnapshotExists_IsShownBesideTheTimeline()
    {
        AddCommits("order-1", 3);
        _snapshots.Put("order-1", """{"total":3}""");
        using var model = Create();

        await model.LoadAsync(new TimelineRequest { AggregateId = "order-1" });

        Assert.Equal("""{"total":3}""", model.Snapshot?.StateJson);
    }

    [Fact]
    public async Task AppendUrl_Writable_PointsAtHeadPlusOne_ReadOnly_IsHidden()
    {
        AddCommits("order-1", 4);
        using var model = Create();
        await model.LoadAsync(new TimelineRequest { AggregateId = "order-1" });
        Assert.Equal("/append?aggregate=order-1&version=4", model.AppendUrl);

        _store.CanWrite = false;

        Assert.Null(model.AppendUrl);
    }

    [Fact]
    public async Task LoadAsync_NewerLoadStarts_OlderLoadIsCancelledAndDoesNotLand()
    {
        AddCommits("a", 3);
        AddCommits("b", 5);
        var release = new TaskCompletionSource();
        using var model = Create();
        _store.BeforeEachCall = async ct => { await release.Task.WaitAsync(ct); };
        var first = model.LoadAsync(new TimelineRequest { AggregateId = "a" });

        _store.BeforeEachCall = null;
        await model.LoadAsync(new TimelineRequest { AggregateId = "b" });
        release.SetResult();
        await first;

        Assert.Equal("b", model.AggregateId);
        Assert.Equal(5, model.Visible.Count);
        Assert.All(model.Visible, c => Assert.Equal("b", c.AggregateId));
        Assert.False(model.Load.IsLoading);
        Assert.Null(model.Load.Error);
    }

    [Fact]
    public async Task ExportJson_IsReplayOrderWithEventsAsJson()
    {
        AddCommits("order-1", 4);
        using var model = Create();
        await model.LoadAsync(new TimelineRequest { AggregateId = "order-1" });

        using var doc = JsonDocument.Parse(model.ExportJson());

        var versions = doc.RootElement.EnumerateArray().Select(c => c.GetProperty("version").GetInt64()).ToList();
        Assert.Equal([0L, 1, 2, 3], versions);
        Assert.Equal("Placed", doc.RootElement[0].GetProperty("events")[0].GetProperty("type").GetString());
        Assert.Equal(1, doc.RootElement[0].GetProperty("commitId").GetInt64());
    }

    [Fact]
    public async Task ExportJson_MalformedEvents_AreKeptRawAndFlagged()
    {
        _store.AddAt("bad", 0, "{not json");
        using var model = Create();
        await model.LoadAsync(new TimelineRequest { AggregateId = "bad" });

        using var doc = JsonDocument.Parse(model.ExportJson());

        Assert.Equal("{not json", doc.RootElement[0].GetProperty("eventsRaw").GetString());
        Assert.True(doc.RootElement[0].GetProperty("problems").GetArrayLength() > 0);
    }

    [Fact]
    public async Task ToggleExpanded_And_ExpandFromUrl_TrackCommits()
    {
        AddCommits("order-1", 3);
        using var model = Create();
        await model.LoadAsync(new TimelineRequest { AggregateId = "order-1", Expand = "1" });

        Assert.True(model.IsExpanded(model.Visible.Single(c => c.Version == 1)));
        var v2 = model.Visible.Single(c => c.Version == 2);
        model.ToggleExpanded(v2);
        Assert.True(model.IsExpanded(v2));
        model.ToggleExpanded(v2);
        Assert.False(model.IsExpanded(v2));
    }

    private static string QueryOf(string url, string name)
    {
        var query = url[(url.IndexOf('?') + 1)..].Split('&').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => Uri.UnescapeDataString(p[1]));
        return query[name];
    }
}
