using System.Globalization;
using EventExplorer.Data.Model;
using EventExplorer.Data.Reducers;
using EventExplorer.Data.State;
using EventExplorer.Testing;
using EventExplorer.Tests.Data.EventStore;
using EventExplorer.Tests.Infrastructure;
using EventExplorer.Web.Model.State;
using Microsoft.Extensions.Logging.Abstractions;

namespace EventExplorer.Tests.Web.Model.State;

/// <summary>The state page's view-model over the real store (dynalite) and the repo's reducers.</summary>
public sealed class StateViewModelTests(DynaliteFixture dynalite) : IClassFixture<DynaliteFixture>, IDisposable
{
    private static readonly DateTimeOffset Nine = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
    private readonly DirectoryInfo _folder = CopyOfTheRepoReducers();

    public void Dispose() => _folder.Delete(recursive: true);

    private static DirectoryInfo CopyOfTheRepoReducers()
    {
        var folder = Directory.CreateTempSubdirectory("state-reducers-");
        foreach (var file in Directory.EnumerateFiles(Path.Combine(RepositoryPaths.Root(), "reducers"), "*.js")) File.Copy(file, Path.Combine(folder.FullName, Path.GetFileName(file)));
        File.WriteAllText(Path.Combine(folder.FullName, "picky.js"), "when({ orderShipped: (s, e) => { throw new Error('no carrier ' + e.carrier); } });");
        return folder;
    }

    /// <summary>order-1: placed 09:00, paid 10:00, shipped 11:00.</summary>
    private async Task<(EventStoreTestBed Bed, StateViewModel Model, ReducerCatalog Catalog)> ArrangeAsync()
    {
        var bed = await EventStoreTestBed.CreateAsync(dynalite, EventStoreLayout.CounterCommitIds);
        string[] events =
        [
            """[{"type":"orderPlaced","customerId":"c-1","lines":[{"sku":"A"}],"total":10,"currency":"EUR"}]""",
            """[{"type":"paymentAuthorized","amount":10}]""",
            """[{"type":"orderShipped","carrier":"DHL"}]""",
        ];
        for (var v = 0; v < events.Length; v++)
        {
            await bed.PutRawAsync(bed.Item("order-1", v, (v + 1).ToString(CultureInfo.InvariantCulture), Nine.AddHours(v).ToUnixTimeMilliseconds(), events[v]));
        }
        var catalog = new ReducerCatalog(_folder.FullName, NullLogger<ReducerCatalog>.Instance);
        return (bed, new StateViewModel(catalog, new StateFolder(bed.Store), bed.Store, TimeProvider.System), catalog);
    }

    private static Task OpenAsync(StateViewModel model, string url)
    {
        var state = StatePageState.Parse(url, out var problems);
        return model.LoadAsync(state, problems);
    }

    [Fact]
    public async Task AfterAVersion_TheAggregatesOwnReducerFoldsUpToIt()
    {
        var (bed, model, catalog) = await ArrangeAsync();
        using (bed) using (catalog) using (model)
        {
            await OpenAsync(model, "/state?aggregate=order-1&version=1");

            Assert.Null(model.Load.Error);
            Assert.Equal("orders", model.Reducer!.Name);
            Assert.Contains("\"status\": \"paid\"", model.StateJson, StringComparison.Ordinal);
            Assert.Equal((2L, 2L, 1L, true), (model.Progress!.Commits, model.Progress.EventsFolded, model.Progress.Version!.Value, model.Progress.Done));
            Assert.True(model.Progress.Cost.Requests >= 1);
        }
    }

    [Fact]
    public async Task AtAMoment_FoldsTheCommitsAtOrBeforeIt_AndTheGenericReducerWhenAsked()
    {
        var (bed, model, catalog) = await ArrangeAsync();
        using (bed) using (catalog) using (model)
        {
            await OpenAsync(model, "/state?aggregate=order-1&at=2026-12-01T10:30Z&reducer=generic");

            Assert.Equal("generic", model.Reducer!.Name);
            Assert.Equal(1, model.Progress!.Version);
            Assert.Contains("\"amount\": 10", model.StateJson, StringComparison.Ordinal);
            Assert.DoesNotContain("carrier", model.StateJson, StringComparison.Ordinal);
            Assert.Contains("merged", model.Reducer.Description, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task AReducerThatFails_IsAnAnswerNamingTheReducerVersionAndEvent()
    {
        var (bed, model, catalog) = await ArrangeAsync();
        using (bed) using (catalog) using (model)
        {
            await OpenAsync(model, "/state?aggregate=order-1&reducer=picky");

            Assert.Null(model.Load.Error);
            Assert.Null(model.StateJson);
            Assert.Equal("Reducer \"picky\" failed at v2, event 0 (orderShipped): Error: no carrier DHL", model.ReducerError);
            // It failed inside the first response: what that response cost is still said.
            Assert.Equal(1, model.Progress?.Cost.Requests);
            Assert.True(model.Progress!.Cost.ItemsRead >= 3);
        }
    }

    [Fact]
    public async Task AnUnknownReducer_IsSaidBeforeAnythingIsRead()
    {
        var (bed, model, catalog) = await ArrangeAsync();
        using (bed) using (catalog) using (model)
        {
            await OpenAsync(model, "/state?aggregate=order-1&reducer=nope");

            Assert.False(model.HasRequest);
            Assert.Null(model.Progress);
            Assert.StartsWith("There is no reducer named \"nope\". Configured: generic, carts, orders, picky, stock-ledger", model.ReducerProblem, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task AnAggregateWithoutCommits_OrATimeBeforeTheFirst_FoldsNothing_AndSaysSo()
    {
        var (bed, model, catalog) = await ArrangeAsync();
        using (bed) using (catalog) using (model)
        {
            await OpenAsync(model, "/state?aggregate=order-404");
            var unknown = (model.NothingFolded, model.StateJson);
            await OpenAsync(model, "/state?aggregate=order-1&at=2026-12-01T08:00Z");

            Assert.Equal((true, (string?)null), unknown);
            Assert.True(model.NothingFolded);
        }
    }

    [Fact]
    public void Links_VersionWinsOverTime_AndABadVersionIsReported()
    {
        var both = StatePageState.Parse("/state?aggregate=a&version=3&at=2026-12-01T10:30Z", out var bothProblems);
        var bad = StatePageState.Parse("/state?aggregate=a&version=three", out var badProblems);

        Assert.Equal((3L, (DateTimeOffset?)null), (both.Version!.Value, both.At));
        Assert.Contains("version is used", Assert.Single(bothProblems), StringComparison.Ordinal);
        Assert.Null(bad.Version);
        Assert.Single(badProblems);
        Assert.Equal("/state?aggregate=a&version=3", both.ToUrl());
    }
}
