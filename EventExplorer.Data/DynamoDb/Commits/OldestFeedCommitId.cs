using Amazon.DynamoDBv2.Model;

namespace EventExplorer.Data.DynamoDb.Commits;

/// <summary>
/// The feed's oldest commit id, once read, answers "anything older?" for feed jumps without a request for
/// <see cref="Lifetime"/>. Event stores are appended to, so the oldest id rarely changes; within this time a
/// commit deleted at the bottom can leave an Older link to an empty page, and one written with an id below
/// every other (a skewed writer clock) is missed by the Older link, not by "From oldest".
/// </summary>
internal sealed class OldestFeedCommitId(KeyRangeReader reader, TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    // A reference swapped whole, so concurrent circuits never see half an update.
    private sealed record Known(AttributeValue? Value, DateTimeOffset ReadAt);

    private Known? _known;

    /// <summary>The oldest page was just read: its first commit id is the feed's oldest (null for an empty feed).</summary>
    public void Remember(AttributeValue? oldest) => _known = new Known(oldest, time.GetUtcNow());

    /// <summary>
    /// Whether the feed holds a commit id below <paramref name="bound"/>: from the remembered oldest commit id when
    /// it is fresh (no request), otherwise by reading the oldest one (a request, alongside the page read).
    /// </summary>
    public async Task<(bool Below, int Requests)> AnythingBelowAsync(AttributeValue bound, CancellationToken cancellationToken)
    {
        if (_known is { } known && time.GetUtcNow() - known.ReadAt < Lifetime)
        {
            return (known.Value is { } oldest && SortKeys.Compare(oldest, bound) < 0, 0);
        }
        var request = reader.IndexRequest(readDescending: false, null);
        request.Limit = 1;
        request.ProjectionExpression = "#c";
        request.ExpressionAttributeNames["#c"] = Attr.CommitId;
        var response = await reader.QueryAsync(request, cancellationToken).ConfigureAwait(false);
        var first = response.Items is { Count: > 0 } items && items[0].TryGetValue(Attr.CommitId, out var id) ? id : null;
        Remember(first);
        return (first is not null && SortKeys.Compare(first, bound) < 0, 1);
    }
}
