using System.Globalization;
using Amazon.DynamoDBv2.Model;
using EventExplorer.Data.Model;
using static EventExplorer.Data.DynamoDb.CommitItemMapper;

namespace EventExplorer.Data.DynamoDb.Commits;

/// <summary>A filtered page: the commits shown, its links, and what reading it cost.</summary>
internal sealed record FilteredPage(List<Commit> Commits, PageLink? Older, PageLink? Newer, FilteredRead Read);

/// <summary>
/// Filtered timeline and feed pages. DynamoDB applies Limit and the 1 MB cap before a FilterExpression,
/// so a page of rare events is filled across as many requests as it takes, within a read budget.
/// Links are derived from what was read: a full page continues after its last commit shown; a page the
/// budget stopped continues from where DynamoDB stopped evaluating, so the next page does not read the
/// same items again. Items passed over on the way did not match, which is what lets most of these links
/// be plain values even where a commit id repeats (see docs/layouts.md).
/// </summary>
internal sealed class FilteredPageReader(KeyRangeReader reader)
{
    public async Task<FilteredPage> ReadAsync(PagedRange range, CommitFilter filter, ReadBudget? requestedBudget, PageLink? position, CancellationToken cancellationToken)
    {
        var budget = requestedBudget ?? ReadBudget.Page;
        budget.Validate();
        var preFilter = PreFilter.For(filter);

        var probeBelow = range.Start == RangeStart.Jump ? range.AnythingBelowAsync(cancellationToken) : null;
        PageFill fill;
        try
        {
            fill = await FillAsync(range, filter, preFilter, budget, cancellationToken).ConfigureAwait(false);
        }
        catch when (probeBelow is not null)
        {
            try { await probeBelow.ConfigureAwait(false); } catch (Exception) { /* the page read's error wins */ }
            throw;
        }

        var (far, farRequests) = await FarLinkAsync(range, fill, cancellationToken).ConfigureAwait(false);
        var (near, nearRequests) = await NearLinkAsync(range, fill, probeBelow, position).ConfigureAwait(false);
        return new FilteredPage(
            fill.Shown.Select(s => s.Commit).ToList(),
            range.Descending ? far : near,
            range.Descending ? near : far,
            new FilteredRead
            {
                Cost = fill.Cost.Add(0, 0, null, farRequests + nearRequests),
                StoppedByBudget = fill.BudgetStop,
                Budget = budget,
                MalformedSkipped = fill.Malformed,
                PreFilter = preFilter?.Display,
            });
    }

    private async Task<PageFill> FillAsync(PagedRange range, CommitFilter filter, PreFilter? preFilter, ReadBudget budget, CancellationToken cancellationToken)
    {
        var fill = new PageFill(range.PageSize);

        QueryRequest MakeRequest()
        {
            var request = range.Request(range.Descending);
            preFilter?.ApplyTo(request);
            return request;
        }

        var startKey = range.Start == RangeStart.Cursor ? range.StartKey : null;
        await foreach (var batch in reader.ReadBatchesAsync(MakeRequest, startKey, budget, prefetch: false, fill.NextLimit, ReadPriority.Page, cancellationToken).ConfigureAwait(false))
        {
            if (fill.Take(batch, filter, range.Layout)) break;
        }
        return fill;
    }

