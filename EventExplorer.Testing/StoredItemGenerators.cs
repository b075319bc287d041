using System.Globalization;
using System.Text;
using Amazon.DynamoDBv2.Model;
using CsCheck;

namespace EventExplorer.Testing;

/// <summary>A generated piece of stored text or an attribute, with what a reader must flag about it (<see cref="Defect"/>) or merely survive (<see cref="Oddity"/>).</summary>
public sealed record Generated<T>(T Value, string? Defect = null, string? Oddity = null);

/// <summary>
/// A commit item as another program may have written it: the raw attribute map for PutItem, and the
/// defects EventExplorer must flag on it (none when the item is well formed, whatever else is odd about it).
/// </summary>
public sealed record StoredCommitItem
{
    public required Dictionary<string, AttributeValue> Attributes { get; init; }

    /// <summary>What is wrong with the item, per attribute: the item must come back flagged as malformed exactly when this is not empty.</summary>
    public required IReadOnlyList<string> Defects { get; init; }

    /// <summary>What is unusual but valid (the item must come back unflagged by these).</summary>
    public required IReadOnlyList<string> Oddities { get; init; }

    public string AggregateId => Attributes["aggregateId"].S;

    /// <summary>The version as sent (DynamoDB may store another spelling of the same number).</summary>
    public string Version => Attributes["version"].N;

    /// <summary>In the commit-id index: <c>active = "t"</c> and a commit id of the index's type.</summary>
    public bool Indexed(bool numericCommitIds) =>
        Attributes.TryGetValue("active", out var active) && active.S == "t"
        && Attributes.TryGetValue("commitId", out var id) && (numericCommitIds ? id.N is not null : id.S is not null);

    public override string ToString() =>
        $"{StoredItemGenerators.Show(AggregateId)} v{Version}: defects [{string.Join("; ", Defects)}], odd [{string.Join("; ", Oddities)}], "
        + string.Join(", ", Attributes.Select(a => a.Key + "=" + StoredItemGenerators.Show(a.Value)));
}

/// <summary>A snapshot item as another program may have written it.</summary>
public sealed record StoredSnapshotItem
{
    public required Dictionary<string, AttributeValue> Attributes { get; init; }
    public required IReadOnlyList<string> Defects { get; init; }

    public override string ToString() =>
        $"snapshot defects [{string.Join("; ", Defects)}]: " + string.Join(", ", Attributes.Select(a => a.Key + "=" + StoredItemGenerators.Show(a.Value)));
}

/// <summary>
/// CsCheck generators of stored items of every odd shape other programs leave in an event store: events
/// text that is not JSON, not an array, with half a character (a lone surrogate escape), invalid escapes,
/// deep nesting, numbers past double and decimal, 400 KB strings; versions, commit ids and times missing,
/// mistyped or out of range; binary, set, list and map attributes. Only what DynamoDB itself accepts: key
/// attributes keep their table's and index's types (a mistyped index key is refused by PutItem).
/// Each piece says whether it is a defect a reader must flag, so a property can check "shown, and flagged
/// exactly when wrong".
/// </summary>
public static class StoredItemGenerators
{
    /// <summary>Longest string one item may carry: DynamoDB's 400 KB item limit, less room for the other attributes.</summary>
    public const int LargeStringLength = 380_000;

    private const string Plain = "abcxyz ABC-_.:/0123";

    /// <summary>Aggregate ids worth reading: escaping in URLs and markup, a formula for spreadsheets, non-ASCII, a long one.</summary>
    public static readonly IReadOnlyList<string> AggregateIds =
    [
        "order-1", "tenant/acme:user 42", "kunde-müller-äöü-ß", "注文:2024/0001", "<b>x</b>&amp;", "=HYPERLINK(\"x\")", "-2+3", " spaced ",
        "emoji-😀", "tab\there", new string('l', 600),
    ];

    /// <summary>A whole number that is a valid version and commit id.</summary>
    private static Gen<string> WholeNumber => Gen.Int[0, 40].Select(i => i.ToString(CultureInfo.InvariantCulture));

