using EventExplorer.Data.Errors;
using EventExplorer.Data.Model;
using EventExplorer.Tests.Data.EventStore;
using EventExplorer.Tests.Infrastructure;
using static EventExplorer.Tests.Data.Search.SearchTestData;

namespace EventExplorer.Tests.Data.Search;

/// <summary>"When did this field change": every event that sets a field, with old and new value, in replay order.</summary>
public sealed class FieldHistoryTests(DynaliteFixture dynalite) : IClassFixture<DynaliteFixture>
{
    private static readonly CancellationToken None = CancellationToken.None;

    private static async Task SeedCustomerAsync(EventStoreTestBed bed)
    {
        string[] events =
        [
            """[{"type":"CustomerRegistered","customer":{"email":"a@x.example","name":"Ann"}}]""",
            """[{"type":"AddressChanged","address":{"city":"Bonn"}}]""",
            """[{"type":"EmailChanged","email":"b@x.example"}]""",
            """[{"type":"EmailChanged","email":"b@x.example"}]""",
            """[{"type":"NoteAdded","text":"email soon"},{"type":"CustomerUpdated","customer":{"email":"c@x.example"}}]""",
            """[{"type":"EmailRemoved","email":null}]""",
        ];
        await bed.BatchPutRawAsync(events.Select((json, v) => bed.Item("cust-1", v, Text(v + 1), Start.AddMinutes(v).ToUnixTimeMilliseconds(), json)));
    }

    [Fact]
    public async Task ABareName_FollowsTheFieldAtAnyDepth_WithOldAndNewValues()
    {
        using var bed = await EventStoreTestBed.CreateAsync(dynalite, EventStoreLayout.CounterCommitIds);
        await SeedCustomerAsync(bed);

        var updates = await ToListAsync(bed.Store.ReadFieldHistoryAsync(new FieldHistoryRequest { AggregateId = "cust-1", Path = JsonPathPattern.Parse("email") }, None));
        var rows = updates.SelectMany(u => u.NewChanges).ToList();

        Assert.Equal([0L, 2, 3, 4, 5], rows.Select(r => r.Commit.Version!.Value));
        Assert.Equal(["$.customer.email", "$.email", "$.email", "$.customer.email", "$.email"], rows.Select(r => r.Path));
        Assert.Equal([null, "\"a@x.example\"", "\"b@x.example\"", "\"b@x.example\"", "\"c@x.example\""], rows.Select(r => r.OldValueJson));
        Assert.Equal(["\"a@x.example\"", "\"b@x.example\"", "\"b@x.example\"", "\"c@x.example\"", "null"], rows.Select(r => r.NewValueJson));
        Assert.Equal([true, true, false, true, true], rows.Select(r => r.Changed));
        Assert.Equal(["CustomerRegistered", "EmailChanged", "EmailChanged", "CustomerUpdated", "EmailRemoved"], rows.Select(r => r.EventType));
        Assert.Equal(1, rows[3].EventIndex);
        Assert.Equal(Start.AddMinutes(4), rows[3].Commit.CommittedAt);
        Assert.Equal(ReadState.Completed, updates[^1].State);
        Assert.Equal(5, updates[^1].ChangeCount);
        // The pre-filter ("email" as a property name) kept the address change from coming back.
        Assert.Equal(5, updates[^1].Cost.ItemsReturned);
        Assert.Equal(6, updates[^1].Cost.ItemsRead);
    }

    [Fact]
    public async Task ARootedPath_FollowsOnlyThatField()
    {
        using var bed = await EventStoreTestBed.CreateAsync(dynalite, EventStoreLayout.TimestampCommitIds);
        await SeedCustomerAsync(bed);

        var rows = (await ToListAsync(bed.Store.ReadFieldHistoryAsync(new FieldHistoryRequest { AggregateId = "cust-1", Path = JsonPathPattern.Parse("$.customer.email") }, None)))
            .SelectMany(u => u.NewChanges).ToList();

        Assert.Equal([0L, 4], rows.Select(r => r.Commit.Version!.Value));
        Assert.Equal("\"a@x.example\"", rows[1].OldValueJson);
    }

