using System.Text.Json;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using EventExplorer.Data.Configuration;
using EventExplorer.Data.DynamoDb;
using EventExplorer.Data.Errors;
using EventExplorer.Data.Model;
using EventExplorer.Tests.Infrastructure;

namespace EventExplorer.Tests.Data.Snapshots;

public sealed class DynamoDbSnapshotStoreTests(DynaliteFixture dynalite) : IClassFixture<DynaliteFixture>, IDisposable
{
    private static readonly DateTimeOffset Y2K = DateTimeOffset.FromUnixTimeMilliseconds(946684800000);
    private readonly IAmazonDynamoDB _client = dynalite.CreateRawClient();

    public void Dispose() => _client.Dispose();

    [Theory]
    [InlineData("aggregateId")]
    [InlineData("snapshotId")]
    public async Task StoreThenGet_Seed000Example_ComesBackAsTheSnapshotStoreReturnsIt(string keyAttribute)
    {
        var (store, options) = await CreateStoreAsync(keyAttribute);

        await store.StoreAsync("00000000-0000-0000-0000-000000000000", """{"foo":"bar"}""", CancellationToken.None);
        var snapshot = await store.GetAsync("00000000-0000-0000-0000-000000000000", CancellationToken.None);

        Assert.NotNull(snapshot);
        Assert.Equal("00000000-0000-0000-0000-000000000000", snapshot.SnapshotId);
        Assert.Equal(Y2K, snapshot.CreatedAt);
        Assert.Equal("bar", JsonDocument.Parse(snapshot.StateJson!).RootElement.GetProperty("foo").GetString());
        Assert.False(snapshot.IsMalformed);

        // The item is exactly what dynamodb-snapshot-store writes, so that program can read it back.
        var raw = (await _client.GetItemAsync(options.Tables.Snapshots,
            new Dictionary<string, AttributeValue> { [keyAttribute] = new() { S = "00000000-0000-0000-0000-000000000000" } })).Item;
        Assert.Equal(new[] { keyAttribute, "createdAt", "state" }.Order(StringComparer.Ordinal), raw.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("946684800000", raw["createdAt"].N);
        Assert.Equal("""{"foo":"bar"}""", raw["state"].S);
    }

    [Fact]
    public async Task Store_SameIdTwice_LatestReplacesPrevious()
    {
        var clock = new FixedTimeProvider(Y2K);
        var (store, _) = await CreateStoreAsync("snapshotId", clock);

        await store.StoreAsync("cart-1", """{"items":1}""", CancellationToken.None);
        clock.Now = Y2K.AddHours(1);
        await store.StoreAsync("cart-1", """{"items":2}""", CancellationToken.None);
        var snapshot = await store.GetAsync("cart-1", CancellationToken.None);

        Assert.Equal("""{"items":2}""", snapshot!.StateJson);
        Assert.Equal(Y2K.AddHours(1), snapshot.CreatedAt);
    }

    [Fact]
    public async Task Get_UnknownId_ReturnsNull()
    {
        var (store, _) = await CreateStoreAsync("snapshotId");

        Assert.Null(await store.GetAsync("nobody", CancellationToken.None));
    }

    [Fact]
    public async Task Get_ItemsWrittenWronglyByAnotherProgram_ComeBackFlaggedWithTheRawText()
    {
        var (store, options) = await CreateStoreAsync("snapshotId");
        await PutRawAsync(options, "not-json", new() { ["createdAt"] = new() { N = "946684800000" }, ["state"] = new() { S = "{foo: bar" } });
        await PutRawAsync(options, "no-state", new() { ["createdAt"] = new() { N = "946684800000" } });
        await PutRawAsync(options, "map-state", new()
        {
            ["createdAt"] = new() { N = "946684800000" },
            ["state"] = new() { M = new Dictionary<string, AttributeValue> { ["foo"] = new() { S = "bär" } } },
        });
        await PutRawAsync(options, "no-created", new() { ["state"] = new() { S = "{}" } });

        var notJson = await store.GetAsync("not-json", CancellationToken.None);
        var noState = await store.GetAsync("no-state", CancellationToken.None);
        var mapState = await store.GetAsync("map-state", CancellationToken.None);
        var noCreated = await store.GetAsync("no-created", CancellationToken.None);

        Assert.Equal("{foo: bar", notJson!.StateJson);
        var notJsonProblem = Assert.Single(notJson.Problems);
        Assert.StartsWith("'state' is not valid JSON: line 1, column 2: ", notJsonProblem);
        Assert.DoesNotContain("LineNumber", notJsonProblem);
        Assert.Equal(Y2K, notJson.CreatedAt);
        Assert.Null(noState!.StateJson);
        Assert.Contains(noState.Problems, p => p.Contains("no 'state'"));
        Assert.Equal("""{"foo": "bär"}""", mapState!.StateJson);
        Assert.Contains(mapState.Problems, p => p.Contains("map (M)"));
        Assert.Null(noCreated!.CreatedAt);
        Assert.Equal("{}", noCreated.StateJson);
        Assert.Contains(noCreated.Problems, p => p.Contains("no 'createdAt'"));
    }

    [Fact]
    public async Task Store_StateWithHalfACharacter_IsRefusedAndNothingWritten()
    {
        var (store, _) = await CreateStoreAsync("snapshotId");

        var refused = await Assert.ThrowsAsync<WriteValidationException>(() => store.StoreAsync("acc-1", """{"s":"\ud800"}""", CancellationToken.None));

        Assert.Contains("cannot be stored as typed", Assert.Single(refused.Errors));
        Assert.Null(await store.GetAsync("acc-1", CancellationToken.None));
    }

    [Fact]
    public async Task Store_InvalidInput_RefusedWithEveryReasonAndNothingWritten()
    {
        var (store, options) = await CreateStoreAsync("snapshotId");

        var invalid = await Assert.ThrowsAsync<WriteValidationException>(() => store.StoreAsync("", "{oops", CancellationToken.None));
        var tooBig = await Assert.ThrowsAsync<WriteValidationException>(() =>
            store.StoreAsync("big", JsonSerializer.Serialize(new string('x', 410 * 1024)), CancellationToken.None));

        Assert.Equal(2, invalid.Errors.Count);
        Assert.Contains(invalid.Errors, e => e.Contains("id is required"));
        Assert.Contains(invalid.Errors, e => e.StartsWith("The state is not valid JSON: line 1, column 2: ", StringComparison.Ordinal));
        Assert.Contains("400 KB", tooBig.Message);
        Assert.Equal(0, (await _client.ScanAsync(new ScanRequest { TableName = options.Tables.Snapshots })).Count);
    }

    [Fact]
    public async Task Store_ReadOnlyMode_RefusedBeforeTouchingTheTable()
    {
        // No tables at all: a read-only refusal must not depend on (or wait for) the database.
        var options = Options(DynaliteFixture.UniqueName("ro-snap"), "snapshotId");
        var store = new DynamoDbSnapshotStore(_client, new StoreSchemaDetector(_client, options, readOnly: true), options);

        var refused = await Assert.ThrowsAsync<ReadOnlyModeException>(() => store.StoreAsync("a", "{}", CancellationToken.None));

        Assert.Contains("read-only", refused.Message);
    }

    [Fact]
    public async Task Get_SnapshotTableMissing_TableMissingErrorNamesTheTable()
    {
        var options = Options(DynaliteFixture.UniqueName("missing-snap"), keyAttribute: null);
        var store = new DynamoDbSnapshotStore(_client, new StoreSchemaDetector(_client, options, readOnly: false), options);

        var missing = await Assert.ThrowsAsync<TableMissingException>(() => store.GetAsync("a", CancellationToken.None));

        Assert.Equal(options.Tables.Snapshots, missing.TableName);
        Assert.Contains(options.Tables.Snapshots, missing.Message);
    }

    [Fact]
    public async Task KeyAttribute_WithTheWholeStorePresent_ComesFromDetection()
    {
        var name = DynaliteFixture.UniqueName("full");
        var options = Options(name, keyAttribute: null);
        await TableProvisioner.CreateEventStoreAsync(_client, EventStoreLayout.TimestampCommitIds, options.Tables, CancellationToken.None);
        await TableProvisioner.CreateSnapshotStoreAsync(_client, options.Tables.Snapshots, "aggregateId", CancellationToken.None);
        var schema = new StoreSchemaDetector(_client, options, readOnly: false);
        var store = new DynamoDbSnapshotStore(_client, schema, options, new FixedTimeProvider(Y2K));

        await store.StoreAsync("account-1", "42", CancellationToken.None);

        Assert.Equal("aggregateId", (await schema.DescribeAsync(CancellationToken.None)).SnapshotKeyAttribute);
        Assert.Equal("42", (await store.GetAsync("account-1", CancellationToken.None))!.StateJson);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public async Task Scan_WithPrefix_PagesThroughEveryMatchExactlyOnce(int segments)
    {
        var (store, options) = await CreateStoreAsync("snapshotId");
        var expected = new List<string>();
        for (var i = 0; i < 37; i++)
        {
            expected.Add($"order-{i:D3}");
            await PutRawAsync(options, $"order-{i:D3}", new() { ["createdAt"] = new() { N = "946684800000" }, ["state"] = new() { S = "{}" } });
            await PutRawAsync(options, $"cart-{i:D3}", new() { ["createdAt"] = new() { N = "946684800000" }, ["state"] = new() { S = "{}" } });
        }

        var seen = new List<string>();
        string? cursor = null;
        var pages = 0;
        long scanned = 0;
        do
        {
            var page = await store.ScanAsync(new ScanQuery { Prefix = "order-", PageSize = 10, Segments = segments, Cursor = cursor }, CancellationToken.None);
            Assert.True(page.Items.Count <= 10);
            Assert.Equal(page.Items.Count, page.ItemsMatched);
            Assert.All(page.Items, s => Assert.Equal(Y2K, s.CreatedAt));
            seen.AddRange(page.Items.Select(s => s.SnapshotId));
            scanned += page.ItemsScanned;
            cursor = page.Next;
            pages++;
        } while (cursor is not null && pages < 50);

        Assert.Equal(expected, seen.Order(StringComparer.Ordinal));
        Assert.Equal(74, scanned);
        Assert.True(pages >= 4);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task Scan_WithoutPrefixInPagesOfThree_ListsEverySnapshotOnceAndCountsEveryItemOnce(int segments)
    {
        var (store, options) = await CreateStoreAsync("snapshotId");
        for (var i = 0; i < 20; i++)
        {
            await PutRawAsync(options, $"s-{i:D2}", new() { ["createdAt"] = new() { N = "946684800000" }, ["state"] = new() { S = "{}" } });
        }

        var seen = new List<string>();
        long scanned = 0;
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await store.ScanAsync(new ScanQuery { PageSize = 3, Segments = segments, Cursor = cursor }, CancellationToken.None);
            seen.AddRange(page.Items.Select(s => s.SnapshotId));
            scanned += page.ItemsScanned;
            cursor = page.Next;
            pages++;
        } while (cursor is not null && pages < 50);

        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"s-{i:D2}"), seen.Order(StringComparer.Ordinal));
        Assert.Equal(20, scanned);
        Assert.Null(cursor);
    }