    /// <summary>Numbers DynamoDB takes that EventExplorer cannot use as a version or commit id (in canonical spelling, so that no two are one number).</summary>
    private static readonly string[] UnusableNumbers =
    [
        "2.5", "-0.5", "1E+125", "-1E+125", "1E-130", "12345678901234567890123456789012345678", "9223372036854775808", "-9223372036854775809",
    ];

    // ---- JSON text ----

    /// <summary>The body of a JSON string (between its quotes) and whether it names half of a character.</summary>
    public static Gen<Generated<string>> JsonStringBody { get; } = Gen.Frequency(
        (8, Gen.Char[Plain].Array[0, 12].Select(s => new Generated<string>(new string(s)))),
        (2, Gen.OneOf("\\ud800", "ab\\uDBFF", "\\udc00x", "\\ude00\\ud83d", "x\\ud83d").Select(s => new Generated<string>(s, "a lone surrogate escape " + s))),
        (2, Gen.OneOf("\\ud83d\\ude00", "😀", "caf\\u00e9", "é", "注文", "\\\\ud800", "\\u2028").Select(s => new Generated<string>(s, Oddity: "escapes " + s))),
        (1, Gen.OneOf("\\n\\t\\\"\\\\\\/\\b\\f", "\\u0000", "<script>alert(1)</script>", "=cmd|' /C calc'!A0", "\r").Select(s => new Generated<string>(s.Replace("\r", "\\r", StringComparison.Ordinal), Oddity: "control or markup"))),
        // Not an escape: .NET text with half a character, which the SDK sends as U+FFFD. Stored is valid.
        (1, Gen.Const(new Generated<string>("x\uD800y", Oddity: "a lone surrogate character (stored as U+FFFD)"))));

    private static Gen<Generated<string>> JsonString => JsonStringBody.Select(b => b with { Value = "\"" + b.Value + "\"" });

    private static Gen<Generated<string>> JsonNumber { get; } = Gen.Frequency(
        (6, Gen.Int[-1000, 1000].Select(i => new Generated<string>(i.ToString(CultureInfo.InvariantCulture)))),
        (2, Gen.OneOf("1e400", "-1e400", "1e-400", "123456789012345678901234567890123456789012345678901234567890", "1.5E+308", "-0", "0.1000", "7.9228162514264337593543950336E+28")
            .Select(n => new Generated<string>(n, Oddity: "number " + n))));

    private static Gen<Generated<string>> Scalar => Gen.Frequency(
        (4, JsonString),
        (3, JsonNumber),
        (1, Gen.OneOf("true", "false", "null").Select(s => new Generated<string>(s))));

    /// <summary>Names of event properties, repeated often enough to give duplicates and field histories.</summary>
    private static Gen<Generated<string>> Name => Gen.Frequency(
        (6, Gen.OneOf("type", "s", "n", "name", "lines", "a b", "").Select(n => new Generated<string>("\"" + n + "\""))),
        (1, Gen.OneOf("\\ud800", "k\\udc00").Select(n => new Generated<string>("\"" + n + "\"", "a lone surrogate escape in a name " + n))),
        (1, JsonString));

    /// <summary>Any JSON value as text, nested a few levels.</summary>
    public static Gen<Generated<string>> JsonValue { get; } = Gen.Recursive<Generated<string>>((depth, value) => depth >= 4
        ? Scalar
        : Gen.Frequency(
            (4, Scalar),
            (1, value.Array[0, 4].Select(Join('[', ']'))),
            (2, Gen.Select(Name, value, (n, v) => new Generated<string>(n.Value + ":" + v.Value, n.Defect ?? v.Defect, n.Oddity ?? v.Oddity)).Array[0, 4].Select(Join('{', '}')))));

    private static Func<Generated<string>[], Generated<string>> Join(char open, char close) => parts =>
        new Generated<string>(open + string.Join(",", parts.Select(p => p.Value)) + close,
            parts.Select(p => p.Defect).FirstOrDefault(d => d is not null), parts.Select(p => p.Oddity).FirstOrDefault(o => o is not null));

    /// <summary>One event: usually an object with a <c>type</c> (or a mistyped or missing one), sometimes any value.</summary>
    private static Gen<Generated<string>> Event => Gen.Frequency(
        (6, Gen.Select(TypeMember, Gen.Select(Name, JsonValue, (n, v) => new Generated<string>(n.Value + ":" + v.Value, n.Defect ?? v.Defect, n.Oddity ?? v.Oddity)).Array[0, 3],
            (type, members) => Join('{', '}')(type is null ? members : [type, .. members]))),
        (1, JsonValue));

