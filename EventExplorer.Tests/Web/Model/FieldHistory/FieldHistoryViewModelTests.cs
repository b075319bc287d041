using EventExplorer.Data.Model;
using EventExplorer.Tests.Fakes;
using EventExplorer.Web.Model.FieldHistory;

namespace EventExplorer.Tests.Web.Model.FieldHistory;

public sealed class FieldHistoryViewModelTests
{
    private static FakeEventStore Account()
    {
        var store = new FakeEventStore();
        store.Add("acc-1", """{"type":"accountCreated","email":"a@example.com"}""");
        store.Add("acc-1", """{"type":"profileEdited","name":"A"}""");
        store.Add("acc-1", """{"type":"emailChanged","email":"b@example.com"}""");
        store.Add("acc-1", """{"type":"emailChanged","email":"b@example.com"}""");
        return store;
    }

    [Fact]
    public async Task LoadAsync_BareName_ListsEveryEventThatSetItWithOldAndNewValues()
    {
        using var model = new FieldHistoryViewModel(Account());

        await model.LoadAsync("/fields?aggregate=acc-1&path=email");

        Assert.Equal([0L, 2L, 3L], model.Changes.Select(c => c.Commit.Version!.Value));
        Assert.Equal([null, "\"a@example.com\"", "\"b@example.com\""], model.Changes.Select(c => c.OldValueJson));
        Assert.Equal([true, true, false], model.Changes.Select(c => c.Changed));
        Assert.Equal(ReadState.Completed, model.Progress!.State);
    }

    [Fact]
    public async Task NoPath_ShowsTheFormAndReadsNothing()
    {
        var store = Account();
        using var model = new FieldHistoryViewModel(store);

        await model.LoadAsync("/fields?aggregate=acc-1");

        Assert.False(model.HasRequest);
        Assert.Equal(0, store.CallCount);
    }

    [Fact]
    public async Task BadPath_SaysWhatIsWrong()
    {
        using var model = new FieldHistoryViewModel(Account());

        await model.LoadAsync("/fields?aggregate=acc-1&path=" + Uri.EscapeDataString("$.lines[x"));

        Assert.NotNull(model.PathProblem);
        Assert.False(model.HasRequest);
    }

    [Fact]
    public async Task BudgetReached_ContinueLinkCarriesTheVersionAndThePreviousValue()
    {
        using var model = new FieldHistoryViewModel(Account()) { Budget = new ReadBudget { MaxItems = 2 } };

        await model.LoadAsync("/fields?aggregate=acc-1&path=email");

        Assert.Equal(ReadState.BudgetExhausted, model.Progress!.State);
        Assert.Equal([0L], model.Changes.Select(c => c.Commit.Version!.Value));
        var next = model.ContinueUrl!;
        Assert.Equal("/fields?aggregate=acc-1&path=email&from=2&prev=%22a%40example.com%22", next);

        model.Budget = ReadBudget.Search;
        await model.LoadAsync(next);

        Assert.Equal("\"a@example.com\"", model.Changes[0].OldValueJson);
        Assert.Equal([2L, 3L], model.Changes.Select(c => c.Commit.Version!.Value));
        Assert.Null(model.ContinueUrl);
    }

    [Fact]
    public void ContinueFrom_RoundTripsThroughTheUrl()
    {
        var state = new FieldHistoryState { AggregateId = "tenant/1", Path = "$.customer['e mail']" }.ContinueFrom(41, "{\"a\":[1,2]}");

        var parsed = FieldHistoryState.Parse(state.ToUrl(), out var problems);

        Assert.Equal(state, parsed);
        Assert.Empty(problems);
    }
}