    [Fact]
    public async Task Scan_WithoutPrefix_ListsEverySnapshotWithItsSize()
    {
        var (store, _) = await CreateStoreAsync("snapshotId");
        await store.StoreAsync("a", "{}", CancellationToken.None);
        await store.StoreAsync("b", """{"name":"a longer state"}""", CancellationToken.None);

        var page = await store.ScanAsync(new ScanQuery { PageSize = 50 }, CancellationToken.None);

        Assert.Equal(["a", "b"], page.Items.Select(s => s.SnapshotId).Order());
        Assert.True(page.Items.Single(s => s.SnapshotId == "b").SizeBytes > page.Items.Single(s => s.SnapshotId == "a").SizeBytes);
        Assert.Null(page.Next);
    }

    [Fact]
    public async Task Scan_PrefixMatchingNothing_StopsAtItsReadBudgetAndContinuesFromTheCursor()
    {
        var (unbounded, options) = await CreateStoreAsync("snapshotId");
        for (var i = 0; i < 50; i++)
        {
            await PutRawAsync(options, $"order-{i:D3}", new() { ["createdAt"] = new() { N = "1" }, ["state"] = new() { S = "{}" } });
        }
        var store = new DynamoDbSnapshotStore(_client, new StoreSchemaDetector(_client, options, readOnly: false), options) { ScanBudget = 12 };

        var first = await store.ScanAsync(new ScanQuery { Prefix = "zzz", Segments = 2 }, CancellationToken.None);
        long scanned = first.ItemsScanned;
        var cursor = first.Next;
        for (var guard = 0; cursor is not null && guard < 20; guard++)
        {
            var page = await store.ScanAsync(new ScanQuery { Prefix = "zzz", Segments = 2, Cursor = cursor }, CancellationToken.None);
            Assert.Empty(page.Items);
            scanned += page.ItemsScanned;
            cursor = page.Next;
        }

        Assert.Empty(first.Items);
        Assert.InRange(first.ItemsScanned, 1, 12);
        Assert.NotNull(first.Next);
        Assert.Null(cursor);
        Assert.Equal(50, scanned);
        Assert.Null((await unbounded.ScanAsync(new ScanQuery { Prefix = "zzz", Segments = 2 }, CancellationToken.None)).Next);
    }