    private static Gen<Generated<string>?> TypeMember => Gen.Frequency(
        (6, Gen.OneOf("placed", "paid", "x", "lineAdded").Select(t => (Generated<string>?)new Generated<string>("\"type\":\"" + t + "\""))),
        (1, Gen.OneOf("\"type\":1", "\"type\":null", "\"type\":{\"a\":1}", "\"type\":[]", "\"type\":\"\"").Select(t => (Generated<string>?)new Generated<string>(t, Oddity: "mistyped type " + t))),
        (1, Gen.Const((Generated<string>?)new Generated<string>("\"type\":\"\\ud800\"", "a lone surrogate escape in the type"))),
        (1, Gen.Const((Generated<string>?)null)));

    /// <summary>
    /// The <c>events</c> text of a commit: a JSON array of events (flagged only for half a character), or text
    /// a reader must flag: not JSON (invalid escapes, cut short, comments, NaN), not an array, nested past
    /// the parser's 256 levels. Nested 200 levels and a 380 KB string are valid and must not be flagged.
    /// </summary>
    public static Gen<Generated<string>> EventsText { get; } = Gen.Frequency(
        (10, Event.Array[0, 4].Select(Join('[', ']'))),
        (2, Gen.OneOf("{\"type\":\"notAnArray\"}", "\"text\"", "42", "null", "true").Select(t => new Generated<string>(t, "events that are not an array: " + t))),
        (2, Gen.OneOf("[\"\\x\"]", "[\"\\u12\"]", "[\"\\uZZZZ\"]", "[{\"type\": \"broken\", ", "[1,]", "[NaN]", "['single']", "", "   ", "[/*c*/1]", "[\"a\u0001b\"]", "\uFEFF[]", "[1] [2]")
            .Select(t => new Generated<string>(t, "events that are not JSON: " + Show(t)))),
        (1, Gen.OneOf(200, 300).Select(depth => depth > 256
            ? new Generated<string>(Nested(depth), $"events nested {depth} levels deep")
            : new Generated<string>(Nested(depth), Oddity: $"events nested {depth} levels deep"))),
        (1, Gen.Const(new Generated<string>("[{\"type\":\"big\",\"text\":\"" + new string('w', LargeStringLength) + "\"}]", Oddity: "a 380 KB string"))));

    private static string Nested(int depth) => "[{\"type\":\"deep\",\"v\":" + new string('[', depth - 2) + "1" + new string(']', depth - 2) + "}]";

    // ---- attributes ----

    private static Gen<AttributeValue> Binary => Gen.Byte.Array[1, 8].Select(b => new AttributeValue { B = new MemoryStream(b) });

    /// <summary>Any attribute value of a type other than S and N, nested lists and maps included.</summary>
    public static Gen<AttributeValue> OtherTypes { get; } = Gen.OneOf(
        Binary,
        Gen.Bool.Select(b => new AttributeValue { BOOL = b }),
        Gen.Const(() => new AttributeValue { NULL = true }),
        Gen.Const(() => new AttributeValue { SS = ["a", "b\uD800", "注"] }),
        Gen.Const(() => new AttributeValue { NS = ["1", "1E+125", "-2.5"] }),
        Gen.Const(() => new AttributeValue { BS = [new MemoryStream([1, 2]), new MemoryStream([3])] }),
        Gen.Const(() => new AttributeValue { L = [new AttributeValue { S = "x" }, new AttributeValue { N = "1" }, new AttributeValue { M = new() { ["k"] = new AttributeValue { BOOL = true } } }] }),
        Gen.Const(() => new AttributeValue { M = new() { ["type"] = new AttributeValue { S = "m" }, ["events"] = new AttributeValue { L = [] } } }),
        Gen.Const(() => new AttributeValue { L = [] }),
        Gen.Const(() => new AttributeValue { M = [] }));

