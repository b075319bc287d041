using EventExplorer.Data.Errors;

namespace EventExplorer.Data.Model;

/// <summary>
/// How much one long read may read before it stops and says where to continue. DynamoDB charges for
/// every item a request evaluates, filtered out or not, and cuts each response at 1 MB, so both are
/// bounded: <see cref="MaxItems"/> items evaluated and <see cref="MaxRequests"/> requests (at most 1 MB each).
/// </summary>
public sealed record ReadBudget
{
    public const long MaxItemsLimit = 10_000_000;
    public const int MaxRequestsLimit = 100_000;

    /// <summary>Items DynamoDB may evaluate (its ScannedCount), the server-side pre-filter's rejects included.</summary>
    public long MaxItems { get; init; } = 10_000;

    /// <summary>Requests that may be sent; each reads at most 1 MB.</summary>
    public int MaxRequests { get; init; } = 50;

    /// <summary>A filtered page: about what two clicks through a few hundred unfiltered pages would read.</summary>
    public static ReadBudget Page { get; } = new() { MaxItems = 10_000, MaxRequests = 20 };

    /// <summary>A search, a field history or a summary: a 100,000-commit aggregate fits with room to spare.</summary>
    public static ReadBudget Search { get; } = new() { MaxItems = 250_000, MaxRequests = 2_000 };

    /// <summary>An export: a million commits.</summary>
    public static ReadBudget Export { get; } = new() { MaxItems = 1_000_000, MaxRequests = 20_000 };

    /// <summary>Throws <see cref="InvalidQueryException"/> when a limit is outside what the explorer accepts.</summary>
    public void Validate()
    {
        if (MaxItems is < 1 or > MaxItemsLimit) throw new InvalidQueryException($"The read budget must be between 1 and {MaxItemsLimit:N0} items (got {MaxItems:N0}).");
        if (MaxRequests is < 1 or > MaxRequestsLimit) throw new InvalidQueryException($"The read budget must allow between 1 and {MaxRequestsLimit:N0} requests (got {MaxRequests:N0}).");
    }
}

/// <summary>What a read has cost so far, as DynamoDB reported it.</summary>
public sealed record ReadCost
{
    public static readonly ReadCost None = new();

    /// <summary>Items DynamoDB evaluated (ScannedCount): what capacity is charged for.</summary>
    public long ItemsRead { get; init; }

    /// <summary>Of those, the items that passed the server-side pre-filter and came back.</summary>
    public long ItemsReturned { get; init; }

    /// <summary>Read capacity units consumed; null when the server does not report them.</summary>
    public double? CapacityUnits { get; init; }

    public int Requests { get; init; }

    public ReadCost Add(long itemsRead, long itemsReturned, double? capacityUnits, int requests = 1) => new()
    {
        ItemsRead = ItemsRead + itemsRead,
        ItemsReturned = ItemsReturned + itemsReturned,
        CapacityUnits = capacityUnits is { } units ? (CapacityUnits ?? 0) + units : CapacityUnits,
        Requests = Requests + requests,
    };
}

/// <summary>Why a streamed read ended, or that it is still going.</summary>
public enum ReadState
{
    /// <summary>More updates follow.</summary>
    Reading,

    /// <summary>The whole range was read.</summary>
    Completed,

    /// <summary>The read budget was spent; the update says where to continue.</summary>
    BudgetExhausted,

    /// <summary>The maximum number of results was reached; the update says where to continue.</summary>
    ResultLimitReached,
}

/// <summary>
/// Which commits a page, a search or an export keeps. Every condition given must hold. The store
/// narrows its reads with a server-side pre-filter where one is safe (see docs/layouts.md) and
/// confirms every commit on its parsed events, so the pre-filter never decides on its own.
/// </summary>
public sealed record CommitFilter
{
    /// <summary>At least one event has this <c>type</c> (exact, case-sensitive).</summary>
    public string? EventType { get; init; }

    /// <summary>Feed only: the aggregate id starts with this text (case-sensitive, as DynamoDB's begins_with).</summary>
    public string? AggregateIdPrefix { get; init; }

    /// <summary>At least one event matches this text or path = value query.</summary>
    public PayloadQuery? Payload { get; init; }

    public bool IsEmpty => string.IsNullOrEmpty(EventType) && string.IsNullOrEmpty(AggregateIdPrefix) && Payload is null;

    /// <summary>Whether <paramref name="commit"/> passes every condition; a commit whose events are not a JSON array passes none that look at events.</summary>
    public bool Matches(Commit commit)
    {
        if (!string.IsNullOrEmpty(AggregateIdPrefix) && !commit.AggregateId.StartsWith(AggregateIdPrefix, StringComparison.Ordinal)) return false;
        if (!string.IsNullOrEmpty(EventType) && !commit.Events.Any(e => e.Type == EventType)) return false;
        if (Payload is not null && PayloadMatcher.Match(Payload, commit).Count == 0) return false;
        return true;
    }
}

/// <summary>
/// What a filtered timeline or feed page read to fill itself. DynamoDB applies Limit and the 1 MB cap
/// before any filter, so a page of rare events can take many requests; it stops at its budget and its
/// links continue from where reading stopped.
/// </summary>
public sealed record FilteredRead
{
    /// <summary>Items read, returned, capacity and requests (the "anything below?" probe of a jump included).</summary>
    public required ReadCost Cost { get; init; }

    /// <summary>True when the budget ran out before the page was full: the far link continues from where reading stopped.</summary>
    public required bool StoppedByBudget { get; init; }

    public required ReadBudget Budget { get; init; }

    /// <summary>Items the pre-filter let through whose events could not be read (not JSON, not an array): not shown.</summary>
    public int MalformedSkipped { get; init; }

    /// <summary>The server-side pre-filter sent with the reads (DynamoDB expression syntax, values inlined), or null when none was safe.</summary>
    public string? PreFilter { get; init; }
}
