using EventExplorer.Data;
using EventExplorer.Data.Errors;
using EventExplorer.Data.Model;
using EventExplorer.Web.Model.Json;
using EventExplorer.Web.Model.Loading;

namespace EventExplorer.Web.Model.Snapshots;

/// <summary>One side of a comparison: the id asked for and what the store said about it.</summary>
public sealed record SnapshotSide
{
    public required string? Id { get; init; }
    public Snapshot? Snapshot { get; init; }
    public bool NotFound { get; init; }
    public string? Error { get; init; }

    public static SnapshotSide Empty(string? id) => new() { Id = id };
}

/// <summary>Both sides as read (handed from the prerendered page to the interactive one).</summary>
public sealed record SnapshotPair(SnapshotSide Left, SnapshotSide Right);

/// <summary>
/// State of the snapshot comparison. The URL holds the pair of ids and the open view; with no right
/// id the right side is JSON the user pastes.
/// </summary>
public sealed class SnapshotDiffViewModel(ISnapshotStore store) : IDisposable
{
    public LatestLoad Load { get; } = new();

    public SnapshotDiffState State { get; private set; } = new();
    public IReadOnlyList<string> LinkProblems { get; private set; } = [];

    public SnapshotSide Left { get; private set; } = SnapshotSide.Empty(null);
    public SnapshotSide Right { get; private set; } = SnapshotSide.Empty(null);

    /// <summary>The id boxes; the URL changes only on "Compare".</summary>
    public string LeftInput { get; set; } = "";
    public string RightInput { get; set; } = "";

    /// <summary>True when the right side is pasted JSON rather than a stored snapshot.</summary>
    public bool PasteMode => State.Right is null;

    public string PastedJson { get; set; } = "";

    public string? LeftJson => Left.Snapshot?.StateJson;

    public string? RightJson => PasteMode
        ? (string.IsNullOrWhiteSpace(PastedJson) ? null : PastedJson)
        : Right.Snapshot?.StateJson;

    public bool CanCompare => LeftJson is not null && RightJson is not null;

    /// <summary>Ids are taken as typed except for spaces around them (a copying accident; ids never match with them).</summary>
    public string CompareUrl => (State with { Left = Blank(LeftInput), Right = Blank(RightInput) }).ToUrl();

    public string SwapUrl => (State with { Left = State.Right, Right = State.Left }).ToUrl();

    public string PasteUrl => (State with { Right = null }).ToUrl();

    public string ViewUrl(DiffView view) => (State with { View = view }).ToUrl();

    public async Task LoadAsync(SnapshotDiffState state, IReadOnlyList<string> problems)
    {
        var sameSides = state.Left == State.Left && state.Right == State.Right && Load.Error is null && (Left.Id is not null || Right.Id is not null);
        State = state;
        LinkProblems = problems;
        if (sameSides) return;
        LeftInput = state.Left ?? "";
        RightInput = state.Right ?? "";
        Left = SnapshotSide.Empty(state.Left);
        Right = SnapshotSide.Empty(state.Right);
        SnapshotSide[] sides = [];
        if (await Load.RunAsync(async ct => sides = await Task.WhenAll(ReadAsync(state.Left, ct), ReadAsync(state.Right, ct))))
        {
            Left = sides[0];
            Right = sides[1];
        }
    }

    public void Restore(SnapshotDiffState state, IReadOnlyList<string> problems, Prerendered<SnapshotPair> handed)
    {
        State = state;
        LinkProblems = problems;
        LeftInput = State.Left ?? "";
        RightInput = State.Right ?? "";
        Left = handed.Data?.Left ?? SnapshotSide.Empty(State.Left);
        Right = handed.Data?.Right ?? SnapshotSide.Empty(State.Right);
        if (handed.Error is { } error) Load.Fail(error);
    }

    public Prerendered<SnapshotPair>? Handover() =>
        HandOver.IfSmall(State.ToUrl(), new SnapshotPair(Left, Right), Load.Error);

    public Task RetryAsync()
    {
        var (state, problems) = (State, LinkProblems);
        State = new SnapshotDiffState();
        return LoadAsync(state, problems);
    }

    /// <summary>Starts the pasted side from the left document, pretty-printed, to edit from there.</summary>
    public void PasteFromLeft()
    {
        if (LeftJson is { } json) PastedJson = JsonText.TryPretty(json) ?? json;
    }

    public void Dispose() => Load.Dispose();

    private async Task<SnapshotSide> ReadAsync(string? id, CancellationToken cancellationToken)
    {
        if (id is null) return SnapshotSide.Empty(null);
        try
        {
            var snapshot = await store.GetAsync(id, cancellationToken);
            return new SnapshotSide { Id = id, Snapshot = snapshot, NotFound = snapshot is null };
        }
        catch (EventStoreException error)
        {
            return new SnapshotSide { Id = id, Error = error.Message };
        }
    }

    private static string? Blank(string? id) => string.IsNullOrWhiteSpace(id) ? null : id.Trim();
}
