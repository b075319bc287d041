using System.Globalization;
using System.Text.Json;
using Amazon.DynamoDBv2.Model;
using EventExplorer.Data.DynamoDb;
using EventExplorer.Data.Json;
using EventExplorer.Data.Model;
using static EventExplorer.Data.DynamoDb.CommitItemMapper;

namespace EventExplorer.Data.Integrity;

/// <summary>What the history check needs of one commit item, read once by <see cref="CommitItemChecks"/>.</summary>
internal readonly record struct CommitKey(string AggregateId, string Version, string? CommitId, long? CommittedAt);

/// <summary>
/// The checks of one commit-table item on its own: its attributes against the layout (docs/layouts.md),
/// its events text, its size. The rules are the store's own (<see cref="CommitItemMapper"/>, <see cref="CommitId"/>,
/// <see cref="StoredJson"/>); this only sorts what they find into kinds and places.
/// </summary>
internal static class CommitItemChecks
{
    /// <summary>Items above this are reported as near DynamoDB's 400 KB limit.</summary>
    public const int NearSizeLimitBytes = 350 * 1024;

    private static readonly HashSet<string> Defined = new(StringComparer.Ordinal)
    {
        Attr.AggregateId, Attr.Version, Attr.CommitId, Attr.CommittedAt, Attr.Events, Attr.Active,
    };

    private const string NotInFeed = " The commit is missing from the feed (the commit-id index holds only items with both commitId and active = \"t\").";

    public static CommitKey Check(Dictionary<string, AttributeValue> item, EventStoreLayout layout, IntegrityTally tally)
    {
        // Both are the table's key: DynamoDB refuses an item without them, or of another type.
        var aggregateId = item.GetValueOrDefault(Attr.AggregateId)?.S ?? "";
        var version = item.GetValueOrDefault(Attr.Version)?.N ?? "";
        var commitId = CommitIdOf(item, layout);
        void Add(IntegrityKind kind, string detail) => tally.Add(kind, IntegrityTable.Commits, aggregateId, version, commitId, detail);

        CheckCommitId(item, layout, Add);
        var committedAt = CheckCommittedAt(item, Add);
        CheckActive(item, Add);
        CheckEvents(item, Add);

        foreach (var name in item.Keys.Where(name => !Defined.Contains(name)).Order(StringComparer.Ordinal))
        {
            Add(IntegrityKind.UndefinedAttribute, $"the attribute \"{name}\" ({DescribeType(item[name])}) is not part of the layout.");
        }

        var size = ItemSize.Of(item);
        if (size > NearSizeLimitBytes)
        {
            Add(IntegrityKind.NearSizeLimit, $"the item is {Kilobytes(size)}, near DynamoDB's 400 KB limit.");
        }
        return new CommitKey(aggregateId, version, commitId, committedAt);
    }

    /// <summary>The commit id as the layout stores it, or null when the item has none of the layout's type.</summary>
    public static string? CommitIdOf(IReadOnlyDictionary<string, AttributeValue> item, EventStoreLayout layout)
    {
        var value = item.GetValueOrDefault(Attr.CommitId);
        return layout == EventStoreLayout.CounterCommitIds ? value?.N : value?.S;
    }

    private static void CheckCommitId(Dictionary<string, AttributeValue> item, EventStoreLayout layout, Action<IntegrityKind, string> add)
    {
        if (!item.TryGetValue(Attr.CommitId, out var value))
        {
            add(IntegrityKind.MissingAttribute, "commitId is missing." + NotInFeed);
            return;
        }
        var numeric = layout == EventStoreLayout.CounterCommitIds;
        var text = numeric ? value.N : value.S;
        if (text is null)
        {
            add(IntegrityKind.MistypedAttribute, $"commitId is stored as {DescribeType(value)}, not as {(numeric ? "a number (N)" : "text (S)")} as this layout stores it." + NotInFeed);
            return;
        }
        if (CommitId.TryParse(text, layout, out var problem) is null)
        {
            add(IntegrityKind.MistypedAttribute, problem + ".");
        }
    }

