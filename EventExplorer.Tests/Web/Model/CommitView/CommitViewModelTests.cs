using EventExplorer.Data.Errors;
using EventExplorer.Data.Model;
using EventExplorer.Tests.Fakes;
using EventExplorer.Web.Model.CommitView;

namespace EventExplorer.Tests.Web.Model.CommitView;

public sealed class CommitStateTests
{
    [Theory]
    [InlineData("/commit?aggregate=order-1&version=3")]
    [InlineData("/commit?aggregate=order-1&version=3&view=raw")]
    [InlineData("/commit?aggregate=tenant%2Facme%3Auser%2042&version=2.5&view=raw")]
    public void Parse_ThenToUrl_GivesTheSameLink(string url)
    {
        var state = CommitState.Parse(url, out var problems);

        Assert.Empty(problems);
        Assert.Equal(url, state.ToUrl());
    }

    [Fact]
    public void Parse_RawView_OpensTheRawTab()
    {
        var state = CommitState.Parse("/commit?aggregate=a&version=1&view=raw", out _);

        Assert.Equal(CommitTab.Raw, state.Tab);
        Assert.Equal(1, state.WholeVersion);
    }

    [Fact]
    public void Parse_FractionalVersion_IsANumberButNoWholeVersion()
    {
        var state = CommitState.Parse("/commit?aggregate=a&version=2.5", out var problems);

        Assert.Empty(problems);
        Assert.True(state.IsNumber);
        Assert.Null(state.WholeVersion);
    }

    [Fact]
    public void Parse_VersionThatIsNoNumber_SaysSo()
    {
        var state = CommitState.Parse("/commit?aggregate=a&version=abc&view=tree", out var problems);

        Assert.False(state.IsNumber);
        Assert.Equal(CommitTab.Events, state.Tab);
        Assert.Contains(problems, p => p.Contains("'abc' is not a number", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("'tree'", StringComparison.Ordinal));
    }
}

public sealed class CommitViewModelTests
{
    private readonly FakeEventStore _store = new();
    private readonly FakeSnapshotStore _snapshots = new();
    private readonly RawItemOverrides _search;

    public CommitViewModelTests() => _search = new RawItemOverrides(_store);

    private CommitViewModel Create() => new(_search, _store, _snapshots);

    [Fact]
    public async Task LoadAsync_AVersionInTheMiddle_ReadsTheCommitAndLinksAroundIt()
    {
        _store.AddMany("order-1", 5);
        using var model = Create();

        await model.LoadAsync("/commit?aggregate=order-1&version=2");

        Assert.Equal(2, model.Commit?.Version);
        Assert.NotNull(model.Raw);
        Assert.Equal("/aggregates/order-1?from=2&expand=2", model.TimelineUrl);
        Assert.Equal("/commit?aggregate=order-1&version=1", model.PreviousUrl);
        Assert.Equal("/commit?aggregate=order-1&version=3", model.NextUrl);
        Assert.Equal("/compare?aggregate=order-1&left=1&right=2", model.CompareWithPreviousUrl);
        Assert.Equal("/export?aggregate=order-1&from=2&to=2&format=jsonl", model.ExportUrl);
        Assert.Null(model.CompareWithSnapshotUrl);
    }

    [Fact]
    public async Task LoadAsync_FirstAndHeadVersion_HaveNoLinkPastTheEnds()
    {
        _store.AddMany("order-1", 2);
        using var model = Create();

        await model.LoadAsync("/commit?aggregate=order-1&version=0");
        Assert.Null(model.PreviousUrl);
        Assert.Null(model.CompareWithPreviousUrl);
        Assert.Equal("/commit?aggregate=order-1&version=1", model.NextUrl);

        await model.LoadAsync("/commit?aggregate=order-1&version=1&view=raw");
        Assert.Null(model.NextUrl);
        Assert.Equal("/commit?aggregate=order-1&version=0&view=raw", model.PreviousUrl);
    }

