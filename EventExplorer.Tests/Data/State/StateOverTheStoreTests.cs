using System.Globalization;
using EventExplorer.Data.Model;
using EventExplorer.Data.Reducers;
using EventExplorer.Data.State;
using EventExplorer.Tests.Data.EventStore;
using EventExplorer.Tests.Infrastructure;
using EventExplorer.Testing;

namespace EventExplorer.Tests.Data.State;

/// <summary>State field history and snapshot verification over the real store (dynalite).</summary>
public sealed class StateOverTheStoreTests(DynaliteFixture dynalite) : IClassFixture<DynaliteFixture>
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DateTimeOffset Day = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly Reducer Orders =
        JavaScriptReducer.Load("orders", File.ReadAllText(Path.Combine(RepositoryPaths.Root(), "reducers", "orders.js")));

    private const string Placed = """{"customerId":"c-1","lineCount":1,"total":10,"currency":"EUR","status":"placed"}""";
    private const string Paid = """{"customerId":"c-1","lineCount":1,"total":10,"currency":"EUR","status":"paid"}""";

    /// <summary>order-1: placed at 09:00, paid at 10:00, shipped at 11:00 (layout A).</summary>
    private async Task<EventStoreTestBed> OrderAsync(EventStoreLayout layout = EventStoreLayout.CounterCommitIds)
    {
        var bed = await EventStoreTestBed.CreateAsync(dynalite, layout);
        string[] events =
        [
            """[{"type":"orderPlaced","customerId":"c-1","lines":[{"sku":"A"}],"total":10,"currency":"EUR"}]""",
            """[{"type":"paymentAuthorized","amount":10},{"type":"noted","note":"gift"}]""",
            """[{"type":"orderShipped","carrier":"DHL"}]""",
        ];
        for (var v = 0; v < events.Length; v++)
        {
            var at = Day.AddHours(v);
            var commitId = layout == EventStoreLayout.CounterCommitIds
                ? (v + 1).ToString(CultureInfo.InvariantCulture)
                : CommitId.FromTime(at, "order-1").Text;
            await bed.PutRawAsync(bed.Item("order-1", v, commitId, at.ToUnixTimeMilliseconds(), events[v]));
        }
        return bed;
    }

    private static Snapshot Snapshot(string state, DateTimeOffset? createdAt, string id = "order-1") =>
        new() { SnapshotId = id, CreatedAt = createdAt, StateJson = state };

    [Theory]
    [InlineData(EventStoreLayout.CounterCommitIds)]
    [InlineData(EventStoreLayout.TimestampCommitIds)]
    public async Task StateFieldHistory_ListsEachEventThatChangedThePath_WithOldAndNewValues(EventStoreLayout layout)
    {
        using var bed = await OrderAsync(layout);
        var request = new StateFieldRequest { AggregateId = "order-1", Path = JsonPathPattern.Parse("$.status"), Reducer = Orders };

        var changes = new List<StateFieldChange>();
        await foreach (var change in new StateFieldHistory(new StateFolder(bed.Store)).ReadAsync(request, null, None)) changes.Add(change);

        Assert.Equal(
            ["v0 orderPlaced \"new\"->\"placed\"", "v1 paymentAuthorized \"placed\"->\"paid\"", "v2 orderShipped \"paid\"->\"shipped\""],
            changes.Select(c => $"v{c.Commit.Version} {c.Event.Type} {c.Before}->{c.After}"));
    }

    [Fact]
    public async Task StateFieldHistory_AFieldThatAppears_HasNoValueBefore()
    {
        using var bed = await OrderAsync();
        var request = new StateFieldRequest { AggregateId = "order-1", Path = JsonPathPattern.Parse("$.note"), Reducer = GenericReducer.Instance };

        var changes = new List<StateFieldChange>();
        await foreach (var change in new StateFieldHistory(new StateFolder(bed.Store)).ReadAsync(request, null, None)) changes.Add(change);

        var only = Assert.Single(changes);
        Assert.Equal((1L, 1, "noted", null, "\"gift\""), (only.Commit.Version!.Value, only.Event.Index, only.Event.Type, only.Before, only.After));
    }

    [Fact]
    public async Task Verify_ASnapshotTakenAfterV1_MatchesTheStateAtItsCreation()
    {
        using var bed = await OrderAsync();

        var result = await Verify(bed, Snapshot(Paid, Day.AddHours(1.5)));

        Assert.Null(result.Problem);
        Assert.Equal(1, result.VersionAtCreation);
        Assert.True(result.MatchesStateAtCreation);
        Assert.Equal(1, result.MatchingVersion);
        Assert.Equal(1, result.CommitsAfterMatch);
        Assert.Equal(2, result.NewestVersion);
    }

    [Fact]
    public async Task Verify_ASnapshotThatMatchesAnOlderVersion_SaysWhichAndHowFarBehind()
    {
        using var bed = await OrderAsync();

        var result = await Verify(bed, Snapshot(Placed, Day.AddHours(5)));

        Assert.Equal(2, result.VersionAtCreation);
        Assert.False(result.MatchesStateAtCreation);
        Assert.Equal(0, result.MatchingVersion);
        Assert.Equal(2, result.CommitsAfterMatch);
        Assert.Contains("\"shipped\"", result.StateAtCreation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_ASnapshotThatMatchesNoVersion_SaysSo_KeyOrderAndNumberFormsDoNotMatter()
    {
        using var bed = await OrderAsync();

        var wrong = await Verify(bed, Snapshot("""{"status":"paid","total":11}""", Day.AddHours(1.5)));
        var reordered = await Verify(bed, Snapshot("""{"status":"paid","currency":"EUR","total":10.0,"lineCount":1,"customerId":"c-1"}""", Day.AddHours(1.5)));

        Assert.False(wrong.MatchesStateAtCreation);
        Assert.Null(wrong.MatchingVersion);
        Assert.Null(wrong.CommitsAfterMatch);
        Assert.True(reordered.MatchesStateAtCreation);
    }

    [Fact]
    public async Task Verify_ASnapshotCreatedBeforeTheFirstCommit_HasNoStateToCompareAtCreation()
    {
        using var bed = await OrderAsync();

        var result = await Verify(bed, Snapshot(Placed, Day.AddHours(-1)));

        Assert.Null(result.VersionAtCreation);
        Assert.Null(result.StateAtCreation);
        Assert.False(result.MatchesStateAtCreation);
        Assert.Equal(0, result.MatchingVersion);
    }

    [Fact]
    public async Task Verify_AMalformedSnapshot_OrOneWithoutCommits_IsAProblemInWords()
    {
        using var bed = await OrderAsync();

        var malformed = await Verify(bed, Snapshot("""{"status":""", Day));
        var orphan = await Verify(bed, Snapshot(Placed, Day, id: "order-404"));

        Assert.Contains("not JSON", malformed.Problem, StringComparison.Ordinal);
        Assert.Contains("has no commits", orphan.Problem, StringComparison.Ordinal);
        Assert.Equal(0, orphan.Commits);
    }

    private static Task<SnapshotVerification> Verify(EventStoreTestBed bed, Snapshot snapshot) =>
        new SnapshotVerifier(new StateFolder(bed.Store)).VerifyAsync(snapshot, Orders, ReducerLimits.Default, ReadBudget.Export, null, None);
}
