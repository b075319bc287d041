using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using EventExplorer.Data.Errors;

namespace EventExplorer.Data.DynamoDb;

/// <summary>
/// Where a (segmented) snapshot scan stands: per segment, not started, after a key, or finished.
/// Travels to the browser as an opaque base64url token and comes back as untrusted input, so
/// decoding checks that it was made for this table, key and prefix.
/// </summary>
internal sealed class SnapshotScanCursor
{
    private const int Version = 1;
    private const int MaxTokenLength = 64 * 1024;

    private readonly string _table;
    private readonly string _key;
    private readonly string? _prefix;
    private readonly SegmentState[] _segments;

    private SnapshotScanCursor(string table, string key, string? prefix, SegmentState[] segments)
    {
        _table = table;
        _key = key;
        _prefix = prefix;
        _segments = segments;
    }

    public int TotalSegments => _segments.Length;

    public bool IsFinished => _segments.All(s => s.Done);

    public static SnapshotScanCursor Start(string table, string key, string? prefix, int segments) =>
        new(table, key, prefix, Enumerable.Range(0, segments).Select(_ => new SegmentState()).ToArray());

    public IReadOnlyList<int> ActiveSegments() =>
        Enumerable.Range(0, _segments.Length).Where(i => !_segments[i].Done).ToList();

    public string? StartKey(int segment) => _segments[segment].After;

    /// <summary>The segment continues after <paramref name="lastKey"/>; null means it has been read to the end.</summary>
    public void Advance(int segment, string? lastKey)
    {
        _segments[segment].After = lastKey;
        _segments[segment].Done = lastKey is null;
    }

    public string Encode()
    {
        var token = new Token
        {
            V = Version,
            T = _table,
            K = _key,
            P = _prefix,
            S = _segments.Select(s => s.Done ? new TokenSegment { D = true } : new TokenSegment { A = s.After }).ToArray(),
        };
        return Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(token, TokenContext.Default.Token));
    }

    public static SnapshotScanCursor Decode(string cursor, string table, string key, string? prefix)
    {
        if (cursor.Length > MaxTokenLength) throw new InvalidCursorException("it is too long");
        Token? token;
        try
        {
            token = JsonSerializer.Deserialize(Base64Url.DecodeFromChars(cursor), TokenContext.Default.Token);
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
            throw new InvalidCursorException("it is not a paging token");
        }

        if (token is null || token.V != Version || token.S is null || token.S.Length is < 1 or > 16)
        {
            throw new InvalidCursorException("it is not a snapshot scan token");
        }
        if (token.T != table || token.K != key)
        {
            throw new InvalidCursorException("it was made for another snapshot table");
        }
        if (token.P != prefix)
        {
            throw new InvalidCursorException("it was made for a different search");
        }

        var segments = new SegmentState[token.S.Length];
        for (var i = 0; i < segments.Length; i++)
        {
            var s = token.S[i] ?? throw new InvalidCursorException("a segment is missing");
            if (s.A is not null && (s.A.Length == 0 || Encoding.UTF8.GetByteCount(s.A) > 2048 || s.D))
            {
                throw new InvalidCursorException("a segment position is not valid");
            }
            segments[i] = new SegmentState { After = s.A, Done = s.D };
        }
        if (segments.All(s => s.Done)) throw new InvalidCursorException("the scan it continues has already ended");
        return new SnapshotScanCursor(table, key, prefix, segments);
    }

    private sealed class SegmentState
    {
        public string? After { get; set; }
        public bool Done { get; set; }
    }

    internal sealed class Token
    {
        public int V { get; set; }
        public string? T { get; set; }
        public string? K { get; set; }
        public string? P { get; set; }
        public TokenSegment?[]? S { get; set; }
    }

    internal sealed class TokenSegment
    {
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public string? A { get; set; }

        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
        public bool D { get; set; }
    }
}

[JsonSerializable(typeof(SnapshotScanCursor.Token))]
internal sealed partial class TokenContext : JsonSerializerContext;
