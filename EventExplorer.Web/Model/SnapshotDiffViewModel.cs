using EventExplorer.Data;
using EventExplorer.Data.Errors;
using EventExplorer.Data.Model;

namespace EventExplorer.Web.Model;

/// <summary>One side of a comparison: the id asked for and what the store said about it.</summary>
public sealed record SnapshotSide
{
    public required string? Id { get; init; }
    public Snapshot? Snapshot { get; init; }
    public bool NotFound { get; init; }
    public string? Error { get; init; }

    public static SnapshotSide Empty(string? id) => new() { Id = id };
}

/// <summary>
/// State of the snapshot comparison. The URL holds the pair of ids; with no right id the right side
/// is JSON the user pastes (kept only in this circuit: it can be large and is not worth a link).
/// </summary>
public sealed class SnapshotDiffViewModel(ISnapshotStore store) : IDisposable
{
    /// <summary>Both reads; a failure of one side is kept on that side, not here.</summary>
    public LatestLoad Load { get; } = new();

    public SnapshotSide Left { get; private set; } = SnapshotSide.Empty(null);
    public SnapshotSide Right { get; private set; } = SnapshotSide.Empty(null);

    /// <summary>The id boxes; the URL changes only on "Compare".</summary>
    public string LeftInput { get; set; } = "";
    public string RightInput { get; set; } = "";

    /// <summary>True when the right side is pasted JSON rather than a stored snapshot.</summary>
    public bool PasteMode => Right.Id is null;

    public string PastedJson { get; set; } = "";

    public string? LeftJson => Left.Snapshot?.StateJson;

    public string? RightJson => PasteMode
        ? (string.IsNullOrWhiteSpace(PastedJson) ? null : PastedJson)
        : Right.Snapshot?.StateJson;

    public bool CanCompare => LeftJson is not null && RightJson is not null;

    public string CompareUrl => ExplorerUrls.SnapshotDiff(Blank(LeftInput), Blank(RightInput));

    public string SwapUrl => ExplorerUrls.SnapshotDiff(Right.Id, Left.Id);

    public string PasteUrl => ExplorerUrls.SnapshotDiff(Left.Id);

    public async Task LoadAsync(string? leftId, string? rightId)
    {
        leftId = Blank(leftId);
        rightId = Blank(rightId);
        LeftInput = leftId ?? "";
        RightInput = rightId ?? "";
        Left = SnapshotSide.Empty(leftId);
        Right = SnapshotSide.Empty(rightId);
        SnapshotSide[] sides = [];
        if (await Load.RunAsync(async ct => sides = await Task.WhenAll(ReadAsync(leftId, ct), ReadAsync(rightId, ct))))
        {
            Left = sides[0];
            Right = sides[1];
        }
    }

    public void Dispose() => Load.Dispose();

    /// <summary>Starts the pasted side from the left document, pretty-printed, to edit from there.</summary>
    public void PasteFromLeft()
    {
        if (LeftJson is { } json) PastedJson = JsonText.TryPretty(json) ?? json;
    }

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

    // Ids are taken as typed (spaces included) except that an empty box means "none".
    private static string? Blank(string? id) => string.IsNullOrEmpty(id) ? null : id;
}