    [Theory]
    [InlineData("not a cursor!")]
    [InlineData("eyJWIjoxfQ")]
    public async Task Scan_TamperedCursor_InvalidCursorError(string cursor)
    {
        var (store, _) = await CreateStoreAsync("snapshotId");

        await Assert.ThrowsAsync<InvalidCursorException>(() => store.ScanAsync(new ScanQuery { Cursor = cursor }, CancellationToken.None));
    }

    [Fact]
    public async Task Scan_CursorFromAnotherPrefix_InvalidCursorError()
    {
        var (store, options) = await CreateStoreAsync("snapshotId");
        for (var i = 0; i < 5; i++)
        {
            await PutRawAsync(options, $"order-{i}", new() { ["createdAt"] = new() { N = "1" }, ["state"] = new() { S = "{}" } });
        }
        var first = await store.ScanAsync(new ScanQuery { Prefix = "order-", PageSize = 2, Segments = 1 }, CancellationToken.None);

        Assert.NotNull(first.Next);
        await Assert.ThrowsAsync<InvalidCursorException>(() =>
            store.ScanAsync(new ScanQuery { Prefix = "cart-", PageSize = 2, Cursor = first.Next }, CancellationToken.None));
    }

    [Fact]
    public async Task Scan_CursorOfAnotherSnapshotTable_OrOfTheAggregateScan_InvalidCursorErrorSaysWhy()
    {
        var (first, firstOptions) = await CreateStoreAsync("snapshotId");
        var (second, _) = await CreateStoreAsync("snapshotId");
        for (var i = 0; i < 3; i++)
        {
            await PutRawAsync(firstOptions, $"order-{i}", new() { ["createdAt"] = new() { N = "1" }, ["state"] = new() { S = "{}" } });
        }
        var page = await first.ScanAsync(new ScanQuery { PageSize = 1, Segments = 1 }, CancellationToken.None);
        var aggregateScanToken = new PageCursor
        {
            Kind = CursorKind.AggregateScan,
            Table = firstOptions.Tables.Snapshots,
            Prefix = "",
            Segments = [ScanSegmentState.NotStarted],
        }.Encode();

        var otherTable = await Assert.ThrowsAsync<InvalidCursorException>(() => second.ScanAsync(new ScanQuery { Cursor = page.Next }, CancellationToken.None));
        var otherKind = await Assert.ThrowsAsync<InvalidCursorException>(() => first.ScanAsync(new ScanQuery { Cursor = aggregateScanToken }, CancellationToken.None));

        Assert.Contains("continues a search of another table", otherTable.Message);
        Assert.Contains("an aggregate search link, not a snapshot search link", otherKind.Message);
        Assert.Single((await first.ScanAsync(new ScanQuery { PageSize = 1, Cursor = page.Next }, CancellationToken.None)).Items);
    }

    private async Task<(DynamoDbSnapshotStore Store, EventExplorerOptions Options)> CreateStoreAsync(string keyAttribute, TimeProvider? clock = null)
    {
        // Only the snapshot table exists: browsing snapshots must work without the event store.
        var options = Options(DynaliteFixture.UniqueName("snap"), keyAttribute: null);
        await TableProvisioner.CreateSnapshotStoreAsync(_client, options.Tables.Snapshots, keyAttribute, CancellationToken.None);
        var store = new DynamoDbSnapshotStore(_client, new StoreSchemaDetector(_client, options, readOnly: false), options, clock ?? new FixedTimeProvider(Y2K));
        return (store, options);
    }

    private static EventExplorerOptions Options(string stem, string? keyAttribute) => new()
    {
        Tables = new TableNames { Commits = $"{stem}-commits", CommitIdIndex = "byId", Counters = $"{stem}-counters", Snapshots = $"{stem}-snapshots" },
        SnapshotKeyAttribute = keyAttribute,
    };

    private Task PutRawAsync(EventExplorerOptions options, string id, Dictionary<string, AttributeValue> attributes)
    {
        attributes["snapshotId"] = new() { S = id };
        return _client.PutItemAsync(options.Tables.Snapshots, attributes);
    }
}
