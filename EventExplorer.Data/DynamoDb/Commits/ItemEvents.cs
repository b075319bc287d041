using System.Globalization;
using System.Text.Json;
using Amazon.DynamoDBv2.Model;
using EventExplorer.Data.Json;
using EventExplorer.Data.Model;
using static EventExplorer.Data.DynamoDb.CommitItemMapper;

namespace EventExplorer.Data.DynamoDb.Commits;

/// <summary>
/// A long read's look at one item: its events parsed once, matched against a search, and its defects
/// reported, building a <see cref="Commit"/> only for an item that matches or is malformed (most items of
/// a long read do neither).
/// </summary>
internal static class ItemEvents
{
    /// <summary>The item as a search match, or null when it does not match.</summary>
    public static SearchMatch? Match(Dictionary<string, AttributeValue> item, PayloadQuery query, CommitFilter? filter, EventStoreLayout layout, MalformedTally malformed)
    {
        if (filter?.AggregateIdPrefix is { Length: > 0 } prefix && (item.GetValueOrDefault(Attr.AggregateId)?.S is not { } id || !id.StartsWith(prefix, StringComparison.Ordinal))) return null;
        using var document = Parse(item, layout, malformed);
        if (document is null) return null;

        List<EventMatch>? events = null;
        var typeSeen = string.IsNullOrEmpty(filter?.EventType);
        var extra = filter?.Payload;
        var extraSeen = extra is null;
        var index = 0;
        foreach (var element in document.RootElement.EnumerateArray())
        {
            var type = TypeOf(element);
            if (!typeSeen && type == filter!.EventType) typeSeen = true;
            if (!extraSeen && PayloadMatcher.Match(extra!, element).Count > 0) extraSeen = true;
            var paths = PayloadMatcher.Match(query, element);
            if (paths.Count > 0) (events ??= []).Add(new EventMatch { Index = index, Type = type, Paths = paths });
            index++;
        }
        if (events is null || !typeSeen || !extraSeen) return null;
        return new SearchMatch { Commit = CommitRef.Of(Map(item, layout)), Events = events };
    }

    /// <summary>
    /// The item's events as a JSON array, or null (the item reported as malformed) when they are not one.
    /// Other defects (a version, commit id or time that is wrong) are reported too, and the item is still read.
    /// </summary>
    public static JsonDocument? Parse(Dictionary<string, AttributeValue> item, EventStoreLayout layout, MalformedTally malformed)
    {
        JsonDocument? document = null;
        var wholeCharacters = true;
        if (item.GetValueOrDefault(Attr.Events)?.S is { } json)
        {
            // Half a character in a string: readable (shown as its escape), and still a defect to report.
            wholeCharacters = StoredJson.FindLoneSurrogate(json) is null;
            try
            {
                document = StoredJson.Parse(json);
                if (document.RootElement.ValueKind != JsonValueKind.Array)
                {
                    document.Dispose();
                    document = null;
                }
            }
            catch (JsonException)
            {
                document = null;
            }
        }
        if (document is null || !wholeCharacters || !LooksWellFormed(item, layout))
        {
            var commit = Map(item, layout);
            if (commit.IsMalformed) malformed.Add(new MalformedItem { Commit = CommitRef.Of(commit), Problems = commit.Problems });
        }
        return document;
    }

    /// <summary>A cheap check of the attributes besides events; only an item that fails it is mapped to find its problems.</summary>
    private static bool LooksWellFormed(Dictionary<string, AttributeValue> item, EventStoreLayout layout)
    {
        if (item.GetValueOrDefault(Attr.AggregateId)?.S is null) return false;
        if (item.GetValueOrDefault(Attr.Version)?.N is not { } version || !long.TryParse(version, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)) return false;
        if (item.GetValueOrDefault(Attr.CommittedAt)?.N is not { } at || !long.TryParse(at, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var ms) || ToTime(ms) is null) return false;
        var id = item.GetValueOrDefault(Attr.CommitId);
        var idText = layout == EventStoreLayout.CounterCommitIds ? id?.N : id?.S;
        return CommitId.TryParse(idText, layout, out _) is not null;
    }

    public static string? TypeOf(JsonElement element) => StoredJson.EventType(element);
}
