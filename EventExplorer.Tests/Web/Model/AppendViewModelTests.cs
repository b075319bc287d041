using EventExplorer.Data.Errors;
using EventExplorer.Data.Model;
using EventExplorer.Tests.Fakes;
using EventExplorer.Web.Model;

namespace EventExplorer.Tests.Web.Model;

public sealed class AppendViewModelTests
{
    private const string Events = """[{"type":"Renamed","name":"x"}]""";

    [Fact]
    public async Task InitializeAsync_AggregateWithoutVersion_ProposesHeadPlusOne()
    {
        var store = new FakeEventStore();
        store.AddTyped("order-1", "Created");
        store.AddTyped("order-1", "Paid");
        var model = new AppendViewModel(store, store);

        await model.InitializeAsync("order-1", null);

        Assert.Equal("2", model.VersionText);
        Assert.False(model.VersionEdited);
    }

    [Fact]
    public async Task InitializeAsync_VersionInTheLink_IsKeptAsGiven()
    {
        var store = new FakeEventStore();
        store.AddTyped("order-1", "Created");
        var model = new AppendViewModel(store, store);

        await model.InitializeAsync("order-1", "7");

        Assert.Equal("7", model.VersionText);
        Assert.True(model.VersionEdited);
    }

    [Fact]
    public async Task AggregateIdChangedAsync_ProposesUnlessTheUserTypedAVersion()
    {
        var store = new FakeEventStore();
        store.AddTyped("a", "X");
        var model = new AppendViewModel(store, store);

        model.AggregateId = "new-aggregate";
        await model.AggregateIdChangedAsync();
        Assert.Equal("0", model.VersionText);

        model.VersionText = "5";
        model.AggregateId = "a";
        await model.AggregateIdChangedAsync();
        Assert.Equal("5", model.VersionText);
    }

    [Fact]
    public async Task SubmitAsync_Valid_AppendsAndLinksTheNewCommit()
    {
        var store = new FakeEventStore();
        var model = new AppendViewModel(store, store);
        await model.InitializeAsync("order/1 ü", null);
        model.EventsJson = Events;

        var ok = await model.SubmitAsync();

        Assert.True(ok);
        var stored = Assert.Single(store.All);
        Assert.Equal(("order/1 ü", 0L, Events), (stored.AggregateId, stored.Version!.Value, stored.EventsJson));
        Assert.Equal("/aggregates/order%2F1%20%C3%BC?from=0", model.AppendedTimelineUrl);
        Assert.Equal("/feed?from=" + stored.CommitId, model.AppendedFeedUrl);
        Assert.Equal("1", model.VersionText);
    }

    [Fact]
    public async Task SubmitAsync_RightAfterSuccess_DoesNotAppendTheSameCommitTwice()
    {
        var store = new FakeEventStore();
        var model = new AppendViewModel(store, store);
        await model.InitializeAsync("a", null);
        model.EventsJson = Events;
        await model.SubmitAsync();

        var again = await model.SubmitAsync();

        Assert.False(again);
        Assert.False(model.CanSubmit);
        Assert.Single(store.All);
        model.EventsJson = """[{"type":"Other"}]""";
        Assert.True(model.CanSubmit);
    }

    [Fact]
    public async Task SubmitAsync_VersionTaken_KeepsInputAndShowsWhoGotThereFirst()
    {
        var store = new FakeEventStore();
        store.AddTyped("a", "Created");
        var model = new AppendViewModel(store, store);
        await model.InitializeAsync("a", null);
        model.EventsJson = Events;
        store.AddTyped("a", "SneakedIn");       // version 1, written by someone else meanwhile
        store.AddTyped("a", "AndAnother");      // version 2

        var ok = await model.SubmitAsync();

        Assert.False(ok);
        Assert.Equal(("a", "1", Events), (model.AggregateId, model.VersionText, model.EventsJson));
        var conflict = Assert.IsType<AppendConflict>(model.Conflict);
        Assert.Equal(1, conflict.Version);
        Assert.Equal([1L, 2L], conflict.Commits.Select(c => c.Version!.Value));
        Assert.Equal("SneakedIn", conflict.Commits[0].Events[0].Type);
        Assert.Equal(3, conflict.NextFreeVersion);
        Assert.Null(model.Error);
        Assert.Equal(3, store.All.Count);
    }

