using EventExplorer.Data.Model;
using EventExplorer.Data.Reducers;
using EventExplorer.Data.State;
using EventExplorer.Testing;
using EventExplorer.Tests.Infrastructure;
using EventExplorer.Web.Model.Snapshots;
using Microsoft.Extensions.Logging.Abstractions;

namespace EventExplorer.Tests.Web.Model.Snapshots;

/// <summary>
/// The arranged orders of the snapshot verification and check tests, over the real stores (dynalite), folded by the
/// repo's <c>reducers/orders.js</c>. Commits are a second apart from <see cref="StoreBed.Epoch"/>.
/// </summary>
internal static class SnapshotWorld
{
    public const string Placed1 = """{"type":"orderPlaced","customerId":"c-1","lines":[{}],"total":10,"currency":"EUR"}""";
    public const string Paid1 = """{"customerId":"c-1","lineCount":1,"total":10,"currency":"EUR","status":"paid"}""";

    public static ReducerCatalog Reducers() => new(Path.Combine(RepositoryPaths.Root(), "reducers"), NullLogger<ReducerCatalog>.Instance);

    /// <summary>
    /// order-1: placed, paid, shipped; snapshot "paid" taken between paid and shipped (matches v1).
    /// order-2: placed; snapshot "shipped" (matches none). order-3: placed, paid, shipped; snapshot "paid"
    /// taken after the last (matches v1, not v2). order-4: a snapshot that is not JSON. order-5: a snapshot without commits.
    /// </summary>
    public static async Task<StoreBed> ArrangeAsync(DynaliteFixture dynalite)
    {
        var bed = await StoreBed.CreateAsync(dynalite);
        await bed.AddAsync("order-1", Placed1);                                   // +0 s
        await bed.AddAsync("order-1", """{"type":"paymentAuthorized"}""");      // +1 s
        await bed.AddAsync("order-1", """{"type":"orderShipped"}""");           // +2 s
        await bed.AddAsync("order-2", """{"type":"orderPlaced","customerId":"c-2","lines":[],"total":1,"currency":"EUR"}""");
        await bed.AddAsync("order-3", Placed1.Replace("c-1", "c-3", StringComparison.Ordinal));
        await bed.AddAsync("order-3", """{"type":"paymentAuthorized"}""");
        await bed.AddAsync("order-3", """{"type":"orderShipped"}""");
        await bed.PutSnapshotAsync("order-1", Paid1, StoreBed.Epoch.AddSeconds(1.5));
        await bed.PutSnapshotAsync("order-2", """{"customerId":"c-2","lineCount":0,"total":1,"currency":"EUR","status":"shipped"}""", StoreBed.Epoch.AddMinutes(1));
        await bed.PutSnapshotAsync("order-3", Paid1.Replace("c-1", "c-3", StringComparison.Ordinal), StoreBed.Epoch.AddMinutes(1));
        await bed.PutSnapshotAsync("order-4", """{"status":""", StoreBed.Epoch.AddMinutes(1));
        await bed.PutSnapshotAsync("order-5", """{"status":"new"}""", StoreBed.Epoch.AddMinutes(1));
        return bed;
    }
}

/// <summary>"Verify against events" on a snapshot's page, over the real stores.</summary>
public sealed class SnapshotVerificationTests(DynaliteFixture dynalite) : IClassFixture<DynaliteFixture>
{
    private static async Task<SnapshotVerificationViewModel> VerifyAsync(StoreBed bed, string id)
    {
        var model = new SnapshotVerificationViewModel(SnapshotWorld.Reducers(), new SnapshotVerifier(new StateFolder(bed.Events)), bed.Events, bed.Time);
        var snapshot = await bed.Snapshots.GetAsync(id, CancellationToken.None);
        await model.VerifyAsync(snapshot!);
        return model;
    }

