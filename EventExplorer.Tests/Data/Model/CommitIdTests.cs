using EventExplorer.Data.Model;

namespace EventExplorer.Tests.Data.Model;

/// <summary>The one place commit ids are read, written and ordered, in both layouts.</summary>
public sealed class CommitIdTests
{
    private const EventStoreLayout A = EventStoreLayout.CounterCommitIds;
    private const EventStoreLayout B = EventStoreLayout.TimestampCommitIds;

    [Theory]
    [InlineData("0", 0L)]
    [InlineData("1042", 1042L)]
    [InlineData("-7", -7L)]
    [InlineData("9223372036854775807", long.MaxValue)]
    [InlineData("-9223372036854775808", long.MinValue)]
    public void TryParse_LayoutA_WholeNumbers_IncludingNegativeAndHuge(string text, long number)
    {
        var id = CommitId.TryParse(text, A, out var problem);

        Assert.Null(problem);
        Assert.Equal(number, id!.Value.Number);
        Assert.Equal(text, id.Value.Text);
        Assert.Equal(CommitId.FromNumber(number), id);
        Assert.Null(id.Value.Timestamp);
        Assert.Null(id.Value.AggregateId);
    }

    [Theory]
    [InlineData("9223372036854775808", "commit id '9223372036854775808' is not a whole number")]
    [InlineData("1.5", "commit id '1.5' is not a whole number")]
    [InlineData("1e3", "commit id '1e3' is not a whole number")]
    [InlineData("20261121060000000:acc-1", "commit id '20261121060000000:acc-1' is not a whole number")]
    [InlineData("", "the commit id is empty")]
    [InlineData(null, "the commit id is empty")]
    public void TryParse_LayoutA_AnythingButAWholeNumber_IsRefusedSayingWhatWasGiven(string? text, string expected)
    {
        Assert.Null(CommitId.TryParse(text, A, out var problem));
        Assert.Equal(expected, problem);
    }

    [Fact]
    public void TryParse_LayoutB_TimestampForm_GivesTheWritersClockAndTheAggregate()
    {
        var id = CommitId.TryParse("20261121060504321:tenant/acme:user 42", B, out var problem);

        Assert.Null(problem);
        Assert.Equal(new DateTimeOffset(2026, 11, 21, 6, 5, 4, 321, TimeSpan.Zero), id!.Value.Timestamp);
        Assert.Equal("tenant/acme:user 42", id.Value.AggregateId);
        Assert.Null(id.Value.Number);
        Assert.Equal("20261121060504321:tenant/acme:user 42", id.Value.ToString());
    }

    [Theory]
    [InlineData("1042")]
    [InlineData("2026112106050432:x")] // 16 digits
    [InlineData("2026112106050432a:x")]
    [InlineData("20261121060504321")] // no aggregate id
    [InlineData("20261121060504321:")]
    [InlineData("2026-11-21T06:05:04Z")]
    public void TryParse_LayoutB_OtherText_IsRefusedWithTheExpectedForm(string text)
    {
        Assert.Null(CommitId.TryParse(text, B, out var problem));
        Assert.Equal($"commit id '{text}' does not have the form yyyyMMddHHmmssfff:aggregateId", problem);
    }

    [Fact]
    public void TryParse_LongText_IsShortenedInTheProblem()
    {
        CommitId.TryParse(new string('x', 500), B, out var problem);

        Assert.True(problem!.Length < 150, problem);
        Assert.Contains("…", problem);
    }

    [Fact]
    public void FromTime_IsWhatDynamodbEventStoreWrites_InUtc()
    {
        var id = CommitId.FromTime(new DateTimeOffset(2000, 1, 1, 1, 0, 0, TimeSpan.FromHours(1)), "00000000-0000-0000-0000-000000000000");

        Assert.Equal("20000101000000000:00000000-0000-0000-0000-000000000000", id.Text);
        Assert.Equal(B, id.Layout);
        Assert.Equal(id, CommitId.TryParse(id.Text, B, out _));
    }

    [Fact]
    public void TimestampPrefix_IsTheUtcMillisecond_AndSortsBeforeEveryIdWrittenThen()
    {
        var moment = new DateTimeOffset(2026, 11, 21, 7, 0, 0, TimeSpan.FromHours(1));

        var prefix = CommitId.TimestampPrefix(moment);

        Assert.Equal("20261121060000000", prefix);
        Assert.True(string.CompareOrdinal(prefix, CommitId.FromTime(moment, "a").Text) < 0);
        Assert.True(string.CompareOrdinal(prefix, CommitId.FromTime(moment.AddMilliseconds(-1), "zzz").Text) > 0);
    }

    [Fact]
    public void TimestampOfAnIdWhoseDigitsAreNoDate_IsNull()
    {
        var id = CommitId.TryParse("99999999999999999:x", B, out _);

        Assert.NotNull(id);
        Assert.Null(id.Value.Timestamp);
    }

    [Fact]
    public void LayoutA_OrdersByNumber_NotByText()
    {
        var ids = new[] { 10L, -5, 2, long.MaxValue, 0, long.MinValue }.Select(CommitId.FromNumber).ToList();

        ids.Sort();

        Assert.Equal([long.MinValue, -5, 0, 2, 10, long.MaxValue], ids.Select(i => i.Number!.Value));
        Assert.True(CommitId.FromNumber(2) < CommitId.FromNumber(10));
        Assert.True(CommitId.FromNumber(10) >= CommitId.FromNumber(10));
    }

    [Fact]
    public void LayoutB_OrdersAsTheIndexDoes_ByTimeThenAggregateId()
    {
        var t = new DateTimeOffset(2026, 1, 2, 3, 4, 5, 6, TimeSpan.Zero);
        var ids = new[] { CommitId.FromTime(t, "b"), CommitId.FromTime(t.AddMilliseconds(1), "a"), CommitId.FromTime(t, "a"), CommitId.FromTime(t, "B") };

        var sorted = ids.Order().Select(i => i.Text);

        Assert.Equal(["20260102030405006:B", "20260102030405006:a", "20260102030405006:b", "20260102030405007:a"], sorted);
    }
}
