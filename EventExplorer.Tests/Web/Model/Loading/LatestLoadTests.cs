using EventExplorer.Data.Errors;
using EventExplorer.Web.Model.Loading;

namespace EventExplorer.Tests.Web.Model.Loading;

public sealed class LatestLoadTests
{
    [Fact]
    public async Task RunAsync_StoreException_BecomesAnErrorInWordsNotAThrow()
    {
        using var load = new LatestLoad();

        var ok = await load.RunAsync(_ => throw new StoreUnavailableException("http://x", "refused"));

        Assert.False(ok);
        Assert.Equal(new LoadError(LoadErrorKind.Unavailable, "DynamoDB at http://x is unavailable: refused", true), load.Error);
        Assert.False(load.IsLoading);
    }

    [Fact]
    public async Task RunAsync_UnexpectedException_IsNotSwallowed()
    {
        using var load = new LatestLoad();

        await Assert.ThrowsAsync<InvalidOperationException>(() => load.RunAsync(_ => throw new InvalidOperationException("bug")));
    }

    [Fact]
    public async Task RunAsync_SecondLoad_CancelsTheFirstAndOnlyTheSecondCounts()
    {
        using var load = new LatestLoad();
        CancellationToken firstToken = default;
        var first = load.RunAsync(async ct => { firstToken = ct; await Task.Delay(Timeout.Infinite, ct); });

        var second = await load.RunAsync(_ => Task.CompletedTask);

        Assert.True(second);
        Assert.False(await first);
        Assert.True(firstToken.IsCancellationRequested);
        Assert.False(load.IsLoading);
    }

    [Fact]
    public async Task RunAsync_OldLoadFailsAfterTheNewOneStarted_DoesNotOverwriteItsResult()
    {
        using var load = new LatestLoad();
        var gate = new TaskCompletionSource();
        var first = load.RunAsync(async _ => { await gate.Task; throw new StoreThrottledException("http://x"); });

        var second = load.RunAsync(_ => Task.CompletedTask);
        gate.SetResult();
        await Task.WhenAll(first, second);

        Assert.Null(load.Error);
    }

    [Fact]
    public async Task Cancel_StopsTheRunningLoadWithoutAnError()
    {
        using var load = new LatestLoad();
        var running = load.RunAsync(ct => Task.Delay(Timeout.Infinite, ct));

        load.Cancel();

        Assert.False(await running);
        Assert.Null(load.Error);
        Assert.False(load.IsLoading);
    }

    public static TheoryData<EventStoreException, LoadErrorKind, string, bool> Errors => new()
    {
        { new StoreUnavailableException("e", "down"), LoadErrorKind.Unavailable, "Database unavailable", false },
        { new StoreNotAnsweringException("e", TimeSpan.FromSeconds(10)), LoadErrorKind.NotAnswering, "Database not answering", false },
        { new WriteOutcomeUnknownException("appending", "check"), LoadErrorKind.OutcomeUnknown, "Outcome unknown", false },
        { new StoreThrottledException("e"), LoadErrorKind.Throttled, "Throttled", false },
        { new StoreAccessDeniedException("e", "no"), LoadErrorKind.AccessDenied, "Access denied", false },
        { new TableMissingException("t", "e"), LoadErrorKind.TableMissing, "Table missing", false },
        { new UnsupportedLayoutException("t", "odd"), LoadErrorKind.UnsupportedTable, "Unsupported table", false },
        { new InvalidCursorException("tampered"), LoadErrorKind.InvalidLink, "Invalid link", true },
        { new InvalidQueryException("bad"), LoadErrorKind.InvalidRequest, "Invalid request", true },
        { new WriteValidationException(["bad"]), LoadErrorKind.InvalidRequest, "Invalid request", true },
        { new ReadOnlyModeException("writing"), LoadErrorKind.ReadOnly, "Read-only", false },
        { new VersionConflictException("a", 1), LoadErrorKind.Conflict, "Version conflict", false },
    };

    [Theory]
    [MemberData(nameof(Errors))]
    public void LoadError_From_GivesEachFailureATitleAndSaysWhetherTheLinkIsToBlame(EventStoreException error, LoadErrorKind kind, string title, bool badLink)
    {
        var shown = LoadError.From(error);

        Assert.Equal((kind, title, badLink, error.Message, error.IsTransient), (shown.Kind, shown.Title, shown.IsBadLink, shown.Message, shown.IsTransient));
    }
}
