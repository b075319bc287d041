using System.Globalization;
using Amazon.DynamoDBv2.Model;
using EventExplorer.Data.Errors;
using EventExplorer.Data.Model;
using static EventExplorer.Data.DynamoDb.CommitItemMapper;

namespace EventExplorer.Data.DynamoDb.Commits;

/// <summary>
/// Checks a <see cref="CommitRange"/> (one aggregate's versions, or the feed by commit id or time) as untrusted
/// input and turns it into key bounds; a layout-A time window costs binary searches. Also says where a range
/// read that stopped continues.
/// </summary>
internal sealed class CommitRangeResolver(KeyRangeReader reader, TimeTravelSearch timeTravel)
{
    public async Task<ResolvedRange> ResolveAsync(CommitRange range, CancellationToken cancellationToken)
    {
        var layout = await reader.LayoutAsync(cancellationToken).ConfigureAwait(false);
        var resolved = range.IsFeed
            ? await ResolveFeedAsync(range, layout, cancellationToken).ConfigureAwait(false)
            : ResolveTimeline(range, layout);
        return resolved.Empty ? resolved : resolved with { Empty = resolved.BoundsCross() };
    }

    private static ResolvedRange ResolveTimeline(CommitRange range, EventStoreLayout layout)
    {
        QueryInput.RequireAggregateId(range.AggregateId);
        if (range.FromCommitId is not null || range.ToCommitId is not null || range.FromTime is not null || range.ToTime is not null)
        {
            throw new InvalidQueryException("A range of one aggregate is given by versions; commit ids and times bound a range of the feed.");
        }
        var resolved = new ResolvedRange { Range = range, Layout = layout };
        if (range.ToVersion is { } to) resolved = resolved with { High = SortKeys.Number(to) };
        switch (range.After)
        {
            case null:
                return range.FromVersion is { } from ? resolved with { Low = SortKeys.Number(from) } : resolved;
            case { Kind: PageLinkKind.After } after:
                var version = QueryInput.ParseVersion(after.Value);
                return resolved with { Low = SortKeys.Number(version), PassOver = SortKeys.Number(version) };
            case { Kind: PageLinkKind.Cursor } cursorLink:
                var cursor = PageCursor.Decode(cursorLink.Value, CursorKind.Timeline);
                if (cursor.AggregateId != range.AggregateId || cursor.Key is null) throw PageCursor.Invalid("it belongs to another aggregate");
                PageCursor.RequireKeyShape(cursor.Key, (Attr.AggregateId, "S"), (Attr.Version, "N"));
                if (cursor.Key[Attr.AggregateId].S != range.AggregateId || cursor.Direction != CursorDirection.Newer) throw PageCursor.Invalid("it belongs to another read");
                return resolved with { StartKey = cursor.Key };
            default:
                throw PageCursor.Invalid("a range continues after a position, not before one");
        }
    }

    private async Task<ResolvedRange> ResolveFeedAsync(CommitRange range, EventStoreLayout layout, CancellationToken cancellationToken)
    {
        if (range.FromVersion is not null || range.ToVersion is not null) throw new InvalidQueryException("Versions bound a range of one aggregate; give an aggregate id.");
        if (range.FromCommitId is not null && range.FromTime is not null) throw new InvalidQueryException("Give the start of the range as a commit id or as a time, not both.");
        if (range.ToCommitId is not null && range.ToTime is not null) throw new InvalidQueryException("Give the end of the range as a commit id or as a time, not both.");

        var resolved = new ResolvedRange { Range = range, Layout = layout };
        var warnings = new List<string>();
        resolved = await WithFeedEndAsync(resolved, warnings, cancellationToken).ConfigureAwait(false);
        resolved = await WithFeedStartAsync(resolved, warnings, cancellationToken).ConfigureAwait(false);
        return resolved with { Warnings = warnings };
    }

