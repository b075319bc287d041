using System.Buffers.Text;
using System.Text;
using System.Text.RegularExpressions;
using EventExplorer.Data.Errors;
using EventExplorer.Data.Integrity;
using EventExplorer.Data.Model;
using EventExplorer.Tests.Infrastructure;

namespace EventExplorer.Tests.Data.Integrity;

/// <summary>The whole-table integrity check over dynalite, in both layouts: what it finds, where, and how a run stops and continues.</summary>
public sealed class IntegrityCheckTests(DynaliteFixture dynalite) : IClassFixture<DynaliteFixture>
{
    [Theory]
    [InlineData(EventStoreLayout.CounterCommitIds)]
    [InlineData(EventStoreLayout.TimestampCommitIds)]
    public async Task EverySeededAnomaly_IsFoundAtItsPlace_AndNothingElse(EventStoreLayout layout)
    {
        await using var bed = await StoreBed.CreateAsync(dynalite, layout);
        using var raw = dynalite.CreateRawClient();
        var expected = await AnomalyTable.SeedAsync(bed, raw);

        var run = await IntegrityRun.OfAsync(bed.Integrity, new IntegrityRequest { Segments = 4 });

        Assert.Equal(ReadState.Completed, run.Last.State);
        Assert.Equal(IntegrityPhase.Done, run.Last.Phase);
        Assert.Null(run.Last.Next);
        Assert.Equal(Enum.GetValues<IntegrityKind>().Order(), run.Last.Counts.Keys.Order());
        var expectedCounts = expected.GroupBy(e => e.Kind).ToDictionary(g => g.Key, g => (long)g.Count());
        Assert.Equal(expectedCounts.OrderBy(c => c.Key), run.Found.OrderBy(c => c.Key));
        Assert.Equal(expected.Count, run.Places.Count);
        foreach (var place in expected)
        {
            Assert.Contains(run.Places, p => p.Kind == place.Kind && p.Table == place.Table
                && (place.Id is null || p.Id == place.Id) && (place.Version is null || p.Version == place.Version));
        }
        Assert.All(run.Places, p => Assert.False(string.IsNullOrWhiteSpace(p.Detail)));
        Assert.Equal(10, run.Last.SnapshotsChecked);
    }

    [Theory]
    [InlineData(EventStoreLayout.CounterCommitIds)]
    [InlineData(EventStoreLayout.TimestampCommitIds)]
    public async Task ThePlacesSayWhatIsWrong_InWords(EventStoreLayout layout)
    {
        await using var bed = await StoreBed.CreateAsync(dynalite, layout);
        using var raw = dynalite.CreateRawClient();
        await AnomalyTable.SeedAsync(bed, raw);

        var run = await IntegrityRun.OfAsync(bed.Integrity, new IntegrityRequest());

        Assert.Equal("versions 2 to 3 are missing (between v1 and v4).", run.Of(IntegrityKind.VersionGap).Single().Detail);
        Assert.Equal("the first stored version is 2: versions 0 to 1 are missing.", run.Of(IntegrityKind.VersionNotFromZero).Single().Detail);
        Assert.Contains("before the previous version's", run.Of(IntegrityKind.CommittedAtBackwardsInAggregate).Single().Detail);
        Assert.Contains("missing from the feed", run.Of(IntegrityKind.MissingAttribute).Single(p => p.Id == "no-id").Detail);
        Assert.Contains("missing from the feed", run.Of(IntegrityKind.MissingAttribute).Single(p => p.Id == "no-active").Detail);
        var repeated = run.Of(IntegrityKind.RepeatedCommitId).Single();
        var cleanZero = (await bed.StoredAsync("clean-1"))[0];
        Assert.Equal(layout == EventStoreLayout.CounterCommitIds ? cleanZero["commitId"].N : cleanZero["commitId"].S, repeated.CommitId);
        Assert.Contains(repeated.Id == "twin" ? "clean-1 v0" : "twin v0", repeated.Detail);
        if (layout == EventStoreLayout.CounterCommitIds)
        {
            var gaps = run.Of(IntegrityKind.CounterGap);
            var afterGap = long.Parse((await bed.StoredAsync("after-gap"))[0]["commitId"].N);
            Assert.Equal((afterGap - 3).ToString(), gaps[0].CommitId);
            Assert.StartsWith($"commit ids {afterGap - 3} to {afterGap - 1} are allocated by the counter but never written (a version conflict or a lost append)", gaps[0].Detail);
            Assert.Contains("the counter stands at", gaps[1].Detail);
        }
    }

