using EventExplorer.Data.Model;
using EventExplorer.Tests.Fakes;
using EventExplorer.Web.Model.Summary;

namespace EventExplorer.Tests.Web.Model.Summary;

public sealed class SummaryViewModelTests
{
    [Fact]
    public async Task LoadAsync_SummarisesTheAggregateWithGapsAndTypes()
    {
        var store = new FakeEventStore();
        store.AddTyped("order-1", "Placed");
        store.AddTyped("order-1", "Paid", "Paid");
        store.AddAt("order-1", 5, """[{"type":"Shipped"}]""");
        using var model = new SummaryViewModel(store);

        await model.LoadAsync("/summary?aggregate=order-1");

        var summary = model.Summary!;
        Assert.Equal(3, summary.Commits);
        Assert.Equal(5, summary.LastVersion);
        Assert.Equal(3, summary.MissingVersions);
        Assert.Equal([("Paid", 2L), ("Placed", 1L), ("Shipped", 1L)], model.EventTypes.Select(t => (t.Key, t.Value)));
        Assert.Equal(ReadState.Completed, summary.State);
    }

    [Fact]
    public async Task NoAggregate_ReadsNothing()
    {
        var store = new FakeEventStore();
        using var model = new SummaryViewModel(store);

        await model.LoadAsync("/summary");

        Assert.Null(model.Summary);
        Assert.Equal(0, store.CallCount);
    }

    [Fact]
    public void State_RoundTripsAnyId()
    {
        var state = new SummaryState { AggregateId = "tenant/42/order 7?x" };

        Assert.Equal(state, SummaryState.Parse(state.ToUrl(), out var problems));
        Assert.Empty(problems);
        Assert.Equal(EventExplorer.Web.ExplorerUrls.Summary("tenant/42/order 7?x"), state.ToUrl());
    }
}
