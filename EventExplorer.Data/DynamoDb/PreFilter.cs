using System.Text;
using Amazon.DynamoDBv2.Model;
using EventExplorer.Data.Json;
using EventExplorer.Data.Model;

namespace EventExplorer.Data.DynamoDb;

/// <summary>
/// A server-side FilterExpression that narrows what a filtered read brings back. It is only ever a
/// necessary condition: every commit it lets through is confirmed on its parsed events. DynamoDB still
/// evaluates (and charges for) every item in the key range and stops at 1 MB before filtering, so the
/// pre-filter saves transfer and parsing, not capacity.
/// <para>
/// Text is matched inside the stored <c>events</c> JSON text, so only text that every JSON writer
/// writes literally is used: ASCII letters, digits, space and punctuation no common encoder escapes.
/// JSON.stringify escapes only quotes, backslashes and control characters, but System.Text.Json's default
/// encoder also escapes non-ASCII, &lt; &gt; &amp; ' + and `, and some writers escape /. A needle with any
/// of those is confirmed on the parsed events alone, without a pre-filter (a pre-filter on it could hide a match).
/// </para>
/// </summary>
internal sealed class PreFilter
{
    private const string SafePunctuation = " -_.:@#$%*!?,;=()[]{}~^|";

    private readonly List<string> _conditions = [];
    private readonly List<string> _display = [];

    public Dictionary<string, string> Names { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, AttributeValue> Values { get; } = new(StringComparer.Ordinal);

    public bool IsEmpty => _conditions.Count == 0;

    public string Expression => string.Join(" AND ", _conditions);

    /// <summary>The expression with its values written in, for the user to see what was sent.</summary>
    public string Display => string.Join(" AND ", _display);

    /// <summary>The pre-filter for a filter and an optional payload query; null when nothing can safely narrow the read.</summary>
    public static PreFilter? For(CommitFilter? filter, PayloadQuery? payload = null, JsonPathPattern? setsField = null)
    {
        var pre = new PreFilter();
        if (filter is not null)
        {
            if (!string.IsNullOrEmpty(filter.AggregateIdPrefix)) pre.BeginsWith(Attr.AggregateId, filter.AggregateIdPrefix);
            if (!string.IsNullOrEmpty(filter.EventType) && IsLiteral(filter.EventType)) pre.EventsContain(Quoted(filter.EventType));
            if (filter.Payload is not null) pre.AddPayload(filter.Payload);
        }
        if (payload is not null) pre.AddPayload(payload);
        if (setsField is not null) pre.AddNames(setsField);
        return pre.IsEmpty ? null : pre;
    }

    /// <summary>True when <paramref name="text"/> appears literally in the events text of any event that holds it (see the class remarks).</summary>
    public static bool IsLiteral(string text) =>
        text.Length > 0 && text.All(c => char.IsAsciiLetterOrDigit(c) || SafePunctuation.Contains(c, StringComparison.Ordinal));

    public void ApplyTo(QueryRequest request)
    {
        request.FilterExpression = Expression;
        foreach (var (name, attribute) in Names) request.ExpressionAttributeNames[name] = attribute;
        foreach (var (name, value) in Values) request.ExpressionAttributeValues[name] = value;
    }

    /// <summary>
    /// The needles of <see cref="Expression"/>'s contains() conditions: a commit whose events text lacks
    /// one cannot match, which lets a read without the pre-filter pass over it without parsing.
    /// </summary>
    public List<string> EventsNeedles { get; } = [];

    private void AddPayload(PayloadQuery query)
    {
        if (query.Kind == PayloadQueryKind.Text)
        {
            if (!query.IgnoreCase && IsLiteral(query.Text!)) EventsContain(query.Text!);
            return;
        }
        AddNames(query.Path!);
        // A string value is written in quotes; other values have more than one spelling (1 and 1.0).
        if (query.Value is { ValueKind: System.Text.Json.JsonValueKind.String } value && StoredJson.GetString(value) is var text && IsLiteral(text))
        {
            EventsContain(Quoted(text));
        }
    }

    private void AddNames(JsonPathPattern path)
    {
        foreach (var name in path.PropertyNames.Distinct(StringComparer.Ordinal))
        {
            if (IsLiteral(name)) EventsContain(Quoted(name));
        }
    }

    private static string Quoted(string literal) => "\"" + literal + "\"";

    private void EventsContain(string needle)
    {
        if (EventsNeedles.Contains(needle)) return;
        Names["#pfe"] = Attr.Events;
        var value = $":pf{Values.Count}";
        Values[value] = new AttributeValue { S = needle };
        _conditions.Add($"contains(#pfe, {value})");
        _display.Add($"contains({Attr.Events}, {Json(needle)})");
        EventsNeedles.Add(needle);
    }

    private void BeginsWith(string attribute, string prefix)
    {
        Names["#pfa"] = attribute;
        var value = $":pf{Values.Count}";
        Values[value] = new AttributeValue { S = prefix };
        _conditions.Add($"begins_with(#pfa, {value})");
        _display.Add($"begins_with({attribute}, {Json(prefix)})");
    }

    private static string Json(string text)
    {
        var json = new StringBuilder("\"");
        foreach (var c in text) json.Append(c is '"' or '\\' ? "\\" + c : c.ToString());
        return json.Append('"').ToString();
    }
}