    [Fact]
    public async Task LoadAsync_WithASnapshotUnderTheAggregateId_LinksTheComparison()
    {
        _store.AddMany("account-7", 3);
        _snapshots.Put("account-7", """{"status":"active"}""");
        using var model = Create();

        await model.LoadAsync("/commit?aggregate=account-7&version=2");

        Assert.Equal("/compare?aggregate=account-7&left=2&snapshot=account-7", model.CompareWithSnapshotUrl);
    }

    [Fact]
    public async Task LoadAsync_SnapshotTableFails_StillShowsTheCommitWithoutTheSnapshotLink()
    {
        _store.AddMany("account-7", 1);
        _snapshots.FailWith = new TableMissingException("snapshots", "http://localhost");
        using var model = Create();

        await model.LoadAsync("/commit?aggregate=account-7&version=0");

        Assert.Null(model.Load.Error);
        Assert.NotNull(model.Commit);
        Assert.Null(model.CompareWithSnapshotUrl);
    }

    [Fact]
    public async Task LoadAsync_UnknownVersion_IsNotFound()
    {
        _store.AddMany("order-1", 2);
        using var model = Create();

        await model.LoadAsync("/commit?aggregate=order-1&version=7");

        Assert.True(model.NotFound);
        Assert.Null(model.Load.Error);
    }

    [Fact]
    public async Task LoadAsync_FractionalVersionStored_ShowsOnlyTheRawItem()
    {
        _store.AddMany("order-1", 2);
        _search.Put("order-1", "2.5", RawItems.WithExtra("order-1", "2.5"));
        using var model = Create();

        await model.LoadAsync("/commit?aggregate=order-1&version=2.5");

        Assert.False(model.NotFound);
        Assert.True(model.OnlyRaw);
        Assert.Equal(CommitTab.Raw, model.Tab);
        Assert.Equal(1, model.UnknownAttributes);
        Assert.Null(model.CompareWithPreviousUrl);
        Assert.Equal("/aggregates/order-1", model.TimelineUrl);
    }

    [Fact]
    public async Task LoadAsync_VersionThatIsNoNumber_ReadsNothing()
    {
        using var model = Create();

        await model.LoadAsync("/commit?aggregate=order-1&version=abc");

        Assert.False(model.CanRead);
        Assert.Empty(_store.Calls);
    }

    [Fact]
    public async Task LoadAsync_OnlyTheTabChanges_ReadsNothingAgain()
    {
        _store.AddMany("order-1", 2);
        using var model = Create();
        await model.LoadAsync("/commit?aggregate=order-1&version=1");
        var calls = _store.CallCount;

        await model.LoadAsync(model.TabUrl(CommitTab.Raw));

        Assert.Equal(calls, _store.CallCount);
        Assert.Equal(CommitTab.Raw, model.Tab);
    }

    [Fact]
    public async Task LoadAsync_StoreFails_IsALoadErrorAndRetryReadsAgain()
    {
        _store.AddMany("order-1", 2);
        _store.FailWith = new StoreUnavailableException("http://localhost", "down");
        using var model = Create();

        await model.LoadAsync("/commit?aggregate=order-1&version=1");
        Assert.NotNull(model.Load.Error);

        _store.FailWith = null;
        await model.RetryAsync();
        Assert.Null(model.Load.Error);
        Assert.Equal(1, model.Commit?.Version);
    }
}

/// <summary>Raw items another program wrote.</summary>
internal static class RawItems
{
    public static RawItem WithExtra(string aggregateId, string version) => new()
    {
        Attributes =
        [
            new RawAttribute { Name = "aggregateId", Type = "S", Value = "\"" + aggregateId + "\"", Known = true },
            new RawAttribute { Name = "version", Type = "N", Value = version, Known = true },
            new RawAttribute { Name = "events", Type = "S", Value = "\"[]\"", Known = true },
            new RawAttribute { Name = "ttl", Type = "N", Value = "1790000000", Known = false },
        ],
        DynamoDbJson = $$$"""{"aggregateId":{"S":"{{{aggregateId}}}"},"version":{"N":"{{{version}}}"},"events":{"S":"[]"},"ttl":{"N":"1790000000"}}""",
        SizeBytes = 80,
    };
}
