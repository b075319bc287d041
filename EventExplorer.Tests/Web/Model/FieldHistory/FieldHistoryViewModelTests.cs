using EventExplorer.Data.Model;
using EventExplorer.Tests.Infrastructure;
using EventExplorer.Web.Model.FieldHistory;

namespace EventExplorer.Tests.Web.Model.FieldHistory;

public sealed class FieldHistoryViewModelTests(DynaliteFixture dynalite) : IClassFixture<DynaliteFixture>
{
    private async Task<StoreBed> AccountAsync()
    {
        var bed = await StoreBed.CreateAsync(dynalite);
        await bed.AddAsync("acc-1", """{"type":"accountCreated","email":"a@example.com"}""");
        await bed.AddAsync("acc-1", """{"type":"profileEdited","name":"A"}""");
        await bed.AddAsync("acc-1", """{"type":"emailChanged","email":"b@example.com"}""");
        await bed.AddAsync("acc-1", """{"type":"emailChanged","email":"b@example.com"}""");
        return bed;
    }

    [Fact]
    public async Task LoadAsync_BareName_ListsEveryEventThatSetItWithOldAndNewValues()
    {
        await using var bed = await AccountAsync();
        using var model = new FieldHistoryViewModel(bed.Events);

        await model.LoadAsync("/fields?aggregate=acc-1&path=email");

        Assert.Equal([0L, 2L, 3L], model.Changes.Select(c => c.Commit.Version!.Value));
        Assert.Equal([null, "\"a@example.com\"", "\"b@example.com\""], model.Changes.Select(c => c.OldValueJson));
        Assert.Equal([true, true, false], model.Changes.Select(c => c.Changed));
        Assert.Equal(ReadState.Completed, model.Progress!.State);
    }

    [Fact]
    public async Task NoPath_ShowsTheFormAndReadsNothing()
    {
        await using var bed = await AccountAsync();
        using var model = new FieldHistoryViewModel(bed.Events);

        await model.LoadAsync("/fields?aggregate=acc-1");

        Assert.False(model.HasRequest);
        Assert.Equal(0, bed.Requests);
    }

    [Fact]
    public async Task BadPath_SaysWhatIsWrong()
    {
        await using var bed = await AccountAsync();
        using var model = new FieldHistoryViewModel(bed.Events);

        await model.LoadAsync("/fields?aggregate=acc-1&path=" + Uri.EscapeDataString("$.lines[x"));

        Assert.NotNull(model.PathProblem);
        Assert.False(model.HasRequest);
    }

    [Fact]
    public async Task BudgetReached_ContinueLinkCarriesTheVersionAndThePreviousValue()
    {
        await using var bed = await AccountAsync();
        using var model = new FieldHistoryViewModel(bed.Events) { Budget = new ReadBudget { MaxItems = 2 } };

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
