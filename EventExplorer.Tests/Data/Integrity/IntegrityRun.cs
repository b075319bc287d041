using EventExplorer.Data.Integrity;
using EventExplorer.Data.Reducers;

namespace EventExplorer.Tests.Data.Integrity;

/// <summary>A whole run of the check, as the page consumes it: every update, the places of all of them, the last.</summary>
internal sealed record IntegrityRun(IReadOnlyList<IntegrityProgress> Updates, IReadOnlyList<IntegrityPlace> Places)
{
    public IntegrityProgress Last => Updates[^1];

    public static async Task<IntegrityRun> OfAsync(IntegrityCheck check, IntegrityRequest request, Func<string, Reducer>? reducerFor = null)
    {
        var updates = new List<IntegrityProgress>();
        await foreach (var update in check.RunAsync(request, reducerFor, CancellationToken.None)) updates.Add(update);
        return new IntegrityRun(updates, updates.SelectMany(u => u.NewPlaces).ToList());
    }

    /// <summary>The kinds found more than zero times, with their counts.</summary>
    public IReadOnlyDictionary<IntegrityKind, long> Found => Last.Counts.Where(c => c.Value > 0).ToDictionary();

    public IReadOnlyList<IntegrityPlace> Of(IntegrityKind kind) => Places.Where(p => p.Kind == kind).ToList();
}
