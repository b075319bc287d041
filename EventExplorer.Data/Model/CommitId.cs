using System.Globalization;

namespace EventExplorer.Data.Model;

/// <summary>
/// A commit id in one of the two formats of docs/layouts.md: a whole number handed out by the
/// counter table (layout A), or <c>yyyyMMddHHmmssfff:aggregateId</c>, the writer's UTC clock and the
/// aggregate id (layout B). The one place that parses, formats and orders them.
/// </summary>
[System.Text.Json.Serialization.JsonConverter(typeof(CommitIdJsonConverter))]
public readonly record struct CommitId : IComparable<CommitId>
{
    /// <summary>The UTC time format at the start of a layout-B id.</summary>
    public const string TimestampFormat = "yyyyMMddHHmmssfff";

    /// <summary>Length of <see cref="TimestampFormat"/> plus the colon that follows it.</summary>
    public const int TimestampPrefixLength = 18;

    private CommitId(EventStoreLayout layout, string text, long? number)
    {
        Layout = layout;
        Text = text;
        Number = number;
    }

    public EventStoreLayout Layout { get; }

    /// <summary>The id as stored: the decimal number (layout A) or the whole string (layout B).</summary>
    public string Text { get; }

    /// <summary>Layout A: the number. Null in layout B.</summary>
    public long? Number { get; }

    /// <summary>Layout B: the writer's clock, read from the id. Null in layout A.</summary>
    public DateTimeOffset? Timestamp =>
        Layout == EventStoreLayout.TimestampCommitIds
        && DateTime.TryParseExact(Text.AsSpan(0, TimestampFormat.Length), TimestampFormat, CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var time)
            ? new DateTimeOffset(time, TimeSpan.Zero)
            : null;

    /// <summary>Layout B: the aggregate id after the timestamp. Null in layout A.</summary>
    public string? AggregateId => Layout == EventStoreLayout.TimestampCommitIds ? Text[TimestampPrefixLength..] : null;

    /// <summary>A layout-A id.</summary>
    public static CommitId FromNumber(long number) =>
        new(EventStoreLayout.CounterCommitIds, number.ToString(CultureInfo.InvariantCulture), number);

    /// <summary>The layout-B id dynamodb-event-store 2.x gives a commit written at <paramref name="now"/>.</summary>
    public static CommitId FromTime(DateTimeOffset now, string aggregateId) =>
        new(EventStoreLayout.TimestampCommitIds, TimestampPrefix(now) + ":" + aggregateId, null);

    /// <summary>
    /// The <see cref="TimestampFormat"/> text of a moment: in layout B every id written at or after
    /// <paramref name="time"/> sorts at or after it (a bare prefix sorts before every id of that millisecond).
    /// </summary>
    public static string TimestampPrefix(DateTimeOffset time) =>
        time.UtcDateTime.ToString(TimestampFormat, CultureInfo.InvariantCulture);

    /// <summary>
    /// Reads a stored id. Null with <paramref name="problem"/> set when <paramref name="text"/> is not
    /// an id of <paramref name="layout"/>'s format.
    /// </summary>
    public static CommitId? TryParse(string? text, EventStoreLayout layout, out string? problem)
    {
        problem = null;
        if (string.IsNullOrEmpty(text))
        {
            problem = "the commit id is empty";
            return null;
        }
        if (layout == EventStoreLayout.CounterCommitIds)
        {
            if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
            {
                return FromNumber(number);
            }
            problem = $"commit id '{Shorten(text)}' is not a whole number";
            return null;
        }
        if (text.Length > TimestampPrefixLength && text[TimestampFormat.Length] == ':'
            && !text.AsSpan(0, TimestampFormat.Length).ContainsAnyExceptInRange('0', '9'))
        {
            return new CommitId(EventStoreLayout.TimestampCommitIds, text, null);
        }
        problem = $"commit id '{Shorten(text)}' does not have the form yyyyMMddHHmmssfff:aggregateId";
        return null;
    }

    /// <summary>Orders as the commit-id index does: numerically in layout A, by ordinal text in layout B.</summary>
    public int CompareTo(CommitId other) =>
        Number is { } a && other.Number is { } b ? a.CompareTo(b) : string.CompareOrdinal(Text, other.Text);

    public static bool operator <(CommitId left, CommitId right) => left.CompareTo(right) < 0;
    public static bool operator >(CommitId left, CommitId right) => left.CompareTo(right) > 0;
    public static bool operator <=(CommitId left, CommitId right) => left.CompareTo(right) <= 0;
    public static bool operator >=(CommitId left, CommitId right) => left.CompareTo(right) >= 0;

    public override string ToString() => Text;

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..60] + "…";
}
