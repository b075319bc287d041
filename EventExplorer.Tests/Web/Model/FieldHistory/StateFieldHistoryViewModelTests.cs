using EventExplorer.Data.Model;
using EventExplorer.Data.State;
using EventExplorer.Tests.Infrastructure;
using EventExplorer.Tests.Web.Model.State;
using EventExplorer.Web;
using EventExplorer.Web.Model.FieldHistory;

namespace EventExplorer.Tests.Web.Model.FieldHistory;

/// <summary>The field history page's view-model for a path in the folded state (<c>of=state</c>), over the real store.</summary>
public sealed class StateFieldHistoryViewModelTests(DynaliteFixture dynalite) : IClassFixture<DynaliteFixture>, IDisposable
{
    private readonly StateTestReducers _reducers = new();

    public void Dispose() => _reducers.Dispose();

    private FieldHistoryViewModel Model(StoreBed bed) =>
        new(bed.Events, new StateFieldHistory(new StateFolder(bed.Events)), _reducers.Catalog, bed.Events, TimeProvider.System);

    private static Task OpenAsync(FieldHistoryViewModel model, string url) => model.LoadAsync(FieldHistoryState.Parse(url, out var problems), problems);

    [Theory]
    [InlineData(EventStoreLayout.CounterCommitIds)]
    [InlineData(EventStoreLayout.TimestampCommitIds)]
    public async Task EveryEventAfterWhichTheStatesValueChanged_IsARow_WithTheEventAndBothValues(EventStoreLayout layout)
    {
        await using var bed = await StoreBed.CreateAsync(dynalite, layout);
        await StateTestReducers.AddOrderAsync(bed, "order-1");
        using var model = Model(bed);

        await OpenAsync(model, ExplorerUrls.StateFieldHistory("order-1", "$.status"));

        var reader = model.StateHistory!;
        Assert.Null(model.Load.Error);
        Assert.Equal("orders", reader.Reducer!.Name);
        Assert.Equal(
            [(0L, "orderPlaced", "\"new\"", "\"placed\""), (1L, "paymentAuthorized", "\"placed\"", "\"paid\""), (2L, "orderShipped", "\"paid\"", "\"shipped\"")],
            reader.Changes.Select(c => (c.Commit.Version!.Value, c.Event.Type!, c.Before!, c.After!)).ToList());
        Assert.Equal((3L, 3L, true), (reader.Progress!.Commits, reader.Progress.EventsFolded, reader.Progress.Done));
        Assert.True(reader.Progress.Cost.Requests >= 1);
        Assert.Empty(model.Changes);
    }

    [Fact]
    public async Task TheReducerInTheLinkFolds_AndAPathThatNeverChangesAfterItIsSetHasOneRow()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await StateTestReducers.AddOrderAsync(bed, "order-1");
        await bed.AddAsync("order-1", """{"type":"orderAmended","total":12}""");
        using var model = Model(bed);

        await OpenAsync(model, "/fields?aggregate=order-1&path=total&of=state&reducer=generic");
        var generic = model.StateHistory!.Changes.Select(c => (c.Commit.Version!.Value, c.Before, c.After)).ToList();
        await OpenAsync(model, "/fields?aggregate=order-1&path=$.currency&of=state");

        Assert.Equal([(0L, (string?)null, (string?)"10"), (3L, "10", "12")], generic);
        Assert.Equal("orders", model.StateHistory!.Reducer!.Name);
        Assert.Equal((0L, "\"EUR\""), (model.StateHistory.Changes.Single().Commit.Version!.Value, model.StateHistory.Changes.Single().After!));
    }

    [Fact]
    public async Task AnUnknownReducer_OrAHostWithoutReducers_IsSaidBeforeAnythingIsRead()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await StateTestReducers.AddOrderAsync(bed, "order-1");
        using var model = Model(bed);
        using var eventsOnly = new FieldHistoryViewModel(bed.Events);
        bed.Proxy.Reset();

        await OpenAsync(model, "/fields?aggregate=order-1&path=$.status&of=state&reducer=nope");
        await OpenAsync(eventsOnly, "/fields?aggregate=order-1&path=$.status&of=state");

        Assert.StartsWith("There is no reducer named \"nope\".", model.StateProblem, StringComparison.Ordinal);
        Assert.Equal("The history of a state field cannot be folded here: no reducers are set up.", eventsOnly.StateProblem);
        Assert.Equal(0, bed.Requests);
    }

    [Fact]
    public async Task AReducerThatFails_IsAnAnswerNamingTheVersionAndEvent()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await StateTestReducers.AddOrderAsync(bed, "order-1");
        using var model = Model(bed);

        await OpenAsync(model, "/fields?aggregate=order-1&path=$.amount&of=state&reducer=picky");

        Assert.Equal("Reducer \"picky\" failed at v2, event 0 (orderShipped): Error: no carrier DHL", model.StateHistory!.ReducerError);
        Assert.Null(model.Load.Error);
    }

    [Fact]
    public void StateLinks_RoundTrip_AndAStartingVersionDoesNotApply()
    {
        var state = FieldHistoryState.Parse("/fields?aggregate=order-1&path=%24.total&of=state&reducer=orders", out var problems);
        var continued = FieldHistoryState.Parse("/fields?aggregate=order-1&path=total&of=state&from=4", out var continuedProblems);
        var events = FieldHistoryState.Parse("/fields?aggregate=order-1&path=total&reducer=orders", out _);

        Assert.Empty(problems);
        Assert.Equal((true, "orders"), (state.OfState, state.Reducer));
        Assert.Equal("/fields?aggregate=order-1&path=%24.total&of=state&reducer=orders", state.ToUrl());
        Assert.Equal(state.ToUrl(), ExplorerUrls.StateFieldHistory("order-1", "$.total", "orders"));
        Assert.Null(continued.FromVersion);
        Assert.Contains("always folded from the first commit", Assert.Single(continuedProblems), StringComparison.Ordinal);
        Assert.Equal("/fields?aggregate=order-1&path=total", events.ToUrl());
    }
}
