using System.Globalization;
using System.Text.Json;
using Amazon.DynamoDBv2.Model;
using EventExplorer.Data.Json;
using EventExplorer.Data.Model;

namespace EventExplorer.Data.DynamoDb;

/// <summary>Attribute names of a commit item (docs/layouts.md).</summary>
internal static class Attr
{
    public const string AggregateId = "aggregateId";
    public const string Version = "version";
    public const string CommitId = "commitId";
    public const string CommittedAt = "committedAt";
    public const string Events = "events";
    public const string Active = "active";

    /// <summary>The value of <c>active</c> on every commit; the index's partition key.</summary>
    public const string ActiveValue = "t";
}

/// <summary>
/// Turns a commit-table item into a <see cref="Commit"/>. Other programs wrote these items, so
/// nothing here throws on bad data: every defect becomes a line in <see cref="Commit.Problems"/>
/// and the raw text is kept for the user to see.
/// </summary>
internal static class CommitItemMapper
{
    public static Commit Map(IReadOnlyDictionary<string, AttributeValue> item, EventStoreLayout layout)
    {
        var problems = new List<string>();

        var aggregateId = item.TryGetValue(Attr.AggregateId, out var idValue) && idValue.S is { } id ? id : null;
        if (aggregateId is null) problems.Add("The item has no aggregateId text.");

        var version = ReadWholeNumber(item, Attr.Version, problems);
        // Valid, but a dead end worth flagging: head + 1 would overflow, so nothing can be appended after it.
        if (version == long.MaxValue) problems.Add($"version {long.MaxValue} is the largest version there is: no commit can follow it.");
        var commitId = ReadCommitId(item, layout, problems);
        var committedAtMs = ReadWholeNumber(item, Attr.CommittedAt, problems);
        var committedAt = ToTime(committedAtMs);
        if (committedAtMs is { } ms && committedAt is null) problems.Add($"committedAt {ms} is not a time (epoch milliseconds out of range).");

        var (eventsJson, events) = ReadEvents(item, problems);

        return new Commit
        {
            AggregateId = aggregateId ?? "",
            Version = version,
            CommitId = commitId,
            CommittedAt = committedAt,
            EventsJson = eventsJson,
            Events = events,
            Problems = problems,
            SizeBytes = ItemSize.Of(item),
            Key = KeyText(aggregateId, item),
        };
    }

    /// <summary>A commit id as the index stores it: N in layout A, S in layout B.</summary>
    public static AttributeValue ToAttribute(CommitId id) =>
        id.Layout == EventStoreLayout.CounterCommitIds ? new AttributeValue { N = id.Text } : new AttributeValue { S = id.Text };

    // The stored version text, not the parsed number: an item whose version is 2.5 (or not a number)
    // still gets a key of its own.
    private static string KeyText(string? aggregateId, IReadOnlyDictionary<string, AttributeValue> item)
    {
        var version = item.TryGetValue(Attr.Version, out var value) ? value.N ?? value.S ?? AttributeText.Describe(value) : "";
        return (aggregateId ?? "") + "\u0000" + version;
    }

    /// <summary>Epoch milliseconds as a time; null when absent or outside what a date can hold.</summary>
    internal static DateTimeOffset? ToTime(long? epochMilliseconds) =>
        epochMilliseconds is { } ms && ms is >= -62135596800000 and <= 253402300799999 ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;

    /// <summary>The numeric value of a whole-number attribute, or null (with a problem line) when it is missing or not one.</summary>
    internal static long? ReadWholeNumber(IReadOnlyDictionary<string, AttributeValue> item, string name, List<string>? problems)
    {
        if (!item.TryGetValue(name, out var value))
        {
            problems?.Add($"{name} is missing.");
            return null;
        }
        if (value.N is { } number)
        {
            if (long.TryParse(number, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed)) return parsed;
            problems?.Add(IsWholeNumber(number)
                ? $"{name} {number} is a whole number beyond what EventExplorer handles (from {long.MinValue} to {long.MaxValue})."
                : $"{name} {number} is not a whole number.");
            return null;
        }
        problems?.Add($"{name} is stored as {DescribeType(value)}{Quote(value)}, not as a number.");
        return null;
    }

