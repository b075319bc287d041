using System.Buffers;
using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using Amazon.DynamoDBv2.Model;
using EventExplorer.Data.DynamoDb;
using EventExplorer.Data.DynamoDb.Commits;
using EventExplorer.Data.Errors;
using EventExplorer.Data.Json;
using EventExplorer.Data.Model;

namespace EventExplorer.Data.Integrity;

/// <summary>The previous entry of the feed, for the checks of the next one.</summary>
internal sealed record FeedEntry(string CommitId, long? CommittedAt, string AggregateId, string Version);

/// <summary>Where a check stands: the phase, each segment's position and aggregate, the feed's position, and the totals so far.</summary>
internal sealed class IntegrityState
{
    public required IntegrityPhase Phase { get; set; }
    public required ScanSegmentState[] CommitSegments { get; init; }
    public required AggregateRun?[] Runs { get; init; }
    /// <summary>The commit table's next round, being read while the last one is checked; not part of the token (a continued run reads it again).</summary>
    public Task<CommitRound>? NextCommitRound { get; set; }

    /// <summary>The feed's key ranges, once planned (null before the feed phase starts).</summary>
    public FeedRange[]? FeedRanges { get; set; }
    public required ScanSegmentState[] SnapshotSegments { get; init; }
    public IReadOnlyDictionary<IntegrityKind, long> Counts { get; init; } = new Dictionary<IntegrityKind, long>();
    public long CommitsChecked { get; init; }
    public long FeedEntriesChecked { get; init; }
    public long SnapshotsChecked { get; init; }

    public static IntegrityState Start(int segments)
    {
        var scan = SegmentedScan.Start(segments);
        return new IntegrityState
        {
            Phase = IntegrityPhase.Commits,
            CommitSegments = scan.ToArray(),
            Runs = new AggregateRun?[segments],
            SnapshotSegments = scan.ToArray(),
        };
    }
}

/// <summary>
/// The continue token of an integrity check: base64url of a small JSON document, as <see cref="PageCursor"/>
/// makes its tokens (and with its key codec). It travels in a URL, so <see cref="Decode"/> treats it as
/// untrusted input: every position must have the shape of the tables' keys, and every refusal says why.
/// </summary>
internal static class IntegrityToken
{
    private const int FormatVersion = 1;
    private const string Kind = "integrity";
    private const int MaxTokenLength = 400 * 1024;

    // The one attribute of a feed range's bound, written with the key codec.
    private const string Bound = "c";