    [Theory]
    [InlineData(EventStoreLayout.CounterCommitIds)]
    [InlineData(EventStoreLayout.TimestampCommitIds)]
    public async Task ACleanStore_HasEveryCountAtZero(EventStoreLayout layout)
    {
        await using var bed = await StoreBed.CreateAsync(dynalite, layout);
        await bed.AddManyAsync("order-1", 30);
        for (var i = 2; i < 12; i++) await bed.AddTypedAsync($"order-{i}", "Placed", "Paid");
        await bed.AddTypedAsync("order-2", "Shipped");
        await bed.PutSnapshotAsync("order-1", """{"status":"shipped"}""");
        await bed.PutSnapshotAsync("order-2", """{"status":"shipped","name":"Zoë 🚀"}""");

        var run = await IntegrityRun.OfAsync(bed.Integrity, new IntegrityRequest { Segments = 3 });

        Assert.Equal(ReadState.Completed, run.Last.State);
        Assert.Empty(run.Found);
        Assert.Empty(run.Places);
        Assert.Equal(Enum.GetValues<IntegrityKind>().Length, run.Last.Counts.Count);
        Assert.Equal(41, run.Last.CommitsChecked);
        Assert.Equal(41, run.Last.FeedEntriesChecked);
        Assert.Equal(2, run.Last.SnapshotsChecked);
        Assert.True(run.Last.Cost.ItemsRead >= 41 + 41 + 2);
    }

    [Theory]
    [InlineData(EventStoreLayout.CounterCommitIds)]
    [InlineData(EventStoreLayout.TimestampCommitIds)]
    public async Task AnyNumberOfSegments_FindsTheSame(EventStoreLayout layout)
    {
        // The feed is read in as many key ranges as there are segments: anomalies fall at different seams.
        await using var bed = await StoreBed.CreateAsync(dynalite, layout);
        using var raw = dynalite.CreateRawClient();
        await AnomalyTable.SeedAsync(bed, raw);

        var one = await IntegrityRun.OfAsync(bed.Integrity, new IntegrityRequest { Segments = 1 });
        foreach (var segments in new[] { 2, 3, 4, 7, 16 })
        {
            var run = await IntegrityRun.OfAsync(bed.Integrity, new IntegrityRequest { Segments = segments });

            Assert.Equal(one.Last.Counts.OrderBy(c => c.Key), run.Last.Counts.OrderBy(c => c.Key));
            Assert.Equal(Keys(one.Places), Keys(run.Places));
            Assert.Equal(one.Last.CommitsChecked, run.Last.CommitsChecked);
            Assert.Equal(one.Last.FeedEntriesChecked, run.Last.FeedEntriesChecked);
        }
    }

    [Theory]
    [InlineData(EventStoreLayout.CounterCommitIds)]
    [InlineData(EventStoreLayout.TimestampCommitIds)]
    public async Task ARunStoppedByItsBudget_AndContinued_FindsWhatOneRunFinds(EventStoreLayout layout)
    {
        await using var bed = await StoreBed.CreateAsync(dynalite, layout);
        using var raw = dynalite.CreateRawClient();
        await AnomalyTable.SeedAsync(bed, raw);
        var whole = await IntegrityRun.OfAsync(bed.Integrity, new IntegrityRequest { Segments = 2 });

        var runs = new List<IntegrityRun>();
        string? next = null;
        do
        {
            var run = await IntegrityRun.OfAsync(bed.Integrity, new IntegrityRequest { Segments = 2, Continue = next, Budget = new ReadBudget { MaxItems = 9, MaxRequests = 100 } });
            runs.Add(run);
            next = run.Last.Next;
            Assert.True(runs.Count < 100, "the continued runs should end");
        }
        while (next is not null);

        Assert.True(runs.Count > 5, $"a budget of 9 items should stop the check several times (ran {runs.Count})");
        Assert.All(runs[..^1], r => Assert.Equal(ReadState.BudgetExhausted, r.Last.State));
        Assert.Equal(ReadState.Completed, runs[^1].Last.State);
        Assert.Equal(whole.Last.Counts.OrderBy(c => c.Key), runs[^1].Last.Counts.OrderBy(c => c.Key));
        Assert.Equal(Keys(whole.Places), Keys(runs.SelectMany(r => r.Places).ToList()));
        Assert.Equal(whole.Last.CommitsChecked, runs[^1].Last.CommitsChecked);
        Assert.Equal(whole.Last.FeedEntriesChecked, runs[^1].Last.FeedEntriesChecked);
        Assert.Equal(whole.Last.SnapshotsChecked, runs[^1].Last.SnapshotsChecked);
        // Each run reads about its budget: it stops between responses, never in the middle of one.
        Assert.All(runs, r => Assert.True(r.Last.Cost.ItemsRead <= 9 + 100, $"read {r.Last.Cost.ItemsRead}"));
    }

