using System.Globalization;
using Amazon.DynamoDBv2.Model;
using EventExplorer.Data.Model;

namespace EventExplorer.Data.Integrity;

/// <summary>
/// One key range of the commit-id index, read in commit-id order on its own: where its next Query starts, and
/// its first and last entries, so that the ranges can be stitched together (the last of one against the first of
/// the next) once all are read.
/// </summary>
internal sealed record FeedRange
{
    /// <summary>The lowest commit id of the range (inclusive); null (with <see cref="To"/>) for the whole index.</summary>
    public AttributeValue? From { get; init; }

    /// <summary>The highest commit id of the range (inclusive); null for the whole index.</summary>
    public AttributeValue? To { get; init; }

    public Dictionary<string, AttributeValue>? Key { get; init; }
    public bool Done { get; init; }
    public FeedEntry? First { get; init; }
    public FeedEntry? Last { get; init; }
}

/// <summary>
/// Splits the commit-id index between its first and last ids into key ranges that can be queried in parallel:
/// numeric ranges in layout A, time ranges in layout B (a bare <c>yyyyMMddHHmmssfff</c> prefix sorts before every
/// id of that millisecond and is never an id itself, so ranges that meet at one do not overlap).
/// </summary>
internal static class FeedRanges
{
    // Ranges meet just below a whole number n (n - 10^-16): any id below n, a fraction included, falls in the lower
    // range. Written as text: DynamoDB numbers hold 38 significant digits, a long 19, a decimal only 28.
    private static string JustBelow(long n) => n > 0
        ? (n - 1).ToString(CultureInfo.InvariantCulture) + ".9999999999999999"
        : "-" + (-(decimal)n).ToString(CultureInfo.InvariantCulture) + ".0000000000000001";

    public static FeedRange[] Split(AttributeValue first, AttributeValue last, EventStoreLayout layout, int parts)
    {
        var bounds = layout == EventStoreLayout.CounterCommitIds ? NumericBounds(first, last, parts) : TimeBounds(first, last, parts);
        if (bounds is null) return [new FeedRange { From = first, To = last }];
        var ranges = new FeedRange[bounds.Count];
        for (var i = 0; i < bounds.Count; i++)
        {
            var to = i + 1 < bounds.Count ? bounds[i + 1].Below : last;
            ranges[i] = new FeedRange { From = i == 0 ? first : bounds[i].From, To = to };
        }
        return ranges;
    }

    /// <summary>Each range's start, and the end of the range before it (null for the first).</summary>
    private static List<(AttributeValue From, AttributeValue Below)>? NumericBounds(AttributeValue first, AttributeValue last, int parts)
    {
        if (!long.TryParse(first.N, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var low)
            || !long.TryParse(last.N, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var high)
            || high - low < parts || parts < 2)
        {
            return null;
        }
        var step = (high - low + 1 + parts - 1) / parts;
        var bounds = new List<(AttributeValue, AttributeValue)>();
        for (var start = low; start <= high; start += step)
        {
            bounds.Add((new AttributeValue { N = start.ToString(CultureInfo.InvariantCulture) },
                new AttributeValue { N = JustBelow(start) }));
        }
        return bounds;
    }

    private static List<(AttributeValue From, AttributeValue Below)>? TimeBounds(AttributeValue first, AttributeValue last, int parts)
    {
        if (parts < 2
            || CommitId.TryParse(first.S, EventStoreLayout.TimestampCommitIds, out _)?.Timestamp is not { } from
            || CommitId.TryParse(last.S, EventStoreLayout.TimestampCommitIds, out _)?.Timestamp is not { } to
            || (to - from).TotalMilliseconds < parts)
        {
            return null;
        }
        var step = (to - from) / parts;
        var bounds = new List<(AttributeValue, AttributeValue)>();
        string? previous = null;
        for (var i = 0; i < parts; i++)
        {
            var prefix = CommitId.TimestampPrefix(from + step * i);
            if (previous is not null && string.CompareOrdinal(prefix, previous) <= 0) return null;
            previous = prefix;
            bounds.Add((new AttributeValue { S = prefix }, new AttributeValue { S = prefix }));
        }
        return bounds;
    }
}