    public static string Encode(IntegrityState state, IntegrityTally tally, StoreDescription store)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, StoredJson.CompactWriter))
        {
            writer.WriteStartObject();
            writer.WriteNumber("v", FormatVersion);
            writer.WriteString("k", Kind);
            writer.WriteString("t", store.CommitTable);
            writer.WriteString("l", LayoutCode(store.Layout));
            writer.WriteString("p", state.Phase.ToString());
            writer.WriteStartArray("cs");
            for (var i = 0; i < state.CommitSegments.Length; i++)
            {
                WriteSegment(writer, state.CommitSegments[i]);
                if (state.Runs[i] is { } run)
                {
                    writer.WriteStartObject("run");
                    writer.WriteString("a", run.AggregateId);
                    if (run.LastVersion is { } v) writer.WriteNumber("v", v);
                    if (run.LastCommittedAt is { } at) writer.WriteNumber("at", at);
                    writer.WriteEndObject();
                }
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            if (state.FeedRanges is { } ranges)
            {
                writer.WriteStartArray("fr");
                foreach (var range in ranges)
                {
                    writer.WriteStartObject();
                    if (range.From is not null && range.To is not null)
                    {
                        writer.WritePropertyName("from");
                        PageCursor.WriteKey(writer, new() { [Bound] = range.From });
                        writer.WritePropertyName("to");
                        PageCursor.WriteKey(writer, new() { [Bound] = range.To });
                    }
                    if (range.Done) writer.WriteBoolean("done", true);
                    if (range.Key is not null)
                    {
                        writer.WritePropertyName("key");
                        PageCursor.WriteKey(writer, range.Key);
                    }
                    WriteEntry(writer, "first", range.First);
                    WriteEntry(writer, "last", range.Last);
                    writer.WriteEndObject();
                }
                writer.WriteEndArray();
            }
            writer.WriteStartArray("ss");
            foreach (var segment in state.SnapshotSegments)
            {
                WriteSegment(writer, segment);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteStartObject("n");
            foreach (var (kind, count) in tally.Counts.Where(c => c.Value > 0)) writer.WriteNumber(kind.ToString(), count);
            writer.WriteEndObject();
            writer.WriteNumber("cc", tally.CommitsChecked);
            writer.WriteNumber("fc", tally.FeedEntriesChecked);
            writer.WriteNumber("sc", tally.SnapshotsChecked);
            writer.WriteEndObject();
        }
        return Base64Url.EncodeToString(buffer.WrittenSpan);
    }

    public static IntegrityState Decode(string token, StoreDescription store)
    {
        if (string.IsNullOrWhiteSpace(token)) throw Invalid("it is empty");
        if (token.Length > MaxTokenLength) throw Invalid("it is too long");
        string json;
        try
        {
            json = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(Base64Url.DecodeFromChars(token.Trim()));
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            throw Invalid("it is not base64url text");
        }

        try
        {
            using var document = StoredJson.Parse(json);
            if (StoredJson.FindLoneSurrogate(json) is not null) throw Invalid("its content is not readable");
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw Invalid("it does not hold a position of the check");
            if (!root.TryGetProperty("v", out var version) || !version.TryGetInt32(out var v) || v != FormatVersion || String(root, "k") != Kind)
            {
                throw Invalid("it is not an integrity check's continue link, or was made by another version of EventExplorer");
            }
            if (String(root, "t") != store.CommitTable || String(root, "l") != LayoutCode(store.Layout))
            {
                throw Invalid("it continues a check of another table or layout");
            }
            if (!Enum.TryParse<IntegrityPhase>(String(root, "p"), out var phase) || phase is IntegrityPhase.Done || !Enum.IsDefined(phase))
            {
                throw Invalid("its phase is damaged");
            }

            var commitIdType = SortKeys.CommitIdType(store.Layout);
            var commitSegments = new List<ScanSegmentState>();
            var runs = new List<AggregateRun?>();
            foreach (var segment in Array(root, "cs"))
            {
                commitSegments.Add(ReadSegment(segment, (Attr.AggregateId, "S"), (Attr.Version, "N")));
                runs.Add(segment.TryGetProperty("run", out var run) ? ReadRun(run) : null);
            }
            var snapshotSegments = Array(root, "ss").Select(s => ReadSegment(s, (store.SnapshotKeyAttribute, "S"))).ToList();
            if (commitSegments.Count is < 1 or > SegmentedScan.MaxSegments || snapshotSegments.Count != commitSegments.Count)
            {
                throw Invalid("its scan segments are damaged");
            }

            FeedRange[]? feedRanges = null;
            if (root.TryGetProperty("fr", out var rangesElement))
            {
                if (rangesElement.ValueKind != JsonValueKind.Array) throw Invalid("its feed position is damaged");
                feedRanges = rangesElement.EnumerateArray().Select(r => ReadRange(r, commitIdType)).ToArray();
                if (feedRanges.Length > SegmentedScan.MaxSegments) throw Invalid("its feed position is damaged");
            }
            if (phase == IntegrityPhase.Snapshots && feedRanges is not null && !feedRanges.All(r => r.Done)) throw Invalid("its feed position is damaged");

            if (!root.TryGetProperty("n", out var countsElement) || countsElement.ValueKind != JsonValueKind.Object) throw Invalid("its counts are damaged");
            var counts = new Dictionary<IntegrityKind, long>();
            foreach (var property in countsElement.EnumerateObject())
            {
                if (!Enum.TryParse<IntegrityKind>(property.Name, out var kind) || !Enum.IsDefined(kind) || int.TryParse(property.Name, out _)
                    || !property.Value.TryGetInt64(out var count) || count < 0 || !counts.TryAdd(kind, count))
                {
                    throw Invalid("its counts are damaged");
                }
            }

            return new IntegrityState
            {
                Phase = phase,
                CommitSegments = commitSegments.ToArray(),
                Runs = runs.ToArray(),
                FeedRanges = feedRanges,
                SnapshotSegments = snapshotSegments.ToArray(),
                Counts = counts,
                CommitsChecked = Total(root, "cc"),
                FeedEntriesChecked = Total(root, "fc"),
                SnapshotsChecked = Total(root, "sc"),
            };
        }
        catch (JsonException)
        {
            throw Invalid("its content is not readable");
        }
        catch (InvalidCursorException e) when (!e.Message.Contains(Name, StringComparison.Ordinal))
        {
            // From the key codec shared with the paging links, which speaks of those.
            throw Invalid("a position in it does not fit this store's tables");
        }
        catch (InvalidOperationException)
        {
            // A value of another JSON type than the one asked for.
            throw Invalid("it is damaged");
        }
    }

    private static void WriteSegment(Utf8JsonWriter writer, ScanSegmentState segment)
    {
        writer.WriteStartObject();
        if (segment.Done) writer.WriteBoolean("done", true);
        if (segment.Key is not null)
        {
            writer.WritePropertyName("key");
            PageCursor.WriteKey(writer, segment.Key);
        }
    }

    private static void WriteEntry(Utf8JsonWriter writer, string name, FeedEntry? entry)
    {
        if (entry is null) return;
        writer.WriteStartObject(name);
        writer.WriteString("c", entry.CommitId);
        if (entry.CommittedAt is { } at) writer.WriteNumber("at", at);
        writer.WriteString("a", entry.AggregateId);
        writer.WriteString("v", entry.Version);
        writer.WriteEndObject();
    }

    private static FeedRange ReadRange(JsonElement range, string commitIdType)
    {
        if (range.ValueKind != JsonValueKind.Object) throw Invalid("its feed position is damaged");
        AttributeValue? Bounds(string name)
        {
            if (!range.TryGetProperty(name, out var element)) return null;
            var bound = PageCursor.ReadKey(element);
            PageCursor.RequireKeyShape(bound, (Bound, commitIdType));
            return bound[Bound];
        }
        var (from, to) = (Bounds("from"), Bounds("to"));
        if ((from is null) != (to is null)) throw Invalid("its feed position is damaged");
        var done = range.TryGetProperty("done", out var doneElement) && doneElement.ValueKind == JsonValueKind.True;
        Dictionary<string, AttributeValue>? key = null;
        if (range.TryGetProperty("key", out var keyElement))
        {
            key = PageCursor.ReadKey(keyElement);
            PageCursor.RequireKeyShape(key, (Attr.Active, "S"), (Attr.CommitId, commitIdType), (Attr.AggregateId, "S"), (Attr.Version, "N"));
        }
        if (done && key is not null) throw Invalid("its feed position is damaged");
        return new FeedRange { From = from, To = to, Done = done, Key = key, First = ReadEntry(range, "first"), Last = ReadEntry(range, "last") };
    }

    private static FeedEntry? ReadEntry(JsonElement parent, string name)
    {
        if (!parent.TryGetProperty(name, out var entry)) return null;
        if (entry.ValueKind != JsonValueKind.Object) throw Invalid("its feed position is damaged");
        return new FeedEntry(String(entry, "c") ?? throw Invalid("its feed position is damaged"), OptionalLong(entry, "at"),
            String(entry, "a") ?? throw Invalid("its feed position is damaged"), String(entry, "v") ?? throw Invalid("its feed position is damaged"));
    }

    private static ScanSegmentState ReadSegment(JsonElement segment, params (string Name, string Type)[] keyShape)
    {
        if (segment.ValueKind != JsonValueKind.Object) throw Invalid("its scan segments are damaged");
        var done = segment.TryGetProperty("done", out var doneElement) && doneElement.ValueKind == JsonValueKind.True;
        var key = segment.TryGetProperty("key", out var keyElement) ? PageCursor.ReadKey(keyElement) : null;
        if (done && key is not null) throw Invalid("its scan segments are damaged");
        if (key is not null) PageCursor.RequireKeyShape(key, keyShape);
        return done ? ScanSegmentState.Finished : key is null ? ScanSegmentState.NotStarted : new ScanSegmentState(false, key);
    }

    private static AggregateRun ReadRun(JsonElement run)
    {
        if (run.ValueKind != JsonValueKind.Object || String(run, "a") is not { } id) throw Invalid("its scan segments are damaged");
        return new AggregateRun { AggregateId = id, LastVersion = OptionalLong(run, "v"), LastCommittedAt = OptionalLong(run, "at") };
    }

    private static JsonElement.ArrayEnumerator Array(JsonElement root, string name) =>
        root.TryGetProperty(name, out var array) && array.ValueKind == JsonValueKind.Array ? array.EnumerateArray() : throw Invalid("its scan segments are damaged");

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) ? value.ValueKind == JsonValueKind.String ? value.GetString() : throw Invalid("it is damaged") : null;

    private static long? OptionalLong(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) ? value.TryGetInt64(out var number) ? number : throw Invalid("it is damaged") : null;

    private static long Total(JsonElement root, string name) =>
        OptionalLong(root, name) is { } total and >= 0 ? total : throw Invalid("its totals are damaged");

    private static string LayoutCode(EventStoreLayout layout) => layout == EventStoreLayout.CounterCommitIds ? "A" : "B";

    private static InvalidCursorException Invalid(string detail) =>
        new(Name + ": " + detail + "; start the check again");

    private const string Name = "the integrity check's continue link";
}
