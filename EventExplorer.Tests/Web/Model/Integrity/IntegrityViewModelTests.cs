using EventExplorer.Data.Integrity;
using EventExplorer.Data.Model;
using EventExplorer.Testing;
using EventExplorer.Tests.Infrastructure;
using EventExplorer.Tests.Web.Model.Snapshots;
using EventExplorer.Web;
using EventExplorer.Web.Model.Integrity;

namespace EventExplorer.Tests.Web.Model.Integrity;

/// <summary>The whole-table integrity check's page state (<c>/integrity</c>), over the real stores.</summary>
public sealed class IntegrityViewModelTests(DynaliteFixture dynalite) : IClassFixture<DynaliteFixture>
{
    private static IntegrityViewModel Model(StoreBed bed) => new(bed.Integrity, SnapshotWorld.Reducers(), bed.Events, bed.Time);

    [Theory]
    [InlineData(EventStoreLayout.CounterCommitIds)]
    [InlineData(EventStoreLayout.TimestampCommitIds)]
    public async Task ARun_CountsEachKind_AndLinksEachPlaceToWhereItCanBeSeen(EventStoreLayout layout)
    {
        await using var bed = await IntegrityWorld.DamagedAsync(dynalite, layout);
        using var model = Model(bed);

        await model.LoadAsync(IntegrityPageState.Parse("/integrity?run=true", out _), []);

        Assert.Null(model.Load.Error);
        Assert.Equal(ReadState.Completed, model.RunState);
        Assert.Equal(1, model.Counts[IntegrityKind.VersionGap]);
        Assert.Equal(1, model.Counts[IntegrityKind.EventsNotJson]);
        Assert.Equal(1, model.Counts[IntegrityKind.SnapshotWithoutCommits]);
        var expected = new List<IntegrityKind> { IntegrityKind.VersionGap, IntegrityKind.EventsNotJson, IntegrityKind.SnapshotWithoutCommits };
        if (layout == EventStoreLayout.CounterCommitIds) expected.Add(IntegrityKind.CounterGap);
        Assert.Equal(expected.Order(), model.KindsFound.Order());
        Assert.Equal(Enum.GetValues<IntegrityKind>().Length, model.Counts.Count);
        Assert.Equal(ExplorerUrls.Snapshot(IntegrityWorld.Ghost), IntegrityKinds.Link(Assert.Single(model.PlacesOf(IntegrityKind.SnapshotWithoutCommits))));
        Assert.StartsWith(ExplorerUrls.AggregatesPath + IntegrityWorld.Gap, IntegrityKinds.Link(Assert.Single(model.PlacesOf(IntegrityKind.VersionGap))), StringComparison.Ordinal);
        Assert.Equal(ExplorerUrls.CommitPage(IntegrityWorld.NotJson, 0), IntegrityKinds.Link(Assert.Single(model.PlacesOf(IntegrityKind.EventsNotJson))));
        if (layout == EventStoreLayout.CounterCommitIds)
        {
            Assert.All(model.PlacesOf(IntegrityKind.CounterGap), p => Assert.StartsWith("/feed?from=", IntegrityKinds.Link(p), StringComparison.Ordinal));
        }
        Assert.True(model.CommitsChecked >= 6);
        Assert.Equal(2, model.SnapshotsChecked);
        Assert.True(model.Cost!.Requests > 0);
        Assert.False(model.Clean);
        Assert.Null(model.ContinueUrl);
    }

    [Fact]
    public async Task ACleanTable_IsClean_WithEveryCountZero()
    {
        await using var bed = await IntegrityWorld.CleanAsync(dynalite);
        using var model = Model(bed);

        await model.LoadAsync(IntegrityPageState.Parse("/integrity?segments=2&run=true", out _), []);

        Assert.Null(model.Load.Error);
        Assert.True(model.Clean);
        Assert.All(model.Counts.Values, c => Assert.Equal(0, c));
    }

    [Fact]
    public async Task OpeningThePage_DoesNotStartTheCheck_AndTheFormRunsWhatItSays()
    {
        await using var bed = await IntegrityWorld.CleanAsync(dynalite);
        bed.Proxy.Reset();
        using var model = Model(bed);

        await model.LoadAsync(IntegrityPageState.Parse("/integrity?segments=8&verify=true", out _), []);
        model.SegmentsField = 3;

        Assert.Null(model.RunState);
        Assert.Equal(0, bed.Requests);
        Assert.True(model.VerifyField);
        Assert.Equal("/integrity?segments=3&verify=true&run=true", model.RunUrl);
    }

