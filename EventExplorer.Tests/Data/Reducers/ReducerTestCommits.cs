using System.Text.Json;
using EventExplorer.Data.Model;
using EventExplorer.Data.Reducers;

namespace EventExplorer.Tests.Data.Reducers;

/// <summary>Commits built in memory for reducer tests (the fold over a real store is in State/StateFolderTests).</summary>
internal static class ReducerTestCommits
{
    public static Commit Commit(long version, string eventsJson, string aggregateId = "order-1")
    {
        var events = new List<CommitEvent>();
        using (var document = JsonDocument.Parse(eventsJson))
        {
            if (document.RootElement.ValueKind == JsonValueKind.Array)
            {
                var index = 0;
                foreach (var element in document.RootElement.EnumerateArray())
                {
                    var type = element.ValueKind == JsonValueKind.Object && element.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
                    events.Add(new CommitEvent { Index = index++, Type = type, Json = element.GetRawText() });
                }
            }
        }
        return new Commit
        {
            AggregateId = aggregateId,
            Version = version,
            CommitId = CommitId.FromNumber(version + 1),
            CommittedAt = DateTimeOffset.UnixEpoch.AddDays(version),
            EventsJson = eventsJson,
            Events = events,
        };
    }

    /// <summary>Folds the commits (versions 0, 1, ...) and returns the state as compact JSON text.</summary>
    public static string FoldToJson(Reducer reducer, params string[] commitsEvents)
    {
        using var fold = reducer.Begin(ReducerLimits.Default, CancellationToken.None);
        for (var v = 0; v < commitsEvents.Length; v++) fold.Apply(Commit(v, commitsEvents[v]));
        return fold.State?.ToJsonString() ?? "undefined";
    }
}
