using Amazon.DynamoDBv2.Model;
using EventExplorer.Data.Model;

namespace EventExplorer.Data.DynamoDb.Commits;

/// <summary>A <see cref="CommitRange"/> checked and turned into one key range of the table or the index, read upwards.</summary>
internal sealed record ResolvedRange
{
    public required CommitRange Range { get; init; }
    public required EventStoreLayout Layout { get; init; }

    /// <summary>Inclusive lower bound of the sort key (version or commit id).</summary>
    public AttributeValue? Low { get; init; }

    /// <summary>Inclusive upper bound of the sort key.</summary>
    public AttributeValue? High { get; init; }

    /// <summary>
    /// After a plain <see cref="CommitRange.After"/>: items with exactly this sort key were read before.
    /// The key condition cannot say "above x and at most y", so the read starts at x and passes over x.
    /// </summary>
    public AttributeValue? PassOver { get; init; }

    /// <summary>After a cursor: the exclusive start key.</summary>
    public Dictionary<string, AttributeValue>? StartKey { get; init; }

    /// <summary>True when the bounds leave nothing to read (low above high).</summary>
    public bool Empty { get; init; }

    /// <summary>Requests spent finding the bounds (a layout-A time window's binary searches).</summary>
    public ReadCost Cost { get; init; } = ReadCost.None;

    public IReadOnlyList<string> Warnings { get; init; } = [];

    public bool IsFeed => Range.IsFeed;

    /// <summary>The sort key's attribute: the commit id in the feed, the version in a timeline.</summary>
    public string SortName => IsFeed ? Attr.CommitId : Attr.Version;

    /// <summary>True when the bounds leave nothing to read.</summary>
    public bool BoundsCross()
    {
        if (High is not { } high) return false;
        var low = StartKey is { } key ? key[SortName] : Low;
        if (low is null) return false;
        return SortKeys.Compare(low, high) > 0;
    }

    /// <summary>True for an item a plain After position says was read before.</summary>
    public bool IsPassedOver(Dictionary<string, AttributeValue> item) =>
        PassOver is { } over && item.TryGetValue(SortName, out var value) && SortKeys.Compare(value, over) == 0;

    /// <summary>The ascending query of the range (consistent on the table, as timelines are; index reads cannot be).</summary>
    public QueryRequest Request(KeyRangeReader reader, PreFilter? preFilter)
    {
        var request = IsFeed ? reader.IndexRequest(readDescending: false, null) : reader.TimelineRequest(Range.AggregateId!, readDescending: false, null);
        // A cursor start replaces the lower bound: the start key must lie inside the key condition.
        var low = StartKey is null ? Low : null;
        if (low is not null || High is not null)
        {
            request.ExpressionAttributeNames["#s"] = SortName;
            if (low is not null && High is not null)
            {
                request.KeyConditionExpression += " AND #s BETWEEN :lo AND :hi";
                request.ExpressionAttributeValues[":lo"] = low;
                request.ExpressionAttributeValues[":hi"] = High;
            }
            else if (low is not null)
            {
                request.KeyConditionExpression += " AND #s >= :lo";
                request.ExpressionAttributeValues[":lo"] = low;
            }
            else
            {
                request.KeyConditionExpression += " AND #s <= :hi";
                request.ExpressionAttributeValues[":hi"] = High!;
            }
        }
        preFilter?.ApplyTo(request);
        return request;
    }
}
