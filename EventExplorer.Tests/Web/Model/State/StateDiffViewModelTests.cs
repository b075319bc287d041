using System.Text.Json;
using EventExplorer.Data.Model;
using EventExplorer.Data.State;
using EventExplorer.Tests.Infrastructure;
using EventExplorer.Web;
using EventExplorer.Web.Model.Json;
using EventExplorer.Web.Model.State;

namespace EventExplorer.Tests.Web.Model.State;

/// <summary>The state diff's view-model over the real store (dynalite) and the repo's reducers.</summary>
public sealed class StateDiffViewModelTests(DynaliteFixture dynalite) : IClassFixture<DynaliteFixture>, IDisposable
{
    private readonly StateTestReducers _reducers = new();

    public void Dispose() => _reducers.Dispose();

    private StateDiffViewModel Model(StoreBed bed, WriterRole role = WriterRole.Author) =>
        new(_reducers.Catalog, new StateFolder(bed.Events), bed.Events, TimeProvider.System, new SignedIn(role));

    private static Task OpenAsync(StateDiffViewModel model, string url) => model.LoadAsync(StateDiffState.Parse(url, out var problems), problems);

    private static string? Value(string? json, string property) =>
        json is null ? null : JsonDocument.Parse(json).RootElement.TryGetProperty(property, out var value) ? value.GetRawText() : null;

    [Theory]
    [InlineData(EventStoreLayout.CounterCommitIds)]
    [InlineData(EventStoreLayout.TimestampCommitIds)]
    public async Task ACommitsOwnChange_IsTheStateBeforeItAgainstTheStateAfterIt_ReadingEachCommitOnce(EventStoreLayout layout)
    {
        await using var bed = await StoreBed.CreateAsync(dynalite, layout);
        await StateTestReducers.AddOrderAsync(bed, "order-1");
        using var model = Model(bed);

        await OpenAsync(model, ExplorerUrls.StateDiff("order-1", 0, 1));

        Assert.Null(model.Load.Error);
        Assert.Equal("orders", model.Reducer!.Name);
        Assert.Equal(("\"placed\"", "\"paid\""), (Value(model.LeftJson, "status"), Value(model.RightJson, "status")));
        var change = Assert.Single(JsonDiff.Compare(model.LeftJson!, model.RightJson!).Changes);
        Assert.Equal("$.status", change.Path);
        // Folded once, up to v1: v2 is not read, and v0 is not read twice.
        Assert.Equal((2L, 2L, 1L), (model.Progress!.Commits, model.Progress.Cost.ItemsRead, model.Progress.Version!.Value));
        Assert.Equal(("State after v0", "State after v1"), (model.LeftLabel, model.RightLabel));
    }

    [Fact]
    public async Task LeftMinusOne_IsTheReducersInitialState()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await StateTestReducers.AddOrderAsync(bed, "order-1");
        using var model = Model(bed);

        await OpenAsync(model, "/state/diff?aggregate=order-1&left=-1&right=0");
        var orders = (Value(model.LeftJson, "status"), Value(model.RightJson, "status"), model.LeftFolded);
        await OpenAsync(model, "/state/diff?aggregate=order-1&left=-1&right=0&reducer=generic");

        Assert.Equal(("\"new\"", "\"placed\"", (long?)null), orders);
        Assert.Equal("{}", JsonSerializer.Serialize(JsonDocument.Parse(model.LeftJson!).RootElement));
        Assert.Equal("10", Value(model.RightJson, "total"));
        Assert.Equal("State before the first commit", model.LeftLabel);
    }

    [Fact]
    public async Task SidesInEitherOrder_AVersionGap_AndAVersionPastTheNewest_AreTheStatesThatHoldThere()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        foreach (var (version, status) in new[] { (1L, "a"), (2L, "b"), (3L, "c"), (5L, "e") })
        {
            await bed.AddAtAsync("order-gaps", version, $$"""[{"type":"x","status":"{{status}}"}]""");
        }
        using var model = Model(bed);

        await OpenAsync(model, "/state/diff?aggregate=order-gaps&left=5&right=2&reducer=generic");
        var swapped = (Value(model.LeftJson, "status"), Value(model.RightJson, "status"));
        await OpenAsync(model, "/state/diff?aggregate=order-gaps&left=4&right=9&reducer=generic");

        Assert.Equal(("\"e\"", "\"b\""), swapped);
        Assert.Equal(("\"c\"", 3L), (Value(model.LeftJson, "status"), model.LeftFolded!.Value));
        Assert.Equal(("\"e\"", 5L), (Value(model.RightJson, "status"), model.RightFolded!.Value));
    }

    [Fact]
    public async Task AReducerThatFails_NamesTheReducerVersionAndEvent_AndAnAggregateWithoutCommitsSaysSo()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await StateTestReducers.AddOrderAsync(bed, "order-1");
        using var model = Model(bed);

        await OpenAsync(model, "/state/diff?aggregate=order-1&left=1&right=2&reducer=picky");
        var failure = (model.ReducerError, model.LeftJson, model.RightJson);
        await OpenAsync(model, "/state/diff?aggregate=order-404&left=-1&right=3");

        Assert.Equal(("Reducer \"picky\" failed at v2, event 0 (orderShipped): Error: no carrier DHL", (string?)null, (string?)null), failure);
        Assert.True(model.NothingFolded);
    }

    [Fact]
    public void Links_RoundTrip_WithMinusOneAndTheView_AndABadVersionIsReported()
    {
        var state = StateDiffState.Parse("/state/diff?aggregate=a%2Fb&left=-1&right=0&reducer=orders&view=lines", out var problems);
        var bad = StateDiffState.Parse("/state/diff?aggregate=a&left=-2&right=x", out var badProblems);

        Assert.Empty(problems);
        Assert.Equal((-1L, 0L, "orders"), (state.Left!.Value, state.Right!.Value, state.Reducer));
        Assert.Equal("/state/diff?aggregate=a%2Fb&left=-1&right=0&reducer=orders&view=lines", state.ToUrl());
        Assert.Equal(ExplorerUrls.StateDiff("a/b", -1, 0, "orders"), (state with { View = EventExplorer.Web.Model.Snapshots.DiffView.Changes }).ToUrl());
        Assert.Equal(((long?)null, (long?)null, 2), (bad.Left, bad.Right, badProblems.Count));
    }
}
