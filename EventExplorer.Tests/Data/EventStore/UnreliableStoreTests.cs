using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Amazon.DynamoDBv2.Model;
using EventExplorer.Data.Configuration;
using EventExplorer.Data.DynamoDb;
using EventExplorer.Data.Errors;
using EventExplorer.Data.Model;
using EventExplorer.Tests.Infrastructure;

namespace EventExplorer.Tests.Data.EventStore;

/// <summary>
/// What a production store does on a bad day: a database that accepts connections and never answers,
/// a write whose reply was lost (the SDK's retry then meets our own item), versions at the edge of what
/// a number can be.
/// </summary>
public sealed class UnreliableStoreTests(DynaliteFixture dynalite) : IClassFixture<DynaliteFixture>
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task ADatabaseThatNeverAnswers_IsReportedAsNotAnsweringWithinTheDeadline()
    {
        // Accepts connections, reads the request, never replies: a hung database or a black-holed network.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var accepting = AcceptForeverAsync(silent);
        var options = new EventExplorerOptions
        {
            ServiceUrl = $"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}",
            OperationTimeout = TimeSpan.FromSeconds(2),
            RequestTimeout = TimeSpan.FromSeconds(30),
            Layout = EventStoreLayout.CounterCommitIds,
        };
        using var client = DynamoClientFactory.Create(options);
        var store = new DynamoDbEventStore(client, new StoreSchemaDetector(client, options, readOnly: true), options);

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<StoreNotAnsweringException>(() => store.ReadTimelineAsync(new TimelineQuery { AggregateId = "a" }, None));

        Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(8));
        Assert.True(error.IsTransient);
        Assert.Contains("not answering", error.Message);
        Assert.Contains("2 s", error.Message);
        silent.Stop();
        await accepting;
    }

    [Fact]
    public async Task AnAppendWhoseFirstReplyWasLost_FindsItsOwnCommitAndReportsSuccess()
    {
        // The SDK's retry of a put that did land meets the version condition against our own item.
        var clock = new ManualTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(1_750_000_000_000));
        using var bed = await EventStoreTestBed.CreateAsync(dynalite, EventStoreLayout.TimestampCommitIds, time: clock);
        var commitId = CommitId.FromTime(clock.GetUtcNow(), "order-7").Text;
        await bed.PutRawAsync(bed.Item("order-7", 0, commitId, 1_750_000_000_000, """[{"type":"placed"}]"""));

        var appended = await bed.AppendAsync("order-7", 0, """[ {"type": "placed"} ]""");

        Assert.Equal(commitId, appended.CommitId?.Text);
        Assert.Single(await bed.ScanRawAsync(bed.Tables.Commits));
    }

    [Fact]
    public async Task AnAppendThatMeetsAnotherWritersCommit_IsStillAConflict()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(1_750_000_000_000));
        using var bed = await EventStoreTestBed.CreateAsync(dynalite, EventStoreLayout.TimestampCommitIds, time: clock);
        // Same moment and id, other events: someone else's commit.
        await bed.PutRawAsync(bed.Item("order-8", 0, CommitId.FromTime(clock.GetUtcNow(), "order-8").Text, 1_750_000_000_000, """[{"type":"other"}]"""));

        var conflict = await Assert.ThrowsAsync<VersionConflictException>(() => bed.AppendAsync("order-8", 0, """[{"type":"placed"}]"""));

        Assert.Equal(0, conflict.Version);
    }

    [Theory]
    [InlineData("9223372036854775807", "the largest version there is")]
    [InlineData("1e20", "beyond the largest version")]
    [InlineData("1e30", "beyond the largest version")]
    public async Task AHeadVersionNoVersionCanFollow_IsSaidInsteadOfOverflowing(string storedVersion, string expected)
    {
        using var bed = await EventStoreTestBed.CreateAsync(dynalite, EventStoreLayout.CounterCommitIds);
        var item = bed.Item("edge", 0, "1", 1_700_000_000_000, "[]");
        item["version"] = new AttributeValue { N = storedVersion };
        await bed.PutRawAsync(item);

        var refused = await Assert.ThrowsAsync<InvalidQueryException>(() => bed.Store.ProposeNextVersionAsync("edge", None));

        Assert.Contains(expected, refused.Message);
    }

    [Fact]
    public async Task AVersionBeyondTheLongRange_IsFlaggedAsSuchOnTheTimeline()
    {
        using var bed = await EventStoreTestBed.CreateAsync(dynalite, EventStoreLayout.CounterCommitIds);
        var item = bed.Item("huge", 0, "1", 1_700_000_000_000, "[]");
        item["version"] = new AttributeValue { N = "1e20" };
        await bed.PutRawAsync(item);

        var page = await bed.Store.ReadTimelineAsync(new TimelineQuery { AggregateId = "huge" }, None);

        var commit = Assert.Single(page.Items);
        Assert.Null(commit.Version);
        Assert.Contains(commit.Problems, p => p.Contains("beyond what EventExplorer handles", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheLargestVersion_IsReadButFlaggedAsADeadEnd()
    {
        using var bed = await EventStoreTestBed.CreateAsync(dynalite, EventStoreLayout.CounterCommitIds);
        var item = bed.Item("at-the-end", 0, "1", 1_700_000_000_000, "[]");
        item["version"] = new AttributeValue { N = long.MaxValue.ToString(CultureInfo.InvariantCulture) };
        await bed.PutRawAsync(item);

        var page = await bed.Store.ReadTimelineAsync(new TimelineQuery { AggregateId = "at-the-end" }, None);

        var commit = Assert.Single(page.Items);
        Assert.Equal(long.MaxValue, commit.Version);
        Assert.Contains(commit.Problems, p => p.Contains("no commit can follow it", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AFractionalHeadVersion_ProposesTheNextWholeNumber()
    {
        using var bed = await EventStoreTestBed.CreateAsync(dynalite, EventStoreLayout.CounterCommitIds);
        var item = bed.Item("fraction", 0, "1", 1_700_000_000_000, "[]");
        item["version"] = new AttributeValue { N = 5.5m.ToString(CultureInfo.InvariantCulture) };
        await bed.PutRawAsync(item);

        Assert.Equal(6, await bed.Store.ProposeNextVersionAsync("fraction", None));
    }

    private static async Task AcceptForeverAsync(TcpListener listener)
    {
        var held = new List<TcpClient>();
        try
        {
            while (true) held.Add(await listener.AcceptTcpClientAsync());
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Stopped.
        }
        foreach (var connection in held) connection.Dispose();
    }
}
