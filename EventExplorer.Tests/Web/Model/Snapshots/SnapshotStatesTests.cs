using EventExplorer.Web.Model.Snapshots;

namespace EventExplorer.Tests.Web.Model.Snapshots;

public sealed class SnapshotStatesTests
{
    [Theory]
    [InlineData("order-1", "order-2")]
    [InlineData("tenant/42/order 7", "urn:order:äöü+x&y")]
    [InlineData("order-1", null)]
    public void SnapshotDiffState_ToUrlThenParse_GivesBackThePairAndTheOpenView(string left, string? right)
    {
        var state = new SnapshotDiffState { Left = left, Right = right, View = DiffView.Lines };

        var parsed = SnapshotDiffState.Parse(state.ToUrl(), out var problems);

        Assert.Equal(state, parsed);
        Assert.Empty(problems);
    }

    [Fact]
    public void SnapshotDiffState_LinesView_IsInTheUrl()
    {
        var url = new SnapshotDiffState { Left = "a", Right = "b", View = DiffView.Lines }.ToUrl();

        Assert.Equal("/snapshots/diff?left=a&right=b&view=lines", url);
    }

    [Fact]
    public void SnapshotDiffState_ChangesView_IsTheDefaultAndNotWritten()
    {
        Assert.Equal("/snapshots/diff?left=a&right=b", new SnapshotDiffState { Left = "a", Right = "b" }.ToUrl());
    }

    [Fact]
    public void SnapshotDiffState_UnknownView_ShowsChangesAndSaysSo()
    {
        var state = SnapshotDiffState.Parse("/snapshots/diff?left=a&view=tree", out var problems);

        Assert.Equal(DiffView.Changes, state.View);
        Assert.Contains(problems, p => p.Contains("'tree'", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("tenant/42/snap 7", null)]
    [InlineData("ä+&=", "c2NhbjpuZXh0")]
    [InlineData(null, "c2NhbjpuZXh0")]
    public void SnapshotListState_ToUrlThenParse_GivesBackPrefixAndCursor(string? prefix, string? cursor)
    {
        var state = new SnapshotListState { Prefix = prefix, Cursor = cursor };

        Assert.Equal(state, SnapshotListState.Parse(state.ToUrl()));
    }
}