    private static Gen<Generated<AttributeValue?>> Version => Gen.Frequency(
        (8, WholeNumber.Select(n => new Generated<AttributeValue?>(new AttributeValue { N = n }))),
        (1, Gen.OneOf(UnusableNumbers).Select(n => new Generated<AttributeValue?>(new AttributeValue { N = n }, "version " + n))),
        (1, Gen.Const(new Generated<AttributeValue?>(new AttributeValue { N = "9223372036854775807" }, "version 9223372036854775807 (no commit can follow)"))),
        (1, Gen.OneOf("-1", "-9223372036854775808").Select(n => new Generated<AttributeValue?>(new AttributeValue { N = n }, Oddity: "version " + n))));

    private static Gen<Generated<AttributeValue?>> CommitId(bool numeric) => numeric
        ? Gen.Frequency(
            (8, Gen.Int[1, 1_000_000].Select(n => new Generated<AttributeValue?>(new AttributeValue { N = n.ToString(CultureInfo.InvariantCulture) }))),
            (1, Gen.OneOf(UnusableNumbers).Select(n => new Generated<AttributeValue?>(new AttributeValue { N = n }, "commit id " + n))),
            (1, Gen.Const(new Generated<AttributeValue?>(null, "no commit id"))))
        : Gen.Frequency(
            (8, Gen.Select(Gen.Int[0, 100_000], Gen.OneOf(AggregateIds.ToArray()), (ms, id) =>
                new Generated<AttributeValue?>(new AttributeValue { S = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMilliseconds(ms).ToString("yyyyMMddHHmmssfff", CultureInfo.InvariantCulture) + ":" + id }))),
            (1, Gen.OneOf("x", "2024-01-01:a", "20240101000000000", "\uD800:a").Select(s => new Generated<AttributeValue?>(new AttributeValue { S = s }, "commit id " + Show(s)))),
            (1, Gen.Const(new Generated<AttributeValue?>(null, "no commit id"))));

    private static Gen<Generated<AttributeValue?>> CommittedAt => Gen.Frequency(
        (8, Gen.Long[0, 4_102_444_800_000].Select(ms => new Generated<AttributeValue?>(new AttributeValue { N = ms.ToString(CultureInfo.InvariantCulture) }))),
        (1, Gen.OneOf("-5", "253402300799999", "-62135596800000").Select(n => new Generated<AttributeValue?>(new AttributeValue { N = n }, Oddity: "committedAt " + n))),
        (1, Gen.OneOf("2.5", "1E+125", "253402300800000", "-62135596800001").Select(n => new Generated<AttributeValue?>(new AttributeValue { N = n }, "committedAt " + n))),
        (1, Gen.OneOf(OtherTypes, Gen.Const(() => new AttributeValue { S = "yesterday" })).Select(v => new Generated<AttributeValue?>(v, "committedAt of type " + Show(v)))),
        (1, Gen.Const(new Generated<AttributeValue?>(null, "no committedAt"))));

    private static Gen<Generated<AttributeValue?>> Events => Gen.Frequency(
        (12, EventsText.Select(t => new Generated<AttributeValue?>(new AttributeValue { S = t.Value }, t.Defect, t.Oddity))),
        (1, OtherTypes.Select(v => new Generated<AttributeValue?>(v, "events of type " + Show(v)))),
        (1, Gen.Const(new Generated<AttributeValue?>(new AttributeValue { N = "1" }, "events of type N"))),
        (1, Gen.Const(new Generated<AttributeValue?>(null, "no events"))));

    private static Gen<Dictionary<string, AttributeValue>> Extra => Gen.Select(Gen.OneOf("ttl", "meta", "note", "Events", "__type"), Gen.OneOf(
            OtherTypes, Gen.Const(() => new AttributeValue { S = "other\uD800program" }), Gen.Const(() => new AttributeValue { N = "1E-130" })),
        (name, value) => new Dictionary<string, AttributeValue> { [name] = value }).Array[0, 2]
        .Select(maps => maps.SelectMany(m => m).GroupBy(kv => kv.Key).ToDictionary(g => g.Key, g => g.Last().Value));

