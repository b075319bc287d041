using EventExplorer.Data.Model;
using static EventExplorer.Data.DynamoDb.CommitItemMapper;

namespace EventExplorer.Data.DynamoDb.Commits;

/// <summary>An aggregate's summary as it is read: commits, versions and times, gaps, events per type, size.</summary>
internal sealed class AggregateTally(string aggregateId)
{
    private readonly List<SequenceGap> _gaps = [];
    private readonly Dictionary<string, long> _types = new(StringComparer.Ordinal);
    private ReadCost _cost = ReadCost.None;
    private long _commits, _events, _size, _malformed, _missing;
    private long? _firstVersion, _lastVersion, _estimate;
    private DateTimeOffset? _firstAt, _lastAt;

    public void Estimated(long? estimate, int requests)
    {
        _estimate = estimate;
        _cost = _cost.Add(0, 0, null, requests);
    }

    public void Add(ItemBatch batch, EventStoreLayout layout)
    {
        _cost = _cost.Add(batch.Scanned, batch.Items.Count, batch.CapacityUnits);
        foreach (var item in batch.Items) Add(Map(item, layout));
    }

    private void Add(Commit commit)
    {
        _commits++;
        _size += commit.SizeBytes;
        if (commit.IsMalformed) _malformed++;
        if (commit.Version is { } version) AddVersion(version);
        if (commit.CommittedAt is { } at)
        {
            _firstAt ??= at;
            _lastAt = at;
        }
        foreach (var commitEvent in commit.Events)
        {
            _events++;
            var type = commitEvent.Type ?? "";
            if (_types.TryGetValue(type, out var count)) _types[type] = count + 1;
            else if (_types.Count < AggregateSummary.MaxEventTypes) _types[type] = 1;
            else _types["…"] = _types.GetValueOrDefault("…") + 1;
        }
    }

    private void AddVersion(long version)
    {
        var gap = _lastVersion is { } previous ? (previous < version - 1 ? new SequenceGap(previous, version) : null)
            : version > 0 ? new SequenceGap(-1, version) : null;
        if (gap is not null)
        {
            _missing += gap.MissingCount;
            if (_gaps.Count < AggregateSummary.MaxGapsListed) _gaps.Add(gap);
        }
        _firstVersion ??= version;
        _lastVersion = version;
    }

    public AggregateSummary Summary(ReadState state) => new()
    {
        AggregateId = aggregateId,
        Commits = _commits,
        FirstVersion = _firstVersion,
        LastVersion = _lastVersion,
        FirstCommittedAt = _firstAt,
        LastCommittedAt = _lastAt,
        Gaps = [.. _gaps],
        MissingVersions = _missing,
        EventTypes = new Dictionary<string, long>(_types, StringComparer.Ordinal),
        Events = _events,
        TotalSizeBytes = _size,
        MalformedCommits = _malformed,
        Cost = _cost,
        EstimatedItems = _estimate,
        State = state,
    };
}