    // DynamoDB numbers have up to 38 significant digits and an exponent: 1e20 is whole, 1.5 is not.
    private static bool IsWholeNumber(string number) =>
        decimal.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d == decimal.Truncate(d)
        : double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) && double.IsFinite(x) && x == Math.Floor(x);

    /// <summary>The stored commit id if it has the layout's type and format; otherwise null and a problem line that shows what is stored.</summary>
    private static CommitId? ReadCommitId(IReadOnlyDictionary<string, AttributeValue> item, EventStoreLayout layout, List<string> problems)
    {
        if (!item.TryGetValue(Attr.CommitId, out var value))
        {
            problems.Add("commitId is missing.");
            return null;
        }

        var numeric = layout == EventStoreLayout.CounterCommitIds;
        var text = numeric ? value.N : value.S;
        if (text is null)
        {
            problems.Add(numeric
                ? $"commitId is stored as {DescribeType(value)}{Quote(value)}; this store uses numeric commit ids."
                : $"commitId is stored as {DescribeType(value)}{Quote(value)}; this store uses text commit ids (yyyyMMddHHmmssfff:aggregateId).");
            return null;
        }
        var id = CommitId.TryParse(text, layout, out var problem);
        if (id is null) problems.Add(problem + ".");
        return id;
    }

    private static (string? Json, IReadOnlyList<CommitEvent> Events) ReadEvents(IReadOnlyDictionary<string, AttributeValue> item, List<string> problems)
    {
        if (!item.TryGetValue(Attr.Events, out var value))
        {
            problems.Add("events is missing.");
            return (null, []);
        }
        if (value.S is not { } json)
        {
            problems.Add($"events is stored as {DescribeType(value)}, not as JSON text.");
            return (null, []);
        }

        try
        {
            using var document = StoredJson.Parse(json);
            var root = document.RootElement;
            if (StoredJson.FindLoneSurrogate(json) is { } lone) problems.Add(LoneSurrogateProblem("events", lone));
            if (root.ValueKind != JsonValueKind.Array)
            {
                problems.Add($"events is a JSON {Describe(root.ValueKind)}, not an array.");
                return (json, []);
            }

            var events = new List<CommitEvent>(root.GetArrayLength());
            foreach (var element in root.EnumerateArray())
            {
                events.Add(new CommitEvent { Index = events.Count, Type = StoredJson.EventType(element), Json = element.GetRawText() });
            }
            return (json, events);
        }
        catch (JsonException ex)
        {
            problems.Add($"events is not valid JSON: {StoredJson.Describe(json, ex)}");
            return (json, []);
        }
    }

    /// <summary>
    /// The problem line for JSON text that names half of a character: readable, since the parser accepts it,
    /// and shown with the escape in its place. It does not start with the attribute's name: those lines say
    /// the text could not be read at all (see HasEventsProblem).
    /// </summary>
    internal static string LoneSurrogateProblem(string attribute, JsonSyntaxError lone) =>
        $"A string in {attribute} is not valid Unicode at line {lone.Line}, column {lone.Column}: {lone.Reason} It is shown as that escape.";

    internal static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Null => "null",
        _ => "value",
    };

    internal static string DescribeType(AttributeValue value)
    {
        if (value.S is not null) return "text (S)";
        if (value.N is not null) return "a number (N)";
        if (value.B is not null) return "binary (B)";
        if (value.BOOL is not null) return "a boolean (BOOL)";
        if (value.NULL is not null) return "null (NULL)";
        if (value.L is not null) return "a list (L)";
        if (value.M is not null) return "a map (M)";
        if (value.SS is not null) return "a string set (SS)";
        if (value.NS is not null) return "a number set (NS)";
        if (value.BS is not null) return "a binary set (BS)";
        return "an empty value";
    }

    private static string Quote(AttributeValue value) =>
        value.S is { } s ? $" '{Truncate(s)}'" : value.N is { } n ? $" {n}" : "";

    private static string Truncate(string text) => text.Length <= 60 ? text : text[..60] + "…";
}