    private static long? CheckCommittedAt(Dictionary<string, AttributeValue> item, Action<IntegrityKind, string> add)
    {
        if (!item.TryGetValue(Attr.CommittedAt, out var value))
        {
            add(IntegrityKind.MissingAttribute, "committedAt is missing.");
            return null;
        }
        var problems = new List<string>(1);
        var ms = ReadWholeNumber(item, Attr.CommittedAt, problems);
        if (ms is { } at && ToTime(at) is null) problems.Add($"committedAt {at} is not a time (epoch milliseconds out of range).");
        if (problems.Count > 0)
        {
            add(IntegrityKind.MistypedAttribute, problems[0]);
            return value.N is null ? null : ms;
        }
        return ms;
    }

    private static void CheckActive(Dictionary<string, AttributeValue> item, Action<IntegrityKind, string> add)
    {
        if (!item.TryGetValue(Attr.Active, out var value))
        {
            add(IntegrityKind.MissingAttribute, "active is missing." + NotInFeed);
        }
        else if (value.S != Attr.ActiveValue)
        {
            add(IntegrityKind.MistypedAttribute, (value.S is { } s
                ? $"active is \"{Shorten(s)}\", not \"t\"."
                : $"active is stored as {DescribeType(value)}, not as the text \"t\".") + NotInFeed);
        }
    }

    private static void CheckEvents(Dictionary<string, AttributeValue> item, Action<IntegrityKind, string> add)
    {
        if (!item.TryGetValue(Attr.Events, out var value))
        {
            add(IntegrityKind.MissingAttribute, "events is missing.");
            return;
        }
        if (value.S is not { } json)
        {
            add(IntegrityKind.MistypedAttribute, $"events is stored as {DescribeType(value)}, not as JSON text (S).");
            return;
        }
        if (CheckRawLoneSurrogate(json, "events", add)) return;

        try
        {
            using var document = StoredJson.Parse(json);
            CheckEscapedLoneSurrogate(json, "events", add);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Array)
            {
                add(IntegrityKind.EventsNotArray, $"events is a JSON {Describe(root.ValueKind)}, not an array.");
                return;
            }
            var untyped = new List<int>();
            var index = 0;
            foreach (var element in root.EnumerateArray())
            {
                if (StoredJson.EventType(element) is null) untyped.Add(index);
                index++;
            }
            if (untyped.Count > 0)
            {
                var which = string.Join(", ", untyped.Take(5).Select(i => i.ToString(CultureInfo.InvariantCulture))) + (untyped.Count > 5 ? ", …" : "");
                add(IntegrityKind.EventWithoutType, untyped.Count == 1
                    ? $"event {which} (of {index}) is not an object with a string \"type\"."
                    : $"{untyped.Count} events (of {index}: {which}) are not objects with a string \"type\".");
            }
        }
        catch (JsonException ex)
        {
            add(IntegrityKind.EventsNotJson, $"events is not valid JSON: {StoredJson.Describe(json, ex)}");
        }
    }

    /// <summary>
    /// Reports half of a character written raw into stored text: not valid UTF-16, so the text cannot be parsed
    /// at all (true). Half a character written as a \u escape parses, and is found by <see cref="CheckEscapedLoneSurrogate"/>.
    /// </summary>
    internal static bool CheckRawLoneSurrogate(string text, string attribute, Action<IntegrityKind, string> add)
    {
        var raw = JsonEscapes.FindLoneSurrogateChar(text);
        if (raw < 0) return false;
        add(IntegrityKind.LoneSurrogate, $"{attribute} holds half of a character (a lone surrogate, U+{(int)text[raw]:X4}) at character {raw + 1}: the text is not valid Unicode.");
        return true;
    }

    /// <summary>Reports a \u escape naming half of a character in JSON text that parsed.</summary>
    internal static void CheckEscapedLoneSurrogate(string json, string attribute, Action<IntegrityKind, string> add)
    {
        if (StoredJson.FindLoneSurrogate(json) is { } lone) add(IntegrityKind.LoneSurrogate, LoneSurrogateProblem(attribute, lone));
    }

    internal static string Kilobytes(int bytes) => (bytes / 1024.0).ToString("0.0", CultureInfo.InvariantCulture) + " KB";

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..60] + "…";
}
