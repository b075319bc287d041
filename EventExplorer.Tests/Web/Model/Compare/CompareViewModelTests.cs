using EventExplorer.Testing;
using EventExplorer.Tests.Infrastructure;
using EventExplorer.Web.Model.Compare;
using EventExplorer.Web.Model.Json;
using EventExplorer.Web.Model.Snapshots;

namespace EventExplorer.Tests.Web.Model.Compare;

public sealed class CompareStateTests
{
    [Theory]
    [InlineData("/compare?aggregate=order-1&left=1&right=2")]
    [InlineData("/compare?aggregate=order-1&left=1&right=2&view=lines")]
    [InlineData("/compare?aggregate=a%2Fb&left=3&snapshot=a%2Fb")]
    public void Parse_ThenToUrl_GivesTheSameLink(string url)
    {
        var state = CompareState.Parse(url, out var problems);

        Assert.Empty(problems);
        Assert.Equal(url, state.ToUrl());
    }

    [Fact]
    public void TheLinksOtherPagesBuild_AreReadBack()
    {
        var commits = CompareState.Parse(EventExplorer.Web.ExplorerUrls.CompareCommits("order-1", 4, 7), out _);
        var snapshot = CompareState.Parse(EventExplorer.Web.ExplorerUrls.CompareWithSnapshot("order-1", 7, "order-1"), out _);

        Assert.Equal((4L, 7L, false), (commits.Left!.Value, commits.Right!.Value, commits.WithSnapshot));
        Assert.Equal((7L, "order-1"), (snapshot.Left!.Value, snapshot.Snapshot!));
    }

    [Fact]
    public void Parse_BadVersionAndBothRightAndSnapshot_SaysWhatWasIgnored()
    {
        var state = CompareState.Parse("/compare?aggregate=a&left=x&right=2&snapshot=a", out var problems);

        Assert.Null(state.Left);
        Assert.Null(state.Right);
        Assert.Equal("a", state.Snapshot);
        Assert.Equal(2, problems.Count);
    }
}

public sealed class CompareViewModelTests(DynaliteFixture dynalite) : IClassFixture<DynaliteFixture>
{
    private static CompareViewModel Create(StoreBed bed) => new(bed.Events, bed.Snapshots);

    [Fact]
    public async Task LoadAsync_TwoVersions_ReadsBothAndTheirEventsDifferWhereTheyDo()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await bed.AddAsync("order-1", """{"type":"placed","total":10}""");
        await bed.AddAsync("order-1", """{"type":"placed","total":12}""");
        using var model = Create(bed);

        await model.LoadAsync("/compare?aggregate=order-1&left=0&right=1");