    /// <summary>The feed range's upper bound: a typed end id, or the last commit before an end time.</summary>
    private async Task<ResolvedRange> WithFeedEndAsync(ResolvedRange resolved, List<string> warnings, CancellationToken cancellationToken)
    {
        var (range, layout) = (resolved.Range, resolved.Layout);
        if (range.ToCommitId is { } toText) return resolved with { High = QueryInput.UpperBound(toText, layout) };
        if (range.ToTime is not { } toTime) return resolved;
        if (layout == EventStoreLayout.TimestampCommitIds)
        {
            // No id equals a bare timestamp (ids go on with ':' and the aggregate), so "at most" it is "before" it.
            return resolved with { High = new AttributeValue { S = CommitId.TimestampPrefix(toTime) } };
        }
        var end = await timeTravel.FindFeedAtOrAfterAsync(toTime, cancellationToken).ConfigureAwait(false);
        warnings.AddRange(end.Warnings.Select(w => "End of the window: " + w));
        resolved = resolved with { Cost = resolved.Cost.Add(0, 0, null, end.Requests) };
        return end.Commit?.CommitId?.Number is { } first
            ? resolved with { High = new AttributeValue { N = (first - 1).ToString(CultureInfo.InvariantCulture) } }
            : resolved;
    }

    /// <summary>The feed range's lower bound: a typed start id or time, or the position it continues after.</summary>
    private async Task<ResolvedRange> WithFeedStartAsync(ResolvedRange resolved, List<string> warnings, CancellationToken cancellationToken)
    {
        var (range, layout) = (resolved.Range, resolved.Layout);
        switch (range.After)
        {
            case null when range.FromCommitId is { } fromText:
                return resolved with { Low = QueryInput.JumpTarget(fromText, layout).Bound };
            case null when range.FromTime is { } fromTime && layout == EventStoreLayout.TimestampCommitIds:
                return resolved with { Low = new AttributeValue { S = CommitId.TimestampPrefix(fromTime) } };
            case null when range.FromTime is { } fromTime:
                var start = await timeTravel.FindFeedAtOrAfterAsync(fromTime, cancellationToken).ConfigureAwait(false);
                warnings.AddRange(start.Warnings.Select(w => "Start of the window: " + w));
                resolved = resolved with { Cost = resolved.Cost.Add(0, 0, null, start.Requests) };
                // Nothing at or after the start: the window is empty.
                return start.Commit?.CommitId is { } first ? resolved with { Low = ToAttribute(first) } : resolved with { Empty = true };
            case null:
                return resolved;
            case { Kind: PageLinkKind.After } after:
                var id = CommitId.TryParse(after.Value, layout, out var problem) ?? throw PageCursor.Invalid(problem!);
                return resolved with { Low = ToAttribute(id), PassOver = ToAttribute(id) };
            case { Kind: PageLinkKind.Cursor } cursorLink:
                var cursor = PageCursor.Decode(cursorLink.Value, CursorKind.Feed);
                if (cursor.Key is null || cursor.Direction != CursorDirection.Newer) throw PageCursor.Invalid("it belongs to another read");
                PageCursor.RequireKeyShape(cursor.Key, (Attr.Active, "S"), (Attr.CommitId, SortKeys.CommitIdType(layout)), (Attr.AggregateId, "S"), (Attr.Version, "N"));
                if (cursor.Key[Attr.Active].S != Attr.ActiveValue) throw PageCursor.Invalid("its position does not fit this table");
                return resolved with { StartKey = cursor.Key };
            default:
                throw PageCursor.Invalid("a range continues after a position, not before one");
        }
    }

    /// <summary>The same range continuing strictly after <paramref name="key"/> (an item handled, or where DynamoDB stopped).</summary>
    public async Task<(CommitRange Range, int Requests)> ResumeAfterAsync(
        ResolvedRange range, Dictionary<string, AttributeValue> key, Dictionary<string, AttributeValue>? nextReturned, CancellationToken cancellationToken)
    {
        var (link, requests) = await reader.LinkAfterAsync(range.IsFeed, range.Range.AggregateId, CursorDirection.Newer, key, nextReturned, range.Layout, cancellationToken).ConfigureAwait(false);
        // The lower bound is replaced by the position; a layout-A time window keeps its end as found.
        var resumed = range.Range with { After = link, FromVersion = null, FromCommitId = null, FromTime = null };
        if (range.Range.ToTime is not null && range.Layout == EventStoreLayout.CounterCommitIds && range.IsFeed)
        {
            resumed = range.High is { N: { } high } ? resumed with { ToTime = null, ToCommitId = high } : resumed;
        }
        return (resumed, requests);
    }
}