    /// <summary>
    /// A commit item of the layout (numeric commit ids: layout A, text: layout B) for one of <paramref name="aggregateIds"/>.
    /// Usually in the commit-id index (<c>active = "t"</c>); sometimes not, as a writer that never set it leaves it.
    /// </summary>
    public static Gen<StoredCommitItem> CommitItem(bool numericCommitIds, IReadOnlyList<string> aggregateIds) =>
        Gen.Select(Gen.OneOf(aggregateIds.ToArray()), Version, CommitId(numericCommitIds), CommittedAt, Events, Gen.Int[0, 9], Extra,
            (aggregateId, version, commitId, committedAt, events, active, extra) =>
            {
                var attributes = new Dictionary<string, AttributeValue>(extra) { ["aggregateId"] = new() { S = aggregateId }, ["version"] = version.Value! };
                if (commitId.Value is { } id) attributes["commitId"] = id;
                if (committedAt.Value is { } at) attributes["committedAt"] = at;
                if (events.Value is { } e) attributes["events"] = e;
                var oddities = new List<string?> { version.Oddity, commitId.Oddity, committedAt.Oddity, events.Oddity };
                if (active > 0) attributes["active"] = new() { S = "t" };
                else oddities.Add("not in the commit-id index");
                return new StoredCommitItem
                {
                    Attributes = attributes,
                    Defects = new[] { version.Defect, commitId.Defect, committedAt.Defect, events.Defect }.OfType<string>().ToList(),
                    Oddities = oddities.OfType<string>().Concat(extra.Keys.Select(k => "extra attribute " + k)).ToList(),
                };
            });

    /// <summary>A snapshot item keyed <paramref name="keyAttribute"/> for <paramref name="snapshotId"/>.</summary>
    public static Gen<StoredSnapshotItem> SnapshotItem(string keyAttribute, string snapshotId) =>
        Gen.Select(
            Gen.Frequency(
                (6, JsonValue.Select(v => new Generated<AttributeValue?>(new AttributeValue { S = v.Value }, v.Defect, v.Oddity))),
                (2, EventsText.Select(v => new Generated<AttributeValue?>(new AttributeValue { S = v.Value },
                    v.Defect is { } d && !d.StartsWith("events that are not an array", StringComparison.Ordinal) ? d : null, v.Oddity))),
                (1, OtherTypes.Select(v => new Generated<AttributeValue?>(v, "state of type " + Show(v)))),
                (1, Gen.Const(new Generated<AttributeValue?>(null, "no state")))),
            Gen.Frequency(
                (6, Gen.Long[0, 4_102_444_800_000].Select(ms => new Generated<AttributeValue?>(new AttributeValue { N = ms.ToString(CultureInfo.InvariantCulture) }))),
                (1, Gen.OneOf("1E+125", "2.5").Select(n => new Generated<AttributeValue?>(new AttributeValue { N = n }, n == "2.5" ? null : "createdAt " + n))),
                (1, OtherTypes.Select(v => new Generated<AttributeValue?>(v, "createdAt of type " + Show(v)))),
                (1, Gen.Const(new Generated<AttributeValue?>(null, "no createdAt")))),
            (state, createdAt) =>
            {
                var attributes = new Dictionary<string, AttributeValue> { [keyAttribute] = new() { S = snapshotId } };
                if (state.Value is { } s) attributes["state"] = s;
                if (createdAt.Value is { } c) attributes["createdAt"] = c;
                return new StoredSnapshotItem { Attributes = attributes, Defects = new[] { state.Defect, createdAt.Defect }.OfType<string>().ToList() };
            });

    /// <summary>A short, printable rendering of stored text for a failure message.</summary>
    public static string Show(string text)
    {
        var shown = new StringBuilder();
        foreach (var c in text.Length > 80 ? text[..80] : text)
        {
            if (char.IsControl(c) || char.IsSurrogate(c) || c == '\uFEFF') shown.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            else shown.Append(c);
        }
        return text.Length > 80 ? shown + $"…({text.Length} chars)" : shown.ToString();
    }

    /// <summary>An attribute value as its type and a short rendering.</summary>
    public static string Show(AttributeValue value) =>
        value.S is { } s ? "S:" + Show(s)
        : value.N is { } n ? "N:" + n
        : value.B is not null ? "B"
        : value.BOOL is { } b ? "BOOL:" + b
        : value.NULL is true ? "NULL"
        : value.SS is not null ? "SS"
        : value.NS is not null ? "NS"
        : value.BS is not null ? "BS"
        : value.L is not null ? "L"
        : value.M is not null ? "M"
        : "?";
}
