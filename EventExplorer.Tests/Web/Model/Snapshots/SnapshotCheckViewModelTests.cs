using EventExplorer.Data.Model;
using EventExplorer.Data.Reducers;
using Microsoft.Extensions.Logging.Abstractions;
using EventExplorer.Data.State;
using EventExplorer.Testing;
using EventExplorer.Tests.Infrastructure;
using EventExplorer.Web.Model.Snapshots;

namespace EventExplorer.Tests.Web.Model.Snapshots;

/// <summary>The check of every snapshot (<c>/snapshots/check</c>), over the real stores.</summary>
public sealed class SnapshotCheckViewModelTests(DynaliteFixture dynalite) : IClassFixture<DynaliteFixture>
{
    private static SnapshotCheckViewModel Model(StoreBed bed) =>
        new(new SnapshotCheck(bed.Snapshots, new SnapshotVerifier(new StateFolder(bed.Events))), SnapshotWorld.Reducers(), bed.Events, bed.Time);

    [Fact]
    public async Task ACheckOfThePrefix_CountsEachVerdict_AndListsTheSnapshotsThatDoNotMatch()
    {
        await using var bed = await SnapshotWorld.ArrangeAsync(dynalite);
        await bed.PutSnapshotAsync("cart-1", "{}");
        using var model = Model(bed);

        await model.LoadAsync(SnapshotCheckState.Parse("/snapshots/check?prefix=order-&run=true", out _), []);

        Assert.Null(model.Load.Error);
        Assert.Equal(ReadState.Completed, model.RunState);
        Assert.Equal(new SnapshotCheckCounts { Checked = 5, Matching = 1, Mismatching = 2, NoCommits = 1, Malformed = 1 }, model.Counts);
        Assert.Equal(
            ["order-2 matches no version", "order-3 matches v1 instead", "order-4 malformed state", "order-5 no commits"],
            model.Problems.Select(r => $"{r.SnapshotId} {SnapshotCheckViewModel.Describe(r)}").Order(StringComparer.Ordinal));
        Assert.Null(model.ContinueUrl);
        Assert.Equal("/export/snapshot-check?prefix=order-", model.ExportUrl);
    }

    [Fact]
    public async Task AReducerChosenByTheFirstEventType_IsTheOneTheCheckFoldsWith()
    {
        var folder = Directory.CreateTempSubdirectory("reducers-");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "ledgers.js"), """
                options({ firstEvent: "ledgerOpened" });
                when({ $init: () => ({ received: 0 }), stockReceived: (s, e) => { s.received += e.quantity; } });
                """);
            using var catalog = new ReducerCatalog(folder.FullName, NullLogger<ReducerCatalog>.Instance);
            await using var bed = await StoreBed.CreateAsync(dynalite);
            await bed.AddAsync("wh-1", """{"type":"ledgerOpened","warehouse":"north"}""");
            await bed.AddAsync("wh-1", """{"type":"stockReceived","sku":"a","quantity":3}""");
            await bed.PutSnapshotAsync("wh-1", """{"received":3}""", StoreBed.Epoch.AddMinutes(1));
            using var model = new SnapshotCheckViewModel(new SnapshotCheck(bed.Snapshots, new SnapshotVerifier(new StateFolder(bed.Events))), catalog, bed.Events, bed.Time);

            await model.LoadAsync(SnapshotCheckState.Parse("/snapshots/check?run=true", out _), []);

            // The generic reducer would have folded {"warehouse":"north","sku":"a","quantity":3}: a mismatch.
            Assert.Equal(new SnapshotCheckCounts { Checked = 1, Matching = 1 }, model.Counts);
            Assert.Empty(model.Problems);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task OpeningThePage_DoesNotStartTheCheck()
    {
        await using var bed = await SnapshotWorld.ArrangeAsync(dynalite);
        bed.Proxy.Reset();
        using var model = Model(bed);

        await model.LoadAsync(SnapshotCheckState.Parse("/snapshots/check?prefix=order-", out _), []);

        Assert.Null(model.RunState);
        Assert.Equal(0, bed.Requests);
        Assert.Equal("/snapshots/check?prefix=order-&run=true", model.RunUrl);
    }

    [Fact]
    public async Task ARunStoppedByTheBudget_ContinuesByItsLink_CheckingEverySnapshotOnce()
    {
        await using var bed = await SnapshotWorld.ArrangeAsync(dynalite);
        using var model = Model(bed);
        model.Budget = new ReadBudget { MaxItems = 1_000, MaxRequests = 2 };

        var url = "/snapshots/check?prefix=order-&run=true";
        var checkedIds = new List<string>();
        var runs = 0;
        var counts = new SnapshotCheckCounts();
        while (true)
        {
            runs++;
            await model.LoadAsync(SnapshotCheckState.Parse(url, out var problems), problems);
            Assert.Null(model.Load.Error);
            counts = counts with { Checked = counts.Checked + model.Counts.Checked, Matching = counts.Matching + model.Counts.Matching };
            checkedIds.AddRange(model.Problems.Select(r => r.SnapshotId));
            if (model.ContinueUrl is not { } next) break;
            Assert.Equal(ReadState.BudgetExhausted, model.RunState);
            Assert.Contains("continue=", next, StringComparison.Ordinal);
            url = next;
            Assert.True(runs < 12, "the check does not get anywhere");
        }

        Assert.True(runs > 1);
        Assert.Equal(ReadState.Completed, model.RunState);
        Assert.Equal(5, counts.Checked);
        Assert.Equal(1, counts.Matching);
        Assert.Equal(["order-2", "order-3", "order-4", "order-5"], checkedIds.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ADamagedContinueLink_IsABadLinkInWords()
    {
        await using var bed = await SnapshotWorld.ArrangeAsync(dynalite);
        using var model = Model(bed);

        await model.LoadAsync(SnapshotCheckState.Parse("/snapshots/check?continue=x:abc", out _), []);

        Assert.True(model.Load.Error is { IsBadLink: true });
        Assert.Contains("damaged", model.Load.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancel_KeepsWhatWasChecked_AndOffersToContinue()
    {
        await using var bed = await SnapshotWorld.ArrangeAsync(dynalite);
        using var model = Model(bed);
        var firstChecked = new TaskCompletionSource();
        model.Changed += () =>
        {
            if (model.Counts.Checked == 1) model.Cancel();
            firstChecked.TrySetResult();
            return Task.CompletedTask;
        };

        await model.LoadAsync(SnapshotCheckState.Parse("/snapshots/check?prefix=order-&run=true", out _), []);
        await firstChecked.Task;

        Assert.True(model.Cancelled);
        Assert.Equal(1, model.Counts.Checked);
        Assert.Contains("continue=", model.ContinueUrl, StringComparison.Ordinal);
    }
}
