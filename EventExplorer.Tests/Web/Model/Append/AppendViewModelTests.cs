using EventExplorer.Data.Model;
using EventExplorer.Testing;
using EventExplorer.Tests.Infrastructure;
using EventExplorer.Web.Model.Append;
using EventExplorer.Web.Model.Json;
using EventExplorer.Web.Model.Loading;

namespace EventExplorer.Tests.Web.Model.Append;

/// <summary>The append form over the real store on dynalite, with faults from the proxy (see <see cref="AppendTestBed"/>).</summary>
public sealed class AppendViewModelTests(DynaliteFixture dynalite) : IClassFixture<DynaliteFixture>, IAsyncLifetime
{
    private const string ValidEvents = """[{"type":"Shipped","carrier":"DHL"}]""";

    private AppendTestBed _bed = null!;

    public async Task InitializeAsync() => _bed = await AppendTestBed.CreateAsync(dynalite);

    public async Task DisposeAsync() => await _bed.DisposeAsync();

    private AppendViewModel Create() => _bed.Model();

    private Task<AppendViewModel> FormAsync(string aggregateId, string version, string events) => _bed.FormAsync(aggregateId, version, events);

    [Fact]
    public async Task LinkWithoutVersion_ProposesTheHeadPlusOne()
    {
        await _bed.AddManyAsync("order-1", 4);
        using var model = Create();

        await model.LoadAsync("/append?aggregate=order-1");

        Assert.Equal("4", model.VersionText);
        Assert.Equal(4, model.ProposedVersion);
        Assert.False(model.VersionEdited);
        Assert.Equal("/append?aggregate=order-1&version=4", model.FormState.ToUrl());
    }

    [Fact]
    public async Task LinkWithVersion_KeepsItAsGivenWithoutAsking()
    {
        await _bed.AddManyAsync("order-1", 4);
        using var model = Create();
        _bed.Proxy.Reset();

        await model.LoadAsync("/append?aggregate=order-1&version=9");

        Assert.Equal("9", model.VersionText);
        Assert.True(model.VersionEdited);
        Assert.Empty(_bed.Proxy.Requests);
    }

    [Fact]
    public async Task AggregateIdChanged_ProposesUnlessTheUserTypedAVersion()
    {
        await _bed.AddManyAsync("a", 2);
        await _bed.AddManyAsync("b", 7);
        using var model = Create();
        await model.LoadAsync("/append");

        model.AggregateId = "a";
        await model.AggregateIdChangedAsync();
        Assert.Equal("2", model.VersionText);

        model.VersionText = "5";
        model.AggregateId = "b";
        await model.AggregateIdChangedAsync();
        Assert.Equal("5", model.VersionText);
    }

    [Fact]
    public async Task Submit_Valid_AppendsAndLinksTheNewCommit()
    {
        await _bed.AddManyAsync("order-1", 3);
        using var model = await FormAsync("order-1", "3", ValidEvents);

        var ok = await model.SubmitAsync();

        Assert.True(ok);
        Assert.Equal(3, model.Appended?.Version);
        Assert.Equal("/aggregates/order-1?from=3&expand=3", model.AppendedTimelineUrl);
        Assert.Equal("/feed?from=4", model.AppendedFeedUrl);
        Assert.Equal("4", model.VersionText);
        Assert.Equal("""{"type":"Shipped","carrier":"DHL"}""", (await _bed.StoredAsync("order-1"))[^1].Events.Single().Json);
    }

    [Fact]
    public async Task Submit_RightAfterSuccess_DoesNotAppendTheSameCommitTwice()
    {
        using var model = await FormAsync("order-1", "0", ValidEvents);
        await model.SubmitAsync();

        var again = await model.SubmitAsync();

        Assert.False(again);
        Assert.False(model.CanSubmit);
        Assert.Single(await _bed.StoredAsync("order-1"));
    }

    [Fact]
    public async Task SuccessNotice_DisappearsWhenTheFormChanges()
    {
        using var model = await FormAsync("order-1", "0", ValidEvents);
        await model.SubmitAsync();
        Assert.NotNull(model.Appended);

        model.EventsJson = """[{"type":"Delivered"}]""";

        Assert.Null(model.Appended);
        Assert.False(model.JustAppended);
        Assert.True(model.CanSubmit);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("[]")]
    [InlineData("{\"type\":\"A\"}")]
    [InlineData("[{\"type\":\"A\"},]")]
    [InlineData("[{\"type\":")]
    public async Task SubmitButton_IsDisabledWhileTheEventsAreNotAValidNonEmptyArray(string events)
    {
        using var model = await FormAsync("order-1", "0", events);

        Assert.False(model.CanSubmit);
        Assert.Contains(model.Validate(out _), e => e.StartsWith("Events: ", StringComparison.Ordinal));

        model.EventsJson = ValidEvents;
        Assert.True(model.CanSubmit);
    }