    [Fact]
    public async Task UseNextFreeVersion_AfterAConflict_LetsTheSameEventsGoThrough()
    {
        var store = new FakeEventStore();
        store.AddTyped("a", "Created");
        var model = new AppendViewModel(store, store);
        await model.InitializeAsync("a", "0");
        model.EventsJson = Events;
        await model.SubmitAsync();

        model.UseNextFreeVersion();
        var ok = await model.SubmitAsync();

        Assert.True(ok);
        Assert.Equal(1, model.Appended!.Version);
        Assert.Null(model.Conflict);
    }

    [Theory]
    [InlineData("", "0", Events, "Enter an aggregate id.")]
    [InlineData("a", "-1", Events, "The version '-1' is not a whole number of 0 or more.")]
    [InlineData("a", "one", Events, "The version 'one' is not a whole number of 0 or more.")]
    [InlineData("a", "0", """{"type":"X"}""", "Events: The events must be a JSON array, e.g. [{\"type\": \"Created\"}].")]
    [InlineData("a", "0", "[]", "Events: The events array is empty: a commit needs at least one event.")]
    [InlineData("a", "0", "[{\"type\":", "Events: Not valid JSON at line 1")]
    public async Task SubmitAsync_InvalidForm_ExplainsAndWritesNothing(string aggregate, string version, string events, string expected)
    {
        var store = new FakeEventStore();
        var model = new AppendViewModel(store, store);
        await model.InitializeAsync(aggregate, version);
        model.EventsJson = events;

        var ok = await model.SubmitAsync();

        Assert.False(ok);
        Assert.Contains(model.ValidationErrors, e => e.StartsWith(expected, StringComparison.Ordinal));
        Assert.Empty(store.All);
        Assert.Equal(events, model.EventsJson);
    }

    [Fact]
    public async Task SubmitAsync_StoreRejectsTheCommit_ShowsItsReasonsInline()
    {
        var store = new FakeEventStore();
        var model = new AppendViewModel(store, new RejectingWriter(["Event 0 has no 'type'."]));
        await model.InitializeAsync("a", "0");
        model.EventsJson = "[1]";

        await model.SubmitAsync();

        Assert.Equal(["Event 0 has no 'type'."], model.ValidationErrors);
        Assert.Null(model.Error);
    }

    [Fact]
    public async Task SubmitAsync_StoreDown_ReportsItAndKeepsInput()
    {
        var store = new FakeEventStore();
        var model = new AppendViewModel(store, store);
        await model.InitializeAsync("a", "0");
        model.EventsJson = Events;
        store.FailWith = new StoreUnavailableException("http://db", "connection refused");

        await model.SubmitAsync();

        Assert.IsType<StoreUnavailableException>(model.Error);
        Assert.Equal(Events, model.EventsJson);
        Assert.True(model.CanSubmit);
    }

    [Fact]
    public async Task Validate_TextTheBrowserDidNotSend_BlocksTheSubmit()
    {
        var store = new FakeEventStore();
        var model = new AppendViewModel(store, store);
        await model.InitializeAsync("a", "0");
        model.EventsJson = Events;
        model.EditorCheck = new JsonCheck { ByteCount = 900_000, IsJson = false, NotSent = true, Error = "The text is 878.9 KB…" };

        var ok = await model.SubmitAsync();

        Assert.False(ok);
        Assert.Contains("The text is 878.9 KB…", model.ValidationErrors);
        Assert.Empty(store.All);
    }

    [Fact]
    public void CanWrite_ReadOnlyStore_IsFalse()
    {
        var store = new FakeEventStore(readOnly: true);

        Assert.False(new AppendViewModel(store, store).CanWrite);
    }

    private sealed class RejectingWriter(IReadOnlyList<string> errors) : EventExplorer.Data.IEventStoreWriter
    {
        public bool CanWrite => true;
        public Task<Commit> AppendAsync(AppendRequest request, CancellationToken cancellationToken) => throw new WriteValidationException(errors);
        public Task<long> ProposeNextVersionAsync(string aggregateId, CancellationToken cancellationToken) => Task.FromResult(0L);
    }
}
