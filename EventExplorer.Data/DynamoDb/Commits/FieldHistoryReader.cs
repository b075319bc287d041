using System.Runtime.CompilerServices;
using System.Text.Json;
using Amazon.DynamoDBv2.Model;
using EventExplorer.Data.Errors;
using EventExplorer.Data.Json;
using EventExplorer.Data.Model;
using static EventExplorer.Data.DynamoDb.CommitItemMapper;

namespace EventExplorer.Data.DynamoDb.Commits;

/// <summary>
/// Every event of one aggregate that sets a field, with its old and new value, in replay order: read
/// response by response like <see cref="CommitSearch"/>, resumable from the next version.
/// </summary>
internal sealed class FieldHistoryReader(KeyRangeReader reader, CommitRangeResolver ranges, RangeEstimator estimator)
{
    public const int MaxChanges = 10_000;

    public async IAsyncEnumerable<FieldHistoryProgress> ReadFieldHistoryAsync(FieldHistoryRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        request.Budget.Validate();
        if (request.MaxChanges is < 1 or > MaxChanges) throw new InvalidQueryException($"The number of changes to stop at must be between 1 and 10,000 (got {request.MaxChanges:N0}).");
        if (request.PreviousValueJson is { } previousText && StoredJson.FindError(previousText) is { } error) throw new InvalidQueryException($"The previous value is not JSON: {error}");
        var range = await ranges.ResolveAsync(CommitRange.Aggregate(request.AggregateId, request.FromVersion), cancellationToken).ConfigureAwait(false);
        var (estimate, estimateRequests) = await estimator.EstimateAsync(range, cancellationToken).ConfigureAwait(false);
        var history = new HistoryState(request, estimate, range.Cost.Add(0, 0, null, estimateRequests));

        yield return history.Progress([], ReadState.Reading, null);
        var preFilter = PreFilter.For(null, null, request.Path);
        await foreach (var batch in reader.ReadBatchesAsync(() => range.Request(reader, preFilter), null, request.Budget, prefetch: true, null, ReadPriority.Long, cancellationToken).ConfigureAwait(false))
        {
            history.Cost = history.Cost.Add(batch.Scanned, batch.Items.Count, batch.CapacityUnits);
            var changes = new List<FieldChange>();
            Dictionary<string, AttributeValue>? stoppedAfter = null;
            foreach (var item in batch.Items)
            {
                history.AddChanges(item, range.Layout, changes);
                // A commit's rows are never split: the limit is checked between commits.
                if (history.ChangeCount >= request.MaxChanges)
                {
                    stoppedAfter = item;
                    break;
                }
            }
            var (state, resume) = WhereNext(batch, stoppedAfter, request, history);
            yield return history.Progress(changes, state, resume);
            if (state != ReadState.Reading) yield break;
        }
    }

    /// <summary>Whether the read goes on after a batch, and when it stops early, the request that continues it.</summary>
    private static (ReadState State, FieldHistoryRequest? Resume) WhereNext(
        ItemBatch batch, Dictionary<string, AttributeValue>? stoppedAfter, FieldHistoryRequest request, HistoryState history)
    {
        var endOfRange = batch.LastEvaluatedKey is null && (stoppedAfter is null || ReferenceEquals(stoppedAfter, batch.Items[^1]));
        if (endOfRange) return (ReadState.Completed, null);
        if (stoppedAfter is null && !batch.BudgetSpent) return (ReadState.Reading, null);
        var after = stoppedAfter ?? batch.LastEvaluatedKey!;
        // Versions are unique, so "from the next version" is exact (a stored 2.5 resumes from 3). After a
        // version past long (1E+125, another program's) no later one can be named: the read ends there.
        if (StoredNumber.NextWhole(after[Attr.Version].N) is not { } from) return (ReadState.Completed, null);
        return (stoppedAfter is not null ? ReadState.ResultLimitReached : ReadState.BudgetExhausted,
            request with { FromVersion = from, PreviousValueJson = history.Previous });
    }

    /// <summary>What one field history has read, found and spent so far.</summary>
    private sealed class HistoryState(FieldHistoryRequest request, long? estimate, ReadCost cost)
    {
        private readonly List<(string Path, JsonElement Value)> _places = [];

        public ReadCost Cost { get; set; } = cost;
        public int ChangeCount { get; private set; }
        public string? Previous { get; private set; } = request.PreviousValueJson;
        public MalformedTally Malformed { get; } = new();

        /// <summary>Adds a change for every place an event of the item sets the field.</summary>
        public void AddChanges(Dictionary<string, AttributeValue> item, EventStoreLayout layout, List<FieldChange> changes)
        {
            using var document = ItemEvents.Parse(item, layout, Malformed);
            if (document is null) return;
            CommitRef? commit = null;
            var index = 0;
            foreach (var element in document.RootElement.EnumerateArray())
            {
                _places.Clear();
                request.Path.Find(element, _places);
                foreach (var (path, value) in _places)
                {
                    commit ??= CommitRef.Of(Map(item, layout));
                    var json = StoredJson.WriteCompact(value);
                    changes.Add(new FieldChange
                    {
                        Commit = commit,
                        EventIndex = index,
                        EventType = ItemEvents.TypeOf(element),
                        Path = path,
                        OldValueJson = Previous,
                        NewValueJson = json,
                        Changed = Previous is null || !PayloadMatcher.JsonTextEquals(Previous, json),
                    });
                    Previous = json;
                    ChangeCount++;
                }
                index++;
            }
        }

        public FieldHistoryProgress Progress(List<FieldChange> changes, ReadState state, FieldHistoryRequest? resume) => new()
        {
            NewChanges = changes,
            NewMalformed = Malformed.TakeNew(),
            ChangeCount = ChangeCount,
            MalformedCount = Malformed.Count,
            Cost = Cost,
            EstimatedItems = estimate,
            State = state,
            Resume = resume,
        };
    }
}
