using EventExplorer.Data.Errors;
using EventExplorer.Tests.Fakes;
using EventExplorer.Web.Model.Append;
using EventExplorer.Web.Model.Json;
using EventExplorer.Web.Model.Loading;

namespace EventExplorer.Tests.Web.Model.Append;

public sealed class AppendViewModelTests
{
    private const string ValidEvents = """[{"type":"Shipped","carrier":"DHL"}]""";

    private readonly FakeEventStore _store = new();

    private AppendViewModel Create() => new(_store, _store);

    private async Task<AppendViewModel> FormAsync(string aggregateId, string version, string events)
    {
        var model = Create();
        await model.LoadAsync($"/append?aggregate={aggregateId}&version={version}");
        model.EventsJson = events;
        return model;
    }

    [Fact]
    public async Task AnAppendWhoseOutcomeIsUnknown_SaysSoWithWhereToCheck_AndOffersNoRetry()
    {
        _store.FailOn(nameof(FakeEventStore.AppendAsync), new WriteOutcomeUnknownException("appending version 3 of 'order-9'", "Open the timeline at version 3."));
        using var model = await FormAsync("order-9", "3", ValidEvents);

        var appended = await model.SubmitAsync();

        Assert.False(appended);
        Assert.NotNull(model.Unknown);
        Assert.Equal("/aggregates/order-9?from=3", model.Unknown.CheckUrl);
        Assert.Contains("is unknown", model.Unknown.Message, StringComparison.Ordinal);
        // Not a conflict, not a failure with Retry: the message bar stays empty, the typed events stay.
        Assert.Null(model.Conflict);
        Assert.Null(model.Error);
        Assert.Equal(ValidEvents, model.EventsJson);
    }

    [Fact]
    public async Task LinkWithoutVersion_ProposesTheHeadPlusOne()
    {
        _store.AddMany("order-1", 4);
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
        _store.AddMany("order-1", 4);
        using var model = Create();

        await model.LoadAsync("/append?aggregate=order-1&version=9");

        Assert.Equal("9", model.VersionText);
        Assert.True(model.VersionEdited);
        Assert.Equal(0, _store.CallsTo(nameof(FakeEventStore.ProposeNextVersionAsync)));
    }

    [Fact]
    public async Task AggregateIdChanged_ProposesUnlessTheUserTypedAVersion()
    {
        _store.AddMany("a", 2);
        _store.AddMany("b", 7);
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
        _store.AddMany("order-1", 3);
        using var model = await FormAsync("order-1", "3", ValidEvents);

        var ok = await model.SubmitAsync();

        Assert.True(ok);
        Assert.Equal(3, model.Appended?.Version);
        Assert.Equal("/aggregates/order-1?from=3&expand=3", model.AppendedTimelineUrl);
        Assert.Equal("/feed?from=4", model.AppendedFeedUrl);
        Assert.Equal("4", model.VersionText);
        Assert.Equal("""{"type":"Shipped","carrier":"DHL"}""", _store.All[^1].Events.Single().Json);
    }

    [Fact]
    public async Task Submit_RightAfterSuccess_DoesNotAppendTheSameCommitTwice()
    {
        using var model = await FormAsync("order-1", "0", ValidEvents);
        await model.SubmitAsync();

        var again = await model.SubmitAsync();

        Assert.False(again);
        Assert.False(model.CanSubmit);
        Assert.Single(_store.All);
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
        Assert.Empty(AppendViewModel.Warnings(ValidEvents));
        Assert.Empty(AppendViewModel.Warnings("not json"));
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
        Assert.Empty(_store.All);
    }

    [Fact]
    public async Task VersionTaken_KeepsTheInputAndShowsWhoGotThereFirst()
    {
        _store.AddMany("order-1", 3);
        using var model = await FormAsync("order-1", "1", ValidEvents);

        var ok = await model.SubmitAsync();

        Assert.False(ok);
        Assert.Null(model.Error);
        Assert.NotNull(model.Conflict);
        Assert.Equal([1L, 2], model.Conflict.Commits.Select(c => c.Version!.Value));
        Assert.False(model.Conflict.More);
        Assert.Equal(3, model.Conflict.NextFreeVersion);
        Assert.Equal("/aggregates/order-1?from=1", model.Conflict.TimelineUrl);
        Assert.Equal(ValidEvents, model.EventsJson);
        Assert.Equal("1", model.VersionText);
    }