    [Fact]
    public async Task InvalidEvents_SayLineAndColumnOnceWithoutTheParsersOwnText()
    {
        using var model = await FormAsync("order-1", "0", "[" + new string(' ', 59) + "x]");

        var error = Assert.Single(model.Validate(out _));

        Assert.StartsWith("Events: Not valid JSON at line 1, column 61: ", error, StringComparison.Ordinal);
        Assert.DoesNotContain("LineNumber", error, StringComparison.Ordinal);
        Assert.DoesNotContain("BytePositionInLine", error, StringComparison.Ordinal);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(error, "line "));
    }

    [Fact]
    public async Task InvalidEvents_ColumnCountsCharactersNotBytes()
    {
        using var model = await FormAsync("order-1", "0", "[\"äöü\", x]");

        Assert.Contains("line 1, column 9:", Assert.Single(model.Validate(out _)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EventsWithoutType_AreAllowedButWarnedAboutBeforeAppending()
    {
        using var model = await FormAsync("order-1", "0", """[{"data":1}, 5, {"type":""}, {"type":"Ok"}]""");

        var preview = model.Preview();

        Assert.NotNull(preview);
        Assert.True(model.CanSubmit);
        Assert.Equal(4, preview.EventCount);
        Assert.Equal(
            [
                "Event #0 has no \"type\": programs that dispatch on the event type will not recognise it.",
                "Event #1 is a JSON number, not an object.",
                "Event #2 has a \"type\" that is not a text.",
            ],
            preview.Warnings);
    }

    [Fact]
    public void Warnings_TypedEvents_None()
    {
        Assert.Empty(AppendWarnings.Of(ValidEvents));
        Assert.Empty(AppendWarnings.Of("not json"));
    }

    [Theory]
    [InlineData("", "0", "Enter an aggregate id.")]
    [InlineData(" order-1", "0", "The aggregate id starts or ends with spaces; ids are exact, so remove them if they are not meant.")]
    [InlineData("order-1", "", "Enter a version (0 for a new aggregate's first commit).")]
    [InlineData("order-1", "-1", "The version '-1' is not a whole number of 0 or more.")]
    [InlineData("order-1", "1.5", "The version '1.5' is not a whole number of 0 or more.")]
    [InlineData("order-1", "9223372036854775807", "The version is the largest number a version can be; no commit can follow it.")]
    public async Task InvalidForm_ExplainsAndWritesNothing(string aggregate, string version, string expected)
    {
        using var model = Create();
        await model.LoadAsync("/append");
        model.AggregateId = aggregate;
        model.VersionText = version;
        model.EventsJson = ValidEvents;

        var ok = await model.SubmitAsync();

        Assert.False(ok);
        Assert.Equal([expected], model.ValidationErrors);
        Assert.Null(model.Preview());
        Assert.Equal(0, _bed.Writes);
    }

    [Fact]
    public async Task AVersionTypedThatIsTaken_KeepsTheInputAndShowsWhatIsThere_WithoutCallingItARace()
    {
        await _bed.AddManyAsync("order-1", 3);
        using var model = await FormAsync("order-1", "1", ValidEvents);

        var ok = await model.SubmitAsync();

        Assert.False(ok);
        Assert.Null(model.Error);
        Assert.NotNull(model.Conflict);
        // The user chose a version that was taken long before: no other writer raced them to it.
        Assert.Equal(AppendConflictKind.Taken, model.Conflict.Kind);
        Assert.Equal([1L, 2], model.Conflict.Commits.Select(c => c.Version!.Value));
        Assert.False(model.Conflict.More);
        Assert.Equal(3, model.Conflict.OfferedVersion);
        Assert.Equal("/aggregates/order-1?from=1", model.Conflict.TimelineUrl);
        Assert.Equal(ValidEvents, model.EventsJson);
        Assert.Equal("1", model.VersionText);
    }

    [Fact]
    public async Task AProposedVersionTakenByAnotherWriterMeanwhile_IsARace()
    {
        await _bed.AddManyAsync("order-2", 2);
        using var model = Create();
        await model.LoadAsync("/append?aggregate=order-2");
        model.EventsJson = ValidEvents;
        Assert.Equal("2", model.VersionText);
        await _bed.Direct.AppendAsync(new AppendRequest { AggregateId = "order-2", Version = 2, EventsJson = """[{"type":"first"}]""" }, CancellationToken.None);

        await model.SubmitAsync();

        Assert.Equal(AppendConflictKind.Race, model.Conflict?.Kind);
        Assert.Equal(3, model.Conflict?.OfferedVersion);
    }

    [Fact]
    public async Task UseNextFreeVersion_AfterAConflict_LetsTheSameEventsGoThrough()
    {
        await _bed.AddManyAsync("order-1", 3);
        using var model = await FormAsync("order-1", "1", ValidEvents);
        await model.SubmitAsync();

        model.UseNextFreeVersion();
        var ok = await model.SubmitAsync();

        Assert.True(ok);
        Assert.Equal(3, model.Appended?.Version);
        Assert.Null(model.Conflict);
    }

    [Fact]
    public async Task StoreRefusesTheCommit_ShowsItsReasonsWithTheForm()
    {
        // Valid JSON the form accepts, over DynamoDB's item limit: only the store knows the item's size.
        var large = $$"""[{"type":"Imported","blob":"{{new string('x', 450_000)}}"}]""";
        using var model = await FormAsync("order-1", "0", large);

        await model.SubmitAsync();

        var reason = Assert.Single(model.ValidationErrors);
        Assert.StartsWith("The commit would be 450,", reason, StringComparison.Ordinal);
        Assert.Contains("over DynamoDB's item limit", reason, StringComparison.Ordinal);
        Assert.Null(model.Error);
        Assert.Empty(await _bed.StoredAsync("order-1"));
    }

    [Fact]
    public async Task StoreDownBeforeTheCommitWasSent_IsReportedWithRetry_AndTheInputKept()
    {
        // Layout A takes a commit id from the counter first: when that fails, nothing was put.
        _bed.Proxy.Inject(ProxyFault.InternalServerError.On("UpdateItem"));
        using var model = await FormAsync("order-1", "0", ValidEvents);

        var ok = await model.SubmitAsync();

        Assert.False(ok);
        Assert.Equal(LoadErrorKind.Unavailable, model.Error?.Kind);
        Assert.True(model.Error!.IsTransient);
        Assert.Null(model.Unknown);
        Assert.Equal(ValidEvents, model.EventsJson);
        Assert.Equal("order-1", model.AggregateId);
        Assert.DoesNotContain(_bed.Proxy.Requests, r => r.Operation == "PutItem");
    }

    [Fact]
    public async Task Retry_AfterTheProposalWasNotAnswered_ProposesAgainAndKeepsTheTypedEvents()
    {
        await _bed.AddManyAsync("order-5", 3);
        using var model = Create();
        await model.LoadAsync("/append");
        model.EventsJson = ValidEvents;
        model.AggregateId = "order-5";
        _bed.Proxy.Inject(ProxyFault.Stall.On("Query"));
        await model.AggregateIdChangedAsync();
        Assert.Equal(LoadErrorKind.NotAnswering, model.Error?.Kind);
        Assert.True(model.Error!.IsTransient);

        _bed.Proxy.Heal();
        await model.RetryAsync();

        Assert.Null(model.Error);
        Assert.Equal("3", model.VersionText);
        Assert.Equal(ValidEvents, model.EventsJson);
        // Retry proposed; it did not append anything.
        Assert.Equal(0, _bed.Writes);
    }

    [Fact]
    public async Task Retry_AfterAppendingWasThrottledBeforeTheCommitWasSent_AppendsTheSameCommit()
    {
        using var model = await FormAsync("order-6", "0", ValidEvents);
        _bed.Proxy.Inject(ProxyFault.ProvisionedThroughputExceeded.On("UpdateItem"));
        Assert.False(await model.SubmitAsync());
        Assert.Equal(LoadErrorKind.Throttled, model.Error?.Kind);

        _bed.Proxy.Heal();
        await model.RetryAsync();

        Assert.Null(model.Error);
        Assert.Equal("order-6", model.Appended?.AggregateId);
        Assert.Equal("""[{"type":"Shipped","carrier":"DHL"}]""", Assert.Single(await _bed.StoredAsync("order-6")).EventsJson);
    }

    [Fact]
    public async Task TextTheBrowserDidNotSend_BlocksTheSubmit()
    {
        using var model = await FormAsync("order-1", "0", ValidEvents);

        model.EditorCheck = new JsonCheck { ByteCount = 900_000, IsJson = false, NotSent = true, Error = "The text is 878.9 KB, so it was not sent to the server." };

        Assert.False(model.CanSubmit);
        Assert.Contains("The text is 878.9 KB, so it was not sent to the server.", model.Validate(out _));
    }

    [Fact]
    public async Task ReadOnlyStore_OffersNothingAndProposesNothing()
    {
        await using var readOnly = await AppendTestBed.CreateAsync(dynalite, readOnly: true);
        using var model = readOnly.Model();

        await model.LoadAsync("/append?aggregate=order-1");
        model.EventsJson = ValidEvents;

        Assert.False(model.CanWrite);
        Assert.False(model.CanSubmit);
        Assert.DoesNotContain(readOnly.Proxy.Requests, r => r.Operation == "Query");
    }

    [Fact]
    public async Task Handover_KeepsTheProposalWithoutAskingAgain()
    {
        await _bed.AddManyAsync("order-1", 2);
        using var prerendered = Create();
        await prerendered.LoadAsync("/append?aggregate=order-1");
        var handed = prerendered.Handover("/append?aggregate=order-1");
        _bed.Proxy.Reset();
        using var interactive = Create();

        interactive.Restore("/append?aggregate=order-1", handed);

        Assert.Empty(_bed.Proxy.Requests);
        Assert.Equal("2", interactive.VersionText);
    }

    [Fact]
    public async Task TargetAsync_SaysWhichTableAndEndpointTheCommitGoesTo()
    {
        using var model = Create();

        var store = await model.TargetAsync();

        Assert.Equal(_bed.Options.Tables.Commits, store?.CommitTable);
        Assert.Equal(_bed.Proxy.Url, store?.Endpoint);
    }
}
