using System.Globalization;
using Amazon.DynamoDBv2.Model;
using EventExplorer.Data.Errors;
using EventExplorer.Data.Model;
using static EventExplorer.Data.DynamoDb.CommitItemMapper;

namespace EventExplorer.Data.DynamoDb;

/// <summary>
/// Filtered timeline and feed pages. DynamoDB applies Limit and the 1 MB cap before a FilterExpression,
/// so a page of rare events is filled across as many requests as it takes, within a read budget.
/// Links are derived from what was read: a full page continues after its last commit shown; a page the
/// budget stopped continues from where DynamoDB stopped evaluating, so the next page does not read the
/// same items again. Items passed over on the way did not match, which is what lets most of these links
/// be plain values even where a commit id repeats (see docs/layouts.md).
/// </summary>
public sealed partial class DynamoDbEventStore
{
    private sealed record FilteredPage(List<Commit> Commits, PageLink? Older, PageLink? Newer, FilteredRead Read);

    private async Task<CommitPage> ReadFilteredTimelineAsync(RangeRead read, TimelineQuery query, CommitFilter filter, EventStoreLayout layout, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrEmpty(filter.AggregateIdPrefix))
        {
            throw new InvalidQueryException("A timeline shows one aggregate: filter it by event type or payload, not by aggregate id prefix.");
        }
        var page = await ReadFilteredRangeAsync(read, filter, query.Budget, feed: false, query.AggregateId, query.Position, layout, cancellationToken).ConfigureAwait(false);
        return new CommitPage
        {
            Items = InOrder(page.Commits, read.Descending, query.Order),
            Older = page.Older,
            Newer = page.Newer,
            RequestCount = page.Read.Cost.Requests,
            Filtered = page.Read,
        };
    }

    private async Task<FeedPage> ReadFilteredFeedAsync(RangeRead read, FeedQuery query, CommitFilter filter, EventStoreLayout layout, CancellationToken cancellationToken)
    {
        if (filter.AggregateIdPrefix is { } prefix && System.Text.Encoding.UTF8.GetByteCount(prefix) > MaxKeyBytes)
        {
            throw new InvalidQueryException($"The id prefix is longer than any aggregate id can be ({MaxKeyBytes} bytes).");
        }
        var page = await ReadFilteredRangeAsync(read, filter, query.Budget, feed: true, null, query.Position, layout, cancellationToken).ConfigureAwait(false);
        return new FeedPage
        {
            Items = InOrder(page.Commits, read.Descending, query.Order),
            Older = page.Older,
            Newer = page.Newer,
            RequestCount = page.Read.Cost.Requests,
            Filtered = page.Read,
        };
    }

    private async Task<FilteredPage> ReadFilteredRangeAsync(RangeRead read, CommitFilter filter, ReadBudget? requestedBudget, bool feed,
        string? aggregateId, PageLink? position, EventStoreLayout layout, CancellationToken cancellationToken)
    {
        var budget = requestedBudget ?? ReadBudget.Page;
        budget.Validate();
        var preFilter = PreFilter.For(filter);

        var probeBelow = read.Start == RangeStart.Jump ? read.AnythingBelowAsync!(cancellationToken) : null;
        var shown = new List<(Dictionary<string, AttributeValue> Item, Commit Commit)>();
        var cost = ReadCost.None;
        var malformed = 0;
        var full = false;
        var budgetStop = false;
        Dictionary<string, AttributeValue>? beyond = null;
        Dictionary<string, AttributeValue>? stopKey = null;

        // Grow each request's Limit with what the page still needs at the match rate seen so far: a common type
        // fills in one small request, a rare one reaches the budget in a few large ones.
        int NextLimit(long itemsLeft)
        {
            var firstLimit = Math.Max(4 * read.PageSize, 100);
            if (cost.ItemsRead == 0) return (int)Math.Min(firstLimit, itemsLeft);
            var need = read.PageSize + 1 - shown.Count;
            var wanted = shown.Count > 0 ? need * 1.5 * cost.ItemsRead / shown.Count : 4.0 * cost.ItemsRead;
            return (int)Math.Clamp(wanted, read.PageSize + 1, Math.Max(read.PageSize + 1, Math.Min(itemsLeft, int.MaxValue)));
        }

        QueryRequest MakeRequest()
        {
            var request = read.MakeRequest(read.Descending);
            preFilter?.ApplyTo(request);
            return request;
        }

        try
        {
            await foreach (var batch in ReadBatchesAsync(MakeRequest, read.Start == RangeStart.Cursor ? read.StartKey : null, budget, prefetch: false, NextLimit, cancellationToken).ConfigureAwait(false))
            {
                cost = cost.Add(batch.Scanned, batch.Items.Count, batch.CapacityUnits);
                foreach (var item in batch.Items)
                {
                    var commit = Map(item, layout);
                    if (!filter.Matches(commit))
                    {
                        if (HasEventsProblem(commit)) malformed++;
                        continue;
                    }
                    if (shown.Count == read.PageSize)
                    {
                        full = true;
                        beyond = item;
                        break;
                    }
                    shown.Add((item, commit));
                }
                if (full) break;
                if (shown.Count == read.PageSize)
                {
                    // Full at the end of a response: what lies beyond is where DynamoDB stopped (nothing, if the range ended).
                    full = true;
                    beyond = batch.LastEvaluatedKey;
                    break;
                }
                if (batch.BudgetSpent)
                {
                    budgetStop = true;
                    stopKey = batch.LastEvaluatedKey;
                }
            }
        }
        catch when (probeBelow is not null)
        {
            try { await probeBelow.ConfigureAwait(false); } catch (Exception) { /* the page read's error wins */ }
            throw;
        }

        var farDirection = read.Descending ? CursorDirection.Older : CursorDirection.Newer;
        var nearDirection = read.Descending ? CursorDirection.Newer : CursorDirection.Older;
        var extraRequests = 0;
        PageLink? far = null, near = null;
        if (full && beyond is not null)
        {
            far = read.Link(farDirection, shown[^1].Item, beyond);
        }
        else if (budgetStop)
        {
            (far, extraRequests) = await LinkAfterAsync(feed, aggregateId, farDirection, stopKey!, null, layout, cancellationToken).ConfigureAwait(false);
        }

        switch (read.Start)
        {
            case RangeStart.Value or RangeStart.Cursor when shown.Count > 0:
                near = read.Link(nearDirection, shown[0].Item, read.Start == RangeStart.Cursor ? read.StartKey : null);
                break;
            case RangeStart.Value or RangeStart.Cursor when budgetStop:
                // Nothing matched between the start and where reading stopped: the way back starts there.
                near = feed ? FeedPlainOrCursor(nearDirection, stopKey!, layout) : TimelineLink(aggregateId!, nearDirection, stopKey!);
                break;
            case RangeStart.Value or RangeStart.Cursor:
                near = BackToStart(feed, layout, nearDirection, position, read.StartKey);
                break;
            case RangeStart.Jump:
                var (below, probeRequests) = await probeBelow!.ConfigureAwait(false);
                extraRequests += probeRequests;
                if (below) near = shown.Count > 0 ? read.Link(nearDirection, shown[0].Item, null) : read.EmptyJumpOlder!();
                break;
        }

        return new FilteredPage(
            shown.Select(s => s.Commit).ToList(),
            read.Descending ? far : near,
            read.Descending ? near : far,
            new FilteredRead
            {
                Cost = cost.Add(0, 0, null, extraRequests),
                StoppedByBudget = budgetStop,
                Budget = budget,
                MalformedSkipped = malformed,
                PreFilter = preFilter?.Display,
            });
    }

    /// <summary>
    /// The way back from an empty page that read from its start to the end of the key range: everything
    /// it read failed the filter, so a plain link that includes the start position (the last commit of the
    /// page it came from) is exact. Layout B has no "just below this id" value; there the link reads from the end.
    /// </summary>
    private static PageLink BackToStart(bool feed, EventStoreLayout layout, CursorDirection direction, PageLink? position, Dictionary<string, AttributeValue>? cursorKey)
    {
        if (feed && layout == EventStoreLayout.TimestampCommitIds) return FeedCursor(direction, null);
        decimal? start = null;
        if (position is { Kind: PageLinkKind.Before or PageLinkKind.After } link)
        {
            start = decimal.Parse(link.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        }
        else if (cursorKey?.GetValueOrDefault(feed ? Attr.CommitId : Attr.Version)?.N is { } number)
        {
            // A stored number past decimal (1E+125) lies beyond every long: the bound is the end of the range.
            start = decimal.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) ? parsed
                : number.StartsWith('-') ? long.MinValue : long.MaxValue;
        }
        if (start is not { } value) return FeedCursor(direction, null);
        var bound = direction == CursorDirection.Newer ? Math.Ceiling(value) - 1 : Math.Floor(value) + 1;
        return new PageLink(PlainKind(direction), Math.Clamp(bound, long.MinValue, long.MaxValue).ToString("0", CultureInfo.InvariantCulture));
    }

    private static bool HasEventsProblem(Commit commit) => commit.Problems.Any(p => p.StartsWith(Attr.Events, StringComparison.Ordinal));
}