    [Fact]
    public async Task UseNextFreeVersion_AfterAConflict_LetsTheSameEventsGoThrough()
    {
        _store.AddMany("order-1", 3);
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
        _store.FailOn(nameof(FakeEventStore.AppendAsync), new WriteValidationException(["The commit would be 500,000 bytes, over DynamoDB's item limit."]));
        using var model = await FormAsync("order-1", "0", ValidEvents);

        await model.SubmitAsync();

        Assert.Equal(["The commit would be 500,000 bytes, over DynamoDB's item limit."], model.ValidationErrors);
        Assert.Null(model.Error);
    }

    [Fact]
    public async Task StoreDown_IsReportedAndTheInputKept()
    {
        _store.FailOn(nameof(FakeEventStore.AppendAsync), new StoreUnavailableException("http://fake", "connection refused"));
        using var model = await FormAsync("order-1", "0", ValidEvents);

        var ok = await model.SubmitAsync();

        Assert.False(ok);
        Assert.Equal(LoadErrorKind.Unavailable, model.Error?.Kind);
        Assert.Equal(ValidEvents, model.EventsJson);
        Assert.Equal("order-1", model.AggregateId);
    }

    [Fact]
    public async Task Retry_AfterTheProposalWasNotAnswered_ProposesAgainAndKeepsTheTypedEvents()
    {
        _store.AddMany("order-5", 3);
        using var model = Create();
        await model.LoadAsync("/append");
        model.EventsJson = ValidEvents;
        model.AggregateId = "order-5";
        _store.FailOn(nameof(FakeEventStore.ProposeNextVersionAsync), new StoreNotAnsweringException("http://fake", TimeSpan.FromSeconds(10)));
        await model.AggregateIdChangedAsync();
        Assert.Equal(LoadErrorKind.NotAnswering, model.Error?.Kind);
        Assert.True(model.Error!.IsTransient);

        _store.FailOn(nameof(FakeEventStore.ProposeNextVersionAsync), null);
        await model.RetryAsync();

        Assert.Null(model.Error);
        Assert.Equal("3", model.VersionText);
        Assert.Equal(ValidEvents, model.EventsJson);
        // Retry proposed; it did not append anything.
        Assert.Equal(0, _store.CallsTo(nameof(FakeEventStore.AppendAsync)));
    }

    [Fact]
    public async Task Retry_AfterAThrottledAppend_AppendsTheSameCommit()
    {
        using var model = await FormAsync("order-6", "0", ValidEvents);
        _store.FailOn(nameof(FakeEventStore.AppendAsync), new StoreThrottledException("http://fake"));
        Assert.False(await model.SubmitAsync());
        Assert.Equal(LoadErrorKind.Throttled, model.Error?.Kind);

        _store.FailOn(nameof(FakeEventStore.AppendAsync), null);
        await model.RetryAsync();

        Assert.Null(model.Error);
        Assert.Equal("order-6", model.Appended?.AggregateId);
        Assert.Equal(ValidEvents, _store.All.Single(c => c.AggregateId == "order-6").EventsJson);
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
        _store.CanWrite = false;
        using var model = Create();

        await model.LoadAsync("/append?aggregate=order-1");
        model.EventsJson = ValidEvents;

        Assert.False(model.CanWrite);
        Assert.False(model.CanSubmit);
        Assert.Equal(0, _store.CallsTo(nameof(FakeEventStore.ProposeNextVersionAsync)));
    }

    [Fact]
    public async Task Handover_KeepsTheProposalWithoutAskingAgain()
    {
        _store.AddMany("order-1", 2);
        using var prerendered = Create();
        await prerendered.LoadAsync("/append?aggregate=order-1");
        var handed = prerendered.Handover("/append?aggregate=order-1");
        var calls = _store.CallCount;
        using var interactive = Create();

        interactive.Restore("/append?aggregate=order-1", handed);

        Assert.Equal(calls, _store.CallCount);
        Assert.Equal("2", interactive.VersionText);
    }

    [Fact]
    public async Task TargetAsync_SaysWhichTableAndEndpointTheCommitGoesTo()
    {
        using var model = Create();

        var store = await model.TargetAsync();

        Assert.Equal("commits", store?.CommitTable);
        Assert.Equal("http://fake.local:8000", store?.Endpoint);
    }
}
