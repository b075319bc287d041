using System.Buffers;
using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Amazon.DynamoDBv2.Model;
using EventExplorer.Data.Errors;
using EventExplorer.Data.Json;

namespace EventExplorer.Data.DynamoDb;

/// <summary>What a <see cref="PageCursor"/> pages; a token is only accepted by the read it was made for.</summary>
internal enum CursorKind
{
    Timeline,
    Feed,
    AggregateScan,
    SnapshotScan,
}

internal enum CursorDirection
{
    Older,
    Newer,
}

/// <summary>Where one parallel-scan segment stands: not started (no key), part-way (key) or finished.</summary>
internal sealed record ScanSegmentState(bool Done, Dictionary<string, AttributeValue>? Key)
{
    public static readonly ScanSegmentState NotStarted = new(false, null);
    public static readonly ScanSegmentState Finished = new(true, null);
}

/// <summary>
/// The one opaque paging token of the explorer (timeline, feed, aggregate scan, snapshot scan):
/// base64url of a small JSON document that names what it pages (kind; the aggregate, table, key
/// attribute and prefix as relevant) and where the next read starts. Tokens travel in URLs, so
/// <see cref="Decode"/> treats them as untrusted input and explains every refusal with an
/// <see cref="InvalidCursorException"/>; the reader then checks that the token was made for it.
/// </summary>
internal sealed partial record PageCursor
{
    // 2: one codec for every kind (1 was the timeline/feed token; the snapshot scan had its own).
    private const int FormatVersion = 2;

    // 16 segments of the longest keys (2 KB snapshot ids, JSON-escaped at worst 6 characters a byte,
    // then base64) stay below this; anything longer was not made by us and is not worth decoding.
    private const int MaxTokenLength = 320 * 1024;

    public required CursorKind Kind { get; init; }

    /// <summary>Timeline: the aggregate the token belongs to.</summary>
    public string? AggregateId { get; init; }

    /// <summary>Timeline and feed: which way the next read goes.</summary>
    public CursorDirection Direction { get; init; }

    /// <summary>Timeline and feed: exclusive start key of the next read; null means "from the end the direction starts at".</summary>
    public Dictionary<string, AttributeValue>? Key { get; init; }

    /// <summary>Scans: the table read.</summary>
    public string? Table { get; init; }

    /// <summary>Snapshot scan: the table's hash key attribute.</summary>
    public string? KeyAttribute { get; init; }

    /// <summary>Scans: the id prefix the scan was started with ("" for all).</summary>
    public string? Prefix { get; init; }

    /// <summary>Scans: one state per segment.</summary>
    public IReadOnlyList<ScanSegmentState>? Segments { get; init; }

