using System.Globalization;
using Amazon.DynamoDBv2.Model;
using EventExplorer.Data.Errors;
using EventExplorer.Data.Model;
using static EventExplorer.Data.DynamoDb.CommitItemMapper;

namespace EventExplorer.Data.DynamoDb.Commits;

/// <summary>Checks what a user or a link gave (page sizes, versions, typed commit ids) and names it in messages.</summary>
internal static class QueryInput
{
    public const int MaxPageSize = 1000;

    /// <summary>DynamoDB's limit for a partition or sort key value.</summary>
    public const int MaxKeyBytes = 1024;

    public static void ValidatePageSize(int pageSize, string what = "page size")
    {
        if (pageSize is < 1 or > MaxPageSize)
        {
            throw new InvalidQueryException($"The {what} must be between 1 and {MaxPageSize} (got {pageSize}).");
        }
    }

    public static void RequireAggregateId(string? aggregateId)
    {
        if (string.IsNullOrWhiteSpace(aggregateId)) throw new InvalidQueryException("An aggregate id is required.");
    }

    public static void ValidateIdPrefix(string? prefix)
    {
        if (prefix is not null && System.Text.Encoding.UTF8.GetByteCount(prefix) > MaxKeyBytes)
        {
            throw new InvalidQueryException($"The id prefix is longer than any aggregate id can be ({MaxKeyBytes} bytes).");
        }
    }

    public static long ParseVersion(string? value) =>
        long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var version)
            ? version
            : throw PageCursor.Invalid($"'{Shorten(value ?? "")}' is not a version number");

    /// <summary>
    /// Where a jump the user typed starts. Layout A: a commit number. Layout B: a commit id, a leading
    /// part of its timestamp, or a date and time meaning "from that moment" (ids begin with the writer's
    /// UTC clock, so the moment's <see cref="CommitId.TimestampPrefix"/> sorts before every id written then).
    /// </summary>
    public static (AttributeValue Bound, CommitId? Id) JumpTarget(string typed, EventStoreLayout layout)
    {
        var text = typed.Trim();
        if (text.Length == 0) throw new InvalidQueryException("The commit id to jump to is empty.");
        if (CommitId.TryParse(text, layout, out _) is { } id) return (ToAttribute(id), id);
        if (layout == EventStoreLayout.CounterCommitIds)
        {
            throw new InvalidQueryException($"Commit id '{Shorten(text)}' is not a whole number. This store numbers its commits (e.g. 1042).");
        }
        if (text.Length <= CommitId.TimestampFormat.Length && text.All(char.IsAsciiDigit)) return (new AttributeValue { S = text }, null);
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var time))
        {
            return (new AttributeValue { S = CommitId.TimestampPrefix(time) }, null);
        }
        throw new InvalidQueryException(
            $"'{Shorten(text)}' is neither a commit id of this store (yyyyMMddHHmmssfff:aggregateId) nor a UTC date and time (e.g. 2026-11-21T06:00Z).");
    }

    /// <summary>
    /// The inclusive upper bound for a typed end id. Layout B also takes a leading part of an id
    /// (<c>2026112106</c>): every id it starts is included, i.e. everything below the next prefix.
    /// </summary>
    public static AttributeValue UpperBound(string typed, EventStoreLayout layout)
    {
        var text = typed.Trim();
        if (CommitId.TryParse(text, layout, out _) is { } id) return ToAttribute(id);
        if (layout == EventStoreLayout.TimestampCommitIds && text.Length is > 0 and <= 17 && text.All(char.IsAsciiDigit))
        {
            // "2026112106" + 1 in its last character ('9' + 1 is ':', which sorts after every digit). No id equals
            // the result (ids are longer), so "at most" it is "below" it.
            return new AttributeValue { S = text[..^1] + (char)(text[^1] + 1) };
        }
        return JumpTarget(text, layout).Bound;
    }

    public static string LayoutWords(EventStoreLayout layout) => layout == EventStoreLayout.CounterCommitIds
        ? "it numbers its commits, e.g. 1042"
        : "its commit ids have the form yyyyMMddHHmmssfff:aggregateId";

    public static string Shorten(string text) => text.Length <= 60 ? text : text[..60] + "…";
}
