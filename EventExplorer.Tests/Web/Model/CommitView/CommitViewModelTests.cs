using Amazon.DynamoDBv2.Model;
using EventExplorer.Tests.Infrastructure;
using EventExplorer.Web.Model.CommitView;
using EventExplorer.Web.Model.Loading;

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

/// <summary>The commit page's view-model over the real stores on dynalite; faults come from the proxy in front of it.</summary>
public sealed class CommitViewModelTests(DynaliteFixture dynalite) : IClassFixture<DynaliteFixture>
{
    private static CommitViewModel Create(StoreBed bed) => new(bed.Events, bed.Events, bed.Snapshots);

    [Fact]
    public async Task LoadAsync_AVersionInTheMiddle_ReadsTheCommitAndLinksAroundIt()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await bed.AddManyAsync("order-1", 5);
        using var model = Create(bed);

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
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await bed.AddManyAsync("order-1", 2);
        using var model = Create(bed);

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
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await bed.AddManyAsync("account-7", 3);
        await bed.PutSnapshotAsync("account-7", """{"status":"active"}""");
        using var model = Create(bed);

        await model.LoadAsync("/commit?aggregate=account-7&version=2");

        Assert.Equal("/compare?aggregate=account-7&left=2&snapshot=account-7", model.CompareWithSnapshotUrl);
    }

    [Fact]
    public async Task LoadAsync_SnapshotTableFails_StillShowsTheCommitWithoutTheSnapshotLink()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await bed.AddManyAsync("account-7", 1);
        using (var raw = dynalite.CreateRawClient()) await raw.DeleteTableAsync(bed.Tables.Snapshots);
        using var model = Create(bed);

        await model.LoadAsync("/commit?aggregate=account-7&version=0");

        Assert.Null(model.Load.Error);
        Assert.NotNull(model.Commit);
        Assert.Null(model.CompareWithSnapshotUrl);
    }

    [Fact]
    public async Task LoadAsync_UnknownVersion_IsNotFound()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await bed.AddManyAsync("order-1", 2);
        using var model = Create(bed);

        await model.LoadAsync("/commit?aggregate=order-1&version=7");

        Assert.True(model.NotFound);
        Assert.Null(model.Load.Error);
    }

    [Fact]
    public async Task LoadAsync_FractionalVersionStored_ShowsOnlyTheRawItem()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await bed.AddManyAsync("order-1", 2);
        await RawItems.PutWithExtraAsync(bed, "order-1", "2.5");
        using var model = Create(bed);

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
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await bed.AddManyAsync("order-1", 2);
        using var model = Create(bed);
        bed.Proxy.Reset();

        await model.LoadAsync("/commit?aggregate=order-1&version=abc");

        Assert.False(model.CanRead);
        Assert.Empty(bed.Proxy.Requests);
    }

    [Fact]
    public async Task LoadAsync_OnlyTheTabChanges_ReadsNothingAgain()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await bed.AddManyAsync("order-1", 2);
        using var model = Create(bed);
        await model.LoadAsync("/commit?aggregate=order-1&version=1");
        Assert.Equal(1, model.Commit?.Version);
        bed.Proxy.Reset();

        await model.LoadAsync(model.TabUrl(CommitTab.Raw));

        Assert.Empty(bed.Proxy.Requests);
        Assert.Equal(1, model.Commit?.Version);
        Assert.Equal(CommitTab.Raw, model.Tab);
    }

    [Fact]
    public async Task LoadAsync_StoreFails_IsALoadErrorAndRetryReadsAgain()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await bed.AddManyAsync("order-1", 2);
        bed.GoDown();
        using var model = Create(bed);

        await model.LoadAsync("/commit?aggregate=order-1&version=1");
        Assert.Equal(LoadErrorKind.Unavailable, model.Load.Error?.Kind);

        bed.ComeBack();
        await model.RetryAsync();
        Assert.Null(model.Load.Error);
        Assert.Equal(1, model.Commit?.Version);
    }
}

/// <summary>Items another program wrote.</summary>
internal static class RawItems
{
    /// <summary>
    /// Stores an item with an attribute the layouts do not define (<c>ttl</c>) and nothing but its key and
    /// events besides; returns it in DynamoDB's JSON, as the commit page shows and copies it.
    /// </summary>
    public static async Task<string> PutWithExtraAsync(StoreBed bed, string aggregateId, string version)
    {
        await bed.PutRawAsync(new()
        {
            ["aggregateId"] = new AttributeValue { S = aggregateId },
            ["version"] = new AttributeValue { N = version },
            ["events"] = new AttributeValue { S = "[]" },
            ["ttl"] = new AttributeValue { N = "1790000000" },
        });
        return $$$"""{"aggregateId":{"S":"{{{aggregateId}}}"},"version":{"N":"{{{version}}}"},"events":{"S":"[]"},"ttl":{"N":"1790000000"}}""";
    }
}