    public string Encode()
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, StoredJson.CompactWriter))
        {
            writer.WriteStartObject();
            writer.WriteNumber("v", FormatVersion);
            writer.WriteString("k", KindCode(Kind));
            if (AggregateId is not null) writer.WriteString("a", AggregateId);
            if (Kind is CursorKind.Timeline or CursorKind.Feed) writer.WriteString("d", Direction == CursorDirection.Older ? "older" : "newer");
            if (Key is not null)
            {
                writer.WritePropertyName("key");
                WriteKey(writer, Key);
            }
            if (Table is not null) writer.WriteString("t", Table);
            if (KeyAttribute is not null) writer.WriteString("ka", KeyAttribute);
            if (Prefix is not null) writer.WriteString("p", Prefix);
            if (Segments is not null)
            {
                writer.WriteStartArray("s");
                foreach (var segment in Segments)
                {
                    writer.WriteStartObject();
                    if (segment.Done) writer.WriteBoolean("done", true);
                    if (segment.Key is not null)
                    {
                        writer.WritePropertyName("key");
                        WriteKey(writer, segment.Key);
                    }
                    writer.WriteEndObject();
                }
                writer.WriteEndArray();
            }
            writer.WriteEndObject();
        }
        return Base64Url.EncodeToString(buffer.WrittenSpan);
    }

    /// <summary>Decodes a token and checks that it is an <paramref name="expected"/> token; the caller checks what it is for.</summary>
    public static PageCursor Decode(string? token, CursorKind expected)
    {
        if (string.IsNullOrWhiteSpace(token)) throw Invalid("it is empty");
        if (token.Length > MaxTokenLength) throw Invalid("it is too long");

        string json;
        try
        {
            json = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(Base64Url.DecodeFromChars(token.Trim()));
        }
        catch (FormatException)
        {
            throw Invalid("it is not base64url text");
        }
        catch (ArgumentException)
        {
            throw Invalid("its content is not readable");
        }

        try
        {
            using var document = StoredJson.Parse(json);
            // Our cursors never hold half a character; a link that does was made by hand, and reading it would throw.
            if (StoredJson.FindLoneSurrogate(json) is not null) throw Invalid("its content is not readable");
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw Invalid("it does not hold a paging position");
            if (!root.TryGetProperty("v", out var version) || version.ValueKind != JsonValueKind.Number || !version.TryGetInt32(out var v) || v != FormatVersion)
            {
                throw Invalid("it was made by another version of EventExplorer or is damaged");
            }

            var kind = ParseKind(OptionalString(root, "k") ?? throw Invalid("it does not say what it pages"));
            if (kind != expected) throw Invalid($"it is {KindName(kind)}, not {KindName(expected)}");

            var direction = CursorDirection.Older;
            if (kind is CursorKind.Timeline or CursorKind.Feed)
            {
                direction = OptionalString(root, "d") switch
                {
                    "older" => CursorDirection.Older,
                    "newer" => CursorDirection.Newer,
                    _ => throw Invalid("its direction is missing or unknown"),
                };
            }

            List<ScanSegmentState>? segments = null;
            if (root.TryGetProperty("s", out var segmentsElement))
            {
                if (segmentsElement.ValueKind != JsonValueKind.Array) throw Invalid("its scan segments are damaged");
                segments = [];
                foreach (var segment in segmentsElement.EnumerateArray())
                {
                    if (segment.ValueKind != JsonValueKind.Object) throw Invalid("its scan segments are damaged");
                    var done = segment.TryGetProperty("done", out var doneElement) && doneElement.ValueKind == JsonValueKind.True;
                    var key = segment.TryGetProperty("key", out var keyElement) ? ReadKey(keyElement) : null;
                    if (done && key is not null) throw Invalid("its scan segments are damaged");
                    segments.Add(done ? ScanSegmentState.Finished : key is null ? ScanSegmentState.NotStarted : new ScanSegmentState(false, key));
                }
            }

            return new PageCursor
            {
                Kind = kind,
                AggregateId = OptionalString(root, "a"),
                Direction = direction,
                Key = root.TryGetProperty("key", out var keyProperty) ? ReadKey(keyProperty) : null,
                Table = OptionalString(root, "t"),
                KeyAttribute = OptionalString(root, "ka"),
                Prefix = OptionalString(root, "p"),
                Segments = segments,
            };
        }
        catch (JsonException)
        {
            throw Invalid("its content is not readable");
        }
    }

    /// <summary>
    /// Checks a scan token against the scan it is offered to: same table (and key attribute), same
    /// prefix, a sane number of segments, each positioned on a key of the table's shape.
    /// </summary>
    public void RequireScanOf(string table, string? keyAttribute, string prefix, int maxSegments, params (string Name, string Type)[] keyShape)
    {
        if (Table != table) throw Invalid($"it continues a search of another table ('{Shorten(Table ?? "")}', not '{Shorten(table)}')");
        if (KeyAttribute != keyAttribute) throw Invalid("it was made for a table with another key attribute");
        if ((Prefix ?? "") != prefix) throw Invalid("it continues a search for another prefix");
        if (Segments is not { Count: >= 1 } segments || segments.Count > maxSegments) throw Invalid("its scan segments are damaged");
        if (segments.All(s => s.Done)) throw Invalid("the search it continues has already ended");
        foreach (var segment in segments)
        {
            if (segment.Key is not null) RequireKeyShape(segment.Key, keyShape);
        }
    }

    /// <summary>
    /// Checks that <paramref name="key"/> has exactly the given attributes with the given types
    /// ("S" or "N"), so that a crafted token cannot send DynamoDB an arbitrary start key.
    /// </summary>
    public static void RequireKeyShape(Dictionary<string, AttributeValue> key, params (string Name, string Type)[] shape)
    {
        if (key.Count != shape.Length) throw Invalid("its position does not fit this table");
        foreach (var (name, type) in shape)
        {
            if (!key.TryGetValue(name, out var value)) throw Invalid("its position does not fit this table");
            var matches = type == "S" ? value.S is not null : value.N is not null;
            if (!matches) throw Invalid("its position does not fit this table's layout");
        }
    }

    /// <summary>The key attributes of <paramref name="item"/> as a start key (S or N values copied).</summary>
    public static Dictionary<string, AttributeValue> KeyOf(IReadOnlyDictionary<string, AttributeValue> item, IReadOnlyList<string> attributes)
    {
        var key = new Dictionary<string, AttributeValue>(attributes.Count, StringComparer.Ordinal);
        foreach (var name in attributes)
        {
            var value = item[name];
            key[name] = value.S is not null ? new AttributeValue { S = value.S } : new AttributeValue { N = value.N };
        }
        return key;
    }

    public static InvalidCursorException Invalid(string detail) => new(detail);

    internal static void WriteKey(Utf8JsonWriter writer, Dictionary<string, AttributeValue> key)
    {
        writer.WriteStartObject();
        foreach (var (name, value) in key.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            writer.WriteStartObject(name);
            if (value.S is not null) writer.WriteString("S", value.S);
            else if (value.N is not null) writer.WriteString("N", value.N);
            else throw new InvalidOperationException($"Key attribute '{name}' is neither S nor N.");
            writer.WriteEndObject();
        }
        writer.WriteEndObject();
    }

    internal static Dictionary<string, AttributeValue> ReadKey(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object) throw Invalid("its position is damaged");
        var key = new Dictionary<string, AttributeValue>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            if (property.Value.ValueKind != JsonValueKind.Object) throw Invalid("its position is damaged");
            AttributeValue? value = null;
            foreach (var typed in property.Value.EnumerateObject())
            {
                if (value is not null || typed.Value.ValueKind != JsonValueKind.String) throw Invalid("its position is damaged");
                var text = typed.Value.GetString()!;
                value = typed.Name switch
                {
                    "S" when text.Length > 0 => new AttributeValue { S = text },
                    "N" when NumberPattern().IsMatch(text) => new AttributeValue { N = text },
                    _ => throw Invalid("its position is damaged"),
                };
            }
            if (value is null || !key.TryAdd(property.Name, value)) throw Invalid("its position is damaged");
        }
        return key;
    }

    private static string? OptionalString(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) ? value.ValueKind == JsonValueKind.String ? value.GetString() : throw Invalid("it is damaged") : null;

    private static string KindCode(CursorKind kind) => kind switch
    {
        CursorKind.Timeline => "timeline",
        CursorKind.Feed => "feed",
        CursorKind.AggregateScan => "aggregates",
        _ => "snapshots",
    };

    private static string KindName(CursorKind kind) => kind switch
    {
        CursorKind.Timeline => "a timeline link",
        CursorKind.Feed => "a feed link",
        CursorKind.AggregateScan => "an aggregate search link",
        _ => "a snapshot search link",
    };

    private static CursorKind ParseKind(string code) => code switch
    {
        "timeline" => CursorKind.Timeline,
        "feed" => CursorKind.Feed,
        "aggregates" => CursorKind.AggregateScan,
        "snapshots" => CursorKind.SnapshotScan,
        _ => throw Invalid("it does not say what it pages"),
    };

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..60] + "…";

    // DynamoDB numbers: up to 38 significant digits, optional fraction and exponent.
    [GeneratedRegex(@"^-?[0-9]{1,40}(\.[0-9]{1,40})?([eE][+-]?[0-9]{1,3})?$")]
    private static partial Regex NumberPattern();
}
