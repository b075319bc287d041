using EventExplorer.Data.Model;
using EventExplorer.Tests.Infrastructure;
using EventExplorer.Web.Model.Summary;

namespace EventExplorer.Tests.Web.Model.Summary;

/// <summary>The aggregate summary's view-model over the real store on dynalite.</summary>
public sealed class SummaryViewModelTests(DynaliteFixture dynalite) : IClassFixture<DynaliteFixture>
{
    [Fact]
    public async Task LoadAsync_SummarisesTheAggregateWithGapsAndTypes()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await bed.AddTypedAsync("order-1", "Placed");
        await bed.AddTypedAsync("order-1", "Paid", "Paid");
        await bed.AddAtAsync("order-1", 5, """[{"type":"Shipped"}]""");
        using var model = new SummaryViewModel(bed.Events);

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
        await using var bed = await StoreBed.CreateAsync(dynalite);
        using var model = new SummaryViewModel(bed.Events);

        await model.LoadAsync("/summary");

        Assert.Null(model.Summary);
        Assert.Equal(0, bed.Requests);
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
