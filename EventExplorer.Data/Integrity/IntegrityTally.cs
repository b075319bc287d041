namespace EventExplorer.Data.Integrity;

/// <summary>
/// The counts of a check (carried over from the run it continues) and the places this run reports: every
/// place is counted, only the first <see cref="IntegrityRequest.PlacesPerKind"/> of each kind are kept, and
/// those wait in <see cref="TakeNewPlaces"/> until the next update.
/// </summary>
internal sealed class IntegrityTally
{
    private static readonly IntegrityKind[] Kinds = Enum.GetValues<IntegrityKind>();

    private readonly long[] _counts;
    private readonly int[] _reported = new int[Kinds.Length];
    private readonly int _placesPerKind;
    private List<IntegrityPlace> _new = [];

    public IntegrityTally(int placesPerKind, IReadOnlyDictionary<IntegrityKind, long>? carried = null)
    {
        _placesPerKind = placesPerKind;
        _counts = new long[Kinds.Length];
        foreach (var (kind, count) in carried ?? new Dictionary<IntegrityKind, long>()) _counts[(int)kind] = count;
    }

    public long CommitsChecked { get; set; }

    public long FeedEntriesChecked { get; set; }

    public long SnapshotsChecked { get; set; }

    public void Add(IntegrityPlace place)
    {
        var kind = (int)place.Kind;
        _counts[kind]++;
        if (_reported[kind] >= _placesPerKind) return;
        _reported[kind]++;
        _new.Add(place);
    }

    public void Add(IntegrityKind kind, IntegrityTable table, string? id, string? version, string? commitId, string detail) =>
        Add(new IntegrityPlace { Kind = kind, Table = table, Id = id, Version = version, CommitId = commitId, Detail = detail });

    /// <summary>Every kind with its count, zeros included.</summary>
    public IReadOnlyDictionary<IntegrityKind, long> Counts => Kinds.ToDictionary(k => k, k => _counts[(int)k]);

    /// <summary>The places found since the last call.</summary>
    public IReadOnlyList<IntegrityPlace> TakeNewPlaces()
    {
        var taken = _new;
        _new = [];
        return taken;
    }
}