    [Fact]
    public async Task AHistoryStoppedByItsBudget_ResumesWithTheValueItHadReached()
    {
        using var bed = await EventStoreTestBed.CreateAsync(dynalite, EventStoreLayout.CounterCommitIds);
        // 1,200 commits; every 100th sets the status, to "s0", "s1", ...
        await bed.BatchPutRawAsync(Enumerable.Range(0, 1200).Select(v => bed.Item("long", v, Text(v + 1), 1,
            v % 100 == 50 ? $$"""[{"type":"StatusSet","status":"s{{v / 100}}"}]""" : """[{"type":"Touched"}]""")));
        var request = new FieldHistoryRequest { AggregateId = "long", Path = JsonPathPattern.Parse("status"), Budget = new ReadBudget { MaxItems = 500 } };

        var runs = new List<List<FieldHistoryProgress>> { await ToListAsync(bed.Store.ReadFieldHistoryAsync(request, None)) };
        while (runs[^1][^1].Resume is { } resume)
        {
            Assert.True(runs.Count < 10, "the history did not end");
            runs.Add(await ToListAsync(bed.Store.ReadFieldHistoryAsync(resume, None)));
        }
        var rows = runs.SelectMany(r => r).SelectMany(u => u.NewChanges).ToList();

        Assert.Equal(3, runs.Count);
        Assert.Equal(ReadState.BudgetExhausted, runs[0][^1].State);
        Assert.Equal(500, runs[0][^1].Resume!.FromVersion);
        Assert.Equal("\"s4\"", runs[0][^1].Resume!.PreviousValueJson);
        Assert.Equal(Enumerable.Range(0, 12).Select(i => (long)(i * 100 + 50)), rows.Select(r => r.Commit.Version!.Value));
        Assert.Equal(rows.Skip(1).Select((r, i) => $"\"s{i}\""), rows.Skip(1).Select(r => r.OldValueJson));
        Assert.All(rows.Skip(1), r => Assert.True(r.Changed));
    }

    [Fact]
    public async Task MaxChanges_StopsBetweenCommits_AndTheResumeGoesOn()
    {
        using var bed = await EventStoreTestBed.CreateAsync(dynalite, EventStoreLayout.CounterCommitIds);
        await SeedCustomerAsync(bed);

        var first = await ToListAsync(bed.Store.ReadFieldHistoryAsync(new FieldHistoryRequest { AggregateId = "cust-1", Path = JsonPathPattern.Parse("email"), MaxChanges = 2 }, None));
        var rest = await ToListAsync(bed.Store.ReadFieldHistoryAsync(first[^1].Resume!, None));

        Assert.Equal(ReadState.ResultLimitReached, first[^1].State);
        Assert.Equal(3, first[^1].Resume!.FromVersion);
        Assert.Equal([3L, 4], rest.SelectMany(u => u.NewChanges).Select(r => r.Commit.Version!.Value));
        Assert.Equal(5, rest[^1].Resume!.FromVersion);
        Assert.Equal("\"b@x.example\"", rest.SelectMany(u => u.NewChanges).First().OldValueJson);
    }

    [Fact]
    public async Task ABadPreviousValue_IsRefused()
    {
        using var bed = await EventStoreTestBed.CreateAsync(dynalite, EventStoreLayout.CounterCommitIds);

        var error = await Assert.ThrowsAsync<InvalidQueryException>(() => ToListAsync(bed.Store.ReadFieldHistoryAsync(
            new FieldHistoryRequest { AggregateId = "a", Path = JsonPathPattern.Parse("x"), PreviousValueJson = "{nope" }, None)));

        Assert.Contains("not JSON", error.Message);
    }
}