    [Fact]
    public async Task ASnapshotEqualToTheStateAtItsCreatedAt_Matches_AndSaysHowFarBehindTheNewestItIs()
    {
        await using var bed = await SnapshotWorld.ArrangeAsync(dynalite);

        using var model = await VerifyAsync(bed, "order-1");

        Assert.Equal(SnapshotVerdictKind.Matches, model.Verdict);
        Assert.Equal("The snapshot matches the state after v1, the last commit at or before the snapshot's createdAt (1 commit before the newest (v2)).", model.Summary);
        Assert.Equal("orders", model.Reducer!.Name);
        Assert.Null(model.DifferingState);
        Assert.True(model.Cost.Requests >= 1);
        Assert.Equal(3, model.Cost.ItemsRead);
    }

    [Fact]
    public async Task ASnapshotEqualToNoVersion_SaysSo_AndShowsTheStateItShouldEqual()
    {
        await using var bed = await SnapshotWorld.ArrangeAsync(dynalite);

        using var model = await VerifyAsync(bed, "order-2");

        Assert.Equal(SnapshotVerdictKind.MatchesNone, model.Verdict);
        Assert.Equal("The snapshot does not match the state after v0, the last commit at or before the snapshot's createdAt. It matches none of the 1 version' states.", model.Summary);
        Assert.Contains("\"placed\"", model.DifferingState, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASnapshotEqualToAnOlderVersion_NamesThatVersion()
    {
        await using var bed = await SnapshotWorld.ArrangeAsync(dynalite);

        using var model = await VerifyAsync(bed, "order-3");

        Assert.Equal(SnapshotVerdictKind.MatchesAnotherVersion, model.Verdict);
        Assert.Equal("The snapshot does not match the state after v2, the last commit at or before the snapshot's createdAt. It matches the state after v1, 1 commit before the newest (v2).", model.Summary);
        Assert.Contains("\"shipped\"", model.DifferingState, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMalformedSnapshot_IsNotCompared_AndNothingIsRead()
    {
        await using var bed = await SnapshotWorld.ArrangeAsync(dynalite);

        using var model = await VerifyAsync(bed, "order-4");

        Assert.Equal(SnapshotVerdictKind.NotCompared, model.Verdict);
        Assert.Contains("not JSON that can be compared", model.Summary, StringComparison.Ordinal);
        Assert.Equal(0, model.Cost.ItemsRead);
    }

    [Fact]
    public async Task ASnapshotOfAnAggregateWithoutCommits_SaysThereIsNothingToFold()
    {
        await using var bed = await SnapshotWorld.ArrangeAsync(dynalite);

        using var model = await VerifyAsync(bed, "order-5");

        Assert.Equal(SnapshotVerdictKind.NotCompared, model.Verdict);
        Assert.Equal("The aggregate \"order-5\" has no commits, so there is nothing to fold: the snapshot summarises no events.", model.Summary);
    }

    [Fact]
    public async Task ADatabaseThatIsDown_IsAnErrorWithRetry_NotAVerdict()
    {
        await using var bed = await SnapshotWorld.ArrangeAsync(dynalite);
        var snapshot = await bed.Snapshots.GetAsync("order-1", CancellationToken.None);
        using var model = new SnapshotVerificationViewModel(SnapshotWorld.Reducers(), new SnapshotVerifier(new StateFolder(bed.Events)), bed.Events, bed.Time);

        bed.GoDown();
        await model.VerifyAsync(snapshot!);
        Assert.NotNull(model.Load.Error);
        Assert.Null(model.Verdict);

        bed.ComeBack();
        await model.RetryAsync();
        Assert.Null(model.Load.Error);
        Assert.Equal(SnapshotVerdictKind.Matches, model.Verdict);
    }

    [Fact]
    public async Task AHistoryLongerThanTheBudget_StopsWithAMessage()
    {
        await using var bed = await SnapshotWorld.ArrangeAsync(dynalite);
        var snapshot = await bed.Snapshots.GetAsync("order-1", CancellationToken.None);
        using var model = new SnapshotVerificationViewModel(SnapshotWorld.Reducers(), new SnapshotVerifier(new StateFolder(bed.Events)), bed.Events, bed.Time)
        {
            Budget = new ReadBudget { MaxItems = 1, MaxRequests = 1 },
        };

        await model.VerifyAsync(snapshot!);

        Assert.Equal(SnapshotVerdictKind.NotCompared, model.Verdict);
        Assert.StartsWith("The verification stopped at the read budget", model.Summary, StringComparison.Ordinal);
    }
}