    [Fact]
    public async Task EveryUpdate_SaysWhereToContinue_AndCancelledThere_TheCheckGoesOn()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        using var raw = dynalite.CreateRawClient();
        await AnomalyTable.SeedAsync(bed, raw);
        var whole = await IntegrityRun.OfAsync(bed.Integrity, new IntegrityRequest());

        // The first update: the commit table is read, the feed not yet. The user leaves there (Cancel).
        IntegrityProgress first;
        await using (var updates = bed.Integrity.RunAsync(new IntegrityRequest(), null, CancellationToken.None).GetAsyncEnumerator())
        {
            Assert.True(await updates.MoveNextAsync());
            first = updates.Current;
        }
        var rest = await IntegrityRun.OfAsync(bed.Integrity, new IntegrityRequest { Continue = first.Next });

        Assert.Equal(ReadState.Reading, first.State);
        Assert.Equal(IntegrityPhase.Feed, first.Phase);
        Assert.NotNull(first.Next);
        Assert.Equal(whole.Last.Counts.OrderBy(c => c.Key), rest.Last.Counts.OrderBy(c => c.Key));
        Assert.Equal(Keys(whole.Places), Keys([.. first.NewPlaces, .. rest.Places]));
    }

    [Fact]
    public async Task ADamagedOrTamperedContinueToken_IsRefused_WithAMessage()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await bed.AddManyAsync("order-1", 3);
        var first = await IntegrityRun.OfAsync(bed.Integrity, new IntegrityRequest { Budget = new ReadBudget { MaxItems = 1, MaxRequests = 10 } });
        var token = first.Last.Next!;
        var json = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
        string Encode(string text) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(text));

        var refusals = new List<InvalidCursorException>();
        foreach (var damaged in new[]
        {
            token[..^3],
            "not a token!",
            Encode(json.Replace(bed.Tables.Commits, "someone-elses-table")),
            Encode(Regex.Replace(json, "\"p\":\"[A-Za-z]+\"", "\"p\":\"Sideways\"")),
            Encode(json.Replace("\"n\":{}", "\"n\":{\"VersionGap\":-5}")),
            Encode(json.Replace("\"cs\":[", "\"cs\":[{\"key\":{\"aggregateId\":{\"N\":\"1\"}}},")),
        })
        {
            refusals.Add(await Assert.ThrowsAsync<InvalidCursorException>(() => IntegrityRun.OfAsync(bed.Integrity, new IntegrityRequest { Continue = damaged })));
        }

        Assert.All(refusals, e => Assert.Contains("continue link", e.Message));
        Assert.Contains("another table", refusals[2].Message);
        Assert.Contains("phase", refusals[3].Message);
        Assert.Contains("counts", refusals[4].Message);
    }

    [Fact]
    public async Task PlacesAreCappedPerKind_WhileTheCountsGoOn()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        for (var i = 0; i < 7; i++)
        {
            await bed.AddAtAsync($"gappy-{i}", 0, """[{"type":"A"}]""");
            await bed.AddAtAsync($"gappy-{i}", 5, """[{"type":"B"}]""");
        }

        var run = await IntegrityRun.OfAsync(bed.Integrity, new IntegrityRequest { PlacesPerKind = 3, Segments = 2 });

        Assert.Equal(7, run.Last.Counts[IntegrityKind.VersionGap]);
        Assert.Equal(3, run.Of(IntegrityKind.VersionGap).Count);
    }

    [Fact]
    public async Task TheDatabaseGoingDown_EndsTheRunWithTheStoresUsualError()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await bed.AddManyAsync("order-1", 3);

        await using var updates = bed.Integrity.RunAsync(new IntegrityRequest(), null, CancellationToken.None).GetAsyncEnumerator();
        Assert.True(await updates.MoveNextAsync());
        bed.GoDown();

        await Assert.ThrowsAsync<StoreUnavailableException>(async () => await updates.MoveNextAsync());
    }

    [Fact]
    public async Task WithoutASnapshotTable_TheSnapshotsAreSkipped_AndTheRunSaysSo()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await bed.AddManyAsync("order-1", 2);
        using var raw = dynalite.CreateRawClient();
        await raw.DeleteTableAsync(bed.Tables.Snapshots);

        var run = await IntegrityRun.OfAsync(bed.Integrity, new IntegrityRequest());

        Assert.Equal(ReadState.Completed, run.Last.State);
        Assert.Empty(run.Found);
        Assert.Equal(2, run.Last.CommitsChecked);
        Assert.Contains("snapshots were not checked", run.Last.Notice);
    }

    private static List<string> Keys(IReadOnlyList<IntegrityPlace> places) =>
        places.Select(p => $"{p.Kind}|{p.Table}|{p.Id}|{p.Version}|{p.CommitId}|{p.Detail}").Order(StringComparer.Ordinal).ToList();
}