    /// <summary>The link on the far side: after the last commit shown, or from where the budget stopped reading.</summary>
    private async Task<(PageLink? Link, int Requests)> FarLinkAsync(PagedRange range, PageFill fill, CancellationToken cancellationToken)
    {
        var direction = range.Descending ? CursorDirection.Older : CursorDirection.Newer;
        if (fill.Full && fill.Beyond is not null) return (range.Link(direction, fill.Shown[^1].Item, fill.Beyond), 0);
        if (!fill.BudgetStop) return (null, 0);
        return await reader.LinkAfterAsync(range.IsFeed, range.AggregateId, direction, fill.StopKey!, null, range.Layout, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The link on the near side, back towards where the page started.</summary>
    private static async Task<(PageLink? Link, int Requests)> NearLinkAsync(PagedRange range, PageFill fill, Task<(bool Below, int Requests)>? probeBelow, PageLink? position)
    {
        var direction = range.Descending ? CursorDirection.Newer : CursorDirection.Older;
        switch (range.Start)
        {
            case RangeStart.Value or RangeStart.Cursor when fill.Shown.Count > 0:
                return (range.Link(direction, fill.Shown[0].Item, range.Start == RangeStart.Cursor ? range.StartKey : null), 0);
            case RangeStart.Value or RangeStart.Cursor when fill.BudgetStop:
                // Nothing matched between the start and where reading stopped: the way back starts there.
                return (range.Link(direction, fill.StopKey!, null), 0);
            case RangeStart.Value or RangeStart.Cursor:
                return (BackToStart(range, direction, position), 0);
            case RangeStart.Jump:
                var (below, requests) = await probeBelow!.ConfigureAwait(false);
                if (!below) return (null, requests);
                return (fill.Shown.Count > 0 ? range.Link(direction, fill.Shown[0].Item, null) : range.EmptyJumpOlder(), requests);
            default:
                return (null, 0);
        }
    }

    /// <summary>
    /// The way back from an empty page that read from its start to the end of the key range: everything
    /// it read failed the filter, so a plain link that includes the start position (the last commit of the
    /// page it came from) is exact. Layout B has no "just below this id" value; there the link reads from the end.
    /// </summary>
    private static PageLink BackToStart(PagedRange range, CursorDirection direction, PageLink? position)
    {
        if (range.IsFeed && range.Layout == EventStoreLayout.TimestampCommitIds) return PageLinks.FeedCursor(direction, null);
        decimal? start = null;
        if (position is { Kind: PageLinkKind.Before or PageLinkKind.After } link)
        {
            start = decimal.Parse(link.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        }
        else if (range.StartKey?.GetValueOrDefault(range.IsFeed ? Attr.CommitId : Attr.Version)?.N is { } number)
        {
            // A stored number past decimal (1E+125) lies beyond every long: the bound is the end of the range.
            start = decimal.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) ? parsed
                : number.StartsWith('-') ? long.MinValue : long.MaxValue;
        }
        if (start is not { } value) return PageLinks.FeedCursor(direction, null);
        var bound = direction == CursorDirection.Newer ? Math.Ceiling(value) - 1 : Math.Floor(value) + 1;
        return new PageLink(PageLinks.PlainKind(direction), Math.Clamp(bound, long.MinValue, long.MaxValue).ToString("0", CultureInfo.InvariantCulture));
    }

    /// <summary>What a filtered page read has taken so far, and why it stopped.</summary>
    private sealed class PageFill(int pageSize)
    {
        public List<(Dictionary<string, AttributeValue> Item, Commit Commit)> Shown { get; } = [];
        public ReadCost Cost { get; private set; } = ReadCost.None;
        public int Malformed { get; private set; }
        public bool Full { get; private set; }
        public bool BudgetStop { get; private set; }

        /// <summary>When full: the first matching item beyond the page, or where DynamoDB stopped (null: the range ended).</summary>
        public Dictionary<string, AttributeValue>? Beyond { get; private set; }

        /// <summary>When the budget stopped the read: where DynamoDB stopped evaluating.</summary>
        public Dictionary<string, AttributeValue>? StopKey { get; private set; }

        /// <summary>
        /// Grows each request's Limit with what the page still needs at the match rate seen so far: a common type
        /// fills in one small request, a rare one reaches the budget in a few large ones.
        /// </summary>
        public int NextLimit(long itemsLeft)
        {
            var firstLimit = Math.Max(4 * pageSize, 100);
            if (Cost.ItemsRead == 0) return (int)Math.Min(firstLimit, itemsLeft);
            var need = pageSize + 1 - Shown.Count;
            var wanted = Shown.Count > 0 ? need * 1.5 * Cost.ItemsRead / Shown.Count : 4.0 * Cost.ItemsRead;
            return (int)Math.Clamp(wanted, pageSize + 1, Math.Max(pageSize + 1, Math.Min(itemsLeft, int.MaxValue)));
        }

        /// <summary>Takes a response's matching commits; true when the page is full.</summary>
        public bool Take(ItemBatch batch, CommitFilter filter, EventStoreLayout layout)
        {
            Cost = Cost.Add(batch.Scanned, batch.Items.Count, batch.CapacityUnits);
            foreach (var item in batch.Items)
            {
                var commit = Map(item, layout);
                if (!filter.Matches(commit))
                {
                    if (HasEventsProblem(commit)) Malformed++;
                    continue;
                }
                if (Shown.Count == pageSize)
                {
                    Full = true;
                    Beyond = item;
                    return true;
                }
                Shown.Add((item, commit));
            }
            if (Shown.Count == pageSize)
            {
                // Full at the end of a response: what lies beyond is where DynamoDB stopped (nothing, if the range ended).
                Full = true;
                Beyond = batch.LastEvaluatedKey;
                return true;
            }
            if (batch.BudgetSpent)
            {
                BudgetStop = true;
                StopKey = batch.LastEvaluatedKey;
            }
            return false;
        }

        private static bool HasEventsProblem(Commit commit) => commit.Problems.Any(p => p.StartsWith(Attr.Events, StringComparison.Ordinal));
    }
}
