using System.Buffers;
using System.Buffers.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Amazon.DynamoDBv2.Model;

namespace EventExplorer.Data.DynamoDb;

internal enum CursorKind
{
    Timeline,
    Feed,
    Scan,
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
/// The opaque paging token: base64url of a small JSON document naming what it pages (kind, aggregate,
/// prefix), the direction and the exclusive boundary key(s). Tokens travel in URLs, so decoding treats
/// them as untrusted input and explains every refusal with <see cref="Errors.InvalidCursorException"/>.
/// </summary>
internal sealed partial record PageCursor
{
    private const int FormatVersion = 1;

    // 16 segments of keys of up to ~2 KB each fit well below this; anything longer was not made by us.
    private const int MaxTokenLength = 100_000;

    public required CursorKind Kind { get; init; }

    /// <summary>Timeline: the aggregate the token belongs to.</summary>
    public string? AggregateId { get; init; }

    public CursorDirection Direction { get; init; }

    /// <summary>Exclusive start key of the next read; null means "from the end the direction starts at".</summary>
    public Dictionary<string, AttributeValue>? Key { get; init; }

    /// <summary>Scan: the prefix the scan was started with ("" for all).</summary>
    public string? Prefix { get; init; }

    /// <summary>Scan: one state per segment.</summary>
    public IReadOnlyList<ScanSegmentState>? Segments { get; init; }

    public string Encode()
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("v", FormatVersion);
            writer.WriteString("k", KindName(Kind));
            if (AggregateId is not null) writer.WriteString("a", AggregateId);
            if (Kind != CursorKind.Scan) writer.WriteString("d", Direction == CursorDirection.Older ? "older" : "newer");
            if (Key is not null)
            {
                writer.WritePropertyName("key");
                WriteKey(writer, Key);
            }
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

    /// <summary>Decodes a token and checks that it is a <paramref name="expected"/> token; the caller checks what it is for.</summary>
    public static PageCursor Decode(string token, CursorKind expected)
    {
        if (string.IsNullOrWhiteSpace(token)) throw Invalid("it is empty");
        if (token.Length > MaxTokenLength) throw Invalid("it is too long");

        byte[] bytes;
        try
        {
            bytes = Base64Url.DecodeFromChars(token.Trim());
        }
        catch (FormatException)
        {
            throw Invalid("it is not base64url text");
        }

        try
        {
            using var document = JsonDocument.Parse(bytes);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw Invalid("it does not hold a paging position");
            if (!root.TryGetProperty("v", out var version) || version.ValueKind != JsonValueKind.Number || !version.TryGetInt32(out var v) || v != FormatVersion)
            {
                throw Invalid("it was made by another version of EventExplorer or is damaged");
            }

            var kind = ParseKind(OptionalString(root, "k") ?? throw Invalid("it does not say what it pages"));
            if (kind != expected) throw Invalid($"it is a {KindName(kind)} link, not a {KindName(expected)} link");

            var direction = CursorDirection.Older;
            if (kind != CursorKind.Scan)
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

    public static Errors.InvalidCursorException Invalid(string detail) => new(detail);

    private static void WriteKey(Utf8JsonWriter writer, Dictionary<string, AttributeValue> key)
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

    private static Dictionary<string, AttributeValue> ReadKey(JsonElement element)
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

    private static string KindName(CursorKind kind) => kind switch
    {
        CursorKind.Timeline => "timeline",
        CursorKind.Feed => "feed",
        _ => "scan",
    };

    private static CursorKind ParseKind(string name) => name switch
    {
        "timeline" => CursorKind.Timeline,
        "feed" => CursorKind.Feed,
        "scan" => CursorKind.Scan,
        _ => throw Invalid("it does not say what it pages"),
    };

    // DynamoDB numbers: up to 38 significant digits, optional fraction and exponent.
    [GeneratedRegex(@"^-?[0-9]{1,40}(\.[0-9]{1,40})?([eE][+-]?[0-9]{1,3})?$")]
    private static partial Regex NumberPattern();
}
