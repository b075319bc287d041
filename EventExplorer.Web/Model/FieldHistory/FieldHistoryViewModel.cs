using EventExplorer.Data;
using EventExplorer.Data.Model;
using EventExplorer.Web.Model.Loading;

namespace EventExplorer.Web.Model.FieldHistory;

/// <summary>
/// State of the field history page (/fields): every event of one aggregate that set a field, streamed
/// in replay order. Keeps the rows (at most <see cref="MaxChanges"/>), not what was read.
/// </summary>
public sealed class FieldHistoryViewModel(IEventStoreSearch search) : StreamedViewModel<FieldHistoryState>
{
    public const int MaxChanges = 2_000;

    private readonly List<FieldChange> _changes = [];

    /// <summary>What is wrong with the path (nothing was read); null when it parsed.</summary>
    public string? PathProblem { get; private set; }

    public FieldHistoryProgress? Progress { get; private set; }
    public IReadOnlyList<FieldChange> Changes => _changes;

    /// <summary>True when the URL names an aggregate and a path that parsed.</summary>
    public bool HasRequest => State.AggregateId is not null && State.Path is not null && PathProblem is null;

    protected override void Reset()
    {
        PathProblem = null;
        Progress = null;
        _changes.Clear();
        if (State.Path is { } path && !JsonPathPattern.TryParse(path, out _, out var problem)) PathProblem = $"'{path}' is not a path: {problem}.";
    }

    protected override async Task ReadAsync()
    {
        if (!HasRequest) return;
        JsonPathPattern.TryParse(State.Path, out var pattern, out _);
        var request = new FieldHistoryRequest
        {
            AggregateId = State.AggregateId!,
            Path = pattern!,
            FromVersion = State.FromVersion,
            PreviousValueJson = State.PreviousValueJson,
            Budget = Budget,
            MaxChanges = MaxChanges,
        };
        await StreamAsync(cancellationToken => search.ReadFieldHistoryAsync(request, cancellationToken), update =>
        {
            foreach (var change in update.NewChanges)
            {
                if (_changes.Count < MaxChanges) _changes.Add(change);
            }
            Progress = update;
        });
    }

    /// <summary>Where a stopped read continues; null when the history was read to its end.</summary>
    public string? ContinueUrl => !Load.IsLoading && Progress?.Resume is { } resume
        ? State.ContinueFrom(resume.FromVersion, resume.PreviousValueJson).ToUrl()
        : null;
}
