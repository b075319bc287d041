using EventExplorer.Data.Model;
using EventExplorer.Data.State;
using EventExplorer.Tests.Infrastructure;
using EventExplorer.Web;
using EventExplorer.Web.Model.State;

namespace EventExplorer.Tests.Web.Model.State;

/// <summary>
/// Reducers typed into the state pages: Authors only, checked by the view-model on the server; the same
/// sandbox and limits as configured reducers; never in the link.
/// </summary>
public sealed class TypedReducerTests(DynaliteFixture dynalite) : IClassFixture<DynaliteFixture>, IDisposable
{
    private const string Totals = "when({ $init: () => ({ paid: 0 }), paymentAuthorized: (s, e, meta) => { s.paid += e.amount; s.at = meta.version; } });";

    private readonly StateTestReducers _reducers = new();

    public void Dispose() => _reducers.Dispose();

    private async Task<(StoreBed Bed, StateViewModel Model, SignedIn User)> ArrangeAsync(WriterRole role)
    {
        var bed = await StoreBed.CreateAsync(dynalite);
        await StateTestReducers.AddOrderAsync(bed, "order-1");
        var user = new SignedIn(role);
        var model = new StateViewModel(_reducers.Catalog, new StateFolder(bed.Events), bed.Events, TimeProvider.System, user);
        await model.LoadAsync(StatePageState.Parse(ExplorerUrls.State("order-1"), out var problems), problems);
        return (bed, model, user);
    }

    [Fact]
    public async Task AViewersScript_IsRefusedByTheViewModel_BeforeAnythingIsParsedOrRead()
    {
        var (bed, model, _) = await ArrangeAsync(WriterRole.Viewer);
        await using (bed) using (model)
        {
            var before = model.StateJson;
            bed.Proxy.Reset();

            await model.RunTypedAsync(Totals);

            Assert.Equal("Not allowed: running a reducer typed into the page needs the Author role, and Victor Viewer (Viewer) does not have it. Use a configured reducer.",
                model.TypedProblem);
            Assert.Null(model.Typed);
            Assert.Equal(0, bed.Requests);
            Assert.Equal(("orders", before), (model.Reducer!.Name, model.StateJson));
        }
    }

    [Fact]
    public async Task AnAuthorsScript_FoldsTheSameView_AndStaysOutOfTheLink()
    {
        var (bed, model, _) = await ArrangeAsync(WriterRole.Author);
        await using (bed) using (model)
        {
            var url = model.State.ToUrl();

            await model.RunTypedAsync(Totals);

            Assert.Null(model.TypedProblem);
            Assert.Equal("typed", model.Reducer!.Name);
            Assert.Contains("\"paid\": 10", model.StateJson, StringComparison.Ordinal);
            Assert.Contains("\"at\": 1", model.StateJson, StringComparison.Ordinal);
            Assert.Equal(url, model.State.ToUrl());
            Assert.Null(model.ValueContext);
        }
    }

    [Fact]
    public async Task AnEndlessLoop_IsAClearErrorNamingTheVersionAndEvent_AndThePageGoesOn()
    {
        var (bed, model, _) = await ArrangeAsync(WriterRole.Author);
        await using (bed) using (model)
        {
            await model.RunTypedAsync("when({ paymentAuthorized: (s) => { while (true) { s.n = (s.n || 0) + 1; } } });");
            var loop = (model.ReducerError, model.StateJson, model.Load.Error);
            await model.RunTypedAsync("while (true) {}");
            var atLoad = model.TypedProblem;
            await model.DropTypedAsync();

            Assert.Equal("Reducer \"typed\" failed at v1, event 0 (paymentAuthorized): a handler ran more than 100,000 statements (an endless loop?)", loop.ReducerError);
            Assert.Null(loop.StateJson);
            Assert.Null(loop.Error);
            Assert.StartsWith("Reducer \"typed\" cannot be used: running the script failed: ", atLoad, StringComparison.Ordinal);
            Assert.Contains("100,000 statements", atLoad, StringComparison.Ordinal);
            // Back on the configured reducer, the same view folds as before.
            Assert.Equal(("orders", (string?)null), (model.Reducer!.Name, model.ReducerError));
            Assert.Contains("\"status\": \"shipped\"", model.StateJson, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task ScriptsThatReachForDotNetOrAreNotJavaScript_AreRefusedInWords()
    {
        var (bed, model, _) = await ArrangeAsync(WriterRole.Author);
        await using (bed) using (model)
        {
            await model.RunTypedAsync("when({ $any: (s) => { s.x = System.IO.File.ReadAllText('/etc/passwd'); } });");
            var clr = model.ReducerError;
            await model.RunTypedAsync("when({ oops");
            var syntax = model.TypedProblem;
            await model.RunTypedAsync(new string(' ', ReducerChooser.MaxScriptLength) + "x");

            Assert.StartsWith("Reducer \"typed\" failed at v0, event 0 (orderPlaced): ReferenceError", clr, StringComparison.Ordinal);
            Assert.StartsWith("Reducer \"typed\" cannot be used: it is not valid JavaScript", syntax, StringComparison.Ordinal);
            Assert.Contains("at most 65,536 are accepted", model.TypedProblem, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task ATypedReducer_IsDropped_WhenTheUserIsNoLongerAnAuthor()
    {
        var (bed, model, user) = await ArrangeAsync(WriterRole.Author);
        await using (bed) using (model)
        {
            await model.RunTypedAsync(Totals);
            user.Role = WriterRole.None;

            await model.RetryAsync();

            Assert.Null(model.Typed);
            Assert.Contains("needs the Author role", model.TypedProblem, StringComparison.Ordinal);
            Assert.Equal("orders", model.Reducer!.Name);
        }
    }

    [Fact]
    public async Task TheStateDiff_RunsATypedReducerToo()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await StateTestReducers.AddOrderAsync(bed, "order-1");
        using var model = new StateDiffViewModel(_reducers.Catalog, new StateFolder(bed.Events), bed.Events, TimeProvider.System, new SignedIn(WriterRole.Author));
        await model.LoadAsync(StateDiffState.Parse(ExplorerUrls.StateDiff("order-1", 0, 1), out var problems), problems);

        await model.RunTypedAsync(Totals);

        Assert.Equal("typed", model.Reducer!.Name);
        Assert.Contains("\"paid\": 0", model.LeftJson, StringComparison.Ordinal);
        Assert.Contains("\"paid\": 10", model.RightJson, StringComparison.Ordinal);
        Assert.Null(model.FieldHistoryUrl("$.paid"));
    }
}