        Assert.True(model.CanCompareCommits);
        var diff = JsonComparison.Create(model.Left.Commit!.EventsJson, model.Right.Commit!.EventsJson).Structural!;
        Assert.Equal("$[0].total", Assert.Single(diff.Changes).Path);
        Assert.Equal("/compare?aggregate=order-1&left=1&right=0", model.SwapUrl);
        Assert.Equal("/commit?aggregate=order-1&version=0", model.CommitUrl(model.Left));
    }

    [Fact]
    public async Task LoadAsync_OneSideMissing_SaysSoAndKeepsTheOther()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await bed.AddManyAsync("order-1", 2);
        using var model = Create(bed);

        await model.LoadAsync("/compare?aggregate=order-1&left=1&right=9");

        Assert.False(model.CanCompareCommits);
        Assert.NotNull(model.Left.Commit);
        Assert.True(model.Right.NotFound);
        Assert.Null(model.Load.Error);
    }

    [Fact]
    public async Task LoadAsync_WithSnapshot_ComparesTheFieldsTheCommitSet()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await bed.AddAsync("account-7", """{"type":"created","email":"a@x","name":"A"}""");
        await bed.AddAsync("account-7", """{"type":"emailChanged","email":"b@x"}""", """{"type":"renamed","name":"B"}""");
        await bed.PutSnapshotAsync("account-7", """{"email":"b@x","name":"C","status":"active"}""");
        using var model = Create(bed);

        await model.LoadAsync("/compare?aggregate=account-7&left=1&snapshot=account-7");

        Assert.True(model.CanCompareWithSnapshot);
        var projection = model.Projection!;
        Assert.Equal(["email", "name"], projection.Fields);
        Assert.Equal(["email"], projection.Agreeing);
        var diff = JsonComparison.Create(projection.SnapshotFields, projection.CommitFields).Structural!;
        Assert.Equal("$.name", Assert.Single(diff.Changes).Path);
        // The diff's columns are the sides the page's header names: Left the version, Right the snapshot.
        Assert.Equal((projection.CommitFields, projection.SnapshotFields, "Version 1", "Snapshot"),
            (model.SnapshotDiff!.Left, model.SnapshotDiff.Right, model.SnapshotDiff.LeftLabel, model.SnapshotDiff.RightLabel));
        Assert.Null(model.SwapUrl);
        Assert.Equal("/compare?aggregate=account-7&left=0&right=1", model.CompareVersionsUrl);
        Assert.Contains("snapshot", model.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoadAsync_SnapshotMissing_SaysSoAndShowsTheCommit()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await bed.AddManyAsync("account-7", 1);
        using var model = Create(bed);

        await model.LoadAsync("/compare?aggregate=account-7&left=0&snapshot=account-7");

        Assert.True(model.Snapshot.NotFound);
        Assert.NotNull(model.Left.Commit);
        Assert.False(model.CanCompareWithSnapshot);
    }

    [Fact]
    public async Task LoadAsync_StoreFailsForOneSide_IsThatSidesError()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await bed.AddManyAsync("account-7", 1);
        bed.Proxy.Inject(ProxyFault.ProvisionedThroughputExceeded.On("GetItem").When(r => r.TableName == bed.Tables.Snapshots));
        using var model = Create(bed);

        await model.LoadAsync("/compare?aggregate=account-7&left=0&snapshot=account-7");

        Assert.Equal($"DynamoDB at {bed.Options.ServiceUrl} is throttling requests (provisioned throughput exceeded). Try again in a moment.", model.Snapshot.Error);
        Assert.NotNull(model.Left.Commit);
    }

    [Fact]
    public async Task CompareUrl_FromTheBoxes_KeepsTheViewAndRefusesText()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await bed.AddManyAsync("order-1", 3);
        using var model = Create(bed);
        await model.LoadAsync("/compare?aggregate=order-1&left=0&right=1&view=lines");

        model.LeftInput = " 1 ";
        model.RightInput = "2";
        Assert.Equal("/compare?aggregate=order-1&left=1&right=2&view=lines", model.CompareUrl());

        model.RightInput = "two";
        Assert.Null(model.CompareUrl());
        Assert.NotNull(model.InputProblem);
    }

    [Fact]
    public async Task LoadAsync_OnlyTheViewChanges_ReadsNothingAgain()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await bed.AddManyAsync("order-1", 2);
        using var model = Create(bed);
        await model.LoadAsync("/compare?aggregate=order-1&left=0&right=1");
        var calls = bed.Requests;

        await model.LoadAsync(model.ViewUrl(DiffView.Lines));

        Assert.Equal(calls, bed.Requests);
        Assert.Equal(DiffView.Lines, model.State.View);
        Assert.True(model.CanCompareCommits);
    }
}

public sealed class SnapshotProjectionTests
{
    [Fact]
    public void Create_EventsThatAreNotObjectsOrASnapshotThatIsNotJson_IsNull()
    {
        var commit = StoreBed.CommitFrom("a", 0, null, null, """[{"type":"t","n":1}]""");
        var notObjects = StoreBed.CommitFrom("a", 0, null, null, """[1, "x"]""");

        Assert.Null(SnapshotProjection.Create(commit, "{not json"));
        Assert.Null(SnapshotProjection.Create(commit, "[1]"));
        Assert.Null(SnapshotProjection.Create(notObjects, """{"n":1}"""));
        Assert.NotNull(SnapshotProjection.Create(commit, """{"n":1}"""));
    }

    [Fact]
    public void Create_FieldTheSnapshotLacks_IsLeftOutOfItsSide()
    {
        var commit = StoreBed.CommitFrom("a", 0, null, null, """[{"type":"t","ticket":"SUP-1"}]""");

        var projection = SnapshotProjection.Create(commit, """{"status":"suspended"}""")!;

        Assert.Equal("{}", projection.SnapshotFields);
        Assert.Equal("""{"ticket":"SUP-1"}""", projection.CommitFields);
    }

    [Fact]
    public void Create_SameValueWrittenDifferently_Agrees()
    {
        var commit = StoreBed.CommitFrom("a", 0, null, null, """[{"type":"t","total":1.0,"address":{"city":"X","zip":"1"}}]""");

        var projection = SnapshotProjection.Create(commit, """{"total":1,"address":{"zip":"1","city":"X"}}""")!;

        Assert.Equal(["total", "address"], projection.Agreeing);
    }
}