    [Fact]
    public async Task ARunStoppedByTheBudget_ContinuesByItsLink_WithItsCountsCarriedOn()
    {
        await using var bed = await IntegrityWorld.DamagedAsync(dynalite);
        using var model = Model(bed);
        model.Budget = new ReadBudget { MaxItems = 1_000, MaxRequests = 2 };

        var url = "/integrity?segments=2&run=true";
        var runs = 0;
        while (true)
        {
            runs++;
            await model.LoadAsync(IntegrityPageState.Parse(url, out var problems), problems);
            Assert.Null(model.Load.Error);
            if (model.ContinueUrl is not { } next) break;
            Assert.Equal(ReadState.BudgetExhausted, model.RunState);
            Assert.StartsWith("/integrity?segments=2&continue=", next, StringComparison.Ordinal);
            url = next;
            Assert.True(runs < 30, "the check does not get anywhere");
        }

        Assert.True(runs > 1);
        Assert.Equal(ReadState.Completed, model.RunState);
        Assert.Equal(1, model.Counts[IntegrityKind.VersionGap]);
        Assert.Equal(1, model.Counts[IntegrityKind.EventsNotJson]);
        Assert.Equal(1, model.Counts[IntegrityKind.SnapshotWithoutCommits]);
        Assert.Equal(2, model.SnapshotsChecked);
    }

    [Fact]
    public async Task ADamagedContinueLink_IsABadLinkInWords()
    {
        await using var bed = await IntegrityWorld.CleanAsync(dynalite);
        using var model = Model(bed);

        await model.LoadAsync(IntegrityPageState.Parse("/integrity?continue=x:abc", out _), []);

        Assert.True(model.Load.Error is { IsBadLink: true });
        Assert.Null(model.ContinueUrl);
    }

    [Fact]
    public async Task Cancel_KeepsWhatWasFound_AndOffersToContinue()
    {
        await using var bed = await IntegrityWorld.DamagedAsync(dynalite);
        using var model = Model(bed);
        var first = new TaskCompletionSource();
        model.Changed += () =>
        {
            model.Cancel();
            first.TrySetResult();
            return Task.CompletedTask;
        };

        await model.LoadAsync(IntegrityPageState.Parse("/integrity?run=true", out _), []);
        await first.Task;

        Assert.True(model.Cancelled);
        Assert.False(model.Clean);
        Assert.Contains("continue=", model.ContinueUrl, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/integrity?segments=0", 4, "Segments '0'")]
    [InlineData("/integrity?segments=17&verify=maybe", 4, "Segments '17'")]
    [InlineData("/integrity?segments=16&verify=true", 16, null)]
    public void TheLink_IsReadOnce_AndWhatIsWrongIsSaid(string url, int segments, string? problem)
    {
        var state = IntegrityPageState.Parse(url, out var problems);

        Assert.Equal(segments, state.Segments);
        if (problem is null) Assert.Empty(problems);
        else Assert.Contains(problems, p => p.StartsWith(problem, StringComparison.Ordinal));
        Assert.Equal(state, IntegrityPageState.Parse(state.ToUrl(), out _));
    }

    [Fact]
    public void APlace_LinksToTheRawItem_WhenItsVersionIsNotWhole_AndToTheFeed_ForARepeatedCommitId()
    {
        var half = new IntegrityPlace { Kind = IntegrityKind.VersionNotWhole, Table = IntegrityTable.Commits, Id = "a/1", Version = "2.5", Detail = "v2.5" };
        var repeated = new IntegrityPlace { Kind = IntegrityKind.RepeatedCommitId, Table = IntegrityTable.Commits, Id = "a", Version = "3", CommitId = "17", Detail = "twice" };

        Assert.Equal("/commit?aggregate=a%2F1&version=2.5&view=raw", IntegrityKinds.Link(half));
        Assert.Equal(ExplorerUrls.Feed("17"), IntegrityKinds.Link(repeated));
    }
}
