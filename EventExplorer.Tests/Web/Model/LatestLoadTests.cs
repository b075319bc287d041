using EventExplorer.Data.Errors;
using EventExplorer.Web.Model;

namespace EventExplorer.Tests.Web.Model;

public sealed class LatestLoadTests
{
    [Fact]
    public async Task RunAsync_StoreException_BecomesErrorNotAThrow()
    {
        using var load = new LatestLoad();

        var ok = await load.RunAsync(_ => throw new StoreUnavailableException("http://x", "refused"));

        Assert.False(ok);
        Assert.IsType<StoreUnavailableException>(load.Error);
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
    public async Task RunAsync_OldLoadFailsAfterNewOneStarted_DoesNotOverwriteError()
    {
        using var load = new LatestLoad();
        var gate = new TaskCompletionSource();
        var first = load.RunAsync(async _ => { await gate.Task; throw new StoreThrottledException("http://x"); });

        var second = load.RunAsync(_ => Task.CompletedTask);
        gate.SetResult();
        await Task.WhenAll(first, second);

        Assert.Null(load.Error);
    }
}
